package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventCsvTest {

  static final String HEADER = "event_id,category,level,title,lon,lat,grid_code,reported_at,step,closed_at,deadline,supervised\n";

  static EventCsv.Result read(String text) {
    return EventCsv.read(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheSampleFormat() {
    EventCsv.Result r = read("\uFEFF" + HEADER
        + "E01000001,disputes,general,\"洛阳村：邻里纠纷, 二组\",118.7,24.96,350521104201001,2026-07-01T08:12:00+08:00,"
        + "closed,2026-07-02T10:00:00+08:00,2026-07-06T08:12:00+08:00,0\r\n"
        + "E01000002,fire_hazard,major,楼道堆放杂物,118.71,24.97,,2026-07-03 09:00:00,handling,,,1\n");
    assertThat(r.problems()).isEmpty();
    assertThat(r.rows()).hasSize(2);
    EventCsv.Row first = r.rows().get(0);
    assertThat(first.title()).isEqualTo("洛阳村：邻里纠纷, 二组");
    assertThat(first.step()).isEqualTo(Step.CLOSED);
    assertThat(first.closedAt()).isEqualTo("2026-07-02T10:00:00+08:00");
    EventCsv.Row second = r.rows().get(1);
    assertThat(second.line()).isEqualTo(3);
    assertThat(second.gridCode()).isNull();
    assertThat(second.deadline()).isNull();
    assertThat(second.supervised()).isTrue();
    assertThat(second.reportedAt().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
  }

  @Test
  void reportsEveryBadRowWithLineAndColumn() {
    EventCsv.Result r = read(HEADER
        + "E1,flood,general,t,118.7,24.96,350521104201001,2026-07-01T08:00:00+08:00,handling,,,0\n"
        + "E2,disputes,general,t,218.7,24.96,350521104201001,2026-07-01T08:00:00+08:00,closed,,,0\n"
        + "E3,disputes,general,t,118.7,24.96,3505211,yesterday,handling,,,maybe\n"
        + "E1,disputes,general,t,118.7,24.96,350521104201001,2026-07-01T08:00:00+08:00,handling,,,0\n"
        + "R20260701-0001,disputes,general,t,118.7,24.96,350521104201001,2026-07-01T08:00:00+08:00,handling,,,0\n");
    assertThat(r.problems()).extracting(EventCsv.Problem::line, EventCsv.Problem::column).contains(
        org.assertj.core.groups.Tuple.tuple(2, "category"), org.assertj.core.groups.Tuple.tuple(3, "lon"),
        org.assertj.core.groups.Tuple.tuple(3, "closed_at"), org.assertj.core.groups.Tuple.tuple(4, "grid_code"),
        org.assertj.core.groups.Tuple.tuple(4, "reported_at"), org.assertj.core.groups.Tuple.tuple(4, "supervised"),
        org.assertj.core.groups.Tuple.tuple(6, "event_id"));
    assertThat(r.problems().get(0).message()).contains("flood").contains("disputes");
    // E1 on line 5 is the first good E1 since line 2 was rejected: no duplicate reported
    assertThat(r.rows()).extracting(EventCsv.Row::id).containsExactly("E1");
  }

  @Test
  void missingColumnsAndBrokenQuotesAreReported() {
    assertThat(read("event_id,category\nE1,disputes\n").problems()).extracting(EventCsv.Problem::column)
        .contains("level", "title", "lon", "lat", "reported_at", "step");
    assertThat(read(HEADER + "E1,\"disputes,general\n").problems().get(0).message()).contains("not closed");
  }
}
