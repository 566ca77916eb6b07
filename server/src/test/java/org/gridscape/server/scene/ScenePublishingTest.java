package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.scene.SceneFixture.await;

import org.gridscape.scene.testing.SceneValidators;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gridscape.server.JobState;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.GeographyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scene publishing on the embedded database without the rest of the server: full builds, incremental
 * builds, a build that dies mid-publish, and the tree served over HTTP by the service's own handler.
 */
class ScenePublishingTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private Database db;
  private SceneService scenes;
  private HttpServer http;
  private final AtomicInteger failAfter = new AtomicInteger(-1);
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, ServerConfig.forTest(dir, null)));
    SceneFixture.load(new GridService(vertx, db));
    scenes = await(SceneService.start(vertx, db, dir, SceneService.Settings.defaults().withWatch(false)
        .withOutputDecorator(out -> new FailingOutput(out, failAfter))));
    Router router = Router.router(vertx);
    router.route("/3dtiles/*").handler(scenes.tiles());
    http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    scenes.close();
    await(http.close());
    await(db.close());
    await(vertx.close());
  }

  @Test
  void fullBuildPublishesEveryGridWithSchemaValidTilesets() throws IOException {
    SceneJob job = await(scenes.build(BuildMode.ALL, "test"));

    assertThat(job.state()).as("job %s", job.toJson().encode()).isEqualTo(JobState.SUCCEEDED);
    PublishResult result = job.result();
    assertThat(result.gridsBuilt()).isEqualTo(4);
    assertThat(result.buildings()).isEqualTo(24);
    assertThat(result.incremental()).isFalse();
    assertThat(job.percent()).isEqualTo(100);
    assertThat(job.gridsDone()).isEqualTo(job.gridsTotal()).isEqualTo(4);

    Map<String, byte[]> tree = treeFiles();
    assertThat(tree.keySet()).containsExactlyInAnyOrder("tileset.json", "t/" + SceneFixture.TOWNSHIP + "/tileset.json",
        "v/" + SceneFixture.VILLAGE_1 + "/tileset.json", "v/" + SceneFixture.VILLAGE_2 + "/tileset.json",
        "g/" + SceneFixture.GRID_11 + "/tileset.json", "g/" + SceneFixture.GRID_12 + "/tileset.json",
        "g/" + SceneFixture.GRID_21 + "/tileset.json", "g/" + SceneFixture.GRID_22 + "/tileset.json");
    Path treeDir = scenes.files().treeDir(scenes.files().current());
    for (Map.Entry<String, byte[]> file : tree.entrySet()) {
      JsonNode json = SceneValidators.assertValidTileset(file.getKey(), file.getValue());
      assertThat(json.path("asset").path("tilesetVersion").asText()).isEqualTo(result.tilesetVersion());
      for (String uri : uris(json.path("root"))) {
        Path target = treeDir.resolve(file.getKey()).getParent().resolve(uri).normalize();
        Path resolved = uri.contains("content/")
            ? scenes.files().contentDir().resolve(target.getFileName().toString()) : target;
        assertThat(resolved).as("%s -> %s", file.getKey(), uri).isRegularFile();
      }
    }
    assertThat(count("SELECT COUNT(*) FROM scene_tile")).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM scene_dirty")).isZero();
    assertThat(count("SELECT COUNT(*) FROM scene_claim")).isZero();
    // Served over HTTP exactly as on disk.
    for (Map.Entry<String, byte[]> file : tree.entrySet()) {
      HttpResponse<byte[]> response = get("/3dtiles/" + file.getKey());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(file.getValue());
    }
  }

  @Test
  void dirtyBuildRewritesOnlyTheDirtyGridAndTheTilesetsAboveIt() throws IOException {
    assertThat(await(scenes.build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    Map<String, byte[]> before = treeFiles();

    await(new GeographyStore(db).markDirty(Set.of(SceneFixture.GRID_21)));
    SceneJob job = await(scenes.build(BuildMode.DIRTY, "test"));

    assertThat(job.state()).as("job %s", job.toJson().encode()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.result().incremental()).isTrue();
    assertThat(job.result().gridsBuilt()).isEqualTo(1);
    Map<String, byte[]> after = treeFiles();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(changed(before, after)).containsExactlyInAnyOrder("tileset.json",
        "t/" + SceneFixture.TOWNSHIP + "/tileset.json", "v/" + SceneFixture.VILLAGE_2 + "/tileset.json",
        "g/" + SceneFixture.GRID_21 + "/tileset.json");
    for (Map.Entry<String, byte[]> file : after.entrySet()) {
      SceneValidators.assertValidTileset(file.getKey(), file.getValue());
    }
    assertThat(count("SELECT COUNT(*) FROM scene_claim")).isZero();

    // Nothing dirty: nothing to publish, the served tree stays.
    long served = scenes.files().current().number();
    SceneJob idle = await(scenes.build(BuildMode.DIRTY, "test"));
    assertThat(idle.result().unchanged()).isTrue();
    assertThat(scenes.files().current().number()).isEqualTo(served);
  }

  @Test
  void aBuildThatDiesMidPublishLeavesTheOldTreeServedAndItsClaims() throws IOException {
    assertThat(await(scenes.build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    Map<String, byte[]> before = treeFiles();
    SceneShelf.Tree served = scenes.files().current();
    Map<String, byte[]> overHttp = new TreeMap<>();
    for (String path : before.keySet()) {
      overHttp.put(path, get("/3dtiles/" + path).body());
    }

    await(new GeographyStore(db).markDirty(Set.of(SceneFixture.GRID_11, SceneFixture.GRID_22)));
    failAfter.set(3); // two GLBs, then one tileset, then the crash
    SceneJob failed = await(scenes.build(BuildMode.ALL, "test"));

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains("simulated crash");
    assertThat(scenes.files().current()).isEqualTo(served);
    assertThat(Files.readString(dir.resolve("scenes/current")).strip()).isEqualTo(Long.toString(served.number()));
    assertThat(treeFiles()).usingRecursiveComparison().isEqualTo(before);
    try (Stream<Path> trees = Files.list(scenes.files().treesDir())) {
      assertThat(trees.map(p -> p.getFileName().toString()).toList())
          .as("the unfinished tree is removed").containsExactly(Long.toString(served.number()));
    }
    for (Map.Entry<String, byte[]> file : overHttp.entrySet()) {
      assertThat(get("/3dtiles/" + file.getKey()).body()).as(file.getKey()).isEqualTo(file.getValue());
    }
    // The edits are not lost: the claims stay for the next build.
    assertThat(strings("SELECT grid_code FROM scene_claim")).containsExactlyInAnyOrder(SceneFixture.GRID_11,
        SceneFixture.GRID_22);

    failAfter.set(-1);
    SceneJob retried = await(scenes.build(BuildMode.DIRTY, "test"));
    assertThat(retried.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(retried.result().gridsBuilt()).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM scene_claim")).isZero();
    assertThat(changed(before, treeFiles())).contains("g/" + SceneFixture.GRID_11 + "/tileset.json",
        "g/" + SceneFixture.GRID_22 + "/tileset.json").doesNotContain("g/" + SceneFixture.GRID_12 + "/tileset.json");
  }

  @Test
  void aRetiredGridLeavesTheSceneAndItsTileIsForgotten() throws IOException {
    assertThat(await(scenes.build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    await(db.query("UPDATE grid SET status = 'retired' WHERE code = ?", Tuple.of(SceneFixture.GRID_22)));
    await(new GeographyStore(db).markDirty(Set.of(SceneFixture.GRID_22)));

    SceneJob job = await(scenes.build(BuildMode.DIRTY, "test"));

    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.result().incremental()).as("the tree's shape changed: all tilesets rewritten").isFalse();
    assertThat(job.result().gridsBuilt()).isZero();
    assertThat(treeFiles()).doesNotContainKey("g/" + SceneFixture.GRID_22 + "/tileset.json")
        .containsKey("g/" + SceneFixture.GRID_21 + "/tileset.json");
    assertThat(strings("SELECT grid_code FROM scene_tile")).doesNotContain(SceneFixture.GRID_22).hasSize(3);
  }

  @Test
  void buildingFiguresFromTheLayersReachTheTiles() throws IOException {
    await(db.batch("INSERT INTO household (id, building_id, size) VALUES (?, ?, ?)", List.of(
        Tuple.of("H1", SceneFixture.buildingId(SceneFixture.GRID_12, 2), 2),
        Tuple.of("H2", SceneFixture.buildingId(SceneFixture.GRID_12, 2), 1))));
    await(db.batch("INSERT INTO resident (id, household_id) VALUES (?, ?)", List.of(
        Tuple.of("R1", "H1"), Tuple.of("R2", "H1"), Tuple.of("R3", "H2"))));
    await(db.query("INSERT INTO inspection (building_id, inspected_on, grade) VALUES (?, ?, 'D')",
        Tuple.of(SceneFixture.buildingId(SceneFixture.GRID_12, 2), java.time.LocalDate.of(2026, 5, 1))));
    await(db.query("INSERT INTO illegal_case (id, building_id, status) VALUES ('IC1', ?, 'open')",
        Tuple.of(SceneFixture.buildingId(SceneFixture.GRID_12, 4))));

    assertThat(await(scenes.build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);

    String uri = uris(SceneValidators.assertValidTileset("grid", treeFiles().get("g/" + SceneFixture.GRID_12
        + "/tileset.json")).path("root")).get(0);
    GlbTable table = new GlbTable(Files.readAllBytes(scenes.files().contentDir()
        .resolve(uri.substring(uri.lastIndexOf('/') + 1))));
    List<String> ids = table.strings("buildingId");
    int row = ids.indexOf(SceneFixture.buildingId(SceneFixture.GRID_12, 2));
    int other = ids.indexOf(SceneFixture.buildingId(SceneFixture.GRID_12, 4));
    assertThat(table.ints("residents").get(row)).isEqualTo(3);
    assertThat(table.ints("households").get(row)).isEqualTo(2);
    assertThat(table.enumNames("safetyGrade").get(row)).isEqualTo("D");
    assertThat(table.enumNames("safetyGrade").get(other)).isEqualTo("UNKNOWN");
    assertThat(table.enumNames("illegalConstruction").get(other)).isEqualTo("OPEN");
    assertThat(table.ints("illegalConstructionOpen").get(other)).isEqualTo(1);
    // The boundary row carries the grid's totals.
    int boundary = ids.indexOf("grid:" + SceneFixture.GRID_12);
    assertThat(table.ints("residents").get(boundary)).isEqualTo(3);
    assertThat(table.count()).isEqualTo(7);
  }

  // ------------------------------------------------------------------------------------ helpers

  private Map<String, byte[]> treeFiles() throws IOException {
    Path treeDir = scenes.files().treeDir(scenes.files().current());
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(treeDir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
        if (file.getFileName().toString().equals("tileset.json")) {
          out.put(treeDir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
    }
    return out;
  }

  static Set<String> changed(Map<String, byte[]> before, Map<String, byte[]> after) {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, byte[]> file : after.entrySet()) {
      if (!java.util.Arrays.equals(before.get(file.getKey()), file.getValue())) {
        out.add(file.getKey());
      }
    }
    return out;
  }

  /** The URIs of a tile's content and of its children's content, depth first. */
  static List<String> uris(JsonNode tile) {
    List<String> out = new ArrayList<>();
    if (tile.has("content")) {
      out.add(tile.path("content").path("uri").asText());
    }
    for (JsonNode child : tile.path("children")) {
      out.addAll(uris(child));
    }
    return out;
  }

  private HttpResponse<byte[]> get(String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.actualPort() + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql) {
    return ((Number) await(db.query(sql)).iterator().next().getValue(0)).longValue();
  }

  private List<String> strings(String sql) {
    List<String> out = new ArrayList<>();
    await(db.query(sql)).forEach(row -> out.add(row.getString(0)));
    return out;
  }
}
