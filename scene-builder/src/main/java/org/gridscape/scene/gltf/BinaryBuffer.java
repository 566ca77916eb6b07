package org.gridscape.scene.gltf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The GLB's single binary buffer, built view by view. Every view starts on an 8-byte boundary:
 * EXT_structural_metadata requires it for property values and it satisfies glTF's 4-byte rule
 * for vertex attributes too. Gaps are zero-filled so the bytes are deterministic.
 */
final class BinaryBuffer {
  static final int ALIGNMENT = 8;
  static final int ARRAY_BUFFER = 34962;
  static final int ELEMENT_ARRAY_BUFFER = 34963;

  /**
   * A glTF bufferView; {@code target} is 0 when the view is not vertex or index data, and
   * {@code byteStride} is 0 when the elements are tightly packed.
   */
  record View(int byteOffset, int byteLength, int target, int byteStride) {}

  private byte[] bytes = new byte[4096];
  private int length;
  private final List<View> views = new ArrayList<>();

  /**
   * Appends a view of {@code byteLength} bytes written by {@code writer} through a little-endian
   * buffer; returns the view's index.
   */
  int addView(int byteLength, int target, Consumer<ByteBuffer> writer) {
    return addView(byteLength, target, 0, writer);
  }

  /** As {@link #addView(int, int, Consumer)}, for vertex data with a declared stride. */
  int addView(int byteLength, int target, int byteStride, Consumer<ByteBuffer> writer) {
    int offset = align(length);
    // glTF forbids empty views (e.g. a column of empty strings): keep one zero byte instead.
    int viewLength = Math.max(1, byteLength);
    ensureCapacity(offset + viewLength);
    ByteBuffer view = ByteBuffer.wrap(bytes, offset, byteLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    writer.accept(view);
    if (view.position() != byteLength) {
      throw new IllegalStateException(
          "view writer wrote " + view.position() + " bytes, expected " + byteLength);
    }
    length = offset + viewLength;
    views.add(new View(offset, viewLength, target, byteStride));
    return views.size() - 1;
  }

  List<View> views() {
    return views;
  }

  /** Bytes used, padded to the alignment (the buffer's byteLength). */
  int byteLength() {
    return align(length);
  }

  byte[] bytes() {
    return Arrays.copyOf(bytes, byteLength());
  }

  private void ensureCapacity(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
    }
  }

  private static int align(int offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }
}
