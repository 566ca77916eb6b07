package org.gridscape.server.grid.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The editor's endpoints on a real server with a one-village district drawn by hand: a village of
 * about 400 m x 333 m cut by a cross of roads, split into a west and an east grid. Run on H2 and on
 * PostgreSQL by subclasses. Every test leaves the village with its two grids.
 */
abstract class GridEditApiContract {

  private static final String VILLAGE = SmallVillage.VILLAGE;
  private static TestServer server;
  private static String token;

  static void startOn(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    token = server.adminToken();
    SmallVillage.load(server, token);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Test
  void proposedSetIsValidatedWithoutSaving() {
    JsonArray overlapping = new JsonArray()
        .add(grid(VILLAGE + "001", "西网格", 118.900, 25.000, 118.9025, 25.003))
        .add(grid(VILLAGE + "002", "东网格", 118.902, 25.000, 118.904, 25.003));

    JsonObject result = json(expect(server.postJson("/api/v1/villages/" + VILLAGE + "/validation", token,
        collection(overlapping)), 200));

    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("rule")))
        .anySatisfy(rule -> assertThat(rule).containsIgnoringCase("overlap"));
    JsonObject saved = json(expect(server.get("/api/v1/villages/" + VILLAGE + "/validation", token), 200));
    assertThat(saved.getBoolean("ok")).as(saved.encode()).isTrue();
  }

  @Test
  void liveValidationSeesResidentsImportedAfterTheLastOne() {
    // The editor validates on every drag and the server keeps the village it read (VillageContexts):
    // a write to the village's residents in between must show in the next validation.
    JsonObject published = collection(new JsonArray()
        .add(grid(VILLAGE + "001", "西网格", 118.900, 25.000, 118.902, 25.003))
        .add(grid(VILLAGE + "002", "东网格", 118.902, 25.000, 118.904, 25.003)));
    String path = "/api/v1/villages/" + VILLAGE + "/validation";
    JsonObject before = json(expect(server.postJson(path, token, published), 200)).getJsonObject("metrics");
    JsonObject again = json(expect(server.postJson(path, token, published), 200)).getJsonObject("metrics");
    assertThat(again).isEqualTo(before);

    // the first house of the plan stands at 118.9002, 25.0002: in the west grid
    String household = "LV" + System.nanoTime();
    String house = String.format("B%s%05d", VILLAGE, 0);
    expect(server.send("POST", "/api/v1/imports/households", token, "application/json", new JsonArray()
        .add(new JsonObject().put("household_id", household).put("building_id", house).put("size", 3)).encode()), 200);
    JsonArray residents = new JsonArray();
    for (int i = 0; i < 3; i++) {
      residents.add(new JsonObject().put("resident_id", household + "-" + i).put("household_id", household)
          .put("name", "居民" + i).put("gender", "female").put("birth_year", 1980 + i));
    }
    expect(server.send("POST", "/api/v1/imports/residents", token, "application/json", residents.encode()), 200);

    JsonObject after = json(expect(server.postJson(path, token, published), 200)).getJsonObject("metrics");
    JsonObject perGridBefore = before.getJsonObject("residentsPerGrid");
    JsonObject perGridAfter = after.getJsonObject("residentsPerGrid");
    assertThat(perGridAfter.getInteger(VILLAGE + "001")).isEqualTo(perGridBefore.getInteger(VILLAGE + "001") + 3);
    assertThat(perGridAfter.getInteger(VILLAGE + "002")).isEqualTo(perGridBefore.getInteger(VILLAGE + "002"));
    assertThat(after.getInteger("residentsTotal")).isEqualTo(before.getInteger("residentsTotal") + 3);
  }

  @Test
  void drawnPolygonIsSnappedToTheVillageAndLeavesNeighboursAlone() {
    JsonObject body = new JsonObject().put("geometry", box(118.90198, 24.99998, 118.90402, 25.00302))
        .put("except", new JsonArray().add(VILLAGE + "002"));

    JsonObject snapped = json(expect(server.postJson("/api/v1/villages/" + VILLAGE + "/snap", token, body), 200));

    JsonArray ring = snapped.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    for (Object c : ring) {
      double x = ((JsonArray) c).getDouble(0);
      double y = ((JsonArray) c).getDouble(1);
      assertThat(x).isBetween(118.902 - 1e-9, 118.904 + 1e-9);
      assertThat(y).isBetween(25.000 - 1e-9, 25.003 + 1e-9);
    }
  }

  @Test
  void splitSavesTheParts_mergeJoinsThemAgain_andStaleVersionsAreRefused() {
    String code = VILLAGE + "001";
    int version = new JsonObject(server.get("/api/v1/grids/" + code + "?revision=draft", token).body())
        .getJsonObject("properties").getInteger("version");
    JsonObject line = new JsonObject().put("line", line(118.899, 25.0015, 118.903, 25.0015));

    HttpResponse<String> stale = server.send(server.request("/api/v1/grids/" + code + "/split", token)
        .header("Content-Type", "application/json").header("If-Match", "\"" + (version + 7) + "\"")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(line.encode())).build());
    assertThat(stale.statusCode()).isEqualTo(412);

    JsonObject parts = json(expect(server.postJson("/api/v1/grids/" + code + "/split", token, line), 200));
    JsonArray features = parts.getJsonArray("features");
    assertThat(features).hasSize(2);
    String newCode = features.getJsonObject(1).getJsonObject("properties").getString("code");
    assertThat(newCode).startsWith(VILLAGE).isNotEqualTo(code);
    assertThat(gridCount()).isEqualTo(3);
    assertThat(json(server.get("/api/v1/villages/" + VILLAGE + "/validation", token).body()).getBoolean("ok")).isTrue();

    JsonObject merged = json(expect(server.postJson("/api/v1/grids/merge", token,
        new JsonObject().put("codes", new JsonArray().add(code).add(newCode))), 200));
    assertThat(merged.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getString("code")).isEqualTo(code);
    assertThat(gridCount()).isEqualTo(2);
    assertThat(server.get("/api/v1/grids/" + newCode + "?revision=draft", token).statusCode())
        .as("merged away in the draft").isEqualTo(404);
    assertThat(json(server.get("/api/v1/villages/" + VILLAGE + "/validation", token).body()).getBoolean("ok")).isTrue();

    HttpResponse<String> apart = server.postJson("/api/v1/grids/merge", token,
        new JsonObject().put("codes", new JsonArray().add(code)));
    assertThat(apart.statusCode()).isEqualTo(422);
  }

  @Test
  void splitThatFailsHalfWayChangesNothing() {
    String code = VILLAGE + "001";
    JsonObject before = json(expect(server.get("/api/v1/grids/" + code + "?revision=draft", token), 200));
    int historyBefore = history(code).size();
    // Two cuts across the west grid make three parts; the second new part asks for the east grid's code,
    // so its insert hits the primary key after the kept grid was updated and the first part inserted.
    JsonObject body = new JsonObject()
        .put("line", new JsonObject().put("type", "LineString").put("coordinates", new JsonArray()
            .add(new JsonArray().add(118.8995).add(25.0008)).add(new JsonArray().add(118.9025).add(25.0008))
            .add(new JsonArray().add(118.9025).add(25.0018)).add(new JsonArray().add(118.8995).add(25.0018))))
        .put("codes", new JsonArray().add(VILLAGE + "050").add(VILLAGE + "002"));

    HttpResponse<String> failed = server.postJson("/api/v1/grids/" + code + "/split", token, body);

    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(409);
    assertThat(json(failed).getString("error")).isEqualTo("conflict");
    JsonObject after = json(expect(server.get("/api/v1/grids/" + code + "?revision=draft", token), 200));
    assertThat(after.getJsonObject("properties").getInteger("version"))
        .isEqualTo(before.getJsonObject("properties").getInteger("version"));
    assertThat(after.getJsonObject("geometry")).isEqualTo(before.getJsonObject("geometry"));
    assertThat(history(code)).hasSize(historyBefore);
    assertThat(server.get("/api/v1/grids/" + VILLAGE + "050?revision=draft", token).statusCode()).as("first new part rolled back")
        .isEqualTo(404);
    assertThat(gridCount()).isEqualTo(2);

    // The same split with free codes goes through whole, then merging restores the two grids.
    body.put("codes", new JsonArray().add(VILLAGE + "051"));
    JsonObject parts = json(expect(server.postJson("/api/v1/grids/" + code + "/split", token, body), 200));
    assertThat(parts.getJsonArray("features")).hasSize(3);
    assertThat(parts.getJsonArray("features").getJsonObject(1).getJsonObject("properties").getString("code"))
        .isEqualTo(VILLAGE + "051");
    JsonArray codes = new JsonArray();
    parts.getJsonArray("features").forEach(f -> codes.add(((JsonObject) f).getJsonObject("properties").getString("code")));
    expect(server.postJson("/api/v1/grids/merge", token, new JsonObject().put("codes", codes)), 200);
    assertThat(gridCount()).isEqualTo(2);
  }

  @Test
  void mergeThatFailsHalfWayRetiresNothing() {
    String west = VILLAGE + "001";
    String east = VILLAGE + "002";
    int westVersion = json(server.get("/api/v1/grids/" + west + "?revision=draft", token).body()).getJsonObject("properties").getInteger("version");
    int eastVersion = json(server.get("/api/v1/grids/" + east + "?revision=draft", token).body()).getJsonObject("properties").getInteger("version");
    int eastHistory = history(east).size();

    // The east grid is retired first (its version is current), then the kept west grid's stale version fails.
    HttpResponse<String> stale = server.postJson("/api/v1/grids/merge", token, new JsonObject()
        .put("codes", new JsonArray().add(west).add(east))
        .put("versions", new JsonArray().add(westVersion - 1).add(eastVersion)));

    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
    JsonObject eastAfter = json(server.get("/api/v1/grids/" + east + "?revision=draft", token).body()).getJsonObject("properties");
    assertThat(eastAfter.getString("status")).isNotEqualTo("retired");
    assertThat(eastAfter.getInteger("version")).isEqualTo(eastVersion);
    assertThat(history(east)).hasSize(eastHistory);
    assertThat(json(server.get("/api/v1/grids/" + west + "?revision=draft", token).body()).getJsonObject("properties").getInteger("version"))
        .isEqualTo(westVersion);
    assertThat(gridCount()).isEqualTo(2);

    HttpResponse<String> badVersions = server.postJson("/api/v1/grids/merge", token, new JsonObject()
        .put("codes", new JsonArray().add(west).add(east)).put("versions", new JsonArray().add("x").add(1)));
    assertThat(badVersions.statusCode()).isEqualTo(400);
    assertThat(json(badVersions).getString("message")).contains("versions");
  }

  @Test
  void splitRefusesTypedCodesOfAnotherVillage() {
    HttpResponse<String> foreign = server.postJson("/api/v1/grids/" + VILLAGE + "001/split", token, new JsonObject()
        .put("line", line(118.899, 25.0015, 118.903, 25.0015)).put("codes", new JsonArray().add("350521104299001")));
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(422);
    assertThat(json(foreign).getString("error")).isEqualTo("grid_code_wrong_village");
    assertThat(gridCount()).isEqualTo(2);
  }

  @Test
  void autoPartitionProposalPassesValidation() {
    JsonObject proposal = json(expect(server.postJson("/api/v1/villages/" + VILLAGE + "/auto-partition", token,
        new JsonObject()), 200));

    assertThat(proposal.getJsonArray("features")).isNotEmpty();
    for (Object f : proposal.getJsonArray("features")) {
      assertThat(((JsonObject) f).getJsonObject("properties").getString("code")).matches(VILLAGE + "\\d{3}");
    }
    JsonObject validation = json(expect(server.postJson("/api/v1/villages/" + VILLAGE + "/validation", token,
        proposal), 200));
    assertThat(validation.getBoolean("ok")).as(validation.encode()).isTrue();
    assertThat(gridCount()).as("nothing saved").isEqualTo(2);
  }

  @Test
  void exportsGeoJsonAndGeoPackage() {
    JsonObject geojson = json(expect(server.get("/api/v1/grids/export?village=" + VILLAGE + "&format=geojson", token), 200));
    assertThat(geojson.getJsonArray("features")).hasSize(2);

    HttpResponse<String> gpkg = expect(server.get("/api/v1/grids/export?village=" + VILLAGE + "&format=gpkg", token), 200);
    assertThat(gpkg.headers().firstValue("Content-Type")).hasValue("application/geopackage+sqlite3");
    assertThat(gpkg.body().getBytes(StandardCharsets.ISO_8859_1).length).isGreaterThan(1000);
    assertThat(gpkg.body()).startsWith("SQLite format 3");

    assertThat(server.get("/api/v1/grids/export?village=" + VILLAGE + "&format=kml", token).statusCode()).isEqualTo(400);
  }

  // --- fixtures

  private static JsonArray history(String code) {
    return json(expect(server.get("/api/v1/grids/" + code + "/history", token), 200)).getJsonArray("history");
  }

  private static int gridCount() {
    return json(server.get("/api/v1/grids?village=" + VILLAGE + "&revision=draft", token).body()).getJsonArray("features").size();
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private static JsonObject json(String body) {
    return new JsonObject(body);
  }

  private static JsonObject grid(String code, String name, double x0, double y0, double x1, double y1) {
    return SmallVillage.grid(code, name, x0, y0, x1, y1);
  }

  private static JsonObject collection(JsonArray features) {
    return SmallVillage.collection(features);
  }

  private static JsonObject box(double x0, double y0, double x1, double y1) {
    return SmallVillage.box(x0, y0, x1, y1);
  }

  private static JsonObject line(double x0, double y0, double x1, double y1) {
    return SmallVillage.line(x0, y0, x1, y1);
  }
}
