package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.gridscape.server.grid.edit.SmallVillage;
import org.gridscape.server.testing.SceneBuildOverHttp;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A draft never touches what is published: every kind of draft write (grid sets, edits, a new
 * village plan) leaves the OGC items (bytes and ETag), the village's vector tiles, its base-map
 * tile, the whole scene tree (every tileset and GLB), the district stats and the region figures
 * exactly as they were, until publish. Run on H2 and PostgreSQL.
 */
abstract class DraftIsolationContract {

  private static final String VILLAGE = SmallVillage.VILLAGE;
  private static final String REMOVED_HOUSE = "B" + VILLAGE + "00000";
  private static final String NEW_HOUSE = "N" + VILLAGE + "-1";
  private static TestServer server;
  private static String token;

  static void startOn(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    token = server.adminToken();
    SmallVillage.load(server, token);
    assertThat(new SceneBuildOverHttp(server, token).buildScenes(java.time.Duration.ofMinutes(2))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Test
  void draftWritesChangeNothingPublishedUntilPublish() {
    Map<String, String> published = snapshot();
    assertThat(published.get("ogc")).contains("西网格").contains("东网格");
    assertThat(published.keySet()).as("scene tree crawled").anyMatch(k -> k.endsWith(".glb"));

    // A refused import: overlapping grids are saved to the draft with validation.ok=false.
    String overlapping = set(grid("901", "重叠一", 118.900, 25.000, 118.9025, 25.003),
        grid("902", "重叠二", 118.902, 25.000, 118.904, 25.003));
    JsonObject bad = json(expect(server.send("POST", "/api/v1/imports/grids?village=" + VILLAGE, token,
        "application/geo+json", overlapping), 201));
    assertThat(bad.getJsonObject("validation").getBoolean("ok")).isFalse();
    assertUnchanged(published, "bad import");
    assertThat(draftGrids()).containsOnlyKeys(VILLAGE + "901", VILLAGE + "902");
    expect(server.send("POST", "/api/v1/villages/" + VILLAGE + "/publish", token, null, null), 422);
    assertUnchanged(published, "refused publish");

    // Discarding restores the editor to the published revision.
    assertThat(json(expect(server.send("DELETE", "/api/v1/villages/" + VILLAGE + "/draft", token, null, null), 200))
        .getBoolean("discarded")).isTrue();
    assertThat(draftGrids()).containsOnlyKeys(VILLAGE + "001", VILLAGE + "002");
    assertUnchanged(published, "discard");

    // An attribute edit.
    int version = draftGrids().get(VILLAGE + "001").getInteger("version");
    expect(server.send(server.request("/api/v1/grids/" + VILLAGE + "001", token).header("If-Match", "\"" + version + "\"")
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("type", "Feature").put("properties", new JsonObject().put("name", "西网格(新)")).encode()))
        .build()), 200);
    assertUnchanged(published, "rename");
    assertThat(draftGrids().get(VILLAGE + "001").getString("status")).isEqualTo("draft");

    // A split and the merge that joins the parts again.
    JsonObject parts = json(expect(server.postJson("/api/v1/grids/" + VILLAGE + "001/split", token,
        new JsonObject().put("line", line(118.8995, 25.0015, 118.9025, 25.0015))), 200));
    assertThat(parts.getJsonArray("features")).hasSize(2);
    String newPart = parts.getJsonArray("features").getJsonObject(1).getJsonObject("properties").getString("code");
    assertUnchanged(published, "split");
    assertThat(draftGrids()).containsKey(newPart);
    expect(server.postJson("/api/v1/grids/merge", token, new JsonObject()
        .put("codes", new JsonArray().add(VILLAGE + "001").add(newPart))), 200);
    assertUnchanged(published, "merge");
    assertThat(draftGrids()).doesNotContainKey(newPart);

    // Auto-partition proposes and saves nothing; a delete removes a grid from the draft only.
    expect(server.postJson("/api/v1/villages/" + VILLAGE + "/auto-partition", token, new JsonObject()), 200);
    expect(server.send("DELETE", "/api/v1/grids/" + VILLAGE + "002", token, null, null), 200);
    assertUnchanged(published, "auto-partition and delete");
    assertThat(draftGrids()).doesNotContainKey(VILLAGE + "002");

    // A good import replaces the draft's set; still nothing published changes.
    String good = set(grid("001", "西网格(新)", 118.900, 25.000, 118.902, 25.003),
        grid("003", "东网格(新)", 118.902, 25.000, 118.904, 25.003));
    JsonObject imported = json(expect(server.send("POST", "/api/v1/imports/grids?village=" + VILLAGE, token,
        "application/geo+json", good), 201));
    assertThat(imported.getJsonObject("validation").getBoolean("ok")).as(imported.encodePrettily()).isTrue();
    assertUnchanged(published, "good import");

    // A new village plan (one house pulled down in the west, one built in the east) is a draft too.
    JsonArray newPlan = new JsonArray();
    SmallVillage.planFeatures().forEach(f -> {
      if (!REMOVED_HOUSE.equals(((JsonObject) f).getJsonObject("properties").getString("id"))) {
        newPlan.add(f);
      }
    });
    newPlan.add(SmallVillage.feature(new JsonObject().put("layer", "building").put("id", NEW_HOUSE).put("floors", 3)
        .put("use", "residential").put("屋顶形式", "四坡"), SmallVillage.box(118.90315, 25.0003, 118.90325, 25.0004)));
    JsonObject planImport = json(expect(server.send("POST", "/api/v1/imports/village-plan?village=" + VILLAGE, token,
        "application/geo+json", SmallVillage.collection(newPlan).encode()), 201));
    assertThat(planImport.getString("revision")).isEqualTo("draft");
    assertThat(planImport.getJsonObject("validation").getBoolean("ok")).as(planImport.encodePrettily()).isTrue();
    assertUnchanged(published, "plan import");
    assertThat(published.get("ogc.buildings")).contains(REMOVED_HOUSE).doesNotContain(NEW_HOUSE);
    JsonObject draftPlan = json(expect(server.get("/api/v1/villages/" + VILLAGE + "/plan?revision=draft", token), 200));
    assertThat(draftPlan.getString("revision")).isEqualTo("draft");
    assertThat(draftPlan.encode()).contains(NEW_HOUSE).doesNotContain(REMOVED_HOUSE);
    JsonObject publishedPlan = json(expect(server.get("/api/v1/villages/" + VILLAGE + "/plan", token), 200));
    assertThat(publishedPlan.getString("revision")).isEqualTo("published");
    assertThat(publishedPlan.encode()).contains(REMOVED_HOUSE).doesNotContain(NEW_HOUSE);
    // the plan as served imports again: the same features, nothing lost (the roof form read as hip)
    assertThat(draftPlan.getJsonArray("features")).hasSize(newPlan.size());
    assertThat(roofOf(draftPlan, NEW_HOUSE)).isEqualTo("hip");

    // An event reported during the draft falls in a published grid.
    HttpResponse<String> event = expect(server.postJson("/api/v1/events", token, new JsonObject()
        .put("category", "sanitation").put("level", "general").put("lon", 118.9030).put("lat", 25.0020)
        .put("description", "垃圾未清运")), 201);
    assertThat(event.body()).contains(VILLAGE + "002").doesNotContain(VILLAGE + "003");
    Map<String, String> withEvent = snapshot();

    JsonObject draft = json(expect(server.get("/api/v1/villages/" + VILLAGE + "/draft", token), 200));
    assertThat(draft.getJsonObject("grids").getJsonArray("created")).containsExactly(VILLAGE + "003");
    assertThat(draft.getJsonObject("grids").getJsonArray("changed")).containsExactly(VILLAGE + "001");
    assertThat(draft.getJsonObject("grids").getJsonArray("retired")).containsExactly(VILLAGE + "002");
    int housesBefore = SmallVillage.planFeatures().stream()
        .filter(f -> "building".equals(((JsonObject) f).getJsonObject("properties").getString("layer"))).toList().size();
    assertThat(draft.getJsonObject("plan").getJsonObject("buildings")).isEqualTo(new JsonObject()
        .put("total", housesBefore).put("added", 1).put("kept", housesBefore - 1).put("removed", 1));

    // Publishing shows the new revision everywhere, once the changed scenes are rebuilt.
    JsonObject result = json(expect(server.send("POST", "/api/v1/villages/" + VILLAGE + "/publish", token, null, null), 200));
    assertThat(result.getJsonArray("published")).contains(VILLAGE + "001", VILLAGE + "002", VILLAGE + "003");
    Map<String, String> after = waitForNewTree(withEvent);
    assertThat(after.get("ogc")).contains("西网格(新)").contains("东网格(新)").doesNotContain("\"东网格\"");
    assertThat(after.get("ogc.etag")).isNotEqualTo(withEvent.get("ogc.etag"));
    assertThat(after.get("mvt")).isNotEqualTo(withEvent.get("mvt"));
    assertThat(waitForNew("basemap", withEvent.get("basemap"))).as("base map redrawn with the new house").isTrue();
    assertThat(result.getBoolean("planPublished")).isTrue();
    assertThat(json(expect(server.get("/api/v1/grids/" + VILLAGE + "002", token), 200)).getJsonObject("properties")
        .getString("status")).isEqualTo("retired");
    assertThat(roofOf(json(expect(server.get("/api/v1/villages/" + VILLAGE + "/plan", token), 200)), NEW_HOUSE))
        .as("the roof form is published with the plan").isEqualTo("hip");
    // The new plan is published with the grids: the new house stands in the new east grid.
    String buildings = waitFor("/ogc/collections/buildings/items?limit=1000", NEW_HOUSE);
    assertThat(buildings).doesNotContain(REMOVED_HOUSE);
    JsonObject house = json(expect(server.get("/ogc/collections/buildings/items/" + NEW_HOUSE, token), 200));
    assertThat(house.getJsonObject("properties").getString("grid_code")).isEqualTo(VILLAGE + "003");
    assertThat(json(expect(server.get("/api/v1/villages/" + VILLAGE + "/draft", token), 200)).getBoolean("exists"))
        .isFalse();
  }

