package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Overdue against the service's clock: the same events counted at two fixed moments. */
class EventClockTest {

  static final String GRID = "350521104201001";
  static Vertx vertx;
  static Database db;
  static final Principal LEADER = new Principal("leader", Set.of(Role.LEADER), List.of());

  @BeforeAll
  static void open() throws Exception {
    vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("gridscape-event-clock-");
    db = await(Database.open(vertx, ServerConfig.forTest(dir, null)));
    String csv = EventCsvTest.HEADER
        // deadline 2026-08-03 08:00: open, so overdue from then on
        + "C1,disputes,simple,t,118.70,24.96," + GRID + ",2026-08-01T08:00:00+08:00,handling,,2026-08-03T08:00:00+08:00,0\n"
        // deadline 2026-08-06 08:00, supervised
        + "C2,disputes,general,t,118.70,24.96," + GRID + ",2026-08-01T08:00:00+08:00,dispatch,,2026-08-06T08:00:00+08:00,1\n"
        // closed late: never overdue, not on time
        + "C3,disputes,simple,t,118.70,24.96," + GRID + ",2026-08-01T08:00:00+08:00,closed,2026-08-04T08:00:00+08:00,"
        + "2026-08-03T08:00:00+08:00,0\n";
    await(service("2026-08-01T00:00:00Z").importCsv(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @AfterAll
  static void close() throws Exception {
    await(db.close());
    await(vertx.close());
  }

  static EventService service(String instant) {
    return new EventService(vertx, db, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Map<String, Object> figuresAt(String instant) throws Exception {
    return await(service(instant).stats(LEADER, null, null, null, null));
  }

  @Test
  void overdueFollowsTheClock() throws Exception {
    // 2026-08-03 07:59:59 China time: nothing overdue yet
    assertThat(figuresAt("2026-08-02T23:59:59Z")).containsEntry("overdue", 0L).containsEntry("supervised", 1L)
        .containsEntry("inProgress", 2L);
    // one second after C1's deadline
    assertThat(figuresAt("2026-08-03T00:00:01Z")).containsEntry("overdue", 1L);
    Map<String, Object> later = figuresAt("2026-08-07T00:00:00Z");
    assertThat(later).containsEntry("overdue", 2L).containsEntry("closed", 1L).containsEntry("closedOnTime", 0L)
        .containsEntry("onTimeClosureRate", 0.0).containsEntry("closureRate", 33.3);
    assertThat(later.get("byStatus")).isEqualTo(Map.of("open", 0L, "supervised", 0L, "overdue", 2L, "closed", 1L));
  }

  @Test
  void theOverdueListAndDisplayStatusUseTheClockToo() throws Exception {
    EventService early = service("2026-08-04T00:00:00Z");
    List<Event> overdue = await(early.list(LEADER, new EventFilter(null, null, null, null, null, null, early.now(), null),
        100, 0));
    assertThat(overdue).extracting(Event::id).containsExactly("C1");
    Map<String, Object> layer = await(early.layer(LEADER, EventFilter.none(), 100));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> features = (List<Map<String, Object>>) layer.get("features");
    Map<String, String> status = new java.util.HashMap<>();
    for (Map<String, Object> f : features) {
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) f.get("properties");
      status.put((String) p.get("id"), (String) p.get("status"));
    }
    assertThat(status).isEqualTo(Map.of("C1", "overdue", "C2", "supervised", "C3", "closed"));
  }
}
