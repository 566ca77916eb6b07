package org.gridscape.server.scene;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.TilePaths;

/**
 * What every kind of draft does alike: one publish at a time between {@code begin()} and
 * {@code end()}, safe paths only, GLBs ({@code content/NAME}) told apart from tileset files, and
 * the tileset bytes kept so the server can answer from memory straight after the switch. Where the
 * bytes go is the subclass's ({@link TreeOutput}: files; {@link SharedScenes}: the object store and
 * the database). Thread-safe.
 */
abstract class DraftOutput implements SceneShelf.Draft {

  private final long number;
  private final Map<String, byte[]> tilesets = new ConcurrentHashMap<>();
  private volatile boolean open;

  DraftOutput(long number) {
    this.number = number;
  }

  @Override
  public final long number() {
    return number;
  }

  @Override
  public final synchronized void begin() {
    if (open) {
      throw new IllegalStateException("a publish is already under way");
    }
    open = true;
  }

  @Override
  public final void add(String path, byte[] bytes) {
    SceneOutput.requireValidPath(path);
    Objects.requireNonNull(bytes, "bytes");
    if (!open) {
      throw new IllegalStateException("add(" + path + ") outside begin()/end()");
    }
    if (path.startsWith(TilePaths.CONTENT_DIR)) {
      String name = path.substring(TilePaths.CONTENT_DIR.length());
      if (name.contains("/")) {
        throw new IllegalArgumentException("content files sit directly in content/: " + name);
      }
      addContent(name, bytes);
    } else {
      addTileset(path, bytes);
      tilesets.put(path, bytes);
    }
  }

  @Override
  public final synchronized void end() {
    if (!open) {
      throw new IllegalStateException("end() without begin()");
    }
    finish();
    open = false;
  }

  @Override
  public final Map<String, byte[]> tilesetsWritten() {
    return Map.copyOf(tilesets);
  }

  /** The tileset files written so far, by path (live; for the publish). */
  final Map<String, byte[]> tilesets() {
    return tilesets;
  }

  /** Stores a GLB named by its hash ({@code name} without the {@code content/} prefix). */
  abstract void addContent(String name, byte[] bytes);

  /** Stores a tileset file of the tree (it is kept for {@link #tilesetsWritten} afterwards). */
  abstract void addTileset(String path, byte[] bytes);

  /** Called by {@code end()}: whatever is still buffered is written. */
  void finish() {}
}
