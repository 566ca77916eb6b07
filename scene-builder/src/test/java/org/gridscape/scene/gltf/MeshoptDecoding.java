package org.gridscape.scene.gltf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test-side decoder of the two EXT_meshopt_compression bitstreams the builder writes, written
 * from the specification's decoding rules (Appendix A), independently of {@link MeshoptCodec}.
 * It asserts the stream's framing as it goes. {@code KhronosGltfValidatorTest} checks it against
 * the reference decoder (npm meshoptimizer).
 */
final class MeshoptDecoding {
  private MeshoptDecoding() {}

  static byte[] attributes(byte[] source, int count, int stride) {
    assertThat(stride % 4).as("ATTRIBUTES stride").isZero();
    assertThat(source[0] & 0xFF).as("ATTRIBUTES header").isEqualTo(0xa0);
    int tail = Math.max(32, stride);
    assertThat(source.length).isGreaterThanOrEqualTo(1 + tail);
    byte[] last = new byte[stride];
    System.arraycopy(source, source.length - stride, last, 0, stride);
    byte[] out = new byte[count * stride];
    int maxBlock = Math.min((8192 / stride) & ~15, 256);
    int at = 1;
    int[] deltas = new int[256];
    for (int start = 0; start < count; start += maxBlock) {
      int elements = Math.min(count - start, maxBlock);
      int groups = (elements + 15) / 16;
      for (int k = 0; k < stride; k++) {
        int headerAt = at;
        at += (groups + 3) / 4;
        for (int g = 0; g < groups; g++) {
          int mode = (source[headerAt + g / 4] >> (2 * (g % 4))) & 3;
          switch (mode) {
            case 0 -> {
              for (int i = 0; i < 16; i++) {
                deltas[g * 16 + i] = 0;
              }
            }
            case 3 -> {
              for (int i = 0; i < 16; i++) {
                deltas[g * 16 + i] = source[at++] & 0xFF;
              }
            }
            default -> {
              int bits = mode == 1 ? 2 : 4;
              int sentinel = (1 << bits) - 1;
              int packedAt = at;
              at += 16 * bits / 8;
              for (int i = 0; i < 16; i++) {
                int bitOffset = i * bits;
                int value = ((source[packedAt + bitOffset / 8] & 0xFF) >> (8 - bits - bitOffset % 8)) & sentinel;
                deltas[g * 16 + i] = value == sentinel ? source[at++] & 0xFF : value;
              }
            }
          }
        }
        int value = last[k] & 0xFF;
        for (int i = 0; i < elements; i++) {
          int zigzag = deltas[i];
          int delta = (zigzag & 1) != 0 ? ~(zigzag >> 1) : zigzag >> 1;
          value = (value + delta) & 0xFF;
          out[(start + i) * stride + k] = (byte) value;
        }
      }
      System.arraycopy(out, (start + elements - 1) * stride, last, 0, stride);
    }
    assertThat(source.length - at).as("only the tail follows the blocks").isEqualTo(tail);
    return out;
  }

