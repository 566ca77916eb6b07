package org.gridscape.server.tileset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stored files a stored tileset tree references, read from the rewritten JSONs on disk. */
final class StoredTrees {

  private static final Logger LOG = LoggerFactory.getLogger(StoredTrees.class);

  private StoredTrees() {}

  /** The root file and every file its tree references (directly or through external tilesets). */
  static Set<String> files(Path dir, String rootFile) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> toRead = new ArrayDeque<>();
    seen.add(rootFile);
    toRead.add(rootFile);
    while (!toRead.isEmpty()) {
      String name = toRead.pop();
      JsonNode tileset;
      try {
        tileset = TilesetChecker.MAPPER.readTree(dir.resolve(name).toFile());
      } catch (IOException e) {
        LOG.warn("Imported tileset file {} cannot be read: {}", dir.resolve(name), e.toString());
        continue;
      }
      Deque<JsonNode> tiles = new ArrayDeque<>();
      tiles.add(tileset.path("root"));
      while (!tiles.isEmpty()) {
        JsonNode tile = tiles.pop();
        collect(tile.path("content"), seen, toRead);
        tile.path("contents").forEach(content -> collect(content, seen, toRead));
        tile.path("children").forEach(tiles::add);
      }
    }
    return seen;
  }

  private static void collect(JsonNode content, Set<String> seen, Deque<String> toRead) {
    String uri = content.path("uri").asText(content.path("url").asText(""));
    if (ImportedTileset.FILE.matcher(uri).matches() && seen.add(uri) && uri.endsWith(".json")) {
      toRead.add(uri);
    }
  }
}
