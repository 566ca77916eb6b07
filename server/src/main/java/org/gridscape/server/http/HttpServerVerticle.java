package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.ServerContext;

/** The HTTP server. {@code start()} returns the listen future, so deployment fails if the port does not bind. */
public final class HttpServerVerticle extends VerticleBase {

  private final ServerContext context;
  private HttpServer server;

  public HttpServerVerticle(ServerContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
        .setDecompressionSupported(true).setHost(context.config().host()).setPort(context.config().port()));
    return server.requestHandler(Routes.create(context)).listen();
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
