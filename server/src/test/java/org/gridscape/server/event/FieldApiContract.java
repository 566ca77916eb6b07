package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.event.EventFixture.VILLAGE;
import static org.gridscape.server.event.EventFixture.WEST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * Visits and information collection (docs/FIELD.md) over HTTP on the events tests' server
 * ({@link EventApiContract#fx}): idempotent check-ins flagged by their distance from the footprint,
 * photos, proposals approved (layers, figures, scene, audit with both names) or rejected (nothing
 * changes), and who may do what. Run on H2 and PostgreSQL by the classes that run {@link EventApiContract}.
 */
interface FieldApiContract {

  AtomicInteger FIELD_SEQ = new AtomicInteger();
  /** Fixtures whose households and reviewers are loaded (one per database kind). */
  Set<EventFixture> PREPARED = ConcurrentHashMap.newKeySet();
  /** Building B1 of the west grid, as TwoGridVillage draws it. */
  double[] B1 = {EventFixture.X0 + 0.0005, 24.9610, EventFixture.X0 + 0.0006, 24.9611};
  double R = 6_371_008.8;

  private static EventFixture fx() {
    EventFixture fx = EventApiContract.fx;
    if (PREPARED.add(fx)) {
      // households FH1 (B1, west) and FH2 (B2, east), a resident of FH1, a planner of the village and
      // the housing-safety department
      fx.post("/api/v1/imports/households", fx.admin, "application/json", new JsonArray()
          .add(new JsonObject().put("household_id", "FH1").put("building_id", "B1").put("size", 2))
          .add(new JsonObject().put("household_id", "FH2").put("building_id", "B2").put("size", 1)).encode(), 200);
      fx.post("/api/v1/imports/residents", fx.admin, "application/json", new JsonArray()
          .add(new JsonObject().put("resident_id", "FR1").put("household_id", "FH1").put("name", "王五")
              .put("gender", "male").put("birth_year", 1970)).encode(), 200);
      fx.user("planner-village", "planner", VILLAGE);
      fx.user("dept-housing", "department");
      fx.sectors("dept-housing", "housing_safety");
    }
    return fx;
  }

  private static String newId(String prefix) {
    return prefix + System.nanoTime() + "-" + FIELD_SEQ.incrementAndGet();
  }

  private static JsonObject body(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private static RowSet<Row> sql(String query, Object... args) {
    try {
      return fx().server.server().context().db().query(query, Tuple.from(args)).toCompletionStage()
          .toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String query, Object... args) {
    return ((Number) sql(query, args).iterator().next().getValue(0)).longValue();
  }

  /** Metres from (lon, lat) to footprint B1: equirectangular at the point, then JTS. */
  private static double metresToB1(double lon, double lat) {
    double k = Math.cos(Math.toRadians(lat)) * R * Math.PI / 180;
    double m = R * Math.PI / 180;
    GeometryFactory gf = new GeometryFactory();
    Coordinate[] ring = new Coordinate[5];
    double[][] corners = {{B1[0], B1[1]}, {B1[2], B1[1]}, {B1[2], B1[3]}, {B1[0], B1[3]}, {B1[0], B1[1]}};
    for (int i = 0; i < 5; i++) {
      ring[i] = new Coordinate((corners[i][0] - lon) * k, (corners[i][1] - lat) * m);
    }
    Polygon footprint = gf.createPolygon(ring);
    return footprint.distance(gf.createPoint(new Coordinate(0, 0)));
  }

  private static JsonObject visit(String id, String building, double lon, double lat) {
    return new JsonObject().put("id", id).put("building", building).put("lon", lon).put("lat", lat).put("accuracy", 8)
        .put("note", "入户走访");
  }

  @Test
  default void aVisitIsStoredOnceAndFlaggedByItsDistanceFromTheFootprint() {
    String worker = fx().token("worker-west");
    String id = newId("v");
    // 0.0003 degrees north of B1: about 33 m, within the 50 m tolerance
    double nearLat = B1[3] + 0.0003;
    JsonObject request = visit(id, "B1", 118.70055, nearLat).put("household", "FH1");
    JsonObject made = body(fx().server.postJson("/api/v1/visits", worker, request), 201);
    double near = metresToB1(118.70055, nearLat);
    assertThat(near).isBetween(30.0, 50.0);
    assertThat(made.getDouble("distanceM")).isCloseTo(near, org.assertj.core.data.Offset.offset(0.2));
    assertThat(made.getBoolean("flagged")).isFalse();
    assertThat(made.getString("grid")).isEqualTo(WEST);
    assertThat(made.getString("household")).isEqualTo("FH1");
    // sent again after a lost answer: the same visit, stored once
    assertThat(body(fx().server.postJson("/api/v1/visits", worker, request), 200).getString("visitedAt"))
        .isEqualTo(made.getString("visitedAt"));
    assertThat(count("SELECT COUNT(*) FROM visit WHERE id = ?", id)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM change_log WHERE kind = 'visit' AND item_id = ?", id)).isEqualTo(1);
    // the id is taken for another worker
    body(fx().server.postJson("/api/v1/visits", fx().token("worker-east"), request), 409);

    // 0.0006 degrees east and 0.0005 north of the footprint's corner: beyond the tolerance, stored and flagged
    String far = newId("v");
    JsonObject flagged = body(fx().server.postJson("/api/v1/visits", worker,
        visit(far, "B1", B1[2] + 0.0006, B1[3] + 0.0005)), 201);
    double farM = metresToB1(B1[2] + 0.0006, B1[3] + 0.0005);
    assertThat(farM).isGreaterThan(50);
    assertThat(flagged.getDouble("distanceM")).isCloseTo(farM, org.assertj.core.data.Offset.offset(0.2));
    assertThat(flagged.getBoolean("flagged")).isTrue();

    // inside the footprint: 0 m
    assertThat(body(fx().server.postJson("/api/v1/visits", worker, visit(newId("v"), "B1", 118.70055, 24.96105)), 201)
        .getDouble("distanceM")).isZero();
    // another grid's building, a household of another building, an unknown building
    assertThat(body(fx().server.postJson("/api/v1/visits", worker, visit(newId("v"), "B2", 118.70255, 24.96105)), 403)
        .getString("error")).isEqualTo("forbidden");
    assertThat(body(fx().server.postJson("/api/v1/visits", worker,
        visit(newId("v"), "B1", 118.70055, 24.96105).put("household", "FH2")), 422).getString("error"))
        .isEqualTo("unknown_household");
    body(fx().server.postJson("/api/v1/visits", worker, visit(newId("v"), "NOPE", 118.70055, 24.96105)), 422);
    assertThat(body(fx().server.postJson("/api/v1/visits", worker, visit("", "B1", 118.7, 24.96)), 400)
        .getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("id");

    // a photo: PNG bytes by header; text is refused
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
    HttpResponse<String> photo = fx().server.send(fx().server.request("/api/v1/visits/" + id + "/photo", worker)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
    assertThat(body(photo, 201).getString("photo")).isEqualTo("/api/v1/visits/" + id + "/photo");
    HttpResponse<byte[]> back = fx().server.send(fx().server.request("/api/v1/visits/" + id + "/photo", worker).GET()
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(back.body()).isEqualTo(png);
    assertThat(fx().server.send("POST", "/api/v1/visits/" + id + "/photo", worker, "text/plain", "hello").statusCode())
        .isEqualTo(415);

    // the phone's choice: the nearest buildings of the worker's own grids (B2 lies in the east grid)
    JsonArray nearby = body(fx().server.get("/api/v1/visits/nearby?lon=118.7015&lat=24.9610", worker), 200)
        .getJsonArray("buildings");
    assertThat(nearby.stream().map(b -> ((JsonObject) b).getString("id")).toList()).containsExactly("B1");
    assertThat(nearby.getJsonObject(0).getDouble("distanceM"))
        .isCloseTo(metresToB1(118.7015, 24.9610), org.assertj.core.data.Offset.offset(0.1));

    // reads: the worker and the village's leader; not the other worker, not a department
    assertThat(body(fx().server.get("/api/v1/visits?worker=worker-west&limit=1000", worker), 200)
        .getJsonArray("visits").stream().map(v -> ((JsonObject) v).getString("id")).toList()).contains(id, far);
    body(fx().server.get("/api/v1/visits/" + far, fx().token("leader-village")), 200);
    body(fx().server.get("/api/v1/visits/" + far, fx().token("worker-east")), 403);
    body(fx().server.get("/api/v1/visits/" + far, fx().token("dept-fire")), 403);
    body(fx().server.get("/api/v1/visits?grid=" + WEST, fx().token("leader-other")), 403);
  }

  private static JsonObject stats(String grid) {
    return body(fx().server.get("/api/v1/regions/" + grid + "/stats", fx().admin), 200);
  }

  private static int grade(JsonObject stats, String grade) {
    return stats.getJsonObject("safetyGrades").getInteger(grade, 0);
  }

  @Test
  default void anApprovedProposalUpdatesTheLayersTheFiguresAndTheScene() {
    String worker = fx().token("worker-west");
    String planner = fx().token("planner-village");
    JsonObject before = stats(WEST);

    String id = newId("c");
    JsonObject proposal = new JsonObject().put("id", id).put("kind", "resident_in").put("household", "FH1")
        .put("resident", new JsonObject().put("name", "李四海").put("idNumber", "350521199001011234")
            .put("phone", "13800001234").put("gender", "female").put("birthYear", 1990).put("relation", "spouse"))
        .put("note", "新迁入");
    JsonObject made = body(fx().server.postJson("/api/v1/field-collections", worker, proposal), 201);
    assertThat(made.getString("state")).isEqualTo("pending");
    assertThat(made.getString("grid")).isEqualTo(WEST);
    body(fx().server.postJson("/api/v1/field-collections", worker, proposal), 200);
    // the reviewer sees the person masked; the worker in full (audited)
    JsonObject seen = body(fx().server.get("/api/v1/field-collections/" + id, planner), 200);
    assertThat(seen.getJsonObject("proposal").getJsonObject("resident").getString("name")).isEqualTo("李**");
    assertThat(seen.getJsonObject("proposal").getJsonObject("resident").getString("idNumber"))
        .isEqualTo("3505**********1234");
    assertThat(body(fx().server.get("/api/v1/field-collections/" + id + "?full=true", worker), 200)
        .getJsonObject("proposal").getJsonObject("resident").getString("name")).isEqualTo("李四海");
    body(fx().server.get("/api/v1/field-collections/" + id + "?full=true", planner), 403);
    assertThat(body(fx().server.get("/api/v1/field-collections?state=pending&grid=" + WEST, planner), 200)
        .getJsonArray("collections").stream().map(c -> ((JsonObject) c).getString("id")).toList()).contains(id);

    // not reviewed by a grid worker, nor by a department of another sector
    JsonObject approve = new JsonObject().put("decision", "approve").put("reason", "核实无误");
    assertThat(body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", worker, approve), 403)
        .getString("error")).isEqualTo("forbidden");
    body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", fx().token("dept-housing"), approve), 403);

    long seq = count("SELECT COALESCE(MAX(seq), 0) FROM change_log");
    JsonObject approved = body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", planner, approve), 200);
    assertThat(approved.getString("state")).isEqualTo("approved");
    assertThat(approved.getString("reviewer")).isEqualTo("planner-village");
    String residentId = approved.getJsonObject("applied").getString("resident");
    Row resident = sql("SELECT household_id, name, id_number FROM resident WHERE id = ?", residentId).iterator().next();
    assertThat(resident.getString(0)).isEqualTo("FH1");
    assertThat(resident.getString(1)).isEqualTo("李四海");
    assertThat(resident.getString(2)).isEqualTo("350521199001011234");
    // the proposal no longer holds the person in full
    assertThat(sql("SELECT proposal FROM field_collection WHERE id = ?", id).iterator().next().getString(0))
        .doesNotContain("李四海", "350521199001011234", "13800001234");
    // the same decision again is harmless; the other one is a conflict
    body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", planner, approve), 200);
    body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", planner,
        new JsonObject().put("decision", "reject").put("reason", "x")), 409);

    // a new inspection: grade C, reviewed by the housing-safety department
    String gradeId = newId("c");
    body(fx().server.postJson("/api/v1/field-collections", worker, new JsonObject().put("id", gradeId)
        .put("kind", "safety_grade").put("building", "B1").put("grade", "C")), 201);
    body(fx().server.postJson("/api/v1/field-collections/" + gradeId + "/review", fx().token("dept-housing"),
        new JsonObject().put("decision", "approve")), 200);

    JsonObject after = stats(WEST);
    assertThat(after.getInteger("residents")).isEqualTo(before.getInteger("residents") + 1);
    // B1 had no inspection: one building moves from unknown to C
    assertThat(grade(after, "C")).isEqualTo(grade(before, "C") + 1);
    assertThat(grade(after, "unknown")).isEqualTo(grade(before, "unknown") - 1);

    // audited with both names, in the change feed, and the grid's scene rebuilt
    Row audit = sql("SELECT actor, detail FROM audit_log WHERE action = 'field_collection.approve' AND target = ?", id)
        .iterator().next();
    assertThat(audit.getString(0)).isEqualTo("planner-village");
    assertThat(audit.getString(1)).contains("proposed by worker-west", "approved by planner-village");
    assertThat(count("SELECT COUNT(*) FROM change_log WHERE seq > ? AND kind = 'layer' AND item_id = 'residents'"
        + " AND region = ?", seq, WEST)).isEqualTo(1);
    long deadline = System.currentTimeMillis() + 20_000;
    while (count("SELECT COUNT(*) FROM change_log WHERE seq > ? AND kind = 'scene' AND item_id = ?", seq, WEST) == 0) {
      assertThat(System.currentTimeMillis()).as("the west grid's scene republished after the approval").isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  default void aRejectedProposalKeepsTheReasonAndChangesNothing() {
    String worker = fx().token("worker-west");
    String planner = fx().token("planner-village");
    String id = newId("c");
    body(fx().server.postJson("/api/v1/field-collections", worker, new JsonObject().put("id", id)
        .put("kind", "illegal_case").put("building", "B1").put("foundOn", "2026-11-20")), 201);
    String tables = "SELECT (SELECT COUNT(*) FROM illegal_case) + 1000 * (SELECT COUNT(*) FROM resident)"
        + " + 1000000 * (SELECT COUNT(*) FROM inspection) + 1000000000 * (SELECT COUNT(*) FROM assistance_case)";
    long before = count(tables);
    long dirty = count("SELECT COUNT(*) FROM scene_dirty");
    // a reason is required to reject
    assertThat(body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", planner,
        new JsonObject().put("decision", "reject")), 400).getJsonArray("details").getJsonObject(0).getString("field"))
        .isEqualTo("reason");
    JsonObject rejected = body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", planner,
        new JsonObject().put("decision", "reject").put("reason", "现场核实无违建")), 200);
    assertThat(rejected.getString("state")).isEqualTo("rejected");
    assertThat(rejected.getString("reason")).isEqualTo("现场核实无违建");
    assertThat(rejected.getValue("applied")).isNull();
    assertThat(count(tables)).isEqualTo(before);
    assertThat(count("SELECT COUNT(*) FROM scene_dirty")).isLessThanOrEqualTo(dirty);
    // the worker sees the reason in their own list
    JsonObject mine = body(fx().server.get("/api/v1/field-collections?worker=worker-west&limit=1000", worker), 200)
        .getJsonArray("collections").stream().map(c -> (JsonObject) c).filter(c -> c.getString("id").equals(id))
        .findFirst().orElseThrow();
    assertThat(mine.getString("reason")).isEqualTo("现场核实无违建");
    Row audit = sql("SELECT actor, detail FROM audit_log WHERE action = 'field_collection.reject' AND target = ?", id)
        .iterator().next();
    assertThat(audit.getString(1)).contains("proposed by worker-west", "rejected by planner-village");
  }

  @Test
  default void aWorkerProposesOnlyForTheirOwnGridAndReadsOnlyTheirOwn() {
    String west = fx().token("worker-west");
    String east = fx().token("worker-east");
    // B2 and FH2 lie in the east grid
    assertThat(body(fx().server.postJson("/api/v1/field-collections", west, new JsonObject().put("id", newId("c"))
        .put("kind", "illegal_case").put("building", "B2")), 403).getString("error")).isEqualTo("forbidden");
    body(fx().server.postJson("/api/v1/field-collections", west, new JsonObject().put("id", newId("c"))
        .put("kind", "assistance").put("household", "FH2").put("category", "dibao").put("action", "open")), 403);
    // closing a case the household does not have
    assertThat(body(fx().server.postJson("/api/v1/field-collections", west, new JsonObject().put("id", newId("c"))
        .put("kind", "assistance").put("household", "FH1").put("category", "tekun").put("action", "close")), 422)
        .getString("error")).isEqualTo("no_open_case");
    assertThat(body(fx().server.postJson("/api/v1/field-collections", west, new JsonObject().put("id", newId("c"))
        .put("kind", "safety_grade").put("building", "B1").put("grade", "E")), 400).getJsonArray("details")
        .getJsonObject(0).getString("field")).isEqualTo("grade");
    String id = newId("c");
    body(fx().server.postJson("/api/v1/field-collections", east, new JsonObject().put("id", id)
        .put("kind", "assistance").put("household", "FH2").put("category", "dibao").put("action", "open")), 201);
    body(fx().server.get("/api/v1/field-collections/" + id, west), 403);
    body(fx().server.get("/api/v1/field-collections?worker=worker-east", west), 403);
    // an east grid proposal is not the west worker's to review either
    body(fx().server.postJson("/api/v1/field-collections/" + id + "/review", west,
        new JsonObject().put("decision", "approve")), 403);
    assertThat(count("SELECT COUNT(*) FROM field_collection WHERE id = ? AND state = 'pending'", id)).isEqualTo(1);
  }
}
