package org.gridscape.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a database future from a worker thread, for code that is blocking by contract (the
 * scene builder's output, object stores). Never from an event loop: the future would complete on
 * the very thread that waits for it.
 */
public final class Blocking {

  private Blocking() {}

  /** The future's result; its failure rethrown (unchecked); fails after {@code timeoutSeconds}. */
  public static <T> T await(Future<T> future, long timeoutSeconds) {
    requireWorker();
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer within " + timeoutSeconds + " s", e);
    }
  }

  /** Throws when called on an event loop. */
  public static void requireWorker() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a blocking call on an event loop");
    }
  }
}
