package org.gridscape.scene.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real validators for what the scene builder writes, shared by this module's tests and the
 * server's (through the test jar): the OGC 3D Tiles 1.1 tileset schema from shared/spec (beside
 * the clone, never copied into it) and the Khronos glTF validator (npm gltf-validator, installed by
 * the web-viewer module). Without node or the package the glTF checks are skipped locally and fail
 * when {@code CI=true}.
 */
public final class SceneValidators {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SCHEMA_DIR = "shared/spec/3d-tiles-1.1-schema";
  /** Node exits before a large report is flushed through a pipe: validate in batches. */
  private static final int GLB_BATCH = 40;
  private static JsonSchema schema;

  private SceneValidators() {}

  /** Asserts that {@code json} is a valid 3D Tiles 1.1 tileset.json and returns it parsed. */
  public static JsonNode assertValidTileset(String path, byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " is not JSON", e);
    }
    Set<ValidationMessage> errors = schema().validate(node);
    assertThat(errors).as("3D Tiles 1.1 schema errors in %s", path).isEmpty();
    return node;
  }

  /**
   * Runs the Khronos glTF validator on the files and asserts 0 errors in each.
   *
   * @return the number of warnings over all files
   */
  public static int assertValidGlbs(List<Path> glbs) throws IOException, InterruptedException {
    requireGltfValidator();
    int warnings = 0;
    for (int from = 0; from < glbs.size(); from += GLB_BATCH) {
      warnings += validateBatch(glbs.subList(from, Math.min(glbs.size(), from + GLB_BATCH)));
    }
    // The validator knows no EXT_meshopt_compression, so it cannot read the compressed geometry:
    // validate it once more as the reference decoder gives it to a client.
    List<Path> decoded = decodeMeshopt(glbs);
    int decodedWarnings = 0;
    for (int from = 0; from < decoded.size(); from += GLB_BATCH) {
      decodedWarnings += validateBatch(decoded.subList(from, Math.min(decoded.size(), from + GLB_BATCH)));
    }
    System.out.printf("glTF validator: %d GLBs, 0 errors, %d warnings; decoded by meshoptimizer: 0 errors,"
        + " %d warnings%n", glbs.size(), warnings, decodedWarnings);
    return warnings + decodedWarnings;
  }

  /**
   * Decodes the EXT_meshopt_compression views of each GLB with npm meshoptimizer (the decoder
   * CesiumJS uses) into a plain GLB in a new temporary directory; returns those files.
   */
  public static List<Path> decodeMeshopt(List<Path> glbs) throws IOException, InterruptedException {
    requireGltfValidator();
    requireEnvironment(Files.isDirectory(nodeModules().resolve("meshoptimizer")),
        "meshoptimizer is not installed in " + nodeModules() + " (build web-viewer first)");
    List<Path> decoded = new ArrayList<>(glbs.size());
    Path dir = Files.createTempDirectory("gridscape-meshopt-decoded-");
    dir.toFile().deleteOnExit(); // registered first, deleted last
    for (int from = 0; from < glbs.size(); from += GLB_BATCH) {
      List<String> command = new ArrayList<>(List.of("node",
          repoRoot().resolve("scene-builder/src/test/node/decode-meshopt.cjs").toString(), nodeModules().toString()));
      for (Path glb : glbs.subList(from, Math.min(glbs.size(), from + GLB_BATCH))) {
        Path out = dir.resolve(decoded.size() + "-" + glb.getFileName());
        command.add(glb.toAbsolutePath().toString());
        command.add(out.toAbsolutePath().toString());
        out.toFile().deleteOnExit();
        decoded.add(out);
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("meshopt decoder did not finish");
      }
      assertThat(process.exitValue()).as("meshopt decoder exit code; output: %s", output).isZero();
    }
    return decoded;
  }

  /** Skips the calling test (fails it in CI) unless node and gltf-validator are installed. */
  public static void requireGltfValidator() {
    requireEnvironment(Files.isRegularFile(glbScript()), "validator script missing: " + glbScript());
    requireEnvironment(nodeWorks(), "`node` is not on the PATH");
    requireEnvironment(Files.isDirectory(nodeModules().resolve("gltf-validator")),
        "gltf-validator is not installed in " + nodeModules() + " (build web-viewer first)");
  }

  /**
   * The repository root (where scene-builder/ and web-viewer/ are): Surefire passes it as
   * {@code gridscape.repoRoot}; outside Maven the folders above the working directory are searched.
   */
  public static Path repoRoot() {
    String configured = System.getProperty("gridscape.repoRoot");
    if (configured != null && Files.isDirectory(Paths.get(configured, "scene-builder"))) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("scene-builder")) && Files.isDirectory(dir.resolve("web-viewer"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found: run from the clone or set gridscape.repoRoot");
  }

  private static int validateBatch(List<Path> glbs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", glbScript().toString(), nodeModules().toString()));
    glbs.forEach(glb -> command.add(glb.toAbsolutePath().toString()));
    Process process = new ProcessBuilder(command).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("glTF validator did not finish");
    }
    String output = new String(stdout, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("validator exit code; stderr: %s; stdout: %s", stderr, output).isIn(0, 1);
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

  private static synchronized JsonSchema schema() {
    if (schema == null) {
      Path dir = schemaDir();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(SchemaLocation.of(dir.resolve("tileset.schema.json").toUri().toString()));
    }
    return schema;
  }

  private static Path schemaDir() {
    Path root = repoRoot();
    for (Path candidate : new Path[] {root.resolveSibling(SCHEMA_DIR), root.resolve(SCHEMA_DIR)}) {
      if (Files.isRegularFile(candidate.resolve("tileset.schema.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("3D Tiles schemas not found: put " + SCHEMA_DIR + " beside the clone " + root);
  }

  private static Path glbScript() {
    return repoRoot().resolve("scene-builder/src/test/node/validate-glb.cjs");
  }

  private static Path nodeModules() {
    return repoRoot().resolve("web-viewer/node_modules");
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
