package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.config.ServerConfig;

/**
 * One HTTP server instance. The server deploys one per event loop ({@code --http-instances}); Vert.x
 * shares the listening port between them and spreads connections over their event loops. All
 * instances serve the same router, built once, so caches and limits are not duplicated.
 * {@code start()} returns the listen future, so deployment fails if the port does not bind.
 */
public final class HttpServerVerticle extends VerticleBase {

  private final ServerConfig config;
  private final Handler<HttpServerRequest> router;
  private HttpServer server;

  public HttpServerVerticle(ServerConfig config, Handler<HttpServerRequest> router) {
    this.config = config;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    // Port 0 binds a new random port per server; a negative port is one random port shared by all
    // servers that ask for the same negative number in this Vert.x instance.
    int port = config.port() == 0 && config.httpInstances() > 1 ? -1 : config.port();
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
        .setDecompressionSupported(true).setHost(config.host()).setPort(port));
    return server.requestHandler(router).listen();
  }

  /** Graceful: stop accepting, let requests in flight finish (up to the timeout). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
