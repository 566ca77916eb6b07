package org.gridscape.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins for one user name, or from
 * one client address, within {@code window}, further attempts for that name or from that address are
 * refused until the oldest failure leaves the window. A success clears the name and the address.
 * In memory and per server instance; at most {@code maxKeys} names and addresses are remembered
 * (least recently used forgotten first), so a flood of made-up names cannot exhaust memory.
 */
public final class SignInThrottle {

  public static final int DEFAULT_MAX_FAILURES = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_KEYS = 10_000;

  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures;

  public SignInThrottle(int maxFailures, Duration window, int maxKeys, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || maxKeys < 2) {
      throw new IllegalArgumentException("maxFailures >= 1, a positive window and maxKeys >= 2 are required");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.failures = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
        return size() > maxKeys;
      }
    };
  }

  public SignInThrottle() {
    this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_KEYS, Clock.systemUTC());
  }

  /** Seconds to wait before another attempt for this name from this address, or empty when allowed. */
  public synchronized OptionalLong retryAfterSeconds(String username, String address) {
    long now = clock.millis();
    long wait = Math.max(waitMillis(userKey(username), now), waitMillis(addressKey(address), now));
    return wait <= 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(1, (wait + 999) / 1000));
  }

  public synchronized void failed(String username, String address) {
    long now = clock.millis();
    for (String key : new String[] {userKey(username), addressKey(address)}) {
      if (key == null) {
        continue;
      }
      Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>(maxFailures));
      prune(times, now);
      times.addLast(now);
      while (times.size() > maxFailures) {
        times.removeFirst();
      }
    }
  }

  public synchronized void succeeded(String username, String address) {
    failures.remove(userKey(username));
    failures.remove(addressKey(address));
  }

  /** How many names and addresses are remembered (for tests of the bound). */
  public synchronized int size() {
    return failures.size();
  }

  private long waitMillis(String key, long now) {
    Deque<Long> times = key == null ? null : failures.get(key);
    if (times == null) {
      return 0;
    }
    prune(times, now);
    if (times.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    return times.size() < maxFailures ? 0 : times.peekFirst() + windowMillis - now;
  }

  private void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() + windowMillis <= now) {
      times.removeFirst();
    }
  }

  private static String userKey(String username) {
    return username == null || username.isBlank() ? null : "user:" + username.trim().toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return address == null || address.isBlank() ? null : "addr:" + address;
  }
}
