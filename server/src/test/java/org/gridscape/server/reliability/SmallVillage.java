package org.gridscape.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.testing.TwoGridVillage.feature;
import static org.gridscape.server.testing.TwoGridVillage.grids;
import static org.gridscape.server.testing.TwoGridVillage.plan;
import static org.gridscape.server.testing.TwoGridVillage.ring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;

/**
 * A small village loaded over HTTP into a test server: the region hierarchy, a plan with two buildings
 * and a road, two published grids (west 001, east 002), households and residents, one event, a
 * department user; optionally a built scene. Everything goes through the public API, as users' data.
 */
final class SmallVillage {

  static final String DISTRICT = "350521000000";
  static final String TOWNSHIP = "350521104000";
  static final String VILLAGE = TwoGridVillage.VILLAGE;
  static final String WEST = TwoGridVillage.WEST;
  static final String EAST = TwoGridVillage.EAST;
  static final String DEPARTMENT = "dept-fire";
  static final String PASSWORD = "reliability-password";
  static final double X0 = TwoGridVillage.X0, X1 = TwoGridVillage.X1, X2 = TwoGridVillage.X2;
  static final double Y0 = TwoGridVillage.Y0, Y1 = TwoGridVillage.Y1;

  /** The few HTTP calls the fixture needs, against an in-process test server or a server in a child JVM. */
  interface Client {
    HttpResponse<String> send(String method, String path, String token, String contentType, String body);

    default HttpResponse<String> get(String path, String token) {
      return send("GET", path, token, null, null);
    }

    default HttpResponse<String> postJson(String path, String token, JsonObject body) {
      return send("POST", path, token, "application/json", body.encode());
    }
  }

  final Client server;
  final String admin;
  String eventId;

  private SmallVillage(Client server, String admin) {
    this.server = server;
    this.admin = admin;
  }

  /** Loads the village (without a scene) into the server. */
  static SmallVillage load(TestServer server) {
    return load(server::send, server.adminToken());
  }

  /** Loads the village (without a scene) through any client, signed in as an admin. */
  static SmallVillage load(Client server, String admin) {
    SmallVillage v = new SmallVillage(server, admin);
    v.post("/api/v1/imports/regions", "application/geo+json", regions(), 201);
    v.post("/api/v1/imports/village-plan?village=" + VILLAGE, "application/geo+json", plan(), 201);
    v.post("/api/v1/imports/grids?village=" + VILLAGE, "application/geo+json", grids(), 201);
    v.post("/api/v1/villages/" + VILLAGE + "/publish", null, null, 200);
    v.post("/api/v1/imports/households", "text/csv", "household_id,building_id,size\nH1,B1,2\nH2,B2,1\n", 200);
    v.post("/api/v1/imports/residents", "text/csv", """
        resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags
        R1,H1,张三,350521198001011234,13812345678,male,1980,head,
        R2,H1,李四,350521198203021246,13912345679,female,1982,spouse,
        R3,H2,王老五,350521194001011219,13712345670,male,1940,head,elderly_alone
        """, 200);
    JsonObject user = new JsonObject().put("username", DEPARTMENT).put("password", PASSWORD)
        .put("roles", new JsonArray().add("department")).put("scopes", new JsonArray());
    assertThat(server.postJson("/api/v1/users", v.admin, user).statusCode()).isEqualTo(201);
    HttpResponse<String> event = server.postJson("/api/v1/events", v.admin, new JsonObject()
        .put("category", "fire_hazard").put("level", "general").put("lon", 118.7010).put("lat", 24.9615)
        .put("description", "楼道堆放杂物"));
    assertThat(event.statusCode()).as(event.body()).isEqualTo(201);
    v.eventId = String.valueOf(new JsonObject(event.body()).getValue("id"));
    return v;
  }

  /** Builds the scene and waits until it is served. */
  void buildScene() {
    HttpResponse<String> job = server.postJson("/api/v1/scenes/build", admin, new JsonObject().put("mode", "all"));
    assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
    String id = new JsonObject(job.body()).getString("jobId");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject state = new JsonObject(server.get("/api/v1/scenes/jobs/" + id, admin).body());
      String s = state.getString("state");
      if ("succeeded".equals(s)) {
        return;
      }
      if ("failed".equals(s)) {
        throw new AssertionError("scene build failed: " + state.encode());
      }
      sleep(100);
    }
    throw new AssertionError("scene build did not finish");
  }

  HttpResponse<String> post(String path, String type, String body, int expected) {
    HttpResponse<String> r = server.send("POST", path, admin, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(expected, expected == 200 ? 201 : expected);
    return r;
  }

  static String regions() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"" + DISTRICT + "\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1))
        + "," + feature("{\"code\":\"" + TOWNSHIP + "\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\""
            + DISTRICT + "\"}", ring(118.6, 24.9, 118.8, 25.0))
        + "," + feature("{\"code\":\"" + VILLAGE + "\",\"name\":\"洛阳村\",\"level\":\"village\",\"parent\":\""
            + TOWNSHIP + "\"}", ring(X0, Y0, X2, Y1))
        + "]}";
  }

  static List<String> gridCodes() {
    return List.of(WEST, EAST);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
