package org.gridscape.server.change;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * An asynchronous pass (read the log, deliver webhooks) run at most once at a time: a request while
 * a pass runs makes one more pass after it, however many requests came, and so does a pass that
 * answers true (more may be waiting). Requests must come on one Vert.x context.
 */
final class OnePass {

  private final Supplier<Future<Boolean>> pass;
  private boolean running;
  private boolean again;

  OnePass(Supplier<Future<Boolean>> pass) {
    this.pass = pass;
  }

  void request() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pass.get().onComplete(done -> {
      running = false;
      if (again || done.succeeded() && Boolean.TRUE.equals(done.result())) {
        request();
      }
    });
  }
}
