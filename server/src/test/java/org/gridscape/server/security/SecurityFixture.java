package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.testing.TestServer;

/**
 * A small district loaded through the public API as an administrator would: township 洛阳镇
 * (350521104000) with village A (350521104201, grids A1 west and A2 east, buildings B1 and B2) and
 * township 东园镇 (350521105000) with village C (350521105201, grid C1, building C1B); households,
 * residents with names, ID numbers and phones; one user of every role; an API key; scenes built.
 */
final class SecurityFixture {

  static final String DISTRICT = "350521000000";
  static final String TOWNSHIP = "350521104000";
  static final String VILLAGE_A = "350521104201";
  static final String GRID_A1 = VILLAGE_A + "001";
  static final String GRID_A2 = VILLAGE_A + "002";
  static final String VILLAGE_C = "350521105201";
  static final String GRID_C1 = VILLAGE_C + "001";
  static final String PASSWORD = "security-Test-2026";

  /** Roles of the matrix, in the order of its columns; "none" sends no credentials. */
  static final List<String> CALLERS = List.of("admin", "planner", "leader", "department", "gridworker", "apiclient",
      "none");

  static final String RESIDENTS = """
      resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags
      R1,H1,欧阳明辉,350521198001011234,13812345678,male,1980,head,
      R2,H1,司马秀英,350521198203021246,13912345679,female,1982,spouse,dibao
      R3,H2,诸葛建国,350521197001011231,13412345674,male,1970,head,elderly_alone
      """;
  static final List<String> PERSONAL = List.of("欧阳明辉", "司马秀英", "诸葛建国", "350521198001011234",
      "350521198203021246", "350521197001011231", "13812345678", "13912345679", "13412345674");

  final TestServer server;
  final String admin;
  final Map<String, String> tokens = new HashMap<>();
  String apiKey;

  SecurityFixture(TestServer server) {
    this.server = server;
    this.admin = server.adminToken();
    tokens.put("admin", admin);
  }

  /** Geography, grids published, people, users of every role, an API key. */
  SecurityFixture loadAll() {
    loadGeography();
    loadPeople();
    users();
    return this;
  }

  void loadGeography() {
    post("/api/v1/imports/regions", "application/geo+json", regions(), 201);
    post("/api/v1/imports/village-plan?village=" + VILLAGE_A, "application/geo+json",
        plan(118.700, 118.702, 118.704, "B1", "B2"), 201);
    post("/api/v1/imports/grids?village=" + VILLAGE_A, "application/geo+json",
        grids(VILLAGE_A, 118.700, 118.702, 118.704), 201);
    post("/api/v1/villages/" + VILLAGE_A + "/publish", null, null, 200);
    post("/api/v1/imports/village-plan?village=" + VILLAGE_C, "application/geo+json",
        plan(118.850, 118.852, 118.854, "C1B", "C2B"), 201);
    post("/api/v1/imports/grids?village=" + VILLAGE_C, "application/geo+json",
        grids(VILLAGE_C, 118.850, 118.852, 118.854), 201);
    post("/api/v1/villages/" + VILLAGE_C + "/publish", null, null, 200);
  }

  void loadPeople() {
    post("/api/v1/imports/households", "text/csv", "household_id,building_id,size\nH1,B1,2\nH2,B2,1\n", 200);
    post("/api/v1/imports/residents", "text/csv", RESIDENTS, 200);
  }

  void users() {
    user("planner", "planner", TOWNSHIP);
    user("leader", "leader");
    user("department", "department");
    user("gridworker", "gridworker", GRID_A1);
    user("apiclient", "apiclient");
    HttpResponse<String> sectors = server.send("PUT", "/api/v1/departments/department/sectors", admin,
        "application/json", new JsonObject().put("categories", new JsonArray().add("fire_hazard")).encode());
    assertThat(sectors.statusCode()).as(sectors.body()).isEqualTo(200);
    HttpResponse<String> key = server.postJson("/api/v1/api-keys", admin, new JsonObject().put("username", "apiclient")
        .put("layers", new JsonArray().add("*")).put("ratePerMinute", 100_000));
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    apiKey = new JsonObject(key.body()).getString("apiKey");
    for (String name : List.of("planner", "leader", "department", "gridworker")) {
      tokens.put(name, server.login(name, PASSWORD));
    }
  }

