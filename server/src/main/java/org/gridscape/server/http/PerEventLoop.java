package org.gridscape.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * A handler with unsynchronised state, made safe behind a router that several event loops share:
 * each thread gets its own delegate. Vert.x's {@code StaticHandler} keeps its file-properties cache
 * in a plain {@code LinkedHashMap}, for example.
 */
public final class PerEventLoop implements Handler<RoutingContext> {

  private final ThreadLocal<Handler<RoutingContext>> delegates;

  private PerEventLoop(Supplier<? extends Handler<RoutingContext>> factory) {
    this.delegates = ThreadLocal.withInitial(factory);
  }

  public static Handler<RoutingContext> of(Supplier<? extends Handler<RoutingContext>> factory) {
    return new PerEventLoop(factory);
  }

  @Override
  public void handle(RoutingContext ctx) {
    delegates.get().handle(ctx);
  }
}
