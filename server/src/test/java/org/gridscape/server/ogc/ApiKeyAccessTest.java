package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys of apiclient users: scoped to layers and to the regions of their user, limited per
 * minute (429 + Retry-After).
 */
class ApiKeyAccessTest {

  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }

  static void startOn(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    admin = server.adminToken();
    LayerData.seed(server.server().context().db());
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "citygis")
        .put("password", "citygis-password").put("roles", new JsonArray().add("apiclient"))).statusCode())
        .isEqualTo(201);
    // An apiclient of village A (a 12-digit village code) and one of the township (trailing zeros not significant).
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "villagegis")
        .put("password", "villagegis-password").put("roles", new JsonArray().add("apiclient"))
        .put("scopes", new JsonArray().add(LayerData.VILLAGE_A))).statusCode()).isEqualTo(201);
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "towngis")
        .put("password", "towngis-password").put("roles", new JsonArray().add("apiclient"))
        .put("scopes", new JsonArray().add(LayerData.TOWNSHIP))).statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String key(List<String> layers, int rate) {
    return key("citygis", layers, rate);
  }

  static String key(String user, List<String> layers, int rate) {
    HttpResponse<String> created = server.postJson("/api/v1/api-keys", admin, new JsonObject()
        .put("username", user).put("layers", new JsonArray(layers)).put("ratePerMinute", rate));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("apiKey");
  }

  static HttpResponse<String> get(String path, String apiKey) {
    return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-API-Key", apiKey).GET().build());
  }

  @Test
  void aKeyReadsOnlyItsLayers() {
    String key = key(List.of("grids"), 1000);
    assertThat(get("/ogc/collections/grids/items", key).statusCode()).isEqualTo(200);
    assertThat(get("/tiles/grids.json", key).statusCode()).isEqualTo(200);
    assertThat(get("/ogc/collections/buildings/items", key).statusCode()).isEqualTo(403);
    assertThat(get("/ogc/collections/buildings", key).statusCode()).isEqualTo(403);
    assertThat(get("/tiles/buildings.json", key).statusCode()).isEqualTo(403);
    assertThat(get("/tiles/buildings/14/13592/7046.mvt", key).statusCode()).isEqualTo(403);
    JsonArray collections = new JsonObject(get("/ogc/collections", key).body()).getJsonArray("collections");
    assertThat(collections.stream().map(c -> ((JsonObject) c).getString("id")).toList()).containsExactly("grids");
    // An apiclient has no business with the people layers behind the key.
    assertThat(get("/api/v1/users", key).statusCode()).isEqualTo(403);
  }

  @Test
  void aKeyForAllLayersReadsEveryCollection() {
    String key = key(List.of(), 1000);
    for (Layer layer : Layers.ALL) {
      assertThat(get("/ogc/collections/" + layer.id() + "/items", key).statusCode()).as(layer.id()).isEqualTo(200);
    }
  }

  @Test
  void aKeyBeyondItsRateGets429WithRetryAfter() {
    String key = key(List.of("*"), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/ogc/collections/grids/items", key).statusCode()).as("request %d", i).isEqualTo(200);
    }
    HttpResponse<String> limited = get("/ogc/collections/grids/items", key);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(limited.body()).getString("error")).isEqualTo("too_many_requests");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
    // Another key has its own budget; signed-in users are not limited by keys.
    assertThat(get("/ogc/collections/grids/items", key(List.of("*"), 3)).statusCode()).isEqualTo(200);
    assertThat(server.get("/ogc/collections/grids/items", admin).statusCode()).isEqualTo(200);
  }

  static List<String> ids(JsonObject page) {
    return page.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList();
  }

  static JsonObject page(String path, String apiKey) {
    HttpResponse<String> response = get(path, apiKey);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  @Test
  void aVillageKeySeesOnlyFeaturesInItsVillage() throws Exception {
    String key = key("villagegis", List.of("*"), 1000);
    JsonObject grids = page("/ogc/collections/grids/items", key);
    assertThat(ids(grids)).containsExactly(LayerData.GRID_A1, LayerData.GRID_A2);
    assertThat(grids.getLong("numberMatched")).isEqualTo(2);
    assertThat(get("/ogc/collections/grids/items/" + LayerData.GRID_A1, key).statusCode()).isEqualTo(200);
    // Outside the village a feature is as absent as one that does not exist.
    assertThat(get("/ogc/collections/grids/items/" + LayerData.GRID_B1, key).statusCode()).isEqualTo(404);
    assertThat(get("/ogc/collections/buildings/items/B-east", key).statusCode()).isEqualTo(404);
    JsonObject buildings = page("/ogc/collections/buildings/items?limit=1000", key);
    assertThat(buildings.getLong("numberMatched")).isEqualTo(LayerData.GRID_A1_BUILDINGS + 1);
    buildings.getJsonArray("features").forEach(f -> assertThat(((JsonObject) f).getJsonObject("properties")
        .getString("village_code")).isEqualTo(LayerData.VILLAGE_A));
    assertThat(ids(page("/ogc/collections/villages/items", key))).containsExactly(LayerData.VILLAGE_A);
    assertThat(page("/ogc/collections/townships/items", key).getLong("numberMatched")).isZero();
    assertThat(page("/ogc/collections/events/items", key).getJsonArray("features")).hasSize(1);
    assertThat(page("/ogc/collections/roads/items", key).getJsonArray("features")).hasSize(1);
    // A box around village B holds nothing for this key.
    assertThat(page("/ogc/collections/grids/items?bbox=" + (LayerData.X0 + 0.0045) + "," + (LayerData.Y0 + 0.0005) + ","
        + (LayerData.X0 + 0.0055) + "," + (LayerData.Y0 + 0.0015), key).getLong("numberMatched")).isZero();

    // Collection extents and TileJSON bounds cover the village only (grid B1 would reach X0 + 0.006).
    JsonArray extent = page("/ogc/collections/grids", key).getJsonObject("extent").getJsonObject("spatial")
        .getJsonArray("bbox").getJsonArray(0);
    assertThat(extent.getDouble(2)).isCloseTo(LayerData.X0 + 0.004, org.assertj.core.data.Offset.offset(1e-9));
    JsonArray bounds = page("/tiles/grids.json", key).getJsonArray("bounds");
    assertThat(bounds.getDouble(2)).isCloseTo(LayerData.X0 + 0.004, org.assertj.core.data.Offset.offset(1e-9));

    // The vector tile over all three grids carries village A's only; an admin's has all three.
    int z = 14;
    double lon = LayerData.X0 + 0.003;
    double lat = LayerData.Y0 + 0.001;
    int x = (int) Math.floor((lon + 180) / 360 * (1 << z));
    double r = Math.toRadians(lat);
    int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    String tile = "/tiles/grids/" + z + "/" + x + "/" + y + ".mvt";
    assertThat(tileCodes(server.send(HttpRequest.newBuilder(server.uri(tile)).header("X-API-Key", key).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()))).containsExactlyInAnyOrder(LayerData.GRID_A1, LayerData.GRID_A2);
    assertThat(tileCodes(server.send(HttpRequest.newBuilder(server.uri(tile)).header("Authorization", "Bearer " + admin)
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray())))
        .containsExactlyInAnyOrder(LayerData.GRID_A1, LayerData.GRID_A2, LayerData.GRID_B1);
    // A tile of village B only is empty for the key.
    String tileB = "/tiles/buildings/18/" + (int) Math.floor((LayerData.X0 + 0.0045 + 180) / 360 * (1 << 18)) + "/"
        + (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << 18)) + ".mvt";
    assertThat(get(tileB, key).statusCode()).isEqualTo(204);
  }

  private static List<String> tileCodes(HttpResponse<byte[]> response) throws java.io.IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    var mvt = io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader.loadMvt(
        new java.io.ByteArrayInputStream(response.body()), new org.locationtech.jts.geom.GeometryFactory(),
        new io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter(false, "mvt_id"),
        io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader.RING_CLASSIFIER_V2_1);
    return mvt.getLayer("grids").getGeometries().stream()
        .map(g -> String.valueOf(((java.util.Map<?, ?>) g.getUserData()).get("code"))).toList();
  }

  @Test
  void aTownshipKeySeesItsVillagesAndTheRegionScopeAlsoHoldsForTheUsersToken() {
    String key = key("towngis", List.of("*"), 1000);
    assertThat(ids(page("/ogc/collections/villages/items", key))).containsExactly(LayerData.VILLAGE_A,
        LayerData.VILLAGE_B);
    assertThat(ids(page("/ogc/collections/townships/items", key))).containsExactly(LayerData.TOWNSHIP);
    assertThat(ids(page("/ogc/collections/workareas/items", key))).containsExactly(LayerData.WORKAREA);
    // Signed in with a password instead of a key, the apiclient user is held to the same regions.
    String token = server.login("villagegis", "villagegis-password");
    JsonObject grids = new JsonObject(server.get("/ogc/collections/grids/items", token).body());
    assertThat(ids(grids)).containsExactly(LayerData.GRID_A1, LayerData.GRID_A2);
  }

  @Test
  void unknownKeysAre401() {
    assertThat(get("/ogc/collections", "gsk_0000000000000000_nothing").statusCode()).isEqualTo(401);
    assertThat(get("/tiles/grids.json", "not-a-key").statusCode()).isEqualTo(401);
  }
}
