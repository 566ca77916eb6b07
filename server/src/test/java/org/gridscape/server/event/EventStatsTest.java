package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStatsTest {

  static final String V1 = "350521104201";
  static final String V2 = "350521104202";
  static final String V3 = "350521105201";

  @Test
  void ratesArePercentagesWithOneDecimalHalfUp() {
    EventStats.Counts published = new EventStats.Counts(6052, 5419, 5000, 10, 20, 5);
    assertThat(published.closureRate()).isEqualTo(89.5);
    assertThat(published.onTimeClosureRate()).isEqualTo(92.3); // 5000 / 5419 = 92.27
    assertThat(published.inProgress()).isEqualTo(633);
    assertThat(new EventStats.Counts(8, 1, 1, 0, 0, 0).closureRate()).isEqualTo(12.5);
    assertThat(new EventStats.Counts(3, 2, 1, 0, 0, 0).closureRate()).isEqualTo(66.7);
    assertThat(new EventStats.Counts(3, 2, 1, 0, 0, 0).onTimeClosureRate()).isEqualTo(50.0);
    assertThat(EventStats.Counts.ZERO.closureRate()).isNull();
    assertThat(new EventStats.Counts(4, 0, 0, 0, 0, 0).onTimeClosureRate()).isNull();
  }

  @Test
  void countsThatCannotHappenAreRejected() {
    assertThatThrownBy(() -> new EventStats.Counts(5, 6, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventStats.Counts(5, 3, 4, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventStats.Counts(5, 3, 3, 0, 3, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusesPartitionTheEvents() {
    EventStats.Counts c = new EventStats.Counts(100, 60, 50, 15, 12, 4);
    Map<String, Object> status = c.byStatus();
    assertThat(status).containsEntry("closed", 60L).containsEntry("overdue", 12L).containsEntry("supervised", 11L)
        .containsEntry("open", 17L);
    assertThat(status.values().stream().mapToLong(v -> (Long) v).sum()).isEqualTo(100);
  }

  @Test
  void summarizeAddsUpScopeCategoriesRegionsAndMonths() {
    List<EventStats.Cell> cells = List.of(
        new EventStats.Cell(V1, EventCategory.DISPUTES, "2026-07", new EventStats.Counts(10, 8, 6, 1, 1, 0)),
        new EventStats.Cell(V1, EventCategory.FIRE_HAZARD, "2026-08", new EventStats.Counts(5, 5, 5, 0, 0, 0)),
        new EventStats.Cell(V2, EventCategory.DISPUTES, "2026-08", new EventStats.Counts(4, 2, 1, 2, 1, 1)),
        new EventStats.Cell(V3, EventCategory.SANITATION, "2026-07", new EventStats.Counts(100, 0, 0, 0, 0, 0)));
    Map<String, Object> out = EventStats.summarize(cells, v -> v.startsWith("350521104"), v -> v, v -> v.substring(0, 9) + "000",
        Map.of(V1, "一村", V2, "二村"));
    assertThat(out).containsEntry("received", 19L).containsEntry("closed", 15L).containsEntry("closedOnTime", 12L)
        .containsEntry("closureRate", 78.9).containsEntry("onTimeClosureRate", 80.0).containsEntry("inProgress", 4L)
        .containsEntry("supervised", 3L).containsEntry("overdue", 2L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> categories = (List<Map<String, Object>>) out.get("byCategory");
    assertThat(categories).hasSize(EventCategory.values().length);
    assertThat(categories.get(0)).containsEntry("key", "disputes").containsEntry("received", 14L)
        .containsEntry("closed", 10L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> regions = (List<Map<String, Object>>) out.get("byRegion");
    assertThat(regions).extracting(r -> r.get("code")).containsExactly(V1, V2);
    assertThat(regions.get(0)).containsEntry("name", "一村").containsEntry("received", 15L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> months = (List<Map<String, Object>>) out.get("byMonth");
    assertThat(months).extracting(m -> m.get("month")).containsExactly("2026-07", "2026-08");
    assertThat(months.get(1)).containsEntry("received", 9L).containsEntry("closed", 7L);
    assertThat(out.get("byTownship")).isEqualTo(Map.of("350521104000", 19L));
  }
}
