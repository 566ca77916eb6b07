package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.store.Geometries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Geometry;

/**
 * OGC API - Features Part 4 (create, replace, update, delete) over plain HTTP, as another system
 * calls it (java.net.http, bearer tokens and API keys), on the server and small district of
 * {@link OgcApiContract}: nested in its H2 and PostgreSQL tests and run after the read suites,
 * because it changes the district (a grid of village B published, events reported in grid A1).
 * Village B starts with a gap where its retired grid was, so a new grid there is the write that
 * passes the validation of a publish.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Part4Contract {

  static final String GRIDS = "/ogc/collections/grids/items";
  static final String EVENTS = "/ogc/collections/events/items";
  /** The gap of village B: where its retired grid was. */
  static final Geometry GAP = LayerData.gridShape(3);

  String plannerB;
  String plannerA;
  String workerA;
  String leaderA;
  String readKey;
  String writeKey;

  @BeforeAll
  void users() {
    String admin = OgcApiContract.token;
    user(admin, "p4-planner-b", "planner", LayerData.VILLAGE_B);
    user(admin, "p4-planner-a", "planner", LayerData.VILLAGE_A);
    user(admin, "p4-worker-a", "gridworker", LayerData.VILLAGE_A);
    user(admin, "p4-leader-a", "leader", LayerData.VILLAGE_A);
    // A city platform that may edit village B's grids: an apiclient who is also a planner there.
    created(OgcApiContract.server.postJson("/api/v1/users", admin, new JsonObject().put("username", "p4-city")
        .put("password", "p4-city-password").put("roles", new JsonArray().add("apiclient").add("planner"))
        .put("scopes", new JsonArray().add(LayerData.VILLAGE_B))));
    plannerB = OgcApiContract.server.login("p4-planner-b", "p4-planner-b-password");
    plannerA = OgcApiContract.server.login("p4-planner-a", "p4-planner-a-password");
    workerA = OgcApiContract.server.login("p4-worker-a", "p4-worker-a-password");
    leaderA = OgcApiContract.server.login("p4-leader-a", "p4-leader-a-password");
    readKey = key(admin, List.of("*"));
    writeKey = key(admin, List.of("grids:write"));
  }

  private static void user(String admin, String name, String role, String scope) {
    created(OgcApiContract.server.postJson("/api/v1/users", admin, new JsonObject().put("username", name)
        .put("password", name + "-password").put("roles", new JsonArray().add(role))
        .put("scopes", new JsonArray().add(scope))));
  }

  private static String key(String admin, List<String> layers) {
    HttpResponse<String> response = OgcApiContract.server.postJson("/api/v1/api-keys", admin, new JsonObject()
        .put("username", "p4-city").put("layers", new JsonArray(layers)).put("ratePerMinute", 10_000));
    created(response);
    return new JsonObject(response.body()).getString("apiKey");
  }

  private static void created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  // --- requests as another system sends them

  static HttpResponse<String> send(String method, String path, String token, String ifMatch, JsonObject body) {
    HttpRequest.Builder request = OgcApiContract.server.request(path, token).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/geo+json");
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return OgcApiContract.server.send(request.build());
  }

  static HttpResponse<String> withKey(String method, String path, String key, String ifMatch, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(OgcApiContract.server.uri(path)).header("X-API-Key", key)
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).header("Content-Type", "application/json");
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return OgcApiContract.server.send(request.build());
  }

  static JsonObject gridFeature(JsonObject properties, Geometry geometry) {
    return new JsonObject().put("type", "Feature").put("properties", properties)
        .put("geometry", new JsonObject(org.gridscape.server.grid.ValidationJson.geometry(geometry).encode()));
  }

  static String etag(HttpResponse<String> response) {
    return response.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + response));
  }

  static JsonObject error(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return new JsonObject(response.body());
  }

  static List<String> rules(JsonObject error) {
    List<String> out = new ArrayList<>();
    error.getJsonArray("details").forEach(d -> out.add(((JsonObject) d).getString("rule")));
    return out;
  }

  static List<String> rows(String sql, Tuple args) {
    List<String> out = new ArrayList<>();
    for (Row row : LayerData.await(OgcApiContract.db.query(sql, args))) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(String.valueOf(row.getValue(i)));
      }
      out.add(String.join("|", cells));
    }
    return out;
  }

  /** Audit rows are written once the response has gone, in no fixed order: wait for those expected. */
  static List<String> audited(String pathPrefix, List<String> expected) {
    List<String> found = List.of();
    for (int i = 0; i < 50 && !found.containsAll(expected); i++) {
      if (i > 0) {
        sleep(100);
      }
      found = rows("SELECT method, path, status, actor FROM audit_log WHERE path LIKE ? ORDER BY id",
          Tuple.of(pathPrefix + "%"));
    }
    return found;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Items pages are cached for up to a second after a change (LAYER-SERVICES.md, Caching). */
  static List<String> gridCodesInItems() {
    HttpResponse<String> page = OgcApiContract.server.get(GRIDS + "?limit=100", OgcApiContract.token);
    assertThat(page.statusCode()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    new JsonObject(page.body()).getJsonArray("features").forEach(f -> codes.add(((JsonObject) f).getString("id")));
    return codes;
  }

  static List<String> eventuallyInItems(String code, boolean present) {
    List<String> codes = gridCodesInItems();
    for (int i = 0; i < 30 && codes.contains(code) != present; i++) {
      sleep(100);
      codes = gridCodesInItems();
    }
    return codes;
  }

  // --- grids

  @Test
  void aGridIsCreatedReadReplacedPatchedAndRetiredAsAPublish() {
    long seqBefore = lastSeq();
    // Refused creations write nothing: a malformed code, another village's prefix, a reserved code, an overlap.
    JsonObject bad = error(send("POST", GRIDS, plannerB, null, gridFeature(new JsonObject()
        .put("village_code", LayerData.VILLAGE_B).put("code", "35052110420200X"), GAP)), 422);
    assertThat(bad.getString("error")).isEqualTo("invalid_grid_code");
    assertThat(error(send("POST", GRIDS, plannerB, null, gridFeature(new JsonObject()
        .put("village_code", LayerData.VILLAGE_B).put("code", LayerData.VILLAGE_A + "009"), GAP)), 422)
        .getString("error")).isEqualTo("grid_code_wrong_village");
    JsonObject reserved = error(send("POST", GRIDS, plannerB, null, gridFeature(new JsonObject()
        .put("code", LayerData.GRID_RETIRED), GAP)), 409);
    assertThat(reserved.getString("message")).contains(LayerData.GRID_RETIRED, "taken");
    JsonObject overlap = error(send("POST", GRIDS, plannerB, null, gridFeature(new JsonObject()
        .put("village_code", LayerData.VILLAGE_B), LayerData.box(LayerData.X0 + 0.005, LayerData.Y0,
            LayerData.X0 + 0.008, LayerData.Y0 + 0.002))), 422);
    assertThat(overlap.getString("error")).isEqualTo("validation_failed");
    assertThat(rules(overlap)).contains("grid.overlap");
    assertThat(overlap.getString("message")).contains("overlap");
    assertThat(error(send("POST", GRIDS, plannerB, null, new JsonObject().put("type", "Feature")
        .put("properties", new JsonObject().put("village_code", LayerData.VILLAGE_B).put("residents", 5))
        .put("geometry", new JsonObject(org.gridscape.server.grid.ValidationJson.geometry(GAP).encode()))), 400)
        .getString("error")).isEqualTo("unknown_property");
    assertThat(changes(seqBefore)).as("refused writes leave no change entries").isEmpty();

    // Created: the gap of village B is filled, so the village passes validation and the grid is published.
    HttpResponse<String> created = send("POST", GRIDS, plannerB, null, gridFeature(new JsonObject()
        .put("village_code", LayerData.VILLAGE_B).put("name", "上浦村第三网格"), GAP));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject grid = new JsonObject(created.body());
    String code = grid.getString("id");
    assertThat(code).isEqualTo(LayerData.VILLAGE_B + "003"); // 002 stays reserved by the retired grid
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(GRIDS + "/" + code));
    assertThat(etag(created)).isEqualTo("\"1\"");
    assertThat(grid.getJsonObject("properties").getString("status")).isEqualTo("published");
    assertThat(grid.getJsonObject("properties").getString("name")).isEqualTo("上浦村第三网格");

    // The scene builder publishes the new grid's scene, as after the editor's publish (its dirty mark).
    List<String> scenes = List.of();
    for (int i = 0; i < 150 && scenes.isEmpty(); i++) {
      scenes = rows("SELECT seq FROM change_log WHERE kind = 'scene' AND item_id = ? AND seq > ?",
          Tuple.of(code, seqBefore));
      if (scenes.isEmpty()) {
        sleep(100);
      }
    }
    assertThat(scenes).as("a scene entry for " + code).isNotEmpty();

    HttpResponse<String> read = OgcApiContract.server.get(GRIDS + "/" + code, OgcApiContract.token);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(etag(read)).isEqualTo("\"1\"");
    assertThat(eventuallyInItems(code, true)).contains(code);

    // Replaced (PUT, the whole feature), then a stale and a missing If-Match.
    HttpResponse<String> replaced = send("PUT", GRIDS + "/" + code, plannerB, etag(read), gridFeature(new JsonObject()
        .put("name", "上浦村企业网格").put("kind", "enterprise"), GAP));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(etag(replaced)).isEqualTo("\"2\"");
    assertThat(new JsonObject(replaced.body()).getJsonObject("properties").getString("kind")).isEqualTo("enterprise");
    JsonObject stale = error(send("PUT", GRIDS + "/" + code, plannerB, "\"1\"", gridFeature(new JsonObject()
        .put("name", "x"), GAP)), 412);
    assertThat(stale.getString("message")).contains("version 2");
    assertThat(error(send("PUT", GRIDS + "/" + code, plannerB, null, gridFeature(new JsonObject(), GAP)), 428)
        .getString("error")).isEqualTo("precondition_required");

    // Patched (merge patch): the name only; then an outline that overlaps grid B1 is refused, naming it.
    HttpResponse<String> patched = send("PATCH", GRIDS + "/" + code, plannerB, "\"2\"", new JsonObject()
        .put("properties", new JsonObject().put("name", "上浦村第三网格")));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(etag(patched)).isEqualTo("\"3\"");
    assertThat(new JsonObject(patched.body()).getJsonObject("properties").getString("kind")).isEqualTo("enterprise");
    JsonObject overlapping = error(send("PATCH", GRIDS + "/" + code, plannerB, "\"3\"", new JsonObject()
        .put("geometry", new JsonObject(org.gridscape.server.grid.ValidationJson.geometry(LayerData.box(
            LayerData.X0 + 0.005, LayerData.Y0, LayerData.X0 + 0.008, LayerData.Y0 + 0.002)).encode()))), 422);
    assertThat(rules(overlapping)).contains("grid.overlap");
    assertThat(overlapping.getJsonArray("details").getJsonObject(0).encode()).contains(LayerData.GRID_B1);
    assertThat(error(send("PATCH", GRIDS + "/" + code, plannerB, "\"3\"", new JsonObject()
        .put("properties", new JsonObject().put("status", "retired"))), 422).getString("error"))
        .isEqualTo("read_only_property");
    // The same through a key with the write scope, acting as its user (a planner of village B).
    HttpResponse<String> byKey = withKey("PATCH", GRIDS + "/" + code, writeKey, "\"3\"", new JsonObject()
        .put("properties", new JsonObject().put("name", "上浦村三号网格")));
    assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
    assertThat(etag(byKey)).isEqualTo("\"4\"");

    // Retiring it would open the gap again: refused, naming the gap. Once the village boundary no
    // longer holds it (as a new village plan would redraw it; written here as that plan's publish
    // would), retiring it is what makes the village valid, and it is published.
    JsonObject gap = error(send("DELETE", GRIDS + "/" + code, plannerB, "\"4\"", null), 422);
    assertThat(rules(gap)).contains("coverage.gap");
    setVillageBoundary(LayerData.VILLAGE_B, LayerData.box(LayerData.X0 + 0.004, LayerData.Y0,
        LayerData.X0 + 0.006, LayerData.Y0 + 0.002));
    try {
      assertThat(error(send("DELETE", GRIDS + "/" + code, plannerB, "\"3\"", null), 412).getString("message"))
          .contains("version 4");
      HttpResponse<String> deleted = send("DELETE", GRIDS + "/" + code, plannerB, "\"4\"", null);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    } finally {
      setVillageBoundary(LayerData.VILLAGE_B, LayerData.box(LayerData.X0 + 0.004, LayerData.Y0,
          LayerData.X0 + 0.008, LayerData.Y0 + 0.002));
    }
    assertThat(OgcApiContract.server.get(GRIDS + "/" + code, OgcApiContract.token).statusCode()).isEqualTo(404);
    assertThat(eventuallyInItems(code, false)).doesNotContain(code);
    assertThat(rows("SELECT status, version FROM grid WHERE code = ?", Tuple.of(code))).containsExactly("retired|5");

    // The change feed has each published version of the grid; the audit log every write, refused ones too.
    assertThat(changes(seqBefore)).containsExactly("grid|" + code + "|1", "grid|" + code + "|2", "grid|" + code + "|3", "grid|" + code + "|4",
            "grid|" + code + "|5");
    List<String> expected = List.of("POST|/ogc/collections/grids/items|201|p4-planner-b",
        "POST|/ogc/collections/grids/items|409|p4-planner-b",
        "PUT|/ogc/collections/grids/items/" + code + "|412|p4-planner-b",
        "PATCH|/ogc/collections/grids/items/" + code + "|200|p4-city",
        "DELETE|/ogc/collections/grids/items/" + code + "|204|p4-planner-b");
    assertThat(audited("/ogc/collections/grids/items", expected)).containsAll(expected);
    // History rows as for the editor's publish: one per published version.
    assertThat(rows("SELECT version FROM grid_history WHERE code = ? ORDER BY version", Tuple.of(code)))
        .containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void gridWritesNeedAPlannerOfTheAreaAndAKeyWithTheWriteScope() {
    JsonObject rename = new JsonObject().put("properties", new JsonObject().put("name", "改名"));
    String a1 = GRIDS + "/" + LayerData.GRID_A1;
    assertThat(error(send("PATCH", a1, workerA, "\"1\"", rename), 403).getString("message")).contains("planner");
    assertThat(error(send("PATCH", a1, plannerB, "\"1\"", rename), 403).getString("message"))
        .contains("outside your assigned areas");
    assertThat(error(send("POST", GRIDS, workerA, null, gridFeature(new JsonObject()
        .put("village_code", LayerData.VILLAGE_A), GAP)), 403).getString("error")).isEqualTo("forbidden");
    // A key that reads every layer does not write: writing needs the explicit scope.
    assertThat(error(withKey("PATCH", a1, readKey, "\"1\"", rename), 403).getString("message"))
        .contains("grids:write");
    // The write scope is not a role: the key's user plans village B only.
    assertThat(error(withKey("PATCH", a1, writeKey, "\"1\"", rename), 403).getString("message"))
        .contains("outside your assigned areas");
    assertThat(error(send("PATCH", GRIDS + "/" + LayerData.VILLAGE_A + "099", OgcApiContract.token, "\"1\"",
        rename), 404).getString("error")).isEqualTo("not_found");
    HttpResponse<String> readOnly = send("POST", "/ogc/collections/buildings/items", OgcApiContract.token, null,
        gridFeature(new JsonObject(), GAP));
    assertThat(error(readOnly, 405).getString("message")).contains("read only");
    assertThat(rows("SELECT name, version FROM grid WHERE code = ?", Tuple.of(LayerData.GRID_A1)))
        .containsExactly("洛阳村第一网格|1");
    String a1Path = "|/ogc/collections/grids/items/" + LayerData.GRID_A1 + "|403|";
    List<String> refused = List.of("PATCH" + a1Path + "p4-worker-a", "PATCH" + a1Path + "p4-planner-b",
        "PATCH" + a1Path + "p4-city");
    assertThat(audited("/ogc/collections/grids/items/" + LayerData.GRID_A1, refused)).containsAll(refused)
        .allSatisfy(row -> assertThat(row).contains("|403|"));
  }

  // --- events

  @Test
  void anEventIsReportedAndMovedThroughTheWorkflowButNeverDeleted() {
    long seqBefore = lastSeq();
    JsonObject report = new JsonObject().put("type", "Feature")
        .put("geometry", new JsonObject().put("type", "Point").put("coordinates", new JsonArray()
            .add(LayerData.X0 + 0.0012).add(LayerData.Y0 + 0.0012)))
        .put("properties", new JsonObject().put("category", "sanitation").put("level", "simple")
            .put("description", "李四家门口垃圾 13900000000").put("reporter_name", "李四"));
    assertThat(error(send("POST", EVENTS, plannerB, null, report), 403).getString("error")).isEqualTo("forbidden");
    HttpResponse<String> created = send("POST", EVENTS, workerA, null, report);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("李四", "13900000000", "p4-worker-a");
    JsonObject event = new JsonObject(created.body());
    String id = event.getString("id");
    String item = EVENTS + "/" + id;
    assertThat(event.getJsonObject("properties").getString("step")).isEqualTo("patrol");
    assertThat(event.getJsonObject("properties").getString("grid_code")).isEqualTo(LayerData.GRID_A1);
    assertThat(etag(created)).isEqualTo("\"1\"");
    HttpResponse<String> read = OgcApiContract.server.get(item, OgcApiContract.token);
    assertThat(etag(read)).isEqualTo("\"1\"");
    assertThat(read.body()).doesNotContain("李四", "13900000000");

    // The next step is the workflow's collect; a jump to closed is not a transition it has.
    HttpResponse<String> collected = send("PATCH", item, workerA, "\"1\"", new JsonObject()
        .put("properties", new JsonObject().put("step", "collection").put("note", "到场核实")));
    assertThat(collected.statusCode()).as(collected.body()).isEqualTo(200);
    assertThat(etag(collected)).isEqualTo("\"2\"");
    assertThat(collected.body()).doesNotContain("到场核实");
    JsonObject illegal = error(send("PATCH", item, workerA, "\"2\"", new JsonObject()
        .put("properties", new JsonObject().put("step", "closed"))), 409);
    assertThat(illegal.getString("error")).isEqualTo("illegal_transition");
    assertThat(illegal.getString("message")).contains("discovery");
    assertThat(error(send("PATCH", item, workerA, "\"1\"", new JsonObject()
        .put("properties", new JsonObject().put("step", "discovery"))), 412).getString("message")).contains("version 2");
    assertThat(error(send("PATCH", item, workerA, null, new JsonObject()
        .put("properties", new JsonObject().put("step", "discovery"))), 428).getString("error"))
        .isEqualTo("precondition_required");
    // 督办 is the leader's, and one action per request.
    assertThat(error(send("PATCH", item, workerA, "\"2\"", new JsonObject()
        .put("properties", new JsonObject().put("supervised", true))), 403).getString("message")).contains("leaders");
    assertThat(error(send("PATCH", item, leaderA, "\"2\"", new JsonObject()
        .put("properties", new JsonObject().put("supervised", true).put("step", "discovery"))), 422)
        .getString("error")).isEqualTo("one_action_per_request");
    HttpResponse<String> supervised = send("PATCH", item, leaderA, "\"2\"", new JsonObject()
        .put("properties", new JsonObject().put("supervised", true)));
    assertThat(supervised.statusCode()).as(supervised.body()).isEqualTo(200);
    assertThat(new JsonObject(supervised.body()).getJsonObject("properties").getBoolean("supervised")).isTrue();
    assertThat(error(send("PATCH", item, leaderA, "\"3\"", new JsonObject()
        .put("properties", new JsonObject().put("category", "fire_hazard"))), 422).getString("error"))
        .isEqualTo("read_only_property");

    // Never replaced or deleted: the loop's figures count every report.
    HttpResponse<String> delete = send("DELETE", item, OgcApiContract.token, "\"3\"", null);
    assertThat(error(delete, 405).getString("message")).contains("never");
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, PATCH");
    assertThat(send("PUT", item, OgcApiContract.token, "\"3\"", report).statusCode()).isEqualTo(405);

    assertThat(rows("SELECT step, supervised, description, reporter_name FROM event WHERE id = ?", Tuple.of(id)))
        .containsExactly("collection|true|李四家门口垃圾 13900000000|李四");
    assertThat(rows("SELECT action FROM event_step WHERE event_id = ? ORDER BY id", Tuple.of(id)))
        .containsExactly("report", "collect", "supervise");
    assertThat(changes(seqBefore)).containsExactly("event|" + id + "|1", "event|" + id + "|2", "event|" + id + "|3");
    List<String> expected = List.of("POST|/ogc/collections/events/items|201|p4-worker-a",
        "PATCH|" + item + "|409|p4-worker-a",
        "PATCH|" + item + "|200|p4-leader-a",
        "DELETE|" + item + "|405|admin");
    assertThat(audited("/ogc/collections/events/items", expected)).containsAll(expected);
  }

  // --- what the API says of itself

  @Test
  void conformanceAndTheApiDefinitionDeclareTheWrites() {
    JsonArray classes = OgcApiContract.json("/ogc/conformance", "application/json").getJsonArray("conformsTo");
    assertThat(classes.getList()).contains(
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features");
    JsonObject paths = OgcApiContract.json("/ogc/api", "application/vnd.oai.openapi+json").getJsonObject("paths");
    JsonObject items = paths.getJsonObject("/collections/{collectionId}/items");
    JsonObject item = paths.getJsonObject("/collections/{collectionId}/items/{featureId}");
    assertThat(items.fieldNames()).contains("get", "post");
    assertThat(item.fieldNames()).contains("get", "put", "patch", "delete");
    assertThat(item.getJsonObject("patch").getJsonObject("responses").fieldNames()).contains("200", "412", "428");
    assertThat(item.getJsonObject("delete").encode()).contains("grids").doesNotContain("\"events\"");
  }

  // --- helpers on the database

  static long lastSeq() {
    return Long.parseLong(rows("SELECT last_seq FROM change_head WHERE id = 1", Tuple.tuple()).get(0));
  }

  /** Grid, draft and event entries after a sequence number (scene entries come from the builder, in its time). */
  static List<String> changes(long after) {
    return rows("SELECT kind, item_id, version FROM change_log WHERE seq > ? AND kind IN ('grid', 'draft', 'event') "
        + "ORDER BY seq", Tuple.of(after));
  }

  static void setVillageBoundary(String village, Geometry boundary) {
    Object[] env = Geometries.envelope(boundary);
    LayerData.await(OgcApiContract.db.query("UPDATE region SET geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ? "
        + "WHERE code = ?", Tuple.of(Geometries.toWkb(boundary), env[0], env[1], env[2], env[3], village)));
  }
}
