package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.SharedClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key token buckets counted in the database, so that every replica takes from the same bucket: a
 * key may burst up to its per-minute rate and refills continuously at rate/60 per second. Answers how
 * long to wait when a request is over the limit.
 *
 * <p>Each bucket is one row ({@code api_key_rate}) kept as a GCRA "theoretical arrival time" (TAT):
 * a request is allowed when {@code max(TAT, now) + period - now <= rate * period}, with period =
 * one minute / rate, and then moves TAT to {@code max(TAT, now) + period}; a refused request leaves
 * it. That is the token bucket exactly, read and written in one statement (an upsert on
 * PostgreSQL, a MERGE on H2, which has no ON CONFLICT ... DO UPDATE).
 *
 * <p>A refused key is also remembered here until its bucket refills, and further requests in that
 * time are refused without asking the database: a refusal takes nothing from the bucket and no
 * replica can make it refill earlier, so this changes no count, and a client that ignores
 * Retry-After costs no database work.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final long MINUTE_US = 60_000_000L;
  private static final long PRUNE_INTERVAL_NANOS = 600_000_000_000L;
  /** Rows whose bucket has been full again for this long are deleted (a missing row is a full bucket). */
  private static final long IDLE_US = 3_600_000_000L;

  private static final String TAKE_POSTGRESQL = "INSERT INTO api_key_rate AS r"
      + " (key_id, tat_us, last_allowed, last_seen_us) VALUES (?, " + SharedClock.NOW_US + " + ?, TRUE, "
      + SharedClock.NOW_US + ")"
      + " ON CONFLICT (key_id) DO UPDATE SET"
      // EXCLUDED.tat_us - EXCLUDED.last_seen_us is the period, EXCLUDED.last_seen_us is now.
      + " tat_us = CASE WHEN GREATEST(r.tat_us - EXCLUDED.last_seen_us, 0) + EXCLUDED.tat_us"
      + " - EXCLUDED.last_seen_us <= ? THEN GREATEST(r.tat_us - EXCLUDED.last_seen_us, 0) + EXCLUDED.tat_us"
      + " ELSE r.tat_us END,"
      + " last_allowed = GREATEST(r.tat_us - EXCLUDED.last_seen_us, 0) + EXCLUDED.tat_us - EXCLUDED.last_seen_us <= ?,"
      + " last_seen_us = EXCLUDED.last_seen_us"
      + " RETURNING tat_us, last_allowed, last_seen_us";
  private static final String TAKE_H2 = "SELECT tat_us, last_allowed, last_seen_us FROM FINAL TABLE ("
      + "MERGE INTO api_key_rate r USING (SELECT CAST(? AS VARCHAR(32)) AS key_id, " + SharedClock.NOW_US
      + " AS now_us, CAST(? AS BIGINT) AS period_us, CAST(? AS BIGINT) AS burst_us) s ON r.key_id = s.key_id"
      + " WHEN MATCHED THEN UPDATE SET"
      + " tat_us = CASE WHEN GREATEST(r.tat_us, s.now_us) + s.period_us - s.now_us <= s.burst_us"
      + " THEN GREATEST(r.tat_us, s.now_us) + s.period_us ELSE r.tat_us END,"
      + " last_allowed = GREATEST(r.tat_us, s.now_us) + s.period_us - s.now_us <= s.burst_us,"
      + " last_seen_us = s.now_us"
      + " WHEN NOT MATCHED THEN INSERT (key_id, tat_us, last_allowed, last_seen_us)"
      + " VALUES (s.key_id, s.now_us + s.period_us, TRUE, s.now_us))";
  private static final String PRUNE = "DELETE FROM api_key_rate WHERE tat_us < " + SharedClock.NOW_US + " - ?";

  private final Database db;
  private final SharedClock clock;
  /** Refused keys: until when (in {@link SharedClock#localMicros()}) their bucket stays empty. */
  private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();
  private final AtomicLong nextPruneNanos = new AtomicLong(System.nanoTime());

  public RateLimiter(Database db, SharedClock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** On the database's clock. */
  public RateLimiter(Database db) {
    this(db, SharedClock.database());
  }

  /**
   * Takes one request from the key's bucket: 0 when allowed, otherwise the whole seconds to wait
   * before the next request will be (at least 1).
   */
  public Future<Long> acquire(String keyId, int ratePerMinute) {
    if (ratePerMinute <= 0) {
      return Future.failedFuture(new IllegalArgumentException("rate must be positive"));
    }
    Long until = refusedUntil.get(keyId);
    if (until != null) {
      long leftUs = until - clock.localMicros();
      if (leftUs > 0) {
        return Future.succeededFuture(seconds(leftUs));
      }
      refusedUntil.remove(keyId, until);
    }
    pruneNowAndThen();
    long periodUs = MINUTE_US / ratePerMinute;
    long burstUs = periodUs * ratePerMinute;
    Long now = clock.nowParam();
    Future<Row> taken = db.kind() == Database.Kind.POSTGRESQL
        ? db.query(TAKE_POSTGRESQL, Tuple.of(keyId, now, periodUs, now, burstUs, burstUs))
            .map(rows -> rows.iterator().next())
        : takeOnH2(keyId, now, periodUs, burstUs);
    return taken.map(row -> {
      if (row.getBoolean(1)) {
        return 0L;
      }
      long waitUs = row.getLong(0) + periodUs - burstUs - row.getLong(2);
      refusedUntil.put(keyId, clock.localMicros() + waitUs);
      return seconds(waitUs);
    });
  }

  /*
   * Two first requests of a key at once both find no row, and the second insert fails on the primary
   * key (H2's MERGE does not wait like PostgreSQL's ON CONFLICT); the row exists then, so once more.
   */
  private Future<Row> takeOnH2(String keyId, Long now, long periodUs, long burstUs) {
    Tuple args = Tuple.of(keyId, now, periodUs, burstUs);
    return db.query(TAKE_H2, args).recover(e -> GridService.isUniqueViolation(e) ? db.query(TAKE_H2, args)
        : Future.failedFuture(e)).map(rows -> rows.iterator().next());
  }

  /** Deletes the rows of keys whose bucket has long been full; answers how many. */
  Future<Integer> prune() {
    return db.query(PRUNE, Tuple.of(clock.nowParam(), IDLE_US)).map(deleted -> deleted.rowCount());
  }

  private void pruneNowAndThen() {
    long next = nextPruneNanos.get();
    if (System.nanoTime() - next >= 0 && nextPruneNanos.compareAndSet(next, System.nanoTime() + PRUNE_INTERVAL_NANOS)) {
      prune().onFailure(e -> LOG.warn("Could not delete idle API-key rate rows: {}", e.toString()));
    }
  }

  private static long seconds(long micros) {
    return Math.max(1, (micros + 999_999) / 1_000_000);
  }
}
