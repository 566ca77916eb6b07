package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.event.EventFixture.IN_EAST;
import static org.gridscape.server.event.EventFixture.IN_WEST;
import static org.gridscape.server.event.EventFixture.OUTSIDE;
import static org.gridscape.server.event.EventFixture.VILLAGE;
import static org.gridscape.server.event.EventFixture.WEST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The patrols API over HTTP on the events tests' server ({@link EventApiContract#fx}, so no server
 * of its own): idempotent starts, batches and ends, flagged positions, ownership, bad input naming
 * the field, events linked to a patrol and sent twice, the change feed and the figures. Run on H2
 * and PostgreSQL by the classes that run {@link EventApiContract}.
 */
interface PatrolApiContract {

  AtomicInteger SEQ = new AtomicInteger();

  private static EventFixture fx() {
    return EventApiContract.fx;
  }

  private static String newId() {
    return "t" + System.nanoTime() + "-" + SEQ.incrementAndGet();
  }

  private static JsonObject point(String id, OffsetDateTime t, double lon, double lat) {
    return new JsonObject().put("id", id).put("t", t.toString()).put("lon", lon).put("lat", lat).put("accuracy", 6);
  }

  private static HttpResponse<String> start(String token, String id, String grid) {
    return fx().server.postJson("/api/v1/patrols", token, new JsonObject().put("id", id).put("grid", grid));
  }

  private static HttpResponse<String> points(String token, String id, JsonArray points) {
    return fx().server.postJson("/api/v1/patrols/" + id + "/points", token, new JsonObject().put("points", points));
  }

  private static HttpResponse<String> end(String token, String id) {
    return fx().server.send("POST", "/api/v1/patrols/" + id + "/end", token, null, null);
  }

  private static JsonObject body(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  /** Three positions walking north along the west grid's road (x = 118.702), 20 s apart. */
  private static JsonArray walk(OffsetDateTime t0) {
    return new JsonArray().add(point("p1", t0, 118.7019, 24.9605)).add(point("p2", t0.plusSeconds(20), 118.7019, 24.9607))
        .add(point("p3", t0.plusSeconds(40), 118.7019, 24.9609));
  }

  @Test
  default void aPatrolStartsTakesPointsOnceAndEndsWithItsSummary() {
    String worker = fx().token("worker-west");
    String id = newId();
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).truncatedTo(ChronoUnit.SECONDS);
    JsonObject request = new JsonObject().put("id", id).put("grid", WEST).put("startedAt", t0.toString());
    JsonObject started = body(fx().server.postJson("/api/v1/patrols", worker, request), 201);
    assertThat(started.getString("status")).isEqualTo("under_way");
    assertThat(started.getString("worker")).isEqualTo("worker-west");
    // the phone did not hear the answer and starts again: the same patrol
    assertThat(body(fx().server.postJson("/api/v1/patrols", worker, request), 200).getString("startedAt"))
        .isEqualTo(started.getString("startedAt"));

    JsonObject first = body(points(worker, id, walk(t0)), 200);
    assertThat(first.getInteger("stored")).isEqualTo(3);
    // the same batch again (a retry): stored once
    JsonObject again = body(points(worker, id, walk(t0)), 200);
    assertThat(again.getInteger("stored")).isZero();
    assertThat(again.getInteger("duplicates")).isEqualTo(3);
    assertThat(again.getJsonObject("patrol").getInteger("points")).isEqualTo(3);
    // a batch that repeats one point and adds another, and repeats an id inside itself
    JsonArray mixed = new JsonArray().add(point("p3", t0.plusSeconds(40), 118.7019, 24.9609))
        .add(point("p4", t0.plusSeconds(60), 118.7019, 24.9611)).add(point("p4", t0.plusSeconds(60), 118.7019, 24.9611));
    JsonObject third = body(points(worker, id, mixed), 200);
    assertThat(third.getInteger("stored")).isEqualTo(1);
    assertThat(third.getJsonObject("patrol").getInteger("points")).isEqualTo(4);
    // about 66.7 m (0.0006 degrees of latitude)
    assertThat(third.getJsonObject("patrol").getDouble("distanceM")).isBetween(66.0, 67.5);
    assertThat(third.getJsonObject("patrol").getBoolean("flagged")).isFalse();

    JsonObject ended = body(end(worker, id), 200);
    JsonObject p = ended.getJsonObject("properties");
    assertThat(p.getString("status")).isEqualTo("ended");
    assertThat(p.getLong("durationS")).isEqualTo(60);
    assertThat(ended.getJsonObject("geometry").getString("type")).isEqualTo("LineString");
    assertThat(ended.getJsonObject("geometry").getJsonArray("coordinates")).hasSize(4);
    assertThat(p.getJsonArray("times")).hasSize(4);
    assertThat(p.getJsonArray("pointIds").getList()).containsExactly("p1", "p2", "p3", "p4");
    JsonObject coverage = p.getJsonObject("coverage");
    assertThat(coverage.getString("grid")).isEqualTo(WEST);
    // the road runs 300 m along the grid's east edge; 66.7 m walked 10 m beside it plus 30 m at each end
    assertThat(coverage.getDouble("roads")).isBetween(0.39, 0.43);
    // ending again answers the same summary
    assertThat(body(end(worker, id), 200).getJsonObject("properties").getString("endedAt")).isEqualTo(p.getString("endedAt"));
    // points after the end (a queue that was late) are still stored once
    assertThat(body(points(worker, id, walk(t0)), 200).getInteger("stored")).isZero();
  }

