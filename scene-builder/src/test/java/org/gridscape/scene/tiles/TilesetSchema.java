package org.gridscape.scene.tiles;

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
 * The OGC 3D Tiles 1.1 tileset JSON schema from shared/spec (never copied into the repository).
 * Surefire passes its folder as {@code gridscape.tilesSchemaDir}; when a test runs outside Maven,
 * shared/ is looked up beside the working tree.
 */
final class TilesetSchema {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RELATIVE = "shared/spec/3d-tiles-1.1-schema";
  private static JsonSchema schema;

  private TilesetSchema() {}

  static synchronized JsonSchema get() {
    if (schema == null) {
      Path dir = locate();
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
      schema = factory.getSchema(SchemaLocation.of(dir.resolve("tileset.schema.json").toUri().toString()));
    }
    return schema;
  }

  /** Asserts that {@code json} is a valid tileset.json; returns it parsed. */
  static JsonNode assertValid(String path, byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " is not JSON", e);
    }
    Set<ValidationMessage> errors = get().validate(node);
    assertThat(errors).as("schema errors in %s", path).isEmpty();
    return node;
  }

  private static Path locate() {
    String configured = System.getProperty("gridscape.tilesSchemaDir");
    if (configured != null && Files.isRegularFile(Paths.get(configured, "tileset.schema.json"))) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : new Path[] {dir.resolve(RELATIVE), dir.resolveSibling(RELATIVE)}) {
        if (Files.isRegularFile(candidate.resolve("tileset.schema.json"))) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("3D Tiles schemas not found: set gridscape.tilesSchemaDir or put "
        + RELATIVE + " beside the clone (was " + configured + ")");
  }
}
