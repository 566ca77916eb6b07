package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.layer.LayerFixture.GRID_A1;
import static org.gridscape.server.layer.LayerFixture.GRID_A2;
import static org.gridscape.server.layer.LayerFixture.GRID_B1;
import static org.gridscape.server.layer.LayerFixture.VILLAGE_A;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.auth.Role;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The privacy rules of the person-level API, the aggregates and the GeoJSON overlays, against a
 * real server with the fixture imported.
 */
class PersonalDataAccessTest {

  private static TestServer server;
  private static Database db;
  private static String admin;
  private static String leader;
  private static String worker;
  private static String planner;
  /** Every name, ID number and phone of the fixture. */
  private static final List<String> PERSONAL = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    db = server.server().context().db();
    LayerFixture.seedGeography(db);
    admin = server.adminToken();
    // Users first: on H2 a write outside a transaction after an import may stay uncommitted (see report).
    leader = LayerFixture.user(server, "leader1", Role.LEADER);
    worker = LayerFixture.user(server, "worker1", Role.GRIDWORKER, GRID_A1);
    planner = LayerFixture.user(server, "planner1", Role.PLANNER);
    LayerImportTest.importAll(server, admin);
    for (String csv : List.of(LayerFixture.RESIDENTS, LayerFixture.WORKERS)) {
      List<CsvParser.Record> records = CsvParser.parse(csv);
      List<String> header = records.get(0).fields();
      for (CsvParser.Record r : records.subList(1, records.size())) {
        for (String column : List.of("name", "id_number", "phone")) {
          int i = header.indexOf(column);
          if (i >= 0 && !r.fields().get(i).isEmpty()) {
            PERSONAL.add(r.fields().get(i));
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long fullReads() {
    return LayerImportTest.count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'personal_data.read_full'");
  }

  private static JsonObject residentOf(JsonObject body, String id) {
    for (Object h : body.getJsonArray("households")) {
      for (Object r : ((JsonObject) h).getJsonArray("residents")) {
        if (((JsonObject) r).getString("id").equals(id)) {
          return (JsonObject) r;
        }
      }
    }
    throw new AssertionError("no resident " + id + " in " + body);
  }

  @Test
  void personLevelDataIsMaskedByDefaultAndNotAudited() {
    long before = fullReads();
    HttpResponse<String> r = server.get("/api/v1/buildings/B1/households", admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("disclosure")).isEqualTo("masked");
    assertThat(body.getInteger("residentCount")).isEqualTo(4);
    JsonObject r1 = residentOf(body, "R1");
    assertThat(r1.getString("name")).isEqualTo("张*");
    assertThat(r1.getString("idNumber")).isEqualTo("3505**********1234");
    assertThat(r1.getString("phone")).isEqualTo("138****5678");
    assertThat(r1.getString("birthDecade")).isEqualTo("1980s");
    assertThat(r1.containsKey("birthYear")).isFalse();
    assertThat(r1.getBoolean("partyMember")).isTrue();
    assertThat(residentOf(body, "R4").getJsonArray("tags").getList()).containsExactly("care");
    assertThat(residentOf(body, "R3").getString("name")).isEqualTo("张**");
    JsonObject h2 = body.getJsonArray("households").getJsonObject(1);
    assertThat(h2.getBoolean("assisted")).isTrue();
    assertThat(h2.containsKey("assistance")).as("categories of need are not shown masked").isFalse();
    for (String value : PERSONAL) {
      assertThat(r.body()).doesNotContain(value);
    }
    assertThat(r.body()).doesNotContain("dibao", "elderly_alone", "left_behind_child");
    assertThat(fullReads()).isEqualTo(before);
  }

  @Test
  void fullReadsAreForAdminsAndGridWorkersInScopeAndAreAudited() {
    long before = fullReads();
    HttpResponse<String> r = server.get("/api/v1/buildings/B1/households?full=true", admin);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("disclosure")).isEqualTo("full");
    assertThat(residentOf(body, "R1").getString("name")).isEqualTo("张三");
    assertThat(residentOf(body, "R1").getString("idNumber")).isEqualTo("350521198001011234");
    assertThat(residentOf(body, "R4").getJsonArray("tags").getList()).containsExactly("elderly_alone", "dibao");
    assertThat(body.getJsonArray("households").getJsonObject(1).getJsonArray("assistance").getList())
        .containsExactly("dibao", "elderly_alone");
    assertThat(fullReads()).isEqualTo(before + 1);
    var audit = LayerFixture.await(db.query("SELECT actor, target, remote, occurred_at FROM audit_log"
        + " WHERE action = 'personal_data.read_full' ORDER BY id DESC")).iterator().next();
    assertThat(audit.getString(0)).isEqualTo("admin");
    assertThat(audit.getString(1)).isEqualTo("building:B1");
    assertThat(audit.getString(2)).isEqualTo("127.0.0.1");
    assertThat(audit.getValue(3)).isNotNull();

    HttpResponse<String> own = server.get("/api/v1/residents/R5?full=true", worker);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(new JsonObject(own.body()).getString("name")).isEqualTo("陈六");
    assertThat(fullReads()).isEqualTo(before + 2);

    assertThat(server.get("/api/v1/buildings/B1/households?full=true", leader).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/residents/R1?full=maybe", admin).statusCode()).isEqualTo(400);
    assertThat(fullReads()).isEqualTo(before + 2);
  }

  @Test
  void rolesAndScopesLimitWhoSeesWhat() {
    assertThat(server.get("/api/v1/buildings/B1/households", leader).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/buildings/B1/households", worker).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/buildings/B3/households", worker).statusCode()).as("grid A2 is not theirs")
        .isEqualTo(403);
    assertThat(server.get("/api/v1/residents/R8", worker).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/buildings/B1/households", planner).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/buildings/B404/households", admin).statusCode()).isEqualTo(404);
    assertThat(server.get("/api/v1/residents/R404", admin).statusCode()).isEqualTo(404);

    assertThat(server.get("/api/v1/regions/" + GRID_A1 + "/stats", worker).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/regions/" + GRID_B1 + "/stats", worker).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/regions/" + VILLAGE_A + "/stats", worker).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/stats", worker).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/layers/party-links?grid=" + GRID_B1, worker).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/layers/points?grid=" + GRID_A1, worker).statusCode()).isEqualTo(200);
    // A leader sees every aggregate.
    for (String code : List.of(LayerFixture.DISTRICT, LayerFixture.TOWNSHIP, VILLAGE_A, GRID_A1, GRID_B1)) {
      assertThat(server.get("/api/v1/regions/" + code + "/stats", leader).statusCode()).isEqualTo(200);
    }
    assertThat(server.get("/api/v1/stats", leader).statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/stats", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aggregatesAndOverlaysCarryNoPersonalData() {
    List<String> outputs = new ArrayList<>();
    for (String code : List.of(LayerFixture.DISTRICT, LayerFixture.TOWNSHIP, VILLAGE_A, GRID_A1, GRID_A2, GRID_B1)) {
      outputs.add(server.get("/api/v1/regions/" + code + "/stats", admin).body());
    }
    outputs.add(server.get("/api/v1/stats", admin).body());
    for (String grid : List.of(GRID_A1, GRID_A2, GRID_B1)) {
      outputs.add(server.get("/api/v1/layers/party-links?grid=" + grid, admin).body());
      outputs.add(server.get("/api/v1/layers/points?grid=" + grid, admin).body());
    }
    for (String output : outputs) {
      for (String value : PERSONAL) {
        assertThat(output).doesNotContain(value);
      }
      // Nor resident, household or member ids, which would lead back to people.
      assertThat(output).doesNotContainPattern("\"(R|H|M)\\d+\"");
    }
    for (int i = 7; i < outputs.size(); i++) {
      assertThat(outputs.get(i)).doesNotContain("dibao", "disabled", "elderly_alone", "left_behind_child");
    }
  }

  @Test
  void partyLinksAreLinesBetweenBuildings() {
    JsonObject a1 = new JsonObject(server.get("/api/v1/layers/party-links?grid=" + GRID_A1, admin).body());
    assertThat(a1.getString("type")).isEqualTo("FeatureCollection");
    assertThat(a1.getInteger("sameBuildingLinks")).isEqualTo(2);
    JsonArray features = a1.getJsonArray("features");
    assertThat(features).hasSize(1);
    JsonObject line = features.getJsonObject(0);
    assertThat(line.getJsonObject("geometry").getString("type")).isEqualTo("LineString");
    assertThat(line.getJsonObject("properties").getMap()).containsEntry("fromBuilding", "B1")
        .containsEntry("toBuilding", "B2").containsEntry("links", 1).containsEntry("members", 1);
    JsonArray from = line.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    assertThat(from.getDouble(0)).isEqualTo(118.7003);
    assertThat(from.getDouble(1)).isEqualTo(24.9003);
    // The member lives outside grid A2 but the line ends there.
    JsonObject a2 = new JsonObject(server.get("/api/v1/layers/party-links?grid=" + GRID_A2, admin).body());
    assertThat(a2.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getString("toBuilding"))
        .isEqualTo("B3");
    assertThat(server.get("/api/v1/layers/party-links?grid=350521104201009", admin).statusCode()).isEqualTo(404);
    assertThat(server.get("/api/v1/layers/party-links?grid=abc", admin).statusCode()).isEqualTo(400);
  }

  @Test
  void pointsShowBranchesCentresAndAssistanceByKind() {
    JsonObject a1 = new JsonObject(server.get("/api/v1/layers/points?grid=" + GRID_A1, admin).body());
    List<String> kinds = new ArrayList<>();
    for (Object f : a1.getJsonArray("features")) {
      kinds.add(((JsonObject) f).getJsonObject("properties").getString("kind"));
    }
    assertThat(kinds).containsExactlyInAnyOrder("neighbourhood_centre", "party_branch", "assistance");
    JsonObject branch = pointOf(a1, "party_branch");
    assertThat(branch.getJsonObject("properties").getMap()).containsEntry("orgId", "PB1").containsEntry("members", 1);
    JsonObject assistance = pointOf(a1, "assistance");
    assertThat(assistance.getJsonObject("properties").getMap()).containsEntry("buildingId", "B1")
        .containsEntry("households", 1);

    // Grid A2 holds the Party service centre: no branch of its own, so only the centre and the needy household.
    JsonObject a2 = new JsonObject(server.get("/api/v1/layers/points?grid=" + GRID_A2
        + "&kind=party_service_centre,assistance", admin).body());
    assertThat(a2.getJsonArray("features")).hasSize(2);
    // Grid B1's branch stands at the grid's interior point for want of a centre.
    JsonObject b1 = new JsonObject(server.get("/api/v1/layers/points?grid=" + GRID_B1 + "&kind=party_branch",
        admin).body());
    JsonArray at = pointOf(b1, "party_branch").getJsonObject("geometry").getJsonArray("coordinates");
    assertThat(at.getDouble(0)).isBetween(118.710, 118.712);
    assertThat(server.get("/api/v1/layers/points?grid=" + GRID_A1 + "&kind=shops", admin).statusCode())
        .isEqualTo(400);
  }

  private static JsonObject pointOf(JsonObject collection, String kind) {
    for (Object f : collection.getJsonArray("features")) {
      JsonObject feature = (JsonObject) f;
      if (feature.getJsonObject("properties").getString("kind").equals(kind)) {
        return feature;
      }
    }
    throw new AssertionError("no " + kind + " in " + collection);
  }
}
