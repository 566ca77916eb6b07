package org.gridscape.server.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.SharedClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins for one user name, or from
 * one client address, within {@code window} of the first of them, further attempts for that name or
 * from that address are refused until that window is over. A success clears the name and the address.
 *
 * <p>The counts are rows in the database ({@code sign_in_throttle}), so every replica over one
 * database counts the same attempts. Per name and per address there is one row: the failures of
 * its current series, which begins with the first failure after the previous series has ended and
 * lasts one window. A statement counts an attempt as failed before its password is checked and
 * returns the new counts; a success removes them again. The row lock of that one statement
 * serialises attempts, so parallel guesses (which would all pass a check made before the slow
 * password hash) cannot get past the limit, on any replica. Rows of ended series are deleted at most
 * once a minute per replica, so a flood of made-up names leaves at most one row per name and
 * address tried within one window.
 */
public final class SignInThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);
  private static final long PRUNE_INTERVAL_NANOS = 60_000_000_000L;

  /** The limit: {@code maxFailures} failures per name or address within {@code window} of the first. */
  public record Settings(int maxFailures, Duration window) {
    public Settings {
      if (maxFailures < 1 || window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("maxFailures >= 1 and a positive window are required");
      }
    }

    public static Settings defaults() {
      return new Settings(5, Duration.ofMinutes(15));
    }
  }

  /*
   * Counts one failure for the name and one for the address (when there is one): a series whose
   * window is over starts again at 1. Bound: now, now, name key, address key, window, window.
   */
  private static final String COUNT_POSTGRESQL = "INSERT INTO sign_in_throttle AS t"
      + " (throttle_key, failures, series_start_us, last_attempt_us)"
      + " SELECT v.throttle_key, 1, " + SharedClock.NOW_US + ", " + SharedClock.NOW_US
      + " FROM (VALUES (CAST(? AS VARCHAR(64))), (CAST(? AS VARCHAR(64)))) AS v(throttle_key)"
      + " WHERE v.throttle_key IS NOT NULL"
      + " ON CONFLICT (throttle_key) DO UPDATE SET"
      + " failures = CASE WHEN t.series_start_us <= EXCLUDED.last_attempt_us - ? THEN 1 ELSE t.failures + 1 END,"
      + " series_start_us = CASE WHEN t.series_start_us <= EXCLUDED.last_attempt_us - ?"
      + " THEN EXCLUDED.last_attempt_us ELSE t.series_start_us END,"
      + " last_attempt_us = EXCLUDED.last_attempt_us"
      + " RETURNING failures, series_start_us, last_attempt_us";
  /** The same on H2, which has MERGE but no ON CONFLICT ... DO UPDATE. Bound: now, keys, window, window. */
  private static final String COUNT_H2 = "SELECT failures, series_start_us, last_attempt_us FROM FINAL TABLE ("
      + "MERGE INTO sign_in_throttle t USING (SELECT v.throttle_key, " + SharedClock.NOW_US + " AS now_us"
      + " FROM (VALUES (CAST(? AS VARCHAR(64))), (CAST(? AS VARCHAR(64)))) AS v(throttle_key)"
      + " WHERE v.throttle_key IS NOT NULL) s ON t.throttle_key = s.throttle_key"
      + " WHEN MATCHED THEN UPDATE SET"
      + " failures = CASE WHEN t.series_start_us <= s.now_us - ? THEN 1 ELSE t.failures + 1 END,"
      + " series_start_us = CASE WHEN t.series_start_us <= s.now_us - ? THEN s.now_us ELSE t.series_start_us END,"
      + " last_attempt_us = s.now_us"
      + " WHEN NOT MATCHED THEN INSERT (throttle_key, failures, series_start_us, last_attempt_us)"
      + " VALUES (s.throttle_key, 1, s.now_us, s.now_us))";
  /** A refused attempt is no failure: its count is taken back. */
  private static final String UNCOUNT =
      "UPDATE sign_in_throttle SET failures = failures - 1 WHERE throttle_key IN (?, ?) AND failures > 0";
  private static final String CLEAR = "DELETE FROM sign_in_throttle WHERE throttle_key IN (?, ?)";
  private static final String PRUNE =
      "DELETE FROM sign_in_throttle WHERE series_start_us <= " + SharedClock.NOW_US + " - ?";

  private final Database db;
  private final Settings settings;
  private final long windowUs;
  private final SharedClock clock;
  private final AtomicLong nextPruneNanos = new AtomicLong(System.nanoTime());

  public SignInThrottle(Database db, Settings settings, SharedClock clock) {
    this.db = db;
    this.settings = settings;
    this.windowUs = settings.window().toNanos() / 1000;
    this.clock = clock;
  }

  /** The default limit (5 failures in 15 minutes) on the database's clock. */
  public static SignInThrottle create(Database db) {
    return new SignInThrottle(db, Settings.defaults(), SharedClock.database());
  }

  /**
   * Counts an attempt for this name from this address as failed until {@link #succeeded} says
   * otherwise. Empty when the attempt may go on; otherwise the whole seconds (at least 1) before
   * another attempt may be made, and nothing is counted.
   */
  public Future<OptionalLong> begin(String username, String address) {
    pruneNowAndThen();
    String user = userKey(username);
    String addr = addressKey(address);
    return count(user, addr).compose(rows -> {
      long waitUs = -1;
      for (Row row : rows) {
        if (row.getInteger(0) > settings.maxFailures()) {
          waitUs = Math.max(waitUs, row.getLong(1) + windowUs - row.getLong(2));
        }
      }
      if (waitUs < 0) {
        return Future.succeededFuture(OptionalLong.empty());
      }
      long seconds = Math.max(1, (waitUs + 999_999) / 1_000_000);
      return db.query(UNCOUNT, Tuple.of(user, addr)).map(OptionalLong.of(seconds));
    });
  }

  /** A correct password: forgets the failures of the name and of the address. */
  public Future<Void> succeeded(String username, String address) {
    return db.query(CLEAR, Tuple.of(userKey(username), addressKey(address))).mapEmpty();
  }

  /** Deletes the rows of series that have ended; answers how many. */
  Future<Integer> prune() {
    return db.query(PRUNE, Tuple.of(clock.nowParam(), windowUs)).map(deleted -> deleted.rowCount());
  }

  private Future<RowSet<Row>> count(String user, String addr) {
    Long now = clock.nowParam();
    if (db.kind() == Database.Kind.POSTGRESQL) {
      return db.query(COUNT_POSTGRESQL, Tuple.of(now, now, user, addr, windowUs, windowUs));
    }
    // Two first attempts for a key at once: H2's MERGE lets the second insert fail on the primary
    // key instead of waiting; the row exists then, so once more.
    Tuple args = Tuple.of(now, user, addr, windowUs, windowUs);
    return db.query(COUNT_H2, args).recover(e -> GridService.isUniqueViolation(e)
        ? db.query(COUNT_H2, args) : Future.failedFuture(e));
  }

  private void pruneNowAndThen() {
    long next = nextPruneNanos.get();
    if (System.nanoTime() - next >= 0 && nextPruneNanos.compareAndSet(next, System.nanoTime() + PRUNE_INTERVAL_NANOS)) {
      prune().onFailure(e -> LOG.warn("Could not delete old sign-in failures: {}", e.toString()));
    }
  }

  /** Names are compared without case; keys are hashed so that no name or address is stored. */
  static String userKey(String username) {
    return username == null || username.isBlank() ? null
        : AuthService.sha256("user:" + username.trim().toLowerCase(Locale.ROOT));
  }

  static String addressKey(String address) {
    return address == null || address.isBlank() ? null : AuthService.sha256("addr:" + address);
  }
}