  // --- what other systems and officials read

  private static Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    HttpResponse<String> ogc = expect(server.get("/ogc/collections/grids/items?limit=1000", token), 200);
    out.put("ogc", ogc.body());
    out.put("ogc.etag", ogc.headers().firstValue("ETag").orElse(""));
    out.put("mvt", sha(bytes("/tiles/grids/16/" + tileX(118.902, 16) + "/" + tileY(25.0015, 16) + ".mvt")));
    out.put("mvt.buildings", sha(bytes("/tiles/buildings/16/" + tileX(118.9032, 16) + "/" + tileY(25.00035, 16)
        + ".mvt")));
    out.put("ogc.buildings", expect(server.get("/ogc/collections/buildings/items?limit=1000", token), 200).body());
    // the base-map tile over the east of the village, where the new house of the draft plan stands
    out.put("basemap", sha(bytes("/imagery/base/17/" + tileX(118.9032, 17) + "/" + tileY(25.00035, 17) + ".png")));
    out.put("stats", expect(server.get("/api/v1/stats", token), 200).body());
    out.put("region", expect(server.get("/api/v1/regions/" + VILLAGE + "/stats", token), 200).body());
    out.put("children", expect(server.get("/api/v1/regions/" + VILLAGE + "/children", token), 200).body());
    out.put("grids", expect(server.get("/api/v1/grids?village=" + VILLAGE, token), 200).body());
    crawl(out);
    return out;
  }

  /** Every tileset and content file of the scene tree, by path, with the hash of its bytes. */
  private static void crawl(Map<String, String> out) {
    Deque<String> todo = new ArrayDeque<>();
    todo.add("/3dtiles/tileset.json");
    while (!todo.isEmpty()) {
      String path = todo.pop();
      byte[] body = bytes(path);
      out.put(path, sha(body));
      if (!path.endsWith(".json")) {
        continue;
      }
      String dir = path.substring(0, path.lastIndexOf('/') + 1);
      Deque<JsonObject> tiles = new ArrayDeque<>();
      tiles.add(new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getJsonObject("root"));
      while (!tiles.isEmpty()) {
        JsonObject tile = tiles.pop();
        JsonObject content = tile.getJsonObject("content");
        if (content != null) {
          todo.add(java.net.URI.create(dir).resolve(content.getString("uri")).getPath());
        }
        tile.getJsonArray("children", new JsonArray()).forEach(c -> tiles.add((JsonObject) c));
      }
    }
  }

  private static void assertUnchanged(Map<String, String> before, String after) {
    Map<String, String> now = snapshot();
    for (Map.Entry<String, String> e : before.entrySet()) {
      assertThat(now.get(e.getKey())).as(e.getKey() + " after " + after).isEqualTo(e.getValue());
    }
    assertThat(now.keySet()).as("scene files after " + after).isEqualTo(before.keySet());
  }

  private static Map<String, String> waitForNewTree(Map<String, String> before) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Map<String, String> now = snapshot();
      // The scene tree is rebuilt in the background; OGC pages may be cached for a second.
      if (!now.get("/3dtiles/tileset.json").equals(before.get("/3dtiles/tileset.json"))
          && !now.get("ogc.etag").equals(before.get("ogc.etag"))) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scene tree and OGC items did not change within 60 s of publishing");
      }
      sleep(200);
    }
  }

  /** Whether the snapshot's {@code key} moves away from {@code before} within 10 s (caches revalidate each second). */
  private static boolean waitForNew(String key, String before) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!snapshot().get(key).equals(before)) {
        return true;
      }
      sleep(200);
    }
    return false;
  }

  /** The body of {@code path} once it contains {@code text} (OGC pages may be cached for a second). */
  private static String waitFor(String path, String text) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      String body = expect(server.get(path, token), 200).body();
      if (body.contains(text)) {
        return body;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " did not show " + text + " within 10 s of publishing: " + body);
      }
      sleep(200);
    }
  }

  private static Map<String, JsonObject> draftGrids() {
    Map<String, JsonObject> out = new TreeMap<>();
    json(expect(server.get("/api/v1/grids?village=" + VILLAGE + "&revision=draft", token), 200)).getJsonArray("features")
        .forEach(f -> out.put(((JsonObject) f).getString("id"), ((JsonObject) f).getJsonObject("properties")));
    return out;
  }

  // --- helpers

  private static String grid(String seq, String name, double x0, double y0, double x1, double y1) {
    return SmallVillage.grid(VILLAGE + seq, name, x0, y0, x1, y1).encode();
  }

  private static String set(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  private static JsonObject line(double x0, double y0, double x1, double y1) {
    return new JsonObject().put("type", "LineString").put("coordinates", new JsonArray()
        .add(new JsonArray().add(x0).add(y0)).add(new JsonArray().add(x1).add(y1)));
  }

  private static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  private static int tileY(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }

  private static byte[] bytes(String path) {
    HttpResponse<byte[]> r = server.send(server.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private static String sha(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The roof form a plan (as served by GET .../plan) gives a building. */
  private static String roofOf(JsonObject plan, String buildingId) {
    for (Object f : plan.getJsonArray("features")) {
      JsonObject properties = ((JsonObject) f).getJsonObject("properties");
      if (buildingId.equals(properties.getString("id"))) {
        return properties.getString("roof");
      }
    }
    throw new AssertionError(buildingId + " is not in the plan");
  }
}