  @Test
  default void positionsOutsideTheWorkersGridsAreStoredButFlagged() {
    String worker = fx().token("worker-west");
    String id = newId();
    body(start(worker, id, WEST), 201);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(3).truncatedTo(ChronoUnit.SECONDS);
    JsonArray batch = new JsonArray().add(point("a", t0, IN_WEST[0], IN_WEST[1]))
        .add(point("b", t0.plusSeconds(30), IN_EAST[0], IN_EAST[1]))
        .add(point("c", t0.plusSeconds(60), OUTSIDE[0], OUTSIDE[1]));
    JsonObject stored = body(points(worker, id, batch), 200).getJsonObject("patrol");
    assertThat(stored.getInteger("points")).isEqualTo(3);
    assertThat(stored.getInteger("outsidePoints")).isEqualTo(2);
    assertThat(stored.getBoolean("flagged")).isTrue();
    JsonObject feature = body(fx().server.get("/api/v1/patrols/" + id, worker), 200);
    JsonObject track = feature.getJsonObject("properties");
    assertThat(track.getJsonArray("outside").getList()).containsExactly(false, true, true);
    assertThat(track.getBoolean("flagged")).isTrue();
    assertThat(track.getJsonObject("coverage")).isNotNull();
    // the track alone, as the viewer draws it: the same positions and times, no coverage figure
    JsonObject bare = body(fx().server.get("/api/v1/patrols/" + id + "?coverage=false", worker), 200);
    assertThat(bare.getJsonObject("geometry")).isEqualTo(feature.getJsonObject("geometry"));
    assertThat(bare.getJsonObject("properties").getJsonArray("times")).isEqualTo(track.getJsonArray("times"));
    assertThat(bare.getJsonObject("properties").getValue("coverage")).isNull();
    assertThat(field(fx().server.get("/api/v1/patrols/" + id + "?coverage=no", worker))).isEqualTo("coverage");
  }

