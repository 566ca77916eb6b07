package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridscape.scene.testing.SceneValidators;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenes end to end over HTTP, run on each database: a small district imported and published through
 * the API, a build started and followed through the API, the tree fetched as a viewer would (token or
 * session cookie), the serving headers, path traversal attempts, and an edit of one building's data
 * that the server publishes by itself, touching only that grid's GLB and the tilesets above it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SceneApiContract {

  private static final String SECRET = "secret-outside-the-scenes-7f3a";

  private TestServer server;
  private String token;

  protected abstract TestDatabases.Kind kind();

  @BeforeAll
  void start() throws IOException {
    server = TestServer.start(kind());
    token = server.adminToken();
    post("/api/v1/imports/regions", "application/geo+json", SceneFixture.regions());
    for (String village : SceneFixture.VILLAGES) {
      post("/api/v1/imports/village-plan?village=" + village, "application/geo+json", SceneFixture.plan(village));
      post("/api/v1/imports/grids?village=" + village, "application/geo+json", SceneFixture.gridSet(village));
      expect2xx(server.send("POST", "/api/v1/villages/" + village + "/publish", token, null, null), "publish");
    }
    post("/api/v1/imports/households", "text/csv", SceneFixture.HOUSEHOLDS.getBytes(StandardCharsets.UTF_8));
    post("/api/v1/imports/residents", "text/csv", SceneFixture.RESIDENTS.getBytes(StandardCharsets.UTF_8));
    Path dataDir = server.server().context().config().dataDir();
    Files.writeString(dataDir.resolve("secret.txt"), SECRET);
    Files.writeString(dataDir.resolve("scenes").resolve("secret.txt"), SECRET);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      try {
        server.close();
      } catch (java.io.UncheckedIOException e) {
        // TestServer.close() walks the data directory while Vert.x may still be deleting its file
        // cache there; only temporary files are left behind.
        System.err.println("test server clean-up: " + e.getMessage());
      }
    }
  }

  @Test
  void buildIsAJobWithProgressAndTheTreeIsServedWithCachingHeaders() throws Exception {
    JsonObject job = buildAndWait("all");
    assertThat(job.getInteger("gridsTotal")).isEqualTo(4);
    assertThat(job.getInteger("gridsDone")).isEqualTo(4);
    assertThat(job.getInteger("percent")).isEqualTo(100);
    assertThat(job.getString("startedAt")).isNotNull();
    assertThat(job.getString("finishedAt")).isNotNull();
    assertThat(job.getJsonObject("result").getInteger("buildings")).isEqualTo(24);

    HttpResponse<byte[]> root = get("/3dtiles/tileset.json", Map.of());
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/json"));
    String etag = root.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");
    SceneValidators.assertValidTileset("tileset.json", root.body());

    HttpResponse<byte[]> notModified = get("/3dtiles/tileset.json", Map.of("If-None-Match", etag));
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().firstValue("ETag")).contains(etag);

    HttpResponse<byte[]> gzipped = get("/3dtiles/tileset.json", Map.of("Accept-Encoding", "gzip"));
    assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(root.body());
    }

    Map<String, String> glbs = walk().glbs();
    // four grids and the overviews of their two villages
    assertThat(glbs).hasSize(6).containsKeys(SceneFixture.VILLAGE_1, SceneFixture.VILLAGE_2);
    for (String glb : glbs.values()) {
      HttpResponse<byte[]> content = get(glb, Map.of());
      assertThat(content.statusCode()).isEqualTo(200);
      assertThat(content.headers().firstValue("Content-Type")).contains("model/gltf-binary");
      assertThat(content.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
      assertThat(new String(content.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("glTF");
      String glbTag = content.headers().firstValue("ETag").orElseThrow();
      assertThat(get(glb, Map.of("If-None-Match", glbTag)).statusCode()).isEqualTo(304);
    }

    // Per-building counts from the people layer; no personal data in the tile.
    byte[] grid11 = get(glbs.get(SceneFixture.GRID_11), Map.of()).body();
    GlbTable table = new GlbTable(grid11);
    int row = table.strings("buildingId").indexOf(SceneFixture.buildingId(SceneFixture.GRID_11, 0));
    assertThat(table.ints("residents").get(row)).isEqualTo(3);
    assertThat(table.ints("households").get(row)).isEqualTo(2);
    String everything = new String(grid11, StandardCharsets.ISO_8859_1);
    assertThat(everything).doesNotContain("350521198001011234").doesNotContain("13812345678");
  }

  @Test
  void tilesNeedSignInAndTheSessionCookieWorks() {
    buildAndWait("dirty");
    HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(server.uri("/3dtiles/tileset.json")).build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> cookie = server.send(HttpRequest.newBuilder(server.uri("/3dtiles/tileset.json"))
        .header("Cookie", "gridscape_session=" + token).build());
    assertThat(cookie.statusCode()).isEqualTo(200);
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/scenes/jobs/s1")).build()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void pathTraversalNeverLeavesTheSceneDirectory() throws IOException {
    buildAndWait("dirty");
    List<String> attempts = List.of("/3dtiles/../secret.txt", "/3dtiles/../../secret.txt",
        "/3dtiles/%2e%2e/secret.txt", "/3dtiles/%2E%2E/%2e%2e/secret.txt", "/3dtiles/%2e%2e%2fsecret.txt",
        "/3dtiles/content/..%2f..%2fsecret.txt", "/3dtiles/content/%2e%2e/%2e%2e/secret.txt",
        "/3dtiles//etc/passwd", "/3dtiles/%2Fetc%2Fpasswd", "/3dtiles/..%5c..%5csecret.txt",
        "/3dtiles/..\\..\\secret.txt", "/3dtiles/content/..\\..\\secret.txt", "/3dtiles/C:%5cWindows%5cwin.ini",
        "/3dtiles/./tileset.json/../../secret.txt", "/3dtiles/secret.txt", "/3dtiles/content/secret.txt",
        "/3dtiles/.manifest", "/3dtiles/%00/secret.txt");
    for (String attempt : attempts) {
      String response = raw("GET " + attempt + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n");
      String status = response.isEmpty() ? "" : response.substring(0, response.indexOf("\r\n"));
      assertThat(response).as(attempt).doesNotContain(SECRET).doesNotContain("root:");
      assertThat(status).as(attempt).matches("HTTP/1\\.1 4\\d\\d .*");
    }
  }

  @Test
  void badBuildRequestsAreRejected() {
    HttpResponse<String> mode = server.postJson("/api/v1/scenes/build", token, new JsonObject().put("mode", "some"));
    assertThat(mode.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(mode.body()).getString("error")).isEqualTo("bad_request");
    assertThat(server.get("/api/v1/scenes/jobs/nope", token).statusCode()).isEqualTo(404);
    expect2xx(server.postJson("/api/v1/users", token, new JsonObject().put("username", "scene-leader")
        .put("password", "scene-test-password").put("roles", new io.vertx.core.json.JsonArray().add("leader"))),
        "create a leader");
    String leader = server.login("scene-leader", "scene-test-password");
    assertThat(server.postJson("/api/v1/scenes/build", leader, new JsonObject()).statusCode()).isEqualTo(403);
  }

  @Test
  void anEditIsPublishedByItselfAndOnlyItsGridAndTheTilesetsAboveChange() throws Exception {
    buildAndWait("all");
    awaitQuiet();
    Tree before = walk();

    post("/api/v1/imports/inspections", "text/csv",
        SceneFixture.inspection(SceneFixture.GRID_11, 0, "C", "2026-06-01").getBytes(StandardCharsets.UTF_8));
    // No build requested: the server notices the dirty grid and publishes it in the background.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (get("/3dtiles/tileset.json", Map.of("If-None-Match", before.etags().get("tileset.json")))
        .statusCode() == 304) {
      assertThat(System.nanoTime()).as("background publish of the edit").isLessThan(deadline);
      Thread.sleep(50);
    }
    awaitQuiet();
    Tree after = walk();

    assertThat(after.etags().keySet()).isEqualTo(before.etags().keySet());
    List<String> changed = after.etags().keySet().stream()
        .filter(path -> !after.etags().get(path).equals(before.etags().get(path))).toList();
    assertThat(changed).containsExactlyInAnyOrder("tileset.json", "t/" + SceneFixture.TOWNSHIP + "/tileset.json",
        "v/" + SceneFixture.VILLAGE_1 + "/tileset.json", "g/" + SceneFixture.GRID_11 + "/tileset.json");
    List<String> changedContent = after.glbs().keySet().stream()
        .filter(grid -> !after.glbs().get(grid).equals(before.glbs().get(grid))).toList();
    // Only the grid: its village's overview is rebuilt, but a safety grade is not in it (one
    // feature per grid with counts), so it comes out byte for byte the same, under the same name.
    assertThat(changedContent).containsExactly(SceneFixture.GRID_11);

    GlbTable table = new GlbTable(get(after.glbs().get(SceneFixture.GRID_11), Map.of()).body());
    int row = table.strings("buildingId").indexOf(SceneFixture.buildingId(SceneFixture.GRID_11, 0));
    assertThat(table.enumNames("safetyGrade").get(row)).isEqualTo("C");
    // The old GLB stays available (immutable) for clients still holding the old tileset.
    assertThat(get(before.glbs().get(SceneFixture.GRID_11), Map.of()).statusCode()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Every tileset's ETag by scene path, and each grid's (and village overview's) GLB URL by code, found by following the links. */
  private record Tree(Map<String, String> etags, Map<String, String> glbs) {}

  private Tree walk() throws IOException {
    Map<String, String> etags = new TreeMap<>();
    Map<String, String> glbs = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of("tileset.json"));
    while (!queue.isEmpty()) {
      String path = queue.pop();
      HttpResponse<byte[]> response = get("/3dtiles/" + path, Map.of());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      etags.put(path, response.headers().firstValue("ETag").orElseThrow());
      JsonNode json = SceneValidators.assertValidTileset(path, response.body());
      for (String uri : ScenePublishingTest.uris(json.path("root"))) {
        String target = URI.create("http://x/" + path).resolve(uri).getPath().substring(1);
        if (target.endsWith(".glb")) {
          glbs.put(path.split("/")[1], "/3dtiles/" + target);
        } else {
          queue.add(target);
        }
      }
    }
    return new Tree(etags, glbs);
  }

  private JsonObject buildAndWait(String mode) {
    HttpResponse<String> started = server.postJson("/api/v1/scenes/build", token, new JsonObject().put("mode", mode));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonObject job = new JsonObject(started.body());
    String id = job.getString("jobId");
    assertThat(started.headers().firstValue("Location")).contains("/api/v1/scenes/jobs/" + id);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!job.getString("state").equals("succeeded")) {
      assertThat(job.getString("state")).as(job.encode()).isNotEqualTo("failed");
      assertThat(System.nanoTime()).as("build finishes").isLessThan(deadline);
      sleep(50);
      HttpResponse<String> polled = server.get("/api/v1/scenes/jobs/" + id, token);
      assertThat(polled.statusCode()).isEqualTo(200);
      job = new JsonObject(polled.body());
    }
    return job;
  }

  /** Waits until no build is queued or running, so the tree stays put while a test looks at it. */
  private void awaitQuiet() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonObject status = new JsonObject(server.get("/api/v1/scenes", token).body());
      boolean busy = status.getJsonArray("jobs").stream().map(JsonObject.class::cast)
          .anyMatch(j -> j.getString("state").equals("queued") || j.getString("state").equals("running"));
      Long dirty = scalar("SELECT COUNT(*) FROM scene_dirty");
      if (!busy && dirty == 0) {
        return;
      }
      assertThat(System.nanoTime()).as("builds settle").isLessThan(deadline);
      sleep(50);
    }
  }

  private Long scalar(String sql) {
    return ((Number) SceneFixture.await(server.server().context().db().query(sql)).iterator().next().getValue(0))
        .longValue();
  }

  private HttpResponse<byte[]> get(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = server.request(path, token).GET();
    headers.forEach(builder::header);
    try {
      return java.net.http.HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends bytes as they are: no client normalises the path on the way. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void post(String path, String contentType, byte[] body) {
    HttpRequest request = server.request(path, token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    expect2xx(server.send(request), "POST " + path);
  }

  private static void expect2xx(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as("%s: %s", what, response.body()).isBetween(200, 299);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
