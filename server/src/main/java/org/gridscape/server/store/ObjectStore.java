package org.gridscape.server.store;

import java.util.Collection;
import java.util.Set;

/**
 * Immutable objects named by their content (a hash in the name) or by something never reused (an
 * orthophoto layer's id), shared by every replica: rows of the database ({@link DatabaseObjects})
 * or objects in an S3-compatible bucket ({@link S3Objects}). Names are relative, '/'-separated; the
 * first segment says whose they are ({@code scenes/}, {@code tilesets/}, {@code imagery/},
 * {@code attachments/}). Every call blocks: use it from worker threads only.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Stores an object unless one of that name exists (a name stands for its bytes). May return before
   * the object is durable; {@link #flush()} waits for that.
   */
  void putIfAbsent(String name, byte[] bytes);

  /** Waits until every object put so far is stored; throws the first failure of any of them. */
  void flush();

  /** The object's bytes, or null when there is none of that name. */
  byte[] get(String name);

  /** The names of every object whose name starts with {@code prefix}. */
  Set<String> names(String prefix);

  /** Deletes the named objects; names without an object are ignored. */
  void delete(Collection<String> names);

  /** Where the objects are, for the log (no secrets). */
  String describe();

  @Override
  void close();
}
