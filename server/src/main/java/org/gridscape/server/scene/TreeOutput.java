package org.gridscape.server.scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gridscape.server.store.AtomicFiles;

/**
 * A tree being written on the data directory ({@link SceneFiles}'s draft): GLBs ({@code content/...}) into the shared content directory, written
 * once under their hash name through a temporary file and an atomic move; every other file into
 * the new tree's directory, which nobody reads until the pointer names it. The tileset.json bytes
 * written are kept so the server can answer from memory straight after the switch. Thread-safe.
 */
final class TreeOutput extends DraftOutput {

  private final SceneFiles files;
  private final Path contentDir;
  private final Path treeDir;
  private final Path previousDir;

  TreeOutput(SceneFiles files, long number, Path contentDir, Path treeDir, Path previousDir) {
    super(number);
    this.files = files;
    this.contentDir = Objects.requireNonNull(contentDir, "contentDir");
    this.treeDir = Objects.requireNonNull(treeDir, "treeDir");
    this.previousDir = previousDir;
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
    SceneShelf.Tree tree = new SceneShelf.Tree(number(), tilesetVersion, fingerprint);
    files.publish(tree);
    return tree;
  }

  @Override
  public void abandon() {
    files.abandon(treeDir);
  }

  @Override
  void addTileset(String path, byte[] bytes) {
    try {
      Path target = treeDir.resolve(path);
      Files.createDirectories(target.getParent());
      // The file may be a hard link into the previous tree: replace the link, never write through it.
      Files.deleteIfExists(target);
      Files.write(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scene file " + path, e);
    }
  }

  @Override
  void addContent(String name, byte[] bytes) {
    Path target = contentDir.resolve(name);
    try {
      if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
        // Named by the hash of its bytes: the same name holds the same content.
        return;
      }
      AtomicFiles.write(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scene file content/" + name, e);
    }
  }
}
