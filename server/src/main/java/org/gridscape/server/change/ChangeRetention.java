package org.gridscape.server.change;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes change-log entries older than the retention, at start and then every hour, so the log
 * does not grow forever. Every replica prunes; the deletes are idempotent. Readers whose cursor
 * falls before the oldest entry kept get {@link CursorExpiredException} (410).
 */
public final class ChangeRetention {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeRetention.class);
  private static final long PERIOD_MS = Duration.ofHours(1).toMillis();

  private final Vertx vertx;
  private final Database db;
  private final Duration retention;
  private long timer = -1;

  private ChangeRetention(Vertx vertx, Database db, Duration retention) {
    this.vertx = vertx;
    this.db = db;
    this.retention = retention;
  }

  public static ChangeRetention start(Vertx vertx, Database db, Duration retention) {
    ChangeRetention pruner = new ChangeRetention(vertx, db, retention);
    pruner.timer = vertx.setPeriodic(1_000, PERIOD_MS, id -> pruner.pruneNow());
    return pruner;
  }

  /** Deletes the entries older than the retention; the number deleted. */
  public Future<Integer> pruneNow() {
    return prune(db, OffsetDateTime.now(ZoneOffset.UTC).minus(retention))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("Change log: {} entries older than {} pruned", n, retention);
          }
        })
        .onFailure(e -> LOG.warn("Pruning the change log failed: {}", e.toString()));
  }

  /** Deletes the entries written before {@code cutoff}. */
  public static Future<Integer> prune(Sql sql, OffsetDateTime cutoff) {
    return sql.query("DELETE FROM change_log WHERE changed_at < ?", Tuple.of(cutoff)).map(rows -> rows.rowCount());
  }

  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
