package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * Validates tileset.json files against the OGC 3D Tiles 1.1 schemas in shared/spec, which lie beside
 * the clone and are never copied into it. Surefire passes the repository root as
 * {@code gridscape.repoRoot}; outside Maven the folders above the working directory are searched.
 */
final class TilesetSchemaCheck {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RELATIVE = "shared/spec/3d-tiles-1.1-schema";
  private static JsonSchema schema;

  private TilesetSchemaCheck() {}

  private static synchronized JsonSchema schema() {
    if (schema == null) {
      Path dir = locate();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(SchemaLocation.of(dir.resolve("tileset.schema.json").toUri().toString()));
    }
    return schema;
  }

  /** Asserts that {@code json} is a valid tileset.json and returns it parsed. */
  static JsonNode assertValid(String path, byte[] json) {
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

  /** The repository root (where web-viewer/ and scene-builder/ are). */
  static Path repoRoot() {
    String configured = System.getProperty("gridscape.repoRoot");
    if (configured != null && Files.isDirectory(Paths.get(configured, "scene-builder"))) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("scene-builder")) && Files.isDirectory(dir.resolve("server"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found: run from the clone or set gridscape.repoRoot");
  }

  private static Path locate() {
    Path root = repoRoot();
    for (Path candidate : new Path[] {root.resolveSibling(RELATIVE), root.resolve(RELATIVE)}) {
      if (Files.isRegularFile(candidate.resolve("tileset.schema.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("3D Tiles schemas not found: put " + RELATIVE + " beside the clone " + root);
  }
}
