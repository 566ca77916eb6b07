package org.gridscape.scene.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes the scene under a directory. Each file is written to a temporary sibling and moved into
 * place, so a server reading the tree never sees a half-written file. Thread-safe for distinct
 * paths.
 */
public final class DirectorySceneOutput implements SceneOutput {
  private final Path root;
  private boolean open;

  public DirectorySceneOutput(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public synchronized void begin() {
    if (open) {
      throw new IllegalStateException("a publish is already under way");
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create scene directory " + root, e);
    }
    open = true;
  }

  @Override
  public void add(String path, byte[] bytes) {
    SceneOutput.requireValidPath(path);
    Objects.requireNonNull(bytes, "bytes");
    synchronized (this) {
      if (!open) {
        throw new IllegalStateException("add(" + path + ") outside begin()/end()");
      }
    }
    Path target = root.resolve(path);
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
      try {
        Files.write(temp, bytes);
        move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public synchronized void end() {
    if (!open) {
      throw new IllegalStateException("end() without begin()");
    }
    open = false;
  }
}
