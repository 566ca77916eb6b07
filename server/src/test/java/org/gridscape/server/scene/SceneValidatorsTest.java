package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.gridscape.server.scene.SceneFixture.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.SampleDistrict;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server publishes passes the validators: every tileset.json the 3D Tiles 1.1 schemas, every
 * GLB the Khronos glTF validator (npm gltf-validator from web-viewer/node_modules, run by the scene
 * builder's script) with 0 errors. Without node or the package this is skipped locally and fails
 * when {@code CI=true}.
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
    requireValidator();
    SceneService scenes = SampleDistrict.server().server().context().scenes();
    SceneJob job = await(scenes.build(BuildMode.ALL, "test"));
    assertThat(job.state()).as(job.toJson().encode()).isEqualTo(SceneJob.State.SUCCEEDED);
    validateTree(scenes, job);
  }

  /** Puts a district into the database. */
  private interface Loader {
    void load(Vertx vertx, Database db);
  }

  private static Path script() {
    return TilesetSchemaCheck.repoRoot().resolve("scene-builder/src/test/node/validate-glb.cjs");
  }

  private static Path modules() {
    return TilesetSchemaCheck.repoRoot().resolve("web-viewer/node_modules");
  }

  private static void requireValidator() {
    requireEnvironment(Files.isRegularFile(script()), "validator script missing: " + script());
    requireEnvironment(nodeWorks(), "`node` is not on the PATH");
    requireEnvironment(Files.isDirectory(modules().resolve("gltf-validator")),
        "gltf-validator is not installed in " + modules() + " (build web-viewer first)");
  }

  private void validateAfter(Loader loader, int expectedGrids) throws Exception {
    requireValidator();
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, ServerConfig.forTest(dir.resolve("data"), null)));
    SceneService scenes = null;
    try {
      loader.load(vertx, db);
      scenes = await(SceneService.start(vertx, db, dir.resolve("data"),
          SceneService.Settings.defaults().withWatch(false)));
      SceneJob job = await(scenes.build(BuildMode.ALL, "test"));
      assertThat(job.state()).as(job.toJson().encode()).isEqualTo(SceneJob.State.SUCCEEDED);
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
    Path tree = scenes.files().current().dir();
    int tilesets = 0;
    java.util.Set<String> glbs = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.filter(p -> p.getFileName().toString().equals("tileset.json")).toList()) {
        byte[] json = Files.readAllBytes(file);
        TilesetSchemaCheck.assertValid(tree.relativize(file).toString(), json);
        tilesets++;
        for (var uri : MAPPER.readTree(json).findValues("uri")) {
          if (uri.asText().endsWith(".glb")) {
            // content/ is shared by every tree: the server maps it to the content directory
            Path inTree = tree.relativize(file.getParent().resolve(uri.asText()).normalize());
            assertThat(inTree.getName(0).toString()).isEqualTo("content");
            glbs.add(scenes.files().contentDir().resolve(inTree.subpath(1, inTree.getNameCount())).toString());
          }
        }
      }
    }
    assertThat(glbs).hasSize(job.result().gridsBuilt());
    assertThat(tilesets).isGreaterThan(glbs.size());
    runValidator(script(), modules(), List.copyOf(glbs));
  }

  /** Node exits before a large report is flushed through a pipe: validate in batches. */
  private static final int BATCH = 40;

  private static void runValidator(Path script, Path modules, List<String> glbs) throws Exception {
    int warnings = 0;
    for (int from = 0; from < glbs.size(); from += BATCH) {
      warnings += runBatch(script, modules, glbs.subList(from, Math.min(glbs.size(), from + BATCH)));
    }
    System.out.printf("glTF validator: %d GLBs, 0 errors, %d warnings%n", glbs.size(), warnings);
  }

  private static int runBatch(Path script, Path modules, List<String> glbs) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", script.toString(), modules.toString()));
    command.addAll(glbs);
    Process process = new ProcessBuilder(command).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("glTF validator did not finish");
    }
    String output = new String(stdout, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("validator exit; stderr %s", stderr).isIn(0, 1);
    JsonNode reports = MAPPER.readTree(output);
    assertThat(reports).hasSize(glbs.size());
    int warnings = 0;
    for (JsonNode report : reports) {
      warnings += report.path("numWarnings").asInt();
      assertThat(report.path("numErrors").asInt()).as("errors in %s: %s", report.path("file").asText(),
          report.path("messages")).isZero();
    }
    assertThat(process.exitValue()).isZero();
    return warnings;
  }

  private static void requireEnvironment(boolean ok, String problem) {
    if (ok) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("glTF validation cannot run in CI: " + problem);
    }
    System.err.println("SKIPPED glTF validator test: " + problem);
    Assumptions.abort("glTF validator not available: " + problem);
  }

  private static boolean nodeWorks() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