  static int[] indices(byte[] source, int count) {
    assertThat(source[0] & 0xFF).as("INDICES header").isEqualTo(0xd1);
    long[] last = {0, 0};
    int[] out = new int[count];
    int at = 1;
    for (int i = 0; i < count; i++) {
      long v = 0;
      int shift = 0;
      int b;
      do {
        b = source[at++] & 0xFF;
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      int baseline = (int) (v & 1);
      long delta = (v & 2) != 0 ? ~(v >> 2) : v >> 2;
      last[baseline] += delta;
      out[i] = (int) last[baseline];
    }
    assertThat(source.length - at).as("INDICES tail").isEqualTo(4);
    return out;
  }

  /** Mode 1, decoded step by step as Appendix A describes it. */
  static int[] triangles(byte[] source, int count) {
    assertThat(count % 3).isZero();
    assertThat(source[0] & 0xFF).as("TRIANGLES header").isEqualTo(0xe1);
    int triangles = count / 3;
    int codeAt = 1;
    int[] dataAt = {1 + triangles};
    int auxAt = source.length - 16;
    assertThat(source[auxAt + 14]).isZero();
    assertThat(source[auxAt + 15]).isZero();
    long[] state = {0, 0}; // next, last
    long[][] edges = new long[16][2];
    int[] edgeOffset = {0};
    long[] vertices = new long[16];
    int[] vertexOffset = {0};
    int[] out = new int[count];
    for (int t = 0; t < triangles; t++) {
      int code = source[codeAt + t] & 0xFF;
      int x = code >> 4;
      int y = code & 15;
      long a;
      long b;
      long c;
      if (x < 15) {
        long[] edge = edges[(edgeOffset[0] - 1 - x) & 15];
        a = edge[0];
        b = edge[1];
        if (y == 0) {
          c = state[0]++;
          push(vertices, vertexOffset, c);
        } else if (y < 13) {
          c = vertices[(vertexOffset[0] - 1 - y) & 15];
        } else if (y < 15) {
          c = y == 13 ? state[1] - 1 : state[1] + 1;
          state[1] = c;
          push(vertices, vertexOffset, c);
        } else {
          c = readIndex(source, dataAt, state);
          push(vertices, vertexOffset, c);
        }
        pushEdge(edges, edgeOffset, c, b);
        pushEdge(edges, edgeOffset, a, c);
      } else {
        boolean pushB;
        boolean pushC;
        if (y < 14) {
          int zw = source[auxAt + y] & 0xFF;
          int z = zw >> 4;
          int w = zw & 15;
          a = state[0]++;
          b = z == 0 ? state[0]++ : vertices[(vertexOffset[0] - z) & 15];
          c = w == 0 ? state[0]++ : vertices[(vertexOffset[0] - w) & 15];
          pushB = z == 0;
          pushC = w == 0;
        } else {
          int zw = source[dataAt[0]++] & 0xFF;
          if (zw == 0) {
            state[0] = 0;
          }
          int z = zw >> 4;
          int w = zw & 15;
          a = y == 14 ? state[0]++ : readIndex(source, dataAt, state);
          b = z == 0 ? state[0]++ : z < 15 ? vertices[(vertexOffset[0] - z) & 15] : readIndex(source, dataAt, state);
          c = w == 0 ? state[0]++ : w < 15 ? vertices[(vertexOffset[0] - w) & 15] : readIndex(source, dataAt, state);
          pushB = z == 0 || z == 15;
          pushC = w == 0 || w == 15;
        }
        push(vertices, vertexOffset, a);
        if (pushB) {
          push(vertices, vertexOffset, b);
        }
        if (pushC) {
          push(vertices, vertexOffset, c);
        }
        pushEdge(edges, edgeOffset, b, a);
        pushEdge(edges, edgeOffset, c, b);
        pushEdge(edges, edgeOffset, a, c);
      }
      out[3 * t] = (int) a;
      out[3 * t + 1] = (int) b;
      out[3 * t + 2] = (int) c;
    }
    assertThat(dataAt[0]).as("extra data used up exactly").isEqualTo(auxAt);
    return out;
  }

  private static long readIndex(byte[] source, int[] at, long[] state) {
    long v = 0;
    int shift = 0;
    int b;
    do {
      b = source[at[0]++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    int delta = (v & 1) != 0 ? ~((int) (v >>> 1)) : (int) (v >>> 1);
    state[1] += delta;
    return state[1];
  }

  private static void push(long[] fifo, int[] offset, long v) {
    fifo[offset[0]] = v;
    offset[0] = (offset[0] + 1) & 15;
  }

  private static void pushEdge(long[][] fifo, int[] offset, long a, long b) {
    fifo[offset[0]] = new long[] {a, b};
    offset[0] = (offset[0] + 1) & 15;
  }
}
