package org.gridscape.server.event;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * How long an event may take from report to closure. By level: simple 48 h, general 120 h,
 * prominent 240 h, major 480 h (the sample district's figures). Urgent categories (public
 * security, fire, housing and production safety, epidemic) get half that, and in wartime every
 * deadline is halved again, since the emergency matrix works around the clock.
 */
public final class Deadlines {

  private static final int[] LEVEL_HOURS = {48, 120, 240, 480};

  private Deadlines() {}

  /** The time allowed for an event of this category and level reported in this mode. */
  public static Duration allowed(EventCategory category, EventLevel level, DistrictMode mode) {
    long minutes = LEVEL_HOURS[level.ordinal()] * 60L;
    if (category.urgent()) {
      minutes /= 2;
    }
    if (mode == DistrictMode.WARTIME) {
      minutes /= 2;
    }
    return Duration.ofMinutes(minutes);
  }

  public static OffsetDateTime deadline(OffsetDateTime reportedAt, EventCategory category, EventLevel level,
      DistrictMode mode) {
    return reportedAt.plus(allowed(category, level, mode));
  }

  /** Open at {@code now} and past its deadline. Closed events are never overdue (they may be late). */
  public static boolean overdue(OffsetDateTime deadline, OffsetDateTime closedAt, OffsetDateTime now) {
    return closedAt == null && deadline.isBefore(now);
  }

  /** Closed no later than its deadline. */
  public static boolean closedOnTime(OffsetDateTime deadline, OffsetDateTime closedAt) {
    return closedAt != null && !closedAt.isAfter(deadline);
  }
}
