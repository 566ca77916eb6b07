package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(now::get);

  @Test
  void allowsTheRatePerMinuteThenAsksToWait() {
    for (int i = 0; i < 6; i++) {
      assertThat(limiter.acquire("k", 6)).as("request %d", i).isZero();
    }
    // 6 a minute refill one every 10 s.
    assertThat(limiter.acquire("k", 6)).isEqualTo(10);
    now.addAndGet(4_000_000_000L);
    assertThat(limiter.acquire("k", 6)).isEqualTo(6);
    now.addAndGet(6_000_000_000L);
    assertThat(limiter.acquire("k", 6)).isZero();
    assertThat(limiter.acquire("k", 6)).isPositive();
  }

  @Test
  void keysHaveTheirOwnBucketsAndRefillNoHigherThanTheRate() {
    for (int i = 0; i < 2; i++) {
      assertThat(limiter.acquire("a", 2)).isZero();
    }
    assertThat(limiter.acquire("a", 2)).isPositive();
    assertThat(limiter.acquire("b", 2)).isZero();
    now.addAndGet(3_600_000_000_000L);
    assertThat(limiter.acquire("a", 2)).isZero();
    assertThat(limiter.acquire("a", 2)).isZero();
    assertThat(limiter.acquire("a", 2)).isPositive();
  }

  @Test
  void rejectsANonPositiveRate() {
    assertThatThrownBy(() -> limiter.acquire("k", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
