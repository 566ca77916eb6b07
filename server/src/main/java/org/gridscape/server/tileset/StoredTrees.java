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

  /** Where a stored file is read from: its path, or null when there is none of that name. */
  interface Files {
    Path file(String name) throws IOException;
  }

  /** The root file and every file its tree references (directly or through external tilesets). */
  static Set<String> files(Path dir, String rootFile) {
    return files(dir::resolve, rootFile);
  }

  /** As {@link #files(Path, String)}, the JSONs read from where {@code stored} has them. */
  static Set<String> files(Files stored, String rootFile) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> toRead = new ArrayDeque<>();
    seen.add(rootFile);
    toRead.add(rootFile);
    while (!toRead.isEmpty()) {
      String name = toRead.pop();
      JsonNode tileset;
      try {
        Path file = stored.file(name);
        if (file == null) {
          throw new java.nio.file.NoSuchFileException(name);
        }
        tileset = TilesetChecker.MAPPER.readTree(file.toFile());
      } catch (IOException e) {
        LOG.warn("Imported tileset file {} cannot be read: {}", name, e.toString());
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
