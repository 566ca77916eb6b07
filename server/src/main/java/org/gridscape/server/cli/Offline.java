package org.gridscape.server.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;

/**
 * The services without the HTTP server, for command-line work on the configured database. The
 * embedded H2 database admits one process: stop a running server first (or use the HTTP API).
 */
final class Offline implements AutoCloseable {

  /** Who command-line changes are recorded as. */
  static final Principal CLI = new Principal("cli", EnumSet.of(Role.ADMIN), List.of());

  private final Vertx vertx;
  private final Database db;
  private final GridService grids;

  private Offline(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
    this.grids = new GridService(vertx, db);
  }

  static Offline open(ServerConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      return new Offline(vertx, await(Database.open(vertx, config), 120));
    } catch (RuntimeException e) {
      vertx.close();
      throw new IllegalStateException("cannot open the database (" + rootMessage(e)
          + "); if the server is running on the embedded database, stop it first or use the HTTP API", e);
    }
  }

  Vertx vertx() {
    return vertx;
  }

  Database db() {
    return db;
  }

  GridService grids() {
    return grids;
  }

  static <T> T await(Future<T> future, int seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Override
  public void close() {
    try {
      await(db.close(), 30);
    } finally {
      vertx.close();
    }
  }
}
