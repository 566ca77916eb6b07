package org.gridscape.scene.gltf;

import java.util.Arrays;

/**
 * Encoders for two of the EXT_meshopt_compression bitstreams, written from the extension's
 * specification (Appendix A): mode 0 ("ATTRIBUTES", version 0) for vertex data, mode 1
 * ("TRIANGLES") for triangle lists and mode 2 ("INDICES") for other index data. Both are lossless: a decoder gives back the very bytes encoded.
 * Stateless.
 */
public final class MeshoptCodec {
  public static final String MODE_ATTRIBUTES = "ATTRIBUTES";
  public static final String MODE_INDICES = "INDICES";
  public static final String MODE_TRIANGLES = "TRIANGLES";

  private static final int ATTRIBUTES_HEADER = 0xa0;
  private static final int INDICES_HEADER = 0xd1;
  private static final int TRIANGLES_HEADER = 0xe1;
  private static final int BLOCK_BYTES = 8192;
  private static final int MAX_BLOCK_ELEMENTS = 256;
  private static final int GROUP = 16;
  private static final int TAIL_MIN_BYTES = 32;

  private MeshoptCodec() {}

  /**
   * Mode 0: per byte position, zigzag deltas from the previous element in blocks of up to 256
   * elements and groups of 16, each group stored in 0, 2, 4 or 8 bits per delta (whichever is
   * smallest); the tail holds the baseline element (the first one).
   *
   * @param data {@code count} elements of {@code stride} bytes
   */
  public static byte[] encodeAttributes(byte[] data, int count, int stride) {
    if (stride <= 0 || stride > 256 || stride % 4 != 0) {
      throw new IllegalArgumentException("ATTRIBUTES needs a stride divisible by 4 and <= 256: " + stride);
    }
    if (data.length < count * stride) {
      throw new IllegalArgumentException("data holds fewer than " + count + " elements");
    }
    int maxBlock = Math.min((BLOCK_BYTES / stride) & ~(GROUP - 1), MAX_BLOCK_ELEMENTS);
    int blocks = (count + maxBlock - 1) / maxBlock;
    int tail = Math.max(TAIL_MIN_BYTES, stride);
    // Worst case: every group raw (16 bytes) plus its header bits, per byte column and block.
    int groupsTotal = blocks * ((maxBlock + GROUP - 1) / GROUP);
    byte[] out = new byte[1 + stride * (groupsTotal * GROUP + groupsTotal / 4 + blocks) + tail];
    int pos = 0;
    out[pos++] = (byte) ATTRIBUTES_HEADER;
    byte[] last = new byte[stride];
    if (count > 0) {
      System.arraycopy(data, 0, last, 0, stride);
    }
    byte[] baseline = last.clone();
    int[] deltas = new int[GROUP];
    for (int start = 0; start < count; start += maxBlock) {
      int elements = Math.min(count - start, maxBlock);
      int groups = (elements + GROUP - 1) / GROUP;
      for (int k = 0; k < stride; k++) {
        pos = encodeColumn(data, start * stride + k, stride, elements, groups, last[k] & 0xFF, deltas, out, pos);
      }
      System.arraycopy(data, (start + elements - 1) * stride, last, 0, stride);
    }
    pos += tail - stride; // zeros, then the baseline element
    System.arraycopy(baseline, 0, out, pos, stride);
    return Arrays.copyOf(out, pos + stride);
  }

  /**
   * One byte column of a block: the header bits (2 per group, least significant first), then each
   * group's deltas in 0, 2, 4 or 8 bits (whichever is smallest), in one pass: a group's deltas are
   * worked out, sized and written before the next one's ({@code deltas} holds them). {@code out} is
   * zeros from {@code pos}. Returns the new end.
   */
  private static int encodeColumn(byte[] data, int at, int stride, int elements, int groups, int previous,
      int[] deltas, byte[] out, int pos) {
    int headerAt = pos;
    pos += (groups + 3) >> 2;
    for (int g = 0, first = 0; g < groups; g++, first += GROUP) {
      int any = 0;
      int over2 = 0;
      int over4 = 0;
      int inGroup = Math.min(GROUP, elements - first);
      for (int i = 0; i < inGroup; i++, at += stride) {
        int value = data[at] & 0xFF;
        int d = ZIGZAG[(value - previous) & 0xFF];
        previous = value;
        deltas[i] = d;
        any |= d;
        over2 += (d + 0xFD) >>> 8; // 1 when d >= 3
        over4 += (d + 0xF1) >>> 8; // 1 when d >= 15
      }
      for (int i = inGroup; i < GROUP; i++) {
        deltas[i] = 0;
      }
      int mode;
      if (any == 0) {
        mode = 0;
      } else if (4 + over2 <= 8 + over4 && 4 + over2 <= GROUP) {
        mode = 1;
        pos = writeSentinel2(out, pos, deltas);
      } else if (8 + over4 <= GROUP) {
        mode = 2;
        pos = writeSentinel4(out, pos, deltas);
      } else {
        mode = 3;
        for (int i = 0; i < GROUP; i++) {
          out[pos++] = (byte) deltas[i];
        }
      }
      out[headerAt + (g >> 2)] |= (byte) (mode << ((g & 3) << 1));
    }
    return pos;
  }

