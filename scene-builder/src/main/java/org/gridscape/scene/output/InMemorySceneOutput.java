package org.gridscape.scene.output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/** Keeps the scene in memory, sorted by path: for tests and for serving small scenes. Thread-safe. */
public final class InMemorySceneOutput implements SceneOutput {
  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();
  private final List<String> lastPublish = Collections.synchronizedList(new ArrayList<>());
  private boolean open;

  @Override
  public synchronized void begin() {
    if (open) {
      throw new IllegalStateException("a publish is already under way");
    }
    open = true;
    lastPublish.clear();
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
    files.put(path, bytes.clone());
    lastPublish.add(path);
  }

  @Override
  public synchronized void end() {
    if (!open) {
      throw new IllegalStateException("end() without begin()");
    }
    open = false;
  }

  /** The bytes at {@code path}, or null. */
  public byte[] get(String path) {
    byte[] bytes = files.get(path);
    return bytes == null ? null : bytes.clone();
  }

  /** All files, sorted by path (read-only view; the arrays must not be modified). */
  public NavigableMap<String, byte[]> files() {
    return Collections.unmodifiableNavigableMap(files);
  }

  /** Paths added since the last {@link #begin()}, in the order they were added. */
  public List<String> addedInLastPublish() {
    synchronized (lastPublish) {
      return List.copyOf(lastPublish);
    }
  }
}
