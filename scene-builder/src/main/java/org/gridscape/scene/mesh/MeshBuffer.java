package org.gridscape.scene.mesh;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Growable, indexed triangle mesh in glTF's y-up axes: vertices are added in ENU (east, north, up)
 * and stored as (e, u, -n). Positions are held snapped to {@link #POSITION_QUANTUM} metres, so
 * every value is a short dyadic fraction and the 16-bit quantisation of the GLB (a power-of-two
 * step, see {@code GlbAssembler}) is exact arithmetic. Not thread-safe: one per build.
 */
public final class MeshBuffer {
  /** 1/1024 m: below a millimetre, exact in FLOAT32 for coordinates within +-8 km of the origin. */
  public static final double POSITION_QUANTUM = 1.0 / 1024;
  /** Vertex colour 0xRRGGBB (linear, as glTF's COLOR_0) that leaves the material's colour as it is. */
  public static final int WHITE = 0xFFFFFF;

  /** Up to this many colours the triangles are sorted by counting. */
  private static final int MAX_COUNTED_COLOURS = 64;

  private float[] positions;
  private float[] normals;
  private float[] featureIds;
  private int[] colors;
  private int color = WHITE;
  private int[] indices;
  private int vertexCount;
  private int indexCount;

  public MeshBuffer() {
    this(256, 512);
  }

  public MeshBuffer(int vertexCapacity, int indexCapacity) {
    positions = new float[Math.max(1, vertexCapacity) * 3];
    normals = new float[Math.max(1, vertexCapacity) * 3];
    featureIds = new float[Math.max(1, vertexCapacity)];
    colors = new int[Math.max(1, vertexCapacity)];
    indices = new int[Math.max(3, indexCapacity)];
  }

  /**
   * Adds a vertex given in ENU metres with an ENU unit normal; returns its index.
   *
   * @param featureId row of the feature in the property table
   */
  public int addVertex(
      double east, double north, double up, double normalEast, double normalNorth,
      double normalUp, int featureId) {
    if (vertexCount * 3 == positions.length) {
      int capacity = positions.length * 2;
      positions = Arrays.copyOf(positions, capacity);
      normals = Arrays.copyOf(normals, capacity);
      featureIds = Arrays.copyOf(featureIds, capacity / 3);
      colors = Arrays.copyOf(colors, capacity / 3);
    }
    int p = vertexCount * 3;
    positions[p] = quantise(east);
    positions[p + 1] = quantise(up);
    positions[p + 2] = quantise(-north);
    normals[p] = (float) normalEast;
    normals[p + 1] = (float) normalUp;
    normals[p + 2] = (float) -normalNorth;
    featureIds[vertexCount] = featureId;
    colors[vertexCount] = color;
    return vertexCount++;
  }

  /** The colour (0xRRGGBB, linear) of the vertices added from now on; {@link #WHITE} at first. */
  public void setColor(int rgb) {
    color = rgb & 0xFFFFFF;
  }

  public int currentColor() {
    return color;
  }

  public int color(int vertex) {
    return colors[vertex];
  }

  /** True when some vertex is not {@link #WHITE}: only then does the GLB carry COLOR_0. */
  public boolean hasColors() {
    for (int v = 0; v < vertexCount; v++) {
      if (colors[v] != WHITE) {
        return true;
      }
    }
    return false;
  }

  /** Colours as normalized UNSIGNED_BYTE RGB in a 4-byte stride (COLOR_0, VEC3). */
  public void writeColorsUint8(ByteBuffer out) {
    for (int v = 0; v < vertexCount; v++) {
      out.put((byte) (colors[v] >> 16)).put((byte) (colors[v] >> 8)).put((byte) colors[v]).put((byte) 0);
    }
  }

  public void addTriangle(int a, int b, int c) {
    if (indexCount + 3 > indices.length) {
      indices = Arrays.copyOf(indices, indices.length * 2);
    }
    indices[indexCount++] = a;
    indices[indexCount++] = b;
    indices[indexCount++] = c;
  }

  /**
   * Reorders for the EXT_meshopt_compression codecs, which store each value as a delta from the
   * one before: triangles grouped by colour (walls of each use, then roofs, each in the order
   * they were added, so neighbours stay together), then vertices renumbered in the order the
   * triangles first use them. The triangles, their winding and every vertex stay the same.
   */
  public void optimizeForCompression() {
    int[] sorted = trianglesByColour();
    int[] newIndex = new int[vertexCount];
    Arrays.fill(newIndex, -1);
    int[] oldOf = new int[vertexCount];
    int next = 0;
    for (int i = 0; i < indexCount; i++) {
      int v = sorted[i];
      if (newIndex[v] < 0) {
        oldOf[next] = v;
        newIndex[v] = next++;
      }
      sorted[i] = newIndex[v];
    }
    for (int v = 0; v < vertexCount; v++) {
      if (newIndex[v] < 0) { // unused vertices keep their data, at the end
        oldOf[next] = v;
        newIndex[v] = next++;
      }
    }
    float[] p = new float[vertexCount * 3];
    float[] n = new float[vertexCount * 3];
    float[] f = new float[vertexCount];
    int[] c = new int[vertexCount];
    for (int v = 0; v < vertexCount; v++) {
      int old = oldOf[v];
      System.arraycopy(positions, old * 3, p, v * 3, 3);
      System.arraycopy(normals, old * 3, n, v * 3, 3);
      f[v] = featureIds[old];
      c[v] = colors[old];
    }
    System.arraycopy(p, 0, positions, 0, p.length);
    System.arraycopy(n, 0, normals, 0, n.length);
    System.arraycopy(f, 0, featureIds, 0, f.length);
    System.arraycopy(c, 0, colors, 0, c.length);
    System.arraycopy(sorted, 0, indices, 0, indexCount);
  }

  /**
   * The indices with the triangles in ascending order of their first vertex's colour, stable: a
   * counting sort over the few colours a mesh has (facades and roofs by use), or a general sort
   * when there are many.
   */
  private int[] trianglesByColour() {
    int triangles = indexCount / 3;
    int[] sorted = new int[indexCount];
    int[] palette = new int[MAX_COUNTED_COLOURS];
    int[] counts = new int[MAX_COUNTED_COLOURS];
    int[] bucket = new int[triangles];
    int distinct = 0;
    int lastColour = -1;
    int lastBucket = -1;
    for (int t = 0; t < triangles; t++) {
      int colour = colors[indices[3 * t]];
      if (colour != lastColour) {
        lastColour = colour;
        lastBucket = -1;
        for (int b = 0; b < distinct; b++) {
          if (palette[b] == colour) {
            lastBucket = b;
            break;
          }
        }
        if (lastBucket < 0) {
          if (distinct == MAX_COUNTED_COLOURS) {
            return trianglesByColourSorted();
          }
          palette[distinct] = colour;
          lastBucket = distinct++;
        }
      }
      bucket[t] = lastBucket;
      counts[lastBucket]++;
    }
    // Start of each bucket, the buckets in ascending colour.
    Integer[] byColour = new Integer[distinct];
    for (int b = 0; b < distinct; b++) {
      byColour[b] = b;
    }
    Arrays.sort(byColour, (x, y) -> Integer.compare(palette[x], palette[y]));
    int[] next = new int[distinct];
    int offset = 0;
    for (int b : byColour) {
      next[b] = offset;
      offset += counts[b] * 3;
    }
    for (int t = 0; t < triangles; t++) {
      int at = next[bucket[t]];
      System.arraycopy(indices, 3 * t, sorted, at, 3);
      next[bucket[t]] = at + 3;
    }
    return sorted;
  }

  private int[] trianglesByColourSorted() {
    int triangles = indexCount / 3;
    // Colour in the high bits, triangle number in the low: a primitive sort that is stable.
    long[] order = new long[triangles];
    for (int t = 0; t < triangles; t++) {
      order[t] = ((long) colors[indices[3 * t]] << 32) | t;
    }
    Arrays.sort(order);
    int[] sorted = new int[indexCount];
    for (int t = 0; t < triangles; t++) {
      System.arraycopy(indices, 3 * (int) order[t], sorted, 3 * t, 3);
    }
    return sorted;
  }

  /** Forgets everything, keeping the arrays for reuse. */
  public void clear() {
    vertexCount = 0;
    indexCount = 0;
    color = WHITE;
  }

  public int vertexCount() {
    return vertexCount;
  }

  public int indexCount() {
    return indexCount;
  }

  public int triangleCount() {
    return indexCount / 3;
  }

  /** glTF-axis position component {@code axis} (0 x = east, 1 y = up, 2 z = -north) of a vertex. */
  public float position(int vertex, int axis) {
    return positions[vertex * 3 + axis];
  }

  public float normal(int vertex, int axis) {
    return normals[vertex * 3 + axis];
  }

  public int featureId(int vertex) {
    return (int) featureIds[vertex];
  }

  public int index(int i) {
    return indices[i];
  }

  /**
   * Writes the positions quantised for KHR_mesh_quantization: unsigned 16-bit integers
   * {@code q = round((p - origin) / step)}, three per vertex padded to an 8-byte stride (glTF wants
   * every vertex attribute element 4-byte aligned). The reader gets {@code p} back as
   * {@code origin + q * step}, the node's translation and uniform scale.
   *
   * @throws IllegalArgumentException when a value does not fit 16 bits with this step
   */
  public void writePositionsUint16(ByteBuffer out, double[] origin, double step) {
    for (int v = 0; v < vertexCount; v++) {
      for (int axis = 0; axis < 3; axis++) {
        out.putShort((short) quantisedPosition(v, axis, origin, step));
      }
      out.putShort((short) 0);
    }
  }

  /** The 16-bit value {@link #writePositionsUint16} writes for one component. */
  public int quantisedPosition(int vertex, int axis, double[] origin, double step) {
    long q = Math.round((positions[vertex * 3 + axis] - origin[axis]) / step);
    if (q < 0 || q > 0xFFFF) {
      throw new IllegalArgumentException("position " + positions[vertex * 3 + axis]
          + " outside the 16-bit range from " + origin[axis] + " in steps of " + step);
    }
    return (int) q;
  }

  /** Normals as normalized signed bytes ({@code round(n * 127)}), three per vertex in a 4-byte stride. */
  public void writeNormalsInt8(ByteBuffer out) {
    for (int v = 0; v < vertexCount; v++) {
      int p = v * 3;
      out.put((byte) Math.round(normals[p] * 127f));
      out.put((byte) Math.round(normals[p + 1] * 127f));
      out.put((byte) Math.round(normals[p + 2] * 127f));
      out.put((byte) 0);
    }
  }

  /** Feature IDs as UNSIGNED_SHORT in a 4-byte stride; only valid for IDs below 65536. */
  public void writeFeatureIdsUint16(ByteBuffer out) {
    for (int v = 0; v < vertexCount; v++) {
      int id = (int) featureIds[v];
      if (id > 0xFFFF) {
        throw new IllegalStateException("feature ID does not fit 16 bits: " + id);
      }
      out.putShort((short) id);
      out.putShort((short) 0);
    }
  }

  /** Feature IDs as FLOAT32: 4-byte aligned per vertex, exact for IDs below 2^24. */
  public void writeFeatureIds(ByteBuffer out) {
    out.asFloatBuffer().put(featureIds, 0, vertexCount);
    out.position(out.position() + vertexCount * 4);
  }

  /** Indices as UNSIGNED_SHORT; only valid while {@link #vertexCount()} &lt;= 65536. */
  public void writeIndicesUint16(ByteBuffer out) {
    if (vertexCount > 65536) {
      throw new IllegalStateException("too many vertices for 16-bit indices: " + vertexCount);
    }
    for (int i = 0; i < indexCount; i++) {
      out.putShort((short) indices[i]);
    }
  }

  public void writeIndicesUint32(ByteBuffer out) {
    out.asIntBuffer().put(indices, 0, indexCount);
    out.position(out.position() + indexCount * 4);
  }

  /** Component-wise minimum (axis 0..2) of the positions; the accessor's {@code min}. */
  public float minPosition(int axis) {
    float min = Float.POSITIVE_INFINITY;
    for (int v = 0; v < vertexCount; v++) {
      min = Math.min(min, positions[v * 3 + axis]);
    }
    return min;
  }

  public float maxPosition(int axis) {
    float max = Float.NEGATIVE_INFINITY;
    for (int v = 0; v < vertexCount; v++) {
      max = Math.max(max, positions[v * 3 + axis]);
    }
    return max;
  }

  private static float quantise(double metres) {
    return (float) (Math.rint(metres / POSITION_QUANTUM) * POSITION_QUANTUM);
  }
}
