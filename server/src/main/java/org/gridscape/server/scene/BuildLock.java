package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import org.gridscape.server.store.Database;

/**
 * One scene builder among the replicas on a database: a PostgreSQL session advisory lock, held on a
 * connection of its own for the length of a build. When the builder dies its connection closes and
 * PostgreSQL releases the lock, so another replica takes the build over on its next poll. The key is
 * the schema's, so districts sharing a server in separate schemas do not wait for each other. The
 * embedded database serves one process, whose builds already run one at a time: no lock there.
 */
final class BuildLock {

  /** A lock held until {@link #release()}. */
  interface Held {
    Future<Void> release();
  }

  private static final String KEY = "hashtext('gridscape.scenes.' || current_schema())";
  private static final Held NOTHING_HELD = Future::succeededFuture;
  private static final long WAIT_POLL_MILLIS = 250;

  private final Vertx vertx;
  private final Database db;

  BuildLock(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** The lock if it is free now, else null. */
  Future<Held> tryAcquire() {
    if (db.kind() != Database.Kind.POSTGRESQL) {
      return Future.succeededFuture(NOTHING_HELD);
    }
    return db.pool().getConnection().compose(connection -> connection
        .query("SELECT pg_try_advisory_lock(" + KEY + ")").execute()
        .transform(tried -> {
          if (tried.succeeded() && Boolean.TRUE.equals(tried.result().iterator().next().getBoolean(0))) {
            return Future.succeededFuture(held(connection));
          }
          return connection.close().transform(closed -> tried.failed()
              ? Future.failedFuture(tried.cause()) : Future.succeededFuture(null));
        }));
  }

  /** The lock, once the replica building now (if any) has finished. */
  Future<Held> acquire() {
    Promise<Held> done = Promise.promise();
    attempt(done);
    return done.future();
  }

  private void attempt(Promise<Held> done) {
    tryAcquire().onComplete(tried -> {
      if (tried.failed()) {
        done.fail(tried.cause());
      } else if (tried.result() != null) {
        done.complete(tried.result());
      } else {
        vertx.setTimer(WAIT_POLL_MILLIS, id -> attempt(done));
      }
    });
  }

  private static Held held(SqlConnection connection) {
    return () -> connection.query("SELECT pg_advisory_unlock(" + KEY + ")").execute()
        .transform(unlocked -> connection.close());
  }
}
