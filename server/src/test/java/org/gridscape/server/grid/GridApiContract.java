package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The grid API end to end over HTTP: regions, plan and grid imports, code rules, optimistic
 * concurrency, retirement, validation and publishing. Run on H2 and on PostgreSQL by subclasses.
 */
abstract class GridApiContract {

  // Each test works in a village of its own (grid codes are never reused, so tests must not share one).
  // A village is 400 m x 300 m near 118.70E 24.96N, split by a north-south road; village n lies 0.01 deg east of n-1.
  static final String OTHER_VILLAGE = "350521104299";
  static final double Y0 = 24.960, Y1 = 24.9627;
  static final int VILLAGES = 11; // 7 and 8: DraftReviewContract; 9: the overview; 10: grid workers
  String VILLAGE;
  double X0, X1, X2;

  void use(int n) {
    VILLAGE = village(n);
    X0 = x0(n);
    X1 = X0 + 0.002;
    X2 = X0 + 0.004;
  }

  static String village(int n) {
    return "3505211042" + String.format("%02d", n + 1);
  }

  static double x0(int n) {
    return 118.699 + 0.01 * n;
  }

  private static TestServer server;
  private static String admin;
  private static String planner;

  static void startOn(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    admin = server.adminToken();
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "planner1")
        .put("password", "planner-password").put("roles", new JsonArray().add("planner"))
        .put("scopes", new JsonArray().add("350521104000"))).statusCode()).isEqualTo(201);
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "planner2")
        .put("password", "planner-password").put("roles", new JsonArray().add("planner"))).statusCode()).isEqualTo(201);
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "farplanner")
        .put("password", "planner-password").put("roles", new JsonArray().add("planner"))
        .put("scopes", new JsonArray().add("350521106000"))).statusCode()).isEqualTo(201);
    planner = server.login("planner1", "planner-password");
    HttpResponse<String> regions = post("/api/v1/imports/regions", admin, "application/geo+json", regionsJson());
    assertThat(regions.statusCode()).as(regions.body()).isEqualTo(201);
    for (int n = 0; n < VILLAGES; n++) {
      GridApiContract t = new GridApiContract() {};
      t.use(n);
      HttpResponse<String> plan = post("/api/v1/imports/village-plan?village=" + t.VILLAGE, planner,
          "application/geo+json", t.planJson());
      assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
      assertThat(new JsonObject(plan.body()).getJsonObject("counts").getInteger("buildings")).isEqualTo(2);
    }
  }

  /** The shared server and the scoped planner's token, for the contracts mixed into the subclasses. */
  static TestServer server() {
    return server;
  }

  static String plannerToken() {
    return planner;
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<String> post(String path, String token, String type, String body) {
    return server.send("POST", path, token, type, body);
  }

  static String ring(double x0, double y0, double x1, double y1) {
    return "[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],[" + x0 + "," + y1 + "],["
        + x0 + "," + y0 + "]]]";
  }

  static String feature(String props, String coordinates) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + coordinates + "}}";
  }

  static String regionsJson() {
    StringBuilder villages = new StringBuilder();
    for (int n = 0; n < VILLAGES; n++) {
      villages.append(feature("{\"code\":\"" + village(n) + "\",\"name\":\"村" + n + "\",\"level\":\"village\","
          + "\"parent\":\"350521104W01\"}", ring(x0(n), Y0, x0(n) + 0.004, Y1))).append(',');
    }
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"350521000000\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1)) + ","
        + feature("{\"code\":\"350521104000\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\"350521000000\"}",
            ring(118.6, 24.9, 118.8, 25.0)) + ","
        + feature("{\"code\":\"350521104W01\",\"name\":\"第一工作片\",\"level\":\"workarea\",\"parent\":\"350521104000\"}",
            ring(118.6, 24.9, 118.8, 25.0)) + ","
        + villages
        + feature("{\"code\":\"" + OTHER_VILLAGE + "\",\"name\":\"上浦村\",\"level\":\"village\",\"parent\":\"350521104W01\"}",
            ring(118.75, Y0, 118.754, Y1))
        + "]}";
  }

  String planJson() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"layer\":\"boundary\"}", ring(X0, Y0, X2, Y1)) + ","
        + "{\"type\":\"Feature\",\"properties\":{\"layer\":\"road\",\"name\":\"中街\"},\"geometry\":{\"type\":\"LineString\","
        + "\"coordinates\":[[" + X1 + "," + Y0 + "],[" + X1 + "," + Y1 + "]]}},"
        + feature("{\"layer\":\"building\",\"id\":\"B" + VILLAGE + "-1\",\"层数\":3}", ring(X0 + 0.0005, 24.9610, X0 + 0.0006, 24.9611)) + ","
        + feature("{\"layer\":\"building\",\"id\":\"B" + VILLAGE + "-2\",\"floors\":5}", ring(X1 + 0.0005, 24.9610, X1 + 0.0006, 24.9611))
        + "]}";
  }

  String gridsJson(String westCode, String eastCode) {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{" + (westCode == null ? "" : "\"code\":\"" + westCode + "\",") + "\"name\":\"西片\",\"kind\":\"standard\"}",
            ring(X0, Y0, X1, Y1)) + ","
        + feature("{" + (eastCode == null ? "" : "\"code\":\"" + eastCode + "\",") + "\"name\":\"东片\",\"kind\":\"安置小区\"}",
            ring(X1, Y0, X2, Y1))
        + "]}";
  }

  private int count(String path) {
    HttpResponse<String> r = server.get(path, admin);
    return new JsonObject(r.body()).getJsonArray("features").size();
  }

  @Test
  void importAssignsCodesWestToEastAndValidates() {
    use(0);
    HttpResponse<String> r = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json",
        gridsJson(null, null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonArray("assignedCodes")).containsExactly(VILLAGE + "001", VILLAGE + "002");
    JsonObject validation = body.getJsonObject("validation");
    assertThat(validation.getBoolean("ok")).as(validation.encodePrettily()).isTrue();
    assertThat(validation.getJsonObject("metrics").getInteger("gridCount")).isEqualTo(2);

    assertThat(server.get("/api/v1/grids/" + VILLAGE + "001", planner).statusCode()).as("a draft is not published")
        .isEqualTo(404);
    JsonObject west = new JsonObject(server.get("/api/v1/grids/" + VILLAGE + "001?revision=draft", planner).body());
    assertThat(west.getJsonObject("properties").getString("name")).isEqualTo("西片");
    assertThat(west.getJsonObject("properties").getString("status")).isEqualTo("draft");
    JsonObject east = new JsonObject(server.get("/api/v1/grids/" + VILLAGE + "002?revision=draft", planner).body());
    assertThat(east.getJsonObject("properties").getString("kind")).isEqualTo("resettlement");

    HttpResponse<String> v = server.get("/api/v1/villages/" + VILLAGE + "/validation", planner);
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(v.body()).getBoolean("ok")).isTrue();

    HttpResponse<String> publish = post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null);
    assertThat(publish.statusCode()).as(publish.body()).isEqualTo(200);
    JsonObject published = new JsonObject(server.get("/api/v1/grids/" + VILLAGE + "001", planner).body());
    assertThat(published.getJsonObject("properties").getString("status")).isEqualTo("published");
    assertThat(new JsonObject(server.get("/api/v1/villages/" + VILLAGE + "/draft", planner).body()).getBoolean("exists"))
        .isFalse();
  }

  @Test
  void codeRules() {
    use(1);
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    // a code whose prefix is another village's
    HttpResponse<String> foreign = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json",
        gridsJson(OTHER_VILLAGE + "001", null));
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(422);
    assertThat(foreign.body()).contains(OTHER_VILLAGE + "001");
    // malformed
    HttpResponse<String> malformed = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json",
        gridsJson("35052110420100X", null));
    assertThat(malformed.statusCode()).isEqualTo(422);
    // a single new grid with a code that exists: 409 naming the code (database constraint)
    HttpResponse<String> dup = post("/api/v1/grids", planner, "application/json",
        feature("{\"code\":\"" + VILLAGE + "001\",\"name\":\"x\"}", ring(X0, Y0, X1, Y1)));
    assertThat(dup.statusCode()).as(dup.body()).isEqualTo(409);
    assertThat(dup.body()).contains(VILLAGE + "001");
    HttpResponse<String> wrongPrefix = post("/api/v1/grids", planner, "application/json",
        feature("{\"village\":\"" + VILLAGE + "\",\"code\":\"" + OTHER_VILLAGE + "009\"}", ring(X0, Y0, X1, Y1)));
    assertThat(wrongPrefix.statusCode()).as(wrongPrefix.body()).isEqualTo(422);
  }

  @Test
  void twoPlannersSavingTheSameGridSecondGets412() {
    use(2);
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    assertThat(post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null).statusCode()).isEqualTo(200);
    String code = VILLAGE + "001";
    HttpResponse<String> current = server.get("/api/v1/grids/" + code, planner);
    String etag = current.headers().firstValue("ETag").orElseThrow();
    String other = server.login("planner2", "planner-password");

    String edit = feature("{\"name\":\"西片(改)\"}", ring(X0, Y0, X1, Y1));
    HttpResponse<String> first = server.send(server.request("/api/v1/grids/" + code, planner)
        .header("If-Match", etag).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(edit)).build());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> second = server.send(server.request("/api/v1/grids/" + code, other)
        .header("If-Match", etag).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(feature("{\"name\":\"别的名字\"}", ring(X0, Y0, X1, Y1)))).build());
    assertThat(second.statusCode()).as(second.body()).isEqualTo(412);
    assertThat(new JsonObject(server.get("/api/v1/grids/" + code + "?revision=draft", planner).body())
        .getJsonObject("properties").getString("name")).isEqualTo("西片(改)");
    assertThat(new JsonObject(server.get("/api/v1/grids/" + code, planner).body()).getJsonObject("properties")
        .getString("name")).as("the published grid keeps its name until publish").isEqualTo("西片");
    HttpResponse<String> noIfMatch = server.send(server.request("/api/v1/grids/" + code, other)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(edit)).build());
    assertThat(noIfMatch.statusCode()).isEqualTo(428);
  }

  @Test
  void retiringKeepsTheCodeReserved() {
    use(3);
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    assertThat(post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null).statusCode()).isEqualTo(200);
    String code = VILLAGE + "002";
    HttpResponse<String> deleted = server.send(server.request("/api/v1/grids/" + code, planner).DELETE().build());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(new JsonObject(deleted.body()).getJsonObject("properties").getString("status")).isEqualTo("retired");
    assertThat(count("/api/v1/grids?village=" + VILLAGE + "&revision=draft")).isEqualTo(1);
    assertThat(count("/api/v1/grids?village=" + VILLAGE)).as("published until publish").isEqualTo(2);
    // the west grid takes the whole village, so the draft has no gap and can be published
    HttpResponse<String> whole = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json",
        "{\"type\":\"FeatureCollection\",\"features\":[" + feature("{\"code\":\"" + VILLAGE + "001\",\"name\":\"全村\"}",
            ring(X0, Y0, X2, Y1)) + "]}");
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(201);
    HttpResponse<String> publish = post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null);
    assertThat(publish.statusCode()).as(publish.body()).isEqualTo(200);
    assertThat(count("/api/v1/grids?village=" + VILLAGE)).isEqualTo(1);
    assertThat(new JsonObject(server.get("/api/v1/grids/" + code, planner).body()).getJsonObject("properties")
        .getString("status")).isEqualTo("retired");
    // the retired code cannot come back, neither by import nor by a single create
    HttpResponse<String> reuse = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json",
        gridsJson(VILLAGE + "001", code));
    assertThat(reuse.statusCode()).as(reuse.body()).isEqualTo(422);
    HttpResponse<String> create = post("/api/v1/grids", planner, "application/json",
        feature("{\"code\":\"" + code + "\"}", ring(X1, Y0, X2, Y1)));
    assertThat(create.statusCode()).isEqualTo(409);
    // a new grid without a code gets a fresh sequence, never the retired one
    HttpResponse<String> fresh = post("/api/v1/grids", planner, "application/json",
        feature("{\"village\":\"" + VILLAGE + "\",\"name\":\"新\"}", ring(X1, Y0, X2, Y1)));
    assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(201);
    assertThat(new JsonObject(fresh.body()).getString("id")).isEqualTo(VILLAGE + "003");
    HttpResponse<String> history = server.get("/api/v1/grids/" + code + "/history", planner);
    assertThat(history.body()).contains("retired");
  }

  @Test
  void badImportsChangeNothing() {
    use(4);
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    String before = server.get("/api/v1/grids?village=" + VILLAGE + "&includeRetired=true", planner).body();
    String planBefore = server.get("/api/v1/villages/" + VILLAGE + "/validation", planner).body();

    assertThat(post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", "{not json")
        .statusCode()).isEqualTo(400);
    String multi = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        + "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[" + ring(X0, Y0, X1, Y1) + "," + ring(X1, Y0, X2, Y1)
        + "]}}]}";
    HttpResponse<String> multiPart = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", multi);
    assertThat(multiPart.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(multiPart.body()).getJsonArray("details").getJsonObject(0).getInteger("featureIndex"))
        .isEqualTo(0);
    String bowtie = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"layer\":\"boundary\"},"
        + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + X0 + "," + Y0 + "],[" + X2 + "," + Y1 + "],[" + X2 + ","
        + Y0 + "],[" + X0 + "," + Y1 + "],[" + X0 + "," + Y0 + "]]]}}]}";
    assertThat(post("/api/v1/imports/village-plan?village=" + VILLAGE, planner, "application/geo+json", bowtie)
        .statusCode()).isEqualTo(422);
    assertThat(post("/api/v1/imports/village-plan?village=" + VILLAGE + "&crs=EPSG:9999999", planner,
        "application/geo+json", planJson()).statusCode()).isEqualTo(422);
    assertThat(post("/api/v1/imports/village-plan?village=" + VILLAGE, planner, "application/zip", "PK-not-a-zip")
        .statusCode()).isEqualTo(400);

    assertThat(server.get("/api/v1/grids?village=" + VILLAGE + "&includeRetired=true", planner).body()).isEqualTo(before);
    assertThat(server.get("/api/v1/villages/" + VILLAGE + "/validation", planner).body()).isEqualTo(planBefore);
  }

  @Test
  void scopesAndRoles() {
    use(5);
    String far = server.login("farplanner", "planner-password");
    assertThat(post("/api/v1/imports/grids?village=" + VILLAGE, far, "application/geo+json", gridsJson(null, null))
        .statusCode()).isEqualTo(403);
    assertThat(post("/api/v1/imports/regions", planner, "application/geo+json", regionsJson()).statusCode()).isEqualTo(403);
    assertThat(post("/api/v1/imports/grids?village=999999999999", planner, "application/geo+json", gridsJson(null, null))
        .statusCode()).isIn(403, 404);
    assertThat(server.get("/api/v1/regions/" + VILLAGE + "/children", planner).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/regions/350521104000/children", planner).body()).contains("350521104W01");
  }

  @Test
  void overlappingGridsBlockPublishing() {
    use(6);
    String overlapping = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"name\":\"a\"}", ring(X0, Y0, X1 + 0.0005, Y1)) + ","
        + feature("{\"name\":\"b\"}", ring(X1, Y0, X2, Y1)) + "]}";
    HttpResponse<String> r = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", overlapping);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject validation = new JsonObject(r.body()).getJsonObject("validation");
    assertThat(validation.getBoolean("ok")).isFalse();
    assertThat(validation.getJsonArray("errors").encode()).contains("overlap").contains("\"geometry\"");
    HttpResponse<String> publish = post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null);
    assertThat(publish.statusCode()).isEqualTo(422);
  }

  /**
   * A published grid's workers for the editor's side panel: names and types (no phones), the Party
   * branch, the village's workers to choose from; assigning them is audited and in the change feed,
   * and refused for a draft-only grid, unknown ids and another village's workers without writing.
   */
  @Test
  void gridWorkersAreReadAndAssignedOnPublishedGrids() {
    use(10);
    String west = VILLAGE + "001";
    String east = VILLAGE + "002";
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    HttpResponse<String> draftOnly = server.get("/api/v1/grids/" + west + "/workers", planner);
    assertThat(draftOnly.statusCode()).as(draftOnly.body()).isEqualTo(409);
    assertThat(draftOnly.body()).contains(west, "draft");
    assertThat(post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null).statusCode()).isEqualTo(200);

    // Three workers of this village (one already in the west grid), one of another village; a grid branch.
    String[][] workers = {{"W9C", "郑甲", "comprehensive", "17099990001", VILLAGE, west},
        {"W9P", "郑乙", "police", "17099990002", VILLAGE, east}, {"W9M", "郑丙", "community", "17099990003", VILLAGE, null},
        {"W9X", "郑丁", "community", "17099990004", OTHER_VILLAGE, null}};
    JsonArray rows = new JsonArray();
    for (String[] w : workers) {
      rows.add(new JsonObject().put("worker_id", w[0]).put("name", w[1]).put("type", w[2]).put("phone", w[3])
          .put("village_code", w[4]).put("grid_codes", w[5] == null ? new JsonArray() : new JsonArray().add(w[5])));
    }
    HttpResponse<String> imported = post("/api/v1/imports/workers", admin, "application/json", rows.encode());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    String branch = "网格党支部" + west.substring(12);
    HttpResponse<String> orgs = post("/api/v1/imports/party-orgs", admin, "application/json", new JsonArray()
        .add(new JsonObject().put("org_id", "PB9").put("kind", "grid_branch").put("name", branch)
            .put("region_code", west)).encode());
    assertThat(orgs.statusCode()).as(orgs.body()).isEqualTo(200);

    HttpResponse<String> read = server.get("/api/v1/grids/" + west + "/workers", planner);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject before = new JsonObject(read.body());
    assertThat(before.getString("village")).isEqualTo(VILLAGE);
    assertThat(before.getJsonArray("workers")).containsExactly(
        new JsonObject().put("id", workers[0][0]).put("type", workers[0][2]).put("name", workers[0][1]));
    assertThat(before.getJsonArray("partyBranches")).containsExactly(new JsonObject().put("id", "PB9").put("name", branch));
    // the village's workers ordered by type, then id; the other village's left out
    assertThat(before.getJsonArray("villageWorkers").stream().map(JsonObject.class::cast).map(w -> w.getString("id")))
        .containsExactlyElementsOf(java.util.Arrays.stream(workers).filter(w -> w[4].equals(VILLAGE))
            .sorted(java.util.Comparator.comparing((String[] w) -> w[2]).thenComparing(w -> w[0])).map(w -> w[0]).toList());
    for (String[] w : workers) {
      assertThat(read.body()).as("no phone").doesNotContain(w[3]);
    }
    // names read in full: audited as a full read of personal data
    assertThat(new JsonObject(server.get("/api/v1/audit?action=personal_data.read_full", admin).body())
        .getJsonArray("entries").stream().map(JsonObject.class::cast).map(e -> e.getString("target")))
        .contains("grid-workers:" + west);

    long head = changeHead();
    // The west grid's workers become the police and community workers; the comprehensive one leaves it.
    HttpResponse<String> put = server.send("PUT", "/api/v1/grids/" + west + "/workers", planner, "application/json",
        new JsonObject().put("workers", new JsonArray().add("W9P").add("W9M")).encode());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(new JsonObject(put.body()).getJsonArray("workers").stream().map(JsonObject.class::cast)
        .map(w -> w.getString("id"))).containsExactly("W9M", "W9P");
    // the police worker keeps the east grid
    assertThat(new JsonObject(server.get("/api/v1/grids/" + east + "/workers", planner).body()).getJsonArray("workers")
        .stream().map(JsonObject.class::cast).map(w -> w.getString("id"))).containsExactly("W9P");
    JsonArray changes = new JsonObject(server.get("/api/v1/changes?limit=1000&since=" + head, admin).body())
        .getJsonArray("changes");
    assertThat(changes.stream().map(JsonObject.class::cast).filter(c -> c.getString("kind").equals("layer"))
        .map(c -> c.getString("id") + "@" + c.getString("region"))).containsExactly("workers@" + west);
    JsonArray audit = new JsonObject(server.get("/api/v1/audit?action=grid.workers", admin).body()).getJsonArray("entries");
    assertThat(audit.stream().map(JsonObject.class::cast).filter(e -> ("grid:" + west).equals(e.getString("target"))))
        .singleElement().satisfies(e -> assertThat(e.getString("detail")).isEqualTo("assigned=[W9P, W9M] unassigned=[W9C]"));

    // Refusals name what was wrong and change nothing.
    String after = server.get("/api/v1/grids/" + west + "/workers", planner).body();
    HttpResponse<String> unknown = server.send("PUT", "/api/v1/grids/" + west + "/workers", planner, "application/json",
        "{\"workers\":[\"W9P\",\"W9NOBODY\"]}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonArray("details")).containsExactly(new JsonObject().put("worker", "W9NOBODY"));
    HttpResponse<String> foreign = server.send("PUT", "/api/v1/grids/" + west + "/workers", planner, "application/json",
        "{\"workers\":[\"W9X\"]}");
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(422);
    assertThat(foreign.body()).contains("W9X");
    assertThat(server.send("PUT", "/api/v1/grids/" + west + "/workers", planner, "application/json", "{}").statusCode())
        .isEqualTo(400);
    String far = server.login("farplanner", "planner-password");
    assertThat(server.get("/api/v1/grids/" + west + "/workers", far).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/grids/" + VILLAGE + "009/workers", planner).statusCode()).isEqualTo(404);
    assertThat(server.get("/api/v1/grids/" + west + "/workers", planner).body()).isEqualTo(after);
  }

  private static long changeHead() {
    long head = 0;
    while (true) {
      long next = new JsonObject(server.get("/api/v1/changes?limit=1000&since=" + head, admin).body()).getLong("next");
      if (next == head) {
        return head;
      }
      head = next;
    }
  }

  /** The editor's district view: every village's state in one call, moving with imports and publishing. */
  @Test
  void villageOverviewFollowsDraftsAndPublishing() {
    use(9);
    assertThat(server.get("/api/v1/villages", null).statusCode()).isEqualTo(401);
    // the plan import (at start) opened the village's draft: a draft without grids
    JsonObject before = overview(VILLAGE);
    assertThat(before.getString("state")).isEqualTo("draft");
    assertThat(before.getInteger("draftGrids")).isZero();
    assertThat(before.getInteger("grids")).isZero();
    assertThat(before.getString("name")).isEqualTo("村9");
    assertThat(before.getString("parent")).isEqualTo("350521104W01");
    // no plan, no grids, no draft
    assertThat(overview(OTHER_VILLAGE).getString("state")).isEqualTo("none");
    assertThat(overview(OTHER_VILLAGE).containsKey("draftGrids")).isFalse();

    // a draft with an overlap: open, with its errors counted
    String overlapping = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"name\":\"a\"}", ring(X0, Y0, X1 + 0.0005, Y1)) + ","
        + feature("{\"name\":\"b\"}", ring(X1, Y0, X2, Y1)) + "]}";
    HttpResponse<String> bad = post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", overlapping);
    int errors = new JsonObject(bad.body()).getJsonObject("validation").getJsonArray("errors").size();
    assertThat(errors).isPositive();
    JsonObject draft = overview(VILLAGE);
    assertThat(draft.getString("state")).isEqualTo("draft");
    assertThat(draft.getInteger("draftGrids")).isEqualTo(2);
    assertThat(draft.getInteger("draftErrors")).isEqualTo(errors);
    assertThat(draft.getString("draftUpdatedBy")).isEqualTo("planner1");
    assertThat(draft.getInteger("grids")).as("nothing published yet").isZero();

    // a clean draft, published: the village is published with its two grids and no draft
    post("/api/v1/imports/grids?village=" + VILLAGE, planner, "application/geo+json", gridsJson(null, null));
    assertThat(overview(VILLAGE).getInteger("draftErrors")).isZero();
    assertThat(post("/api/v1/villages/" + VILLAGE + "/publish", planner, null, null).statusCode()).isEqualTo(200);
    JsonObject published = overview(VILLAGE);
    assertThat(published.getString("state")).isEqualTo("published");
    assertThat(published.getInteger("grids")).isEqualTo(2);
    assertThat(published.containsKey("draftGrids")).isFalse();

    JsonObject body = new JsonObject(server.get("/api/v1/villages", planner).body());
    JsonObject feature = body.getJsonArray("features").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("id").equals(VILLAGE)).findFirst().orElseThrow();
    assertThat(feature.getJsonObject("geometry").getString("type")).isEqualTo("Polygon");
    assertThat(feature.getJsonArray("bbox").getDouble(0)).isCloseTo(X0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(body.getJsonArray("regions").stream().map(JsonObject.class::cast).map(r -> r.getString("code")))
        .contains("350521104000", "350521104W01").doesNotContain(VILLAGE);
  }

  private static JsonObject overview(String village) {
    HttpResponse<String> r = server.get("/api/v1/villages", planner);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("features").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("id").equals(village)).findFirst().orElseThrow().getJsonObject("properties");
  }
}
