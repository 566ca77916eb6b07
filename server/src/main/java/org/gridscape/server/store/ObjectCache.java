package org.gridscape.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One replica's read-through copy of a part of the shared {@link ObjectStore}: the objects named
 * {@code prefix + name} kept as {@code dir/name}, so requests are served from local files
 * ({@code sendFile}) and the store is read once per object and replica. Copies are written to a
 * temporary file and moved into place, so a reader never sees half a file. Names are relative,
 * '/'-separated, without '.' or '..' segments. Every call blocks: worker threads only.
 */
public final class ObjectCache {

  private final ObjectStore store;
  private final String prefix;
  private final Path dir;

  public ObjectCache(ObjectStore store, String prefix, Path dir) {
    this.store = Objects.requireNonNull(store, "store");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.dir = dir.toAbsolutePath();
  }

  public ObjectStore store() {
    return store;
  }

  public Path directory() {
    return dir;
  }

  /** The object's name in the store. */
  public String objectName(String name) {
    return prefix + requireSafe(name);
  }

  /** The store's names of every object under {@code folder/} (full object names, prefix included). */
  public java.util.Set<String> objectsUnder(String folder) {
    return store.names(prefix + requireSafe(folder) + "/");
  }

  /** Where the local copy of {@code name} is (it may not exist). */
  public Path local(String name) {
    return dir.resolve(requireSafe(name));
  }

  /** The local copy, read from the store first when there is none; null when the store has no such object. */
  public Path file(String name) throws IOException {
    Path file = local(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    byte[] bytes = store.get(prefix + name);
    if (bytes == null) {
      return null;
    }
    keep(name, bytes);
    return file;
  }

  /** Stores the object (unless there is one of that name) and keeps a local copy; {@link #flush()} makes it durable. */
  public void put(String name, byte[] bytes) throws IOException {
    store.putIfAbsent(objectName(name), bytes);
    keep(name, bytes);
  }

  /** Waits until every object put so far is stored. */
  public void flush() {
    store.flush();
  }

  /** Keeps a local copy of an object (temporary file beside it, then an atomic move). */
  public void keep(String name, byte[] bytes) throws IOException {
    AtomicFiles.write(local(name), bytes);
  }

  /** Removes the local copy only (the object stays in the store). */
  public void forget(String name) throws IOException {
    Files.deleteIfExists(local(name));
  }

  private static String requireSafe(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
        || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./") || name.contains("//")) {
      throw new IllegalArgumentException("not a relative object name: " + name);
    }
    return name;
  }
}
