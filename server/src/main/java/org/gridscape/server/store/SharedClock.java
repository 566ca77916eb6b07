package org.gridscape.server.store;

import java.time.Clock;
import java.time.Instant;

/**
 * "Now" for counts that every replica shares (sign-in throttles, API-key rates). In production it is
 * the database's clock, read inside each statement: replicas whose own clocks drift apart still
 * count in the same windows, and it costs no extra round trip. Tests fix the time with a
 * {@link Clock} instead. Times are microseconds since the epoch.
 */
public final class SharedClock {

  /**
   * SQL for now, the same text on H2 and PostgreSQL: the bound value when a test clock gives one,
   * otherwise the database's time. Bind {@link #nowParam()} to each occurrence.
   */
  public static final String NOW_US =
      "COALESCE(CAST(? AS BIGINT), CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT))";

  private static final SharedClock DATABASE = new SharedClock(null);

  /** The test clock, or null for the database's clock. */
  private final Clock fixed;

  private SharedClock(Clock fixed) {
    this.fixed = fixed;
  }

  /** The database's clock (production). */
  public static SharedClock database() {
    return DATABASE;
  }

  /** A clock the caller controls (tests). */
  public static SharedClock of(Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    return new SharedClock(clock);
  }

  /** The value for each {@link #NOW_US} placeholder: null lets the database answer. */
  public Long nowParam() {
    return fixed == null ? null : micros(fixed.instant());
  }

  /**
   * A local reading in microseconds for short deadlines derived from a database answer ("refused
   * for another n seconds"): monotonic in production, the test clock in tests.
   */
  public long localMicros() {
    return fixed == null ? System.nanoTime() / 1000 : micros(fixed.instant());
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
