package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.testing.TwoGridVillage.feature;
import static org.gridscape.server.testing.TwoGridVillage.grids;
import static org.gridscape.server.testing.TwoGridVillage.plan;
import static org.gridscape.server.testing.TwoGridVillage.ring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;

/**
 * A server with one village (350521104201) of two published grids, west 001 and east 002, in
 * township 350521104000 of district 350521000000, and the users of the events tests.
 */
final class EventFixture implements AutoCloseable {

  static final String VILLAGE = TwoGridVillage.VILLAGE;
  static final String WEST = TwoGridVillage.WEST;
  static final String EAST = TwoGridVillage.EAST;
  static final double X0 = TwoGridVillage.X0, X1 = TwoGridVillage.X1, X2 = TwoGridVillage.X2;
  static final double Y0 = TwoGridVillage.Y0, Y1 = TwoGridVillage.Y1;
  /** A point in the west grid, one in the east grid, one outside every grid. */
  static final double[] IN_WEST = {118.7010, 24.9615}, IN_EAST = {118.7030, 24.9615}, OUTSIDE = {118.80, 24.99};
  static final String PASSWORD = "events-test-password";

  final TestServer server;
  final String admin;

  EventFixture(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    admin = server.adminToken();
    post("/api/v1/imports/regions", admin, "application/geo+json", regions(), 201);
    post("/api/v1/imports/village-plan?village=" + VILLAGE, admin, "application/geo+json", plan(), 201);
    post("/api/v1/imports/grids?village=" + VILLAGE, admin, "application/geo+json", grids(), 201);
    post("/api/v1/villages/" + VILLAGE + "/publish", admin, null, null, 200);
    user("worker-west", "gridworker", WEST);
    user("worker-east", "gridworker", EAST);
    user("leader-village", "leader", VILLAGE);
    user("leader-township", "leader", "350521104000");
    user("leader-other", "leader", "350521105000");
    user("leader-district", "leader");
    user("dept-fire", "department");
    user("dept-sanitation", "department");
    sectors("dept-fire", "fire_hazard", "production_safety");
    sectors("dept-sanitation", "sanitation");
  }

  private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

  /** A session of the user; signed in once per fixture, since password hashing is slow on purpose. */
  String token(String username) {
    return tokens.computeIfAbsent(username, name -> server.login(name, PASSWORD));
  }

  void user(String name, String role, String... scopes) {
    JsonObject body = new JsonObject().put("username", name).put("password", PASSWORD)
        .put("roles", new JsonArray().add(role)).put("scopes", new JsonArray(java.util.List.of((Object[]) scopes)));
    HttpResponse<String> r = server.postJson("/api/v1/users", admin, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  void sectors(String name, String... categories) {
    HttpResponse<String> r = server.send("PUT", "/api/v1/departments/" + name + "/sectors", admin, "application/json",
        new JsonObject().put("categories", new JsonArray(java.util.List.of((Object[]) categories))).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  HttpResponse<String> post(String path, String token, String type, String body, int expected) {
    HttpResponse<String> r = server.send("POST", path, token, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
    return r;
  }

  /** Reports an event at a point; returns the response (201 expected by callers that assert it). */
  HttpResponse<String> report(String token, String category, String level, double[] at, String step) {
    JsonObject body = new JsonObject().put("category", category).put("level", level).put("lon", at[0]).put("lat", at[1])
        .put("description", "楼道堆放杂物，堵塞消防通道").put("reporterName", "张三")
        .put("attachments", new JsonArray().add("photos/2026/0801/a.jpg"));
    if (step != null) {
      body.put("step", step);
    }
    return server.postJson("/api/v1/events", token, body);
  }

  HttpResponse<String> act(String token, String id, JsonObject body) {
    return server.postJson("/api/v1/events/" + id + "/transitions", token, body);
  }

  HttpResponse<String> act(String token, String id, String action) {
    return act(token, id, new JsonObject().put("action", action));
  }

  static JsonObject props(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("properties");
  }

  static String regions() {
    return TwoGridVillage.regions();
  }

  @Override
  public void close() {
    server.close();
  }
}
