package org.gridscape.server.imagery;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Frees a direct byte buffer at once. mil.nga:tiff decodes every image window into a new direct
 * buffer; left to the garbage collector, these outlive their use and the process grows by hundreds of
 * megabytes beyond the heap on a large import (the JVM only collects them when the direct-memory limit,
 * by default the heap size, is reached). {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported) releases one that nothing uses any more; where it is not available this does nothing.
 */
final class DirectBuffers {

  private static final sun.misc.Unsafe UNSAFE = unsafe();

  private DirectBuffers() {}

  /** Releases the buffer's memory; the caller must not touch it (or a view of it) afterwards. */
  static void free(ByteBuffer buffer) {
    if (UNSAFE != null && buffer != null && buffer.isDirect()) {
      try {
        UNSAFE.invokeCleaner(buffer);
      } catch (IllegalArgumentException slice) {
        // a slice or duplicate: the collector frees the memory with its owner
      }
    }
  }

  private static sun.misc.Unsafe unsafe() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (sun.misc.Unsafe) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
