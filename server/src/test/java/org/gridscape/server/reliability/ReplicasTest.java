package org.gridscape.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TwoGridVillage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL, as behind a load balancer: an edit made through one
 * is served by the other (tileset, GLB, vector tile, OGC item) within two seconds; the replica
 * that builds is killed (SIGKILL) in the middle of a build and the other finishes it; and no
 * replica ever serves a tileset that names a file it cannot serve.
 */
@Tag("slow")
class ReplicasTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TWO_SECONDS = 2_000_000_000L;
  private static final Pattern BUILD_STARTED = Pattern.compile("Scene build s\\d+ \\(dirty, auto\\) started: [1-9]");

  @TempDir
  Path dir;

  private final String url = TestDatabases.freshPostgresUrl();

  @AfterEach
  void dropSchema() {
    TestDatabases.dropSchema(url);
  }

  @Test
  void twoReplicasServeOneDistrictAndTakeOverABuild() throws Exception {
    try (ChildServer a = ChildServer.start(dir.resolve("a"), url, dir.resolve("a.log"));
        ChildServer b = ChildServer.start(dir.resolve("b"), url, dir.resolve("b.log"))) {
      String tokenA = a.login();
      String tokenB = b.login();
      SmallVillage.load(a, tokenA);
      // The publish marked the grids dirty: one replica builds, both serve the result.
      Map<String, byte[]> treeA = awaitTree(a, tokenA, 60);
      Map<String, byte[]> treeB = awaitTree(b, tokenB, 5);
      assertSame(treeA, treeB);

      // ---- an edit through A is served by B within two seconds
      String rootTag = etag(b, tokenB, "/3dtiles/tileset.json");
      String tile = "/tiles/grids/" + mvtTile(118.701, 24.9613, 14) + ".mvt";
      byte[] mvtBefore = ok(b.getBytes(tile, tokenB)).body();
      String item = "/ogc/collections/grids/items/" + TwoGridVillage.WEST;
      assertThat(ok(b.getBytes(item, tokenB)).body()).asString().contains("西片");
      post(a, tokenA, "/api/v1/imports/grids?village=" + TwoGridVillage.VILLAGE, "application/geo+json",
          TwoGridVillage.grids().replace("西片", "西片(新)"), 201);
      post(a, tokenA, "/api/v1/imports/village-plan?village=" + TwoGridVillage.VILLAGE, "application/geo+json",
          TwoGridVillage.plan().replace("\"floors\":3", "\"floors\":9"), 201);
      post(a, tokenA, "/api/v1/villages/" + TwoGridVillage.VILLAGE + "/publish", null, null, 200);
      long published = System.nanoTime();
      long tilesetAt = -1;
      long mvtAt = -1;
      long itemAt = -1;
      while (tilesetAt < 0 || mvtAt < 0 || itemAt < 0) {
        long now = System.nanoTime() - published;
        assertThat(now).as("B serves the edit (tileset %d, mvt %d, item %d ns)", tilesetAt, mvtAt, itemAt)
            .isLessThan(TWO_SECONDS);
        if (tilesetAt < 0 && !etag(b, tokenB, "/3dtiles/tileset.json").equals(rootTag)) {
          tilesetAt = now;
        }
        if (mvtAt < 0 && !Arrays.equals(ok(b.getBytes(tile, tokenB)).body(), mvtBefore)) {
          mvtAt = now;
        }
        if (itemAt < 0 && new String(ok(b.getBytes(item, tokenB)).body()).contains("西片(新)")) {
          itemAt = now;
        }
        Thread.sleep(20);
      }
      Map<String, byte[]> editedB = walk(b, tokenB);
      assertThat(glbs(editedB)).as("the taller house is in a new GLB").isNotEqualTo(glbs(treeB));
      assertSame(walk(a, tokenA), editedB);
      System.out.printf(Locale.ROOT, "replica B served the edit: tileset after %d ms, MVT after %d ms, "
          + "OGC item after %d ms%n", tilesetAt / 1_000_000, mvtAt / 1_000_000, itemAt / 1_000_000);

      // ---- the builder dies in the middle of a build; the other replica finishes it
      long treeBefore = TestDatabases.queryLong(url, "SELECT MAX(number) FROM scene_tree");
      int offsetA = a.log().length();
      int offsetB = b.log().length();
      int houses = denseVillage(b, tokenB);
      post(b, tokenB, "/api/v1/villages/" + TwoGridVillage.VILLAGE + "/publish", null, null, 200);
      ChildServer builder = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (builder == null) {
        assertThat(System.nanoTime()).as("a replica starts building").isLessThan(deadline);
        if (BUILD_STARTED.matcher(a.log().substring(offsetA)).find()) {
          builder = a;
        } else if (BUILD_STARTED.matcher(b.log().substring(offsetB)).find()) {
          builder = b;
        } else {
          Thread.sleep(5);
        }
      }
      ChildServer survivor = builder == a ? b : a;
      String survivorToken = builder == a ? tokenB : tokenA;
      AtomicBoolean watching = new AtomicBoolean(true);
      List<String> broken = new ArrayList<>();
      Thread watcher = new Thread(() -> {
        while (watching.get()) {
          broken.addAll(brokenReferences(survivor, survivorToken));
        }
      });
      watcher.start();
      builder.kill();
      assertThat(TestDatabases.queryLong(url, "SELECT MAX(number) FROM scene_tree"))
          .as("killed before it published").isEqualTo(treeBefore);
      assertThat(TestDatabases.queryLong(url, "SELECT COUNT(*) FROM scene_claim")).as("its claims are left")
          .isPositive();
      long killed = System.nanoTime();
      while (TestDatabases.queryLong(url, "SELECT COUNT(*) FROM scene_claim") > 0
          || TestDatabases.queryLong(url, "SELECT MAX(number) FROM scene_tree") == treeBefore) {
        assertThat(System.nanoTime() - killed).as("the survivor takes the build over").isLessThan(60_000_000_000L);
        Thread.sleep(50);
      }
      System.out.printf(Locale.ROOT, "the survivor published the build %d ms after the builder was killed%n",
          (System.nanoTime() - killed) / 1_000_000);
      assertThat(TestDatabases.queryLong(url, "SELECT SUM(buildings) FROM scene_tile")).isEqualTo(houses);
      Thread.sleep(300);
      watching.set(false);
      watcher.join();
      assertThat(broken).as("every file a served tileset names is served").isEmpty();
      assertThat(survivor.log()).contains("Scene build").doesNotContain("Exception in thread");
      Map<String, byte[]> finalTree = walk(survivor, survivorToken);
      assertThat(glbs(finalTree)).isNotEqualTo(glbs(editedB));
    }
  }

  /** Replaces the village plan (draft) with a dense one, to make a build long enough to be killed in. */
  private static int denseVillage(ChildServer server, String token) {
    JsonArray features = new JsonArray();
    JsonObject plan = new JsonObject(TwoGridVillage.plan());
    plan.getJsonArray("features").forEach(f -> {
      if (!"building".equals(((JsonObject) f).getJsonObject("properties").getString("layer"))) {
        features.add(f);
      }
    });
    double dx = 0.0000495;
    double dy = 0.0000450;
    int n = 0;
    for (double x = TwoGridVillage.X0 + dx / 2; x + dx < TwoGridVillage.X2; x += dx) {
      if (Math.abs(x + dx * 0.3 - TwoGridVillage.X1) < dx) {
        continue; // keep off the road on the grids' shared edge
      }
      for (double y = TwoGridVillage.Y0 + dy / 2; y + dy < TwoGridVillage.Y1; y += dy) {
        n++;
        features.add(new JsonObject().put("type", "Feature")
            .put("properties", new JsonObject().put("layer", "building").put("id", "D" + n).put("floors", 1 + n % 6))
            .put("geometry", new JsonObject(TwoGridVillage.feature("{}", TwoGridVillage.ring(x, y, x + dx * 0.6,
                y + dy * 0.6))).getJsonObject("geometry")));
      }
    }
    post(server, token, "/api/v1/imports/village-plan?village=" + TwoGridVillage.VILLAGE, "application/geo+json",
        new JsonObject().put("type", "FeatureCollection").put("features", features).encode(), 201);
    return n;
  }

  private static Map<String, byte[]> awaitTree(ChildServer server, String token, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (server.getBytes("/3dtiles/tileset.json", token).statusCode() != 200) {
      assertThat(System.nanoTime()).as("a scene is served").isLessThan(deadline);
      Thread.sleep(50);
    }
    return walk(server, token);
  }

  /** Every file of the served tree from the root down, by path. */
  private static Map<String, byte[]> walk(ChildServer server, String token) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(List.of("/3dtiles/tileset.json"));
    while (!todo.isEmpty()) {
      String path = todo.poll();
      if (!out.containsKey(path)) {
        byte[] body = ok(server.getBytes(path, token)).body();
        out.put(path, body);
        if (path.endsWith(".json")) {
          for (JsonNode uri : JSON.readTree(body).findValues("uri")) {
            todo.add(URI.create(path).resolve(uri.asText()).getPath());
          }
        }
      }
    }
    return out;
  }

  /** One walk of the tree; what a fetched tileset names but the server does not serve. */
  private static List<String> brokenReferences(ChildServer server, String token) {
    List<String> out = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(List.of("/3dtiles/tileset.json"));
    while (!todo.isEmpty()) {
      String path = todo.poll();
      HttpResponse<byte[]> r = server.getBytes(path, token);
      if (r.statusCode() != 200) {
        out.add(path + " -> " + r.statusCode());
        continue;
      }
      if (path.endsWith(".json")) {
        try {
          for (JsonNode uri : JSON.readTree(r.body()).findValues("uri")) {
            String next = URI.create(path).resolve(uri.asText()).getPath();
            if (next.endsWith(".json")) {
              todo.add(next);
            } else if (server.getBytes(next, token).statusCode() != 200) {
              out.add(next + " (named by " + path + ")");
            }
          }
        } catch (Exception e) {
          out.add(path + ": " + e);
        }
      }
    }
    return out;
  }

  private static void assertSame(Map<String, byte[]> one, Map<String, byte[]> other) {
    assertThat(other.keySet()).isEqualTo(one.keySet());
    one.forEach((path, bytes) -> assertThat(other.get(path)).as(path).isEqualTo(bytes));
  }

  private static List<String> glbs(Map<String, byte[]> tree) {
    return tree.keySet().stream().filter(p -> p.endsWith(".glb")).sorted().toList();
  }

  private static String etag(ChildServer server, String token, String path) {
    return ok(server.getBytes(path, token)).headers().firstValue("ETag").orElseThrow();
  }

  private static HttpResponse<byte[]> ok(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
    return response;
  }

  private static void post(ChildServer server, String token, String path, String type, String body, int expected) {
    HttpResponse<String> r = server.send("POST", path, token, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(expected, expected == 200 ? 201 : expected);
  }

  /** {@code z/x/y} of the Web Mercator tile holding a point. */
  private static String mvtTile(double lon, double lat, int z) {
    double n = 1 << z;
    int x = (int) Math.floor((lon + 180) / 360 * n);
    double rad = Math.toRadians(lat);
    int y = (int) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n);
    return z + "/" + x + "/" + y;
  }
}
