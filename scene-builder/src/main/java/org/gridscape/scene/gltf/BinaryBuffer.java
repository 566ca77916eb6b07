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
  record View(int byteOffset, int byteLength, int target, int byteStride, Compressed compressed) {
    /** The buffer the view points into: the GLB's own (0) or the meshopt fallback (1). */
    int buffer() {
      return compressed == null ? 0 : 1;
    }
  }

  /**
   * Where the EXT_meshopt_compression form of a view lies in the GLB buffer; the view itself
   * then describes the decoded layout in the fallback buffer, which has no bytes.
   */
  record Compressed(int byteOffset, int byteLength, int byteStride, int count, String mode) {}

  private byte[] bytes = new byte[4096];
  private int length;
  private final List<View> views = new ArrayList<>();
  private int fallbackLength;

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
    views.add(new View(offset, viewLength, target, byteStride, null));
    return views.size() - 1;
  }

  /**
   * Appends a view of {@code count} elements of {@code elementBytes} written by {@code writer},
   * stored compressed with EXT_meshopt_compression: vertex data ({@code byteStride} > 0) in mode
   * ATTRIBUTES, triangle-list indices (2 or 4-byte elements, no stride) in mode TRIANGLES.
   */
  int addCompressedView(int count, int elementBytes, int target, int byteStride, Consumer<ByteBuffer> writer) {
    int byteLength = count * elementBytes;
    ByteBuffer raw = ByteBuffer.allocate(byteLength).order(ByteOrder.LITTLE_ENDIAN);
    writer.accept(raw);
    if (raw.position() != byteLength) {
      throw new IllegalStateException("view writer wrote " + raw.position() + " bytes, expected " + byteLength);
    }
    byte[] encoded;
    String mode;
    if (byteStride > 0) {
      encoded = MeshoptCodec.encodeAttributes(raw.array(), count, byteStride);
      mode = MeshoptCodec.MODE_ATTRIBUTES;
    } else {
      int[] indices = new int[count];
      raw.flip();
      for (int i = 0; i < count; i++) {
        indices[i] = elementBytes == 2 ? Short.toUnsignedInt(raw.getShort()) : raw.getInt();
      }
      encoded = MeshoptCodec.encodeTriangles(indices, count);
      mode = MeshoptCodec.MODE_TRIANGLES;
    }
    int offset = align(length);
    ensureCapacity(offset + encoded.length);
    System.arraycopy(encoded, 0, bytes, offset, encoded.length);
    length = offset + encoded.length;
    int fallbackOffset = align(fallbackLength);
    fallbackLength = fallbackOffset + byteLength;
    views.add(new View(fallbackOffset, byteLength, target, byteStride,
        new Compressed(offset, encoded.length, byteStride > 0 ? byteStride : elementBytes, count, mode)));
    return views.size() - 1;
  }

  /** Size of the fallback buffer (0 when no view is compressed). */
  int fallbackByteLength() {
    return align(fallbackLength);
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
