package org.gridscape.server.scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.TilePaths;
import org.gridscape.server.store.AtomicFiles;

/**
 * A tree being written on the data directory ({@link SceneFiles}'s draft): GLBs ({@code content/...}) into the shared content directory, written
 * once under their hash name through a temporary file and an atomic move; every other file into
 * the new tree's directory, which nobody reads until the pointer names it. The tileset.json bytes
 * written are kept so the server can answer from memory straight after the switch. Thread-safe.
 */
final class TreeOutput implements SceneShelf.Draft {

  private final SceneFiles files;
  private final long number;
  private final Path contentDir;
  private final Path treeDir;
  private final Path previousDir;
  private final Map<String, byte[]> tilesets = new ConcurrentHashMap<>();
  private volatile boolean open;

  TreeOutput(SceneFiles files, long number, Path contentDir, Path treeDir, Path previousDir) {
    this.files = files;
    this.number = number;
    this.contentDir = Objects.requireNonNull(contentDir, "contentDir");
    this.treeDir = Objects.requireNonNull(treeDir, "treeDir");
    this.previousDir = previousDir;
  }

  @Override
  public long number() {
    return number;
  }

  /** Hard links to the previous tree's files; those rewritten later replace their link. */
  @Override
  public void carryOver() {
    if (previousDir != null) {
      SceneFiles.linkAll(previousDir, treeDir);
    }
  }

  @Override
  public SceneShelf.Tree publish(String tilesetVersion, String fingerprint) {
    SceneShelf.Tree tree = new SceneShelf.Tree(number, tilesetVersion, fingerprint);
    files.publish(tree);
    return tree;
  }

  @Override
  public void abandon() {
    files.abandon(treeDir);
  }

  @Override
  public synchronized void begin() {
    if (open) {
      throw new IllegalStateException("a publish is already under way");
    }
    open = true;
  }

  @Override
  public void add(String path, byte[] bytes) {
    SceneOutput.requireValidPath(path);
    Objects.requireNonNull(bytes, "bytes");
    if (!open) {
      throw new IllegalStateException("add(" + path + ") outside begin()/end()");
    }
    try {
      if (path.startsWith(TilePaths.CONTENT_DIR)) {
        writeContent(path.substring(TilePaths.CONTENT_DIR.length()), bytes);
      } else {
        Path target = treeDir.resolve(path);
        Files.createDirectories(target.getParent());
        // The file may be a hard link into the previous tree: replace the link, never write through it.
        Files.deleteIfExists(target);
        Files.write(target, bytes);
        tilesets.put(path, bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scene file " + path, e);
    }
  }

  private void writeContent(String name, byte[] bytes) throws IOException {
    if (name.contains("/")) {
      throw new IllegalArgumentException("content files sit directly in content/: " + name);
    }
    Path target = contentDir.resolve(name);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      // Named by the hash of its bytes: the same name holds the same content.
      return;
    }
    AtomicFiles.write(target, bytes);
  }

  @Override
  public synchronized void end() {
    if (!open) {
      throw new IllegalStateException("end() without begin()");
    }
    open = false;
  }

  @Override
  public Map<String, byte[]> tilesetsWritten() {
    return Map.copyOf(tilesets);
  }
}