  @Test
  default void aWorkerCannotWriteToAnotherWorkersPatrol() {
    String west = fx().token("worker-west");
    String east = fx().token("worker-east");
    String id = newId();
    body(start(west, id, WEST), 201);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2).truncatedTo(ChronoUnit.SECONDS);
    assertThat(body(points(east, id, walk(t0)), 403).getString("error")).isEqualTo("forbidden");
    body(end(east, id), 403);
    // the id is taken: another worker cannot start a patrol under it
    body(start(east, id, EventFixture.EAST), 409);
    // nor start one in a grid that is not theirs
    body(start(east, newId(), WEST), 403);
    // reading the track: its worker and the leaders of its grid, not another worker or a department
    body(fx().server.get("/api/v1/patrols/" + id, east), 403);
    body(fx().server.get("/api/v1/patrols/" + id, fx().token("dept-fire")), 403);
    body(fx().server.get("/api/v1/patrols/" + id, fx().token("leader-other")), 403);
    body(fx().server.get("/api/v1/patrols/" + id, fx().token("leader-village")), 200);
    // lists: a worker sees only their own; a leader their areas'
    body(fx().server.get("/api/v1/patrols?worker=worker-west", east), 403);
    JsonArray own = body(fx().server.get("/api/v1/patrols", east), 200).getJsonArray("patrols");
    own.forEach(o -> assertThat(((JsonObject) o).getString("worker")).isEqualTo("worker-east"));
    JsonArray led = body(fx().server.get("/api/v1/patrols?grid=" + WEST, fx().token("leader-village")), 200)
        .getJsonArray("patrols");
    assertThat(led.stream().map(o -> ((JsonObject) o).getString("id"))).contains(id);
    body(fx().server.get("/api/v1/patrols?grid=" + WEST, fx().token("leader-other")), 403);
    // nothing was stored by the refused batch
    JsonObject p = body(fx().server.get("/api/v1/patrols/" + id, west), 200).getJsonObject("properties");
    assertThat(p.getInteger("points")).isZero();
  }

  @Test
  default void badInputIsRefusedNamingTheField() {
    String worker = fx().token("worker-west");
    assertThat(field(fx().server.postJson("/api/v1/patrols", worker, new JsonObject().put("id", newId())))).isEqualTo("grid");
    assertThat(field(fx().server.postJson("/api/v1/patrols", worker, new JsonObject().put("grid", WEST)))).isEqualTo("id");
    assertThat(field(start(worker, "bad id with spaces", WEST))).isEqualTo("id");
    assertThat(field(fx().server.postJson("/api/v1/patrols", worker, new JsonObject().put("id", newId()).put("grid", WEST)
        .put("startedAt", "yesterday")))).isEqualTo("startedAt");
    String id = newId();
    body(start(worker, id, WEST), 201);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
    assertThat(field(points(worker, id, new JsonArray().add(point("a", t0, 118.701, 24.961))
        .add(point("b", t0, 118.701, 91))))).isEqualTo("points[1].lat");
    assertThat(field(points(worker, id, new JsonArray().add(new JsonObject().put("id", "a").put("lon", 118.7)
        .put("lat", 24.96))))).isEqualTo("points[0].t");
    assertThat(field(points(worker, id, new JsonArray().add(point("a", t0, 118.701, 24.961).put("lon", "east")))))
        .isEqualTo("points[0].lon");
    assertThat(field(points(worker, id, new JsonArray().add(point("", t0, 118.701, 24.961))))).isEqualTo("points[0].id");
    assertThat(field(points(worker, id, new JsonArray().add(point("a", t0.plusDays(2), 118.701, 24.961)))))
        .isEqualTo("points[0].t");
    assertThat(field(points(worker, id, new JsonArray()))).isEqualTo("points");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(point("x" + i, t0, 118.701, 24.961));
    }
    assertThat(field(points(worker, id, tooMany))).isEqualTo("points");
    assertThat(field(fx().server.postJson("/api/v1/patrols/" + id + "/points", worker, new JsonObject()))).isEqualTo("points");
    // nothing of it was stored
    assertThat(body(fx().server.get("/api/v1/patrols/" + id, worker), 200).getJsonObject("properties").getInteger("points"))
        .isZero();
    body(points(worker, "no-such-patrol", walk(t0)), 404);
    assertThat(field(fx().server.get("/api/v1/patrols/stats?region=" + VILLAGE + "&distance=far",
        fx().token("leader-village")))).isEqualTo("distance");
  }

  private static String field(HttpResponse<String> r) {
    JsonObject error = body(r, 400);
    assertThat(error.getString("message")).isNotBlank();
    return error.getJsonArray("details").getJsonObject(0).getString("field");
  }

  @Test
  default void anEventReportedOnAPatrolIsLinkedAndASecondSendingFindsIt() {
    String worker = fx().token("worker-west");
    String id = newId();
    body(start(worker, id, WEST), 201);
    String clientId = "r-" + newId();
    JsonObject report = new JsonObject().put("category", "sanitation").put("level", "simple").put("lon", IN_WEST[0])
        .put("lat", IN_WEST[1]).put("description", "垃圾未清运").put("patrol", id).put("clientId", clientId);
    JsonObject created = body(fx().server.postJson("/api/v1/events", worker, report), 201).getJsonObject("properties");
    assertThat(created.getString("patrol")).isEqualTo(id);
    assertThat(created.getString("clientId")).isEqualTo(clientId);
    // sent again from the phone's queue: the same event, 200
    JsonObject again = body(fx().server.postJson("/api/v1/events", worker, report), 200).getJsonObject("properties");
    assertThat(again.getString("id")).isEqualTo(created.getString("id"));
    JsonObject patrol = body(fx().server.get("/api/v1/patrols/" + id, worker), 200).getJsonObject("properties");
    assertThat(patrol.getJsonArray("events").getList()).containsExactly(created.getString("id"));
    // another worker's patrol cannot be named; an unknown one is 422
    String east = fx().token("worker-east");
    body(fx().server.postJson("/api/v1/events", east, report.copy().put("lon", IN_EAST[0]).put("lat", IN_EAST[1])
        .put("clientId", "r-" + newId())), 403);
    body(fx().server.postJson("/api/v1/events", worker, report.copy().put("patrol", "nope").put("clientId", "r-" + newId())),
        422);
    // without patrol and clientId nothing changes: 201 and no link
    JsonObject plain = body(fx().report(worker, "sanitation", "simple", IN_WEST, null), 201).getJsonObject("properties");
    assertThat(plain.getValue("patrol")).isNull();
  }

  @Test
  default void startsAndEndsGoToTheChangeFeedWithoutPersonalValues() {
    String admin = fx().admin;
    long since = body(fx().server.get("/api/v1/changes?since=0&limit=1", admin), 200).getLong("next");
    long head = since;
    // read to the head first
    for (int i = 0; i < 100; i++) {
      JsonObject page = body(fx().server.get("/api/v1/changes?limit=1000&since=" + head, admin), 200);
      if (page.getLong("next") == head) {
        break;
      }
      head = page.getLong("next");
    }
    String worker = fx().token("worker-west");
    String id = newId();
    body(start(worker, id, WEST), 201);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    body(points(worker, id, walk(t0)), 200);
    body(end(worker, id), 200);
    JsonArray changes = body(fx().server.get("/api/v1/changes?limit=1000&since=" + head, admin), 200)
        .getJsonArray("changes");
    JsonArray patrolEntries = new JsonArray();
    changes.forEach(c -> {
      if ("patrol".equals(((JsonObject) c).getString("kind")) && id.equals(((JsonObject) c).getString("id"))) {
        patrolEntries.add(c);
      }
    });
    // a start and an end, no entry per point
    assertThat(patrolEntries).hasSize(2);
    JsonObject first = patrolEntries.getJsonObject(0);
    assertThat(first.getString("region")).isEqualTo(WEST);
    assertThat(first.getLong("version")).isEqualTo(1);
    assertThat(patrolEntries.getJsonObject(1).getLong("version")).isEqualTo(2);
    assertThat(first.encode()).doesNotContain("worker-west").doesNotContain("118.70");
    // a department user does not see patrols in the feed
    JsonArray dept = body(fx().server.get("/api/v1/changes?limit=1000&since=" + head, fx().token("dept-fire")), 200)
        .getJsonArray("changes");
    dept.forEach(c -> assertThat(((JsonObject) c).getString("kind")).isNotEqualTo("patrol"));
  }

  @Test
  default void theFiguresGiveCoveragePerGridWorkerAndRegion() {
    String worker = fx().token("worker-west");
    String id = newId();
    body(start(worker, id, WEST), 201);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(4).truncatedTo(ChronoUnit.SECONDS);
    body(points(worker, id, walk(t0)), 200);
    body(end(worker, id), 200);
    String from = t0.minusMinutes(1).toString();
    String to = t0.plusMinutes(5).toString();
    String query = "/api/v1/patrols/stats?region=" + VILLAGE + "&from=" + from.replace("+", "%2B") + "&to="
        + to.replace("+", "%2B");
    JsonObject stats = body(fx().server.get(query, fx().token("leader-village")), 200);
    JsonObject west = stats.getJsonArray("grids").stream().map(o -> (JsonObject) o)
        .filter(g -> g.getString("code").equals(WEST)).findFirst().orElseThrow();
    assertThat(west.getDouble("coverage")).isBetween(0.0, 1.0).isGreaterThan(0.3);
    assertThat(west.getInteger("patrols")).isGreaterThanOrEqualTo(1);
    assertThat(stats.getJsonArray("workers").stream().map(o -> ((JsonObject) o).getString("worker")))
        .contains("worker-west");
    assertThat(stats.getJsonObject("summary").getDouble("coverage")).isBetween(0.0, 1.0);
    body(fx().server.get(query, worker), 403);
    body(fx().server.get("/api/v1/patrols/stats?region=350521105000", fx().token("leader-village")), 403);
  }
}
