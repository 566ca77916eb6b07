package org.gridscape.server.ogc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets: a key may burst up to its per-minute rate and refills continuously at
 * rate/60 per second. Answers how long to wait when a request is over the limit.
 */
public final class RateLimiter {

  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter() {
    this(System::nanoTime);
  }

  /** With an explicit nanosecond clock, so tests can move time without waiting. */
  public RateLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Takes one request from the key's bucket: 0 when allowed, otherwise the whole seconds to wait
   * before the next request will be (at least 1).
   */
  public long acquire(String key, int ratePerMinute) {
    if (ratePerMinute <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(ratePerMinute, clock.getAsLong()));
    return bucket.take(ratePerMinute, clock.getAsLong());
  }

  private static final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.updatedAt = now;
    }

    synchronized long take(int ratePerMinute, long now) {
      double perNano = ratePerMinute / (double) MINUTE_NANOS;
      tokens = Math.min(ratePerMinute, tokens + (now - updatedAt) * perNano);
      updatedAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - tokens) / perNano;
      return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
  }
}