  /** 2-bit deltas, four to a byte, the first in the most significant bits; 3 is the sentinel. */
  private static int writeSentinel2(byte[] out, int pos, int[] d) {
    for (int i = 0; i < GROUP; i += 4) {
      out[pos++] = (byte) (Math.min(d[i], 3) << 6 | Math.min(d[i + 1], 3) << 4
          | Math.min(d[i + 2], 3) << 2 | Math.min(d[i + 3], 3));
    }
    // The escaped deltas, without a branch per delta (they are unpredictable): each is written, and
    // kept only when it is one. The array has room past the end (the tail), and is zeros there.
    for (int i = 0; i < GROUP; i++) {
      out[pos] = (byte) d[i];
      pos += (d[i] + 0xFD) >>> 8; // 1 when d >= 3
    }
    out[pos] = 0; // what follows must stay zeros
    return pos;
  }

  /** 4-bit deltas, two to a byte, the first in the high nibble; 15 is the sentinel. */
  private static int writeSentinel4(byte[] out, int pos, int[] d) {
    for (int i = 0; i < GROUP; i += 2) {
      out[pos++] = (byte) (Math.min(d[i], 15) << 4 | Math.min(d[i + 1], 15));
    }
    for (int i = 0; i < GROUP; i++) {
      out[pos] = (byte) d[i];
      pos += (d[i] + 0xF1) >>> 8; // 1 when d >= 15
    }
    out[pos] = 0;
    return pos;
  }

  /** Zigzag of a byte's wrapped difference: 0, -1, 1, -2, ... to 0, 1, 2, 3, ... */
  private static final int[] ZIGZAG = new int[256];

  static {
    for (int delta = 0; delta < 256; delta++) {
      ZIGZAG[delta] = zigzag8(delta);
    }
  }

  private static int zigzag8(int delta) {
    return (delta & 0x80) != 0 ? (~(delta << 1)) & 0xFF : (delta << 1) & 0xFF;
  }

  /**
   * Mode 2: each index as an unsigned LEB128 of a zigzag delta from one of two baselines (the
   * closer one), the baseline's number in the lowest bit; a 4-byte zero tail.
   */
  public static byte[] encodeIndices(int[] indices, int count) {
    Bytes out = new Bytes(count + 8);
    out.write(INDICES_HEADER);
    long[] last = {0, 0};
    for (int i = 0; i < count; i++) {
      long index = Integer.toUnsignedLong(indices[i]);
      int baseline = Math.abs(index - last[1]) < Math.abs(index - last[0]) ? 1 : 0;
      long delta = index - last[baseline];
      if (delta < -(1L << 30) || delta >= (1L << 30)) {
        throw new IllegalArgumentException("index delta out of range: " + delta);
      }
      long zigzag = delta >= 0 ? delta << 1 : ((-delta - 1) << 1) | 1;
      writeVarint(out, (zigzag << 1) | baseline);
      last[baseline] = index;
    }
    for (int i = 0; i < 4; i++) {
      out.write(0);
    }
    return out.toByteArray();
  }

  /**
   * Mode 1: one code byte per triangle, most naming an edge of a recent triangle (a 16-entry edge
   * FIFO) and a third vertex that is the next new one, a recent one (16-entry vertex FIFO), a
   * neighbour of the last explicit index, or an explicit zigzag delta; triangles of three new
   * vertices use the first entry of the lookup table, which is all zeros. Triangles may come out
   * rotated (same winding, another first vertex), as the codec allows.
   */
  public static byte[] encodeTriangles(int[] indices, int count) {
    if (count % 3 != 0) {
      throw new IllegalArgumentException("TRIANGLES needs a multiple of 3 indices: " + count);
    }
    Bytes codes = new Bytes(count / 3 + 1);
    Bytes data = new Bytes(count / 3 + 16);
    TriangleState state = new TriangleState();
    for (int t = 0; t < count; t += 3) {
      int[] tri = {indices[t], indices[t + 1], indices[t + 2]};
      if (!encodeWithEdge(tri, state, codes, data)) {
        encodeWithoutEdge(tri, state, codes, data);
      }
    }
    Bytes out = new Bytes(1 + codes.size() + data.size() + 16);
    out.write(TRIANGLES_HEADER);
    out.writeBytes(codes.toByteArray());
    out.writeBytes(data.toByteArray());
    out.writeBytes(new byte[16]); // the lookup table: entry 0 = 0x00, three new vertices
    return out.toByteArray();
  }

  /** The decoder's state, mirrored: high watermark, last explicit index, the two FIFOs. */
  private static final class TriangleState {
    long next;
    long last;
    final long[] edgeFrom = new long[16];
    final long[] edgeTo = new long[16];
    int edgeOffset;
    final long[] vertices = new long[16];
    int vertexOffset;

    TriangleState() {
      Arrays.fill(edgeFrom, -1);
      Arrays.fill(edgeTo, -1);
      Arrays.fill(vertices, -1);
    }

