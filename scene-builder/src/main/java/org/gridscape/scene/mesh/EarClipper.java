package org.gridscape.scene.mesh;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;

/**
 * Ear clipping of a simple ring without holes, for flat roofs: at each step the first corner that
 * turns left and holds no other remaining point in its triangle is cut off. Uses JTS's robust
 * orientation predicate. Meant for the small rings of buildings (quadratic in the points, cubic at
 * worst); courtyards and long rings are left to JTS's {@code PolygonTriangulator}, which joins holes
 * and indexes the ring.
 */
final class EarClipper {
  /** Beyond this many points the caller's general triangulator is used. */
  private static final int MAX_POINTS = 64;

  private EarClipper() {}

  /**
   * The triangles (each counter-clockwise) of a closed, simple ring without repeated points, or
   * null when the ring is too long or no ear is found (numerically awkward rings): then the caller
   * falls back to the general triangulator. Collinear corners are dropped without a triangle.
   */
  static List<Coordinate[]> triangulate(Coordinate[] ring) {
    int n = ring.length - 1;
    if (n < 3 || n > MAX_POINTS) {
      return null;
    }
    int[] next = new int[n];
    int[] prev = new int[n];
    boolean ccw = Orientation.isCCW(ring);
    for (int i = 0; i < n; i++) {
      // Walk counter-clockwise whatever the ring's own orientation.
      next[i] = ccw ? (i + 1) % n : (i + n - 1) % n;
      prev[i] = ccw ? (i + n - 1) % n : (i + 1) % n;
    }
    List<Coordinate[]> triangles = new ArrayList<>(n - 2);
    int remaining = n;
    int corner = 0;
    int sinceLastCut = 0;
    while (remaining > 3) {
      int p = prev[corner];
      int q = next[corner];
      int turn = Orientation.index(ring[p], ring[corner], ring[q]);
      boolean cut = turn == Orientation.COLLINEAR && remaining > 3
          || turn == Orientation.COUNTERCLOCKWISE && isEar(ring, next, p, corner, q);
      if (cut) {
        if (turn == Orientation.COUNTERCLOCKWISE) {
          triangles.add(new Coordinate[] {ring[p], ring[corner], ring[q]});
        }
        next[p] = q;
        prev[q] = p;
        remaining--;
        corner = q;
        sinceLastCut = 0;
      } else {
        corner = q;
        if (++sinceLastCut > remaining) {
          return null; // a full lap without an ear
        }
      }
    }
    int p = prev[corner];
    int q = next[corner];
    if (Orientation.index(ring[p], ring[corner], ring[q]) == Orientation.COUNTERCLOCKWISE) {
      triangles.add(new Coordinate[] {ring[p], ring[corner], ring[q]});
    }
    return triangles;
  }

  /** No other remaining point lies in the triangle p, c, q (its edges included). */
  private static boolean isEar(Coordinate[] ring, int[] next, int p, int c, int q) {
    for (int v = next[q]; v != p; v = next[v]) {
      Coordinate x = ring[v];
      if (Orientation.index(ring[p], ring[c], x) >= 0 && Orientation.index(ring[c], ring[q], x) >= 0
          && Orientation.index(ring[q], ring[p], x) >= 0) {
        return false;
      }
    }
    return true;
  }
}
