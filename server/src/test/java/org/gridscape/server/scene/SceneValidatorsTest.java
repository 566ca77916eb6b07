package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.scene.SceneFixture.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gridscape.scene.testing.SceneValidators;
import org.gridscape.server.JobState;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.SampleDistrict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server publishes passes the validators ({@link SceneValidators}): every tileset.json the
 * 3D Tiles 1.1 schemas, every GLB the Khronos glTF validator with 0 errors.
 */
class SceneValidatorsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theFixtureDistrictPassesBothValidators() throws Exception {
    validateAfter((vertx, db) -> SceneFixture.load(new GridService(vertx, db)), 4);
  }

  @Test
  @Tag("slow")
  void theWholeSampleDistrictPassesBothValidators() throws Exception {
    SceneValidators.requireGltfValidator();
    SceneService scenes = SampleDistrict.server().server().context().scenes();
    SceneJob job = await(scenes.build(BuildMode.ALL, "test"));
    assertThat(job.state()).as(job.toJson().encode()).isEqualTo(JobState.SUCCEEDED);
    validateTree(scenes, job);
  }

  /** Puts a district into the database. */
  private interface Loader {
    void load(Vertx vertx, Database db);
  }

  private void validateAfter(Loader loader, int expectedGrids) throws Exception {
    SceneValidators.requireGltfValidator();
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, ServerConfig.forTest(dir.resolve("data"), null)));
    SceneService scenes = null;
    try {
      loader.load(vertx, db);
      scenes = await(SceneService.start(vertx, db, dir.resolve("data"),
          SceneService.Settings.defaults().withWatch(false)));
      SceneJob job = await(scenes.build(BuildMode.ALL, "test"));
      assertThat(job.state()).as(job.toJson().encode()).isEqualTo(JobState.SUCCEEDED);
      assertThat(job.result().failedGrids()).isEmpty();
      assertThat(job.result().gridsBuilt()).isEqualTo(expectedGrids);
      validateTree(scenes, job);
    } finally {
      if (scenes != null) {
        scenes.close();
      }
      await(db.close());
      await(vertx.close());
    }
  }

  /** Every tileset.json of the served tree against the schemas, every GLB it names through the Khronos validator. */
  private static void validateTree(SceneService scenes, SceneJob job) throws Exception {
    Path tree = scenes.files().treeDir(scenes.files().current());
    int tilesets = 0;
    java.util.Set<Path> glbs = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.filter(p -> p.getFileName().toString().equals("tileset.json")).toList()) {
        byte[] json = Files.readAllBytes(file);
        SceneValidators.assertValidTileset(tree.relativize(file).toString(), json);
        tilesets++;
        for (var uri : MAPPER.readTree(json).findValues("uri")) {
          if (uri.asText().endsWith(".glb")) {
            // content/ is shared by every tree: the server maps it to the content directory
            Path inTree = tree.relativize(file.getParent().resolve(uri.asText()).normalize());
            assertThat(inTree.getName(0).toString()).isEqualTo("content");
            glbs.add(scenes.files().contentDir().resolve(inTree.subpath(1, inTree.getNameCount())));
          }
        }
      }
    }
    // every grid's GLB and one overview per village
    long villages = Files.walk(tree.resolve("v")).filter(p -> p.getFileName().toString().equals("tileset.json")).count();
    assertThat(glbs).hasSize(job.result().gridsBuilt() + (int) villages);
    assertThat(tilesets).isGreaterThan(glbs.size());
    SceneValidators.assertValidGlbs(List.copyOf(glbs));
  }
}