    void pushEdge(long a, long b) {
      edgeFrom[edgeOffset] = a;
      edgeTo[edgeOffset] = b;
      edgeOffset = (edgeOffset + 1) & 15;
    }

    void pushVertex(long v) {
      vertices[vertexOffset] = v;
      vertexOffset = (vertexOffset + 1) & 15;
    }

    /** Position of edge (a, b) in the FIFO, 0 the most recent, or -1. */
    int findEdge(long a, long b) {
      for (int i = 0; i < 15; i++) {
        int at = (edgeOffset - 1 - i) & 15;
        if (edgeFrom[at] == a && edgeTo[at] == b) {
          return i;
        }
      }
      return -1;
    }

    int findVertex(long v) {
      for (int i = 0; i < 16; i++) {
        if (vertices[(vertexOffset - 1 - i) & 15] == v) {
          return i;
        }
      }
      return -1;
    }
  }

  private static boolean encodeWithEdge(int[] tri, TriangleState s, Bytes codes,
      Bytes data) {
    for (int r = 0; r < 3; r++) {
      long a = Integer.toUnsignedLong(tri[r]);
      long b = Integer.toUnsignedLong(tri[(r + 1) % 3]);
      long c = Integer.toUnsignedLong(tri[(r + 2) % 3]);
      int fe = s.findEdge(a, b);
      if (fe < 0) {
        continue;
      }
      int fv = s.findVertex(c);
      if (c == s.next) {
        codes.write(fe << 4);
        s.next++;
        s.pushVertex(c);
      } else if (fv >= 1 && fv <= 12) {
        codes.write((fe << 4) | fv);
      } else if (c == s.last - 1 || c == s.last + 1) {
        codes.write((fe << 4) | (c == s.last - 1 ? 0xd : 0xe));
        s.last = c;
        s.pushVertex(c);
      } else {
        codes.write((fe << 4) | 0xf);
        writeIndexDelta(data, s, c);
        s.pushVertex(c);
      }
      s.pushEdge(c, b);
      s.pushEdge(a, c);
      return true;
    }
    return false;
  }

  private static void encodeWithoutEdge(int[] tri, TriangleState s, Bytes codes,
      Bytes data) {
    // Rotate so that the first vertex is the next new one when any is.
    int r = 0;
    for (int i = 0; i < 3; i++) {
      if (Integer.toUnsignedLong(tri[i]) == s.next) {
        r = i;
        break;
      }
    }
    long a = Integer.toUnsignedLong(tri[r]);
    long b = Integer.toUnsignedLong(tri[(r + 1) % 3]);
    long c = Integer.toUnsignedLong(tri[(r + 2) % 3]);
    if (a == s.next && b == s.next + 1 && c == s.next + 2) {
      codes.write(0xf0); // lookup table entry 0: a, b and c are new
      s.next += 3;
    } else {
      // Explicit: a is next (0xfe) or a delta (0xff); b and c each next (0) or a delta (0xf).
      // Never the byte 0x00, which would restart the watermark.
      boolean aNext = a == s.next;
      long after = aNext ? s.next + 1 : s.next;
      int z = b == after ? 0 : 0xf;
      long afterB = z == 0 ? after + 1 : after;
      int w = c == afterB ? 0 : 0xf;
      if (!aNext && z == 0 && w == 0) {
        z = 0xf;
        w = c == after ? 0 : 0xf;
      }
      codes.write(aNext ? 0xfe : 0xff);
      data.write((z << 4) | w);
      if (aNext) {
        s.next++;
      } else {
        writeIndexDelta(data, s, a);
      }
      if (z == 0) {
        s.next++;
      } else {
        writeIndexDelta(data, s, b);
      }
      if (w == 0) {
        s.next++;
      } else {
        writeIndexDelta(data, s, c);
      }
    }
    s.pushVertex(a);
    s.pushVertex(b);
    s.pushVertex(c);
    s.pushEdge(b, a);
    s.pushEdge(c, b);
    s.pushEdge(a, c);
  }

  /** An index as the LEB128 of its zigzag 32-bit delta from the last explicit index. */
  private static void writeIndexDelta(Bytes data, TriangleState s, long index) {
    int delta = (int) (index - s.last);
    writeVarint(data, Integer.toUnsignedLong((delta << 1) ^ (delta >> 31)));
    s.last = index;
  }

  private static void writeVarint(Bytes out, long value) {
    while (value >= 0x80) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** A growable byte array: ByteArrayOutputStream's writes are synchronized, one lock per byte. */
  static final class Bytes {
    private byte[] data;
    private int length;

    Bytes(int capacity) {
      data = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
      if (length == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[length++] = (byte) b;
    }

    void write(byte[] bytes, int offset, int count) {
      if (length + count > data.length) {
        data = Arrays.copyOf(data, Math.max(length + count, data.length * 2));
      }
      System.arraycopy(bytes, offset, data, length, count);
      length += count;
    }

    void writeBytes(byte[] bytes) {
      write(bytes, 0, bytes.length);
    }

    int size() {
      return length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(data, length);
    }
  }
}
