package org.gridscape.server.tileset;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A stored tileset as listed: the public record plus its region's name and level (null when the
 * region is gone), what it takes on disk, and who imported it when.
 */
record TilesetRow(ImportedTileset tileset, String regionName, String regionLevel, long files, long bytes,
    String createdBy, OffsetDateTime createdAt) {

  TilesetRow {
    Objects.requireNonNull(tileset, "tileset");
    Objects.requireNonNull(createdAt, "createdAt");
    if (files < 1 || bytes < 0) {
      throw new IllegalArgumentException("a stored tileset has at least one file");
    }
  }

  /** The listing of {@code GET /api/v1/tilesets} and the answer of an import. */
  JsonObject toJson() {
    ImportedTileset t = tileset;
    return new JsonObject()
        .put("id", t.id())
        .put("name", t.name())
        .put("region", new JsonObject().put("code", t.regionCode()).put("name", regionName).put("level", regionLevel))
        .put("bounds", new JsonArray().add(t.west()).add(t.south()).add(t.east()).add(t.north()))
        .put("minHeight", t.minHeight())
        .put("maxHeight", t.maxHeight())
        .put("geometricError", t.geometricError())
        .put("uri", t.uri())
        .put("files", files)
        .put("bytes", bytes)
        .put("createdBy", createdBy)
        .put("createdAt", createdAt.toInstant().toString());
  }
}