  void user(String name, String role, String... scopes) {
    HttpResponse<String> r = server.postJson("/api/v1/users", admin, new JsonObject().put("username", name)
        .put("password", PASSWORD).put("roles", new JsonArray().add(role))
        .put("scopes", new JsonArray(List.of((Object[]) scopes))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Builds every scene through the API and waits for the job. */
  void buildScenes() {
    HttpResponse<String> started = server.postJson("/api/v1/scenes/build", admin, new JsonObject().put("mode", "all"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = new JsonObject(started.body()).getString("jobId");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = new JsonObject(server.get("/api/v1/scenes/jobs/" + id, admin).body());
      String state = String.valueOf(job.getString("state"));
      if (state.equals("succeeded") || state.equals("done") || state.equals("failed")) {
        assertThat(state).as(job.encode()).isNotEqualTo("failed");
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("scene build did not finish");
  }

  /** A request of the caller: a bearer token, the API key, or nothing. */
  HttpRequest.Builder request(String caller, String path) {
    HttpRequest.Builder builder = server.request(path, null);
    if (caller.equals("apiclient")) {
      builder.header("X-API-Key", apiKey);
    } else if (!caller.equals("none")) {
      builder.header("Authorization", "Bearer " + tokens.get(caller));
    }
    return builder;
  }

  HttpResponse<String> post(String path, String type, String body, int expected) {
    HttpResponse<String> r = server.send("POST", path, admin, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
    return r;
  }

  static String regions() {
    return collection(
        feature("{\"code\":\"" + DISTRICT + "\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1)),
        feature("{\"code\":\"" + TOWNSHIP + "\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\"" + DISTRICT
            + "\"}", ring(118.6, 24.9, 118.8, 25.0)),
        feature("{\"code\":\"350521105000\",\"name\":\"东园镇\",\"level\":\"township\",\"parent\":\"" + DISTRICT
            + "\"}", ring(118.8, 24.9, 118.9, 25.0)),
        feature("{\"code\":\"" + VILLAGE_A + "\",\"name\":\"洛阳村\",\"level\":\"village\",\"parent\":\"" + TOWNSHIP
            + "\"}", ring(118.700, 24.960, 118.704, 24.9627)),
        feature("{\"code\":\"" + VILLAGE_C + "\",\"name\":\"东园村\",\"level\":\"village\",\"parent\":\"350521105000\"}",
            ring(118.850, 24.960, 118.854, 24.9627)));
  }

  static String plan(double x0, double x1, double x2, String westBuilding, String eastBuilding) {
    return collection(feature("{\"layer\":\"boundary\"}", ring(x0, 24.960, x2, 24.9627)),
        "{\"type\":\"Feature\",\"properties\":{\"layer\":\"road\",\"name\":\"中街\"},\"geometry\":{\"type\":"
            + "\"LineString\",\"coordinates\":[[" + x1 + ",24.960],[" + x1 + ",24.9627]]}}",
        feature("{\"layer\":\"building\",\"id\":\"" + westBuilding + "\",\"floors\":3}",
            ring(x0 + 0.0005, 24.9610, x0 + 0.0006, 24.9611)),
        feature("{\"layer\":\"building\",\"id\":\"" + eastBuilding + "\",\"floors\":5}",
            ring(x1 + 0.0005, 24.9610, x1 + 0.0006, 24.9611)));
  }

  static String grids(String village, double x0, double x1, double x2) {
    return collection(
        feature("{\"code\":\"" + village + "001\",\"name\":\"西片\",\"kind\":\"standard\"}", ring(x0, 24.960, x1, 24.9627)),
        feature("{\"code\":\"" + village + "002\",\"name\":\"东片\",\"kind\":\"standard\"}", ring(x1, 24.960, x2, 24.9627)));
  }

  static String collection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  static String ring(double x0, double y0, double x1, double y1) {
    return "[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],[" + x0 + "," + y1 + "],["
        + x0 + "," + y0 + "]]]";
  }

  static String feature(String props, String coordinates) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + coordinates + "}}";
  }
}
