package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  @Test
  void levelsSetTheHoursAndUrgentCategoriesAndWartimeHalveThem() {
    assertThat(Deadlines.allowed(EventCategory.DISPUTES, EventLevel.SIMPLE, DistrictMode.PEACETIME))
        .isEqualTo(Duration.ofHours(48));
    assertThat(Deadlines.allowed(EventCategory.DISPUTES, EventLevel.GENERAL, DistrictMode.PEACETIME))
        .isEqualTo(Duration.ofHours(120));
    assertThat(Deadlines.allowed(EventCategory.SANITATION, EventLevel.PROMINENT, DistrictMode.PEACETIME))
        .isEqualTo(Duration.ofHours(240));
    assertThat(Deadlines.allowed(EventCategory.ASSISTANCE, EventLevel.MAJOR, DistrictMode.PEACETIME))
        .isEqualTo(Duration.ofHours(480));
    assertThat(Deadlines.allowed(EventCategory.FIRE_HAZARD, EventLevel.MAJOR, DistrictMode.PEACETIME))
        .isEqualTo(Duration.ofHours(240));
    assertThat(Deadlines.allowed(EventCategory.FIRE_HAZARD, EventLevel.MAJOR, DistrictMode.WARTIME))
        .isEqualTo(Duration.ofHours(120));
    assertThat(Deadlines.allowed(EventCategory.DISPUTES, EventLevel.SIMPLE, DistrictMode.WARTIME))
        .isEqualTo(Duration.ofHours(24));
    for (EventCategory c : EventCategory.values()) {
      for (EventLevel l : EventLevel.values()) {
        assertThat(Deadlines.allowed(c, l, DistrictMode.WARTIME))
            .isLessThan(Deadlines.allowed(c, l, DistrictMode.PEACETIME));
      }
    }
  }

  @Test
  void overdueMeansOpenPastTheDeadline() {
    OffsetDateTime deadline = OffsetDateTime.parse("2026-08-03T09:00:00+08:00");
    assertThat(Deadlines.overdue(deadline, null, deadline.minusSeconds(1))).isFalse();
    assertThat(Deadlines.overdue(deadline, null, deadline)).isFalse();
    assertThat(Deadlines.overdue(deadline, null, deadline.plusSeconds(1))).isTrue();
    assertThat(Deadlines.overdue(deadline, deadline.plusDays(3), deadline.plusDays(5))).isFalse();
    assertThat(Deadlines.closedOnTime(deadline, deadline)).isTrue();
    assertThat(Deadlines.closedOnTime(deadline, deadline.plusSeconds(1))).isFalse();
    assertThat(Deadlines.closedOnTime(deadline, null)).isFalse();
  }
}
