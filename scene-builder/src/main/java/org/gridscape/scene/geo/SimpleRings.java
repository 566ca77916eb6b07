package org.gridscape.scene.geo;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * A quick proof that a footprint without holes is a valid polygon, for the small rings most
 * buildings have: every pair of edges is tested with JTS's robust orientation predicate, which costs
 * a few hundred nanoseconds for a house where {@link Polygon#isValid()} builds a noder and an index
 * (a fifth of a scene build before). It answers only "certainly valid"; anything else (holes,
 * repeated points, long rings, a touch or a crossing) is left to {@code isValid}, so the result is
 * always the same as JTS's.
 */
public final class SimpleRings {
  /** Beyond this many edges the pairwise test costs more than JTS's indexed one. */
  private static final int MAX_EDGES = 48;

  private SimpleRings() {}

  /** True when {@code polygon} certainly is valid; false means "ask {@link Polygon#isValid()}". */
  public static boolean certainlyValid(Polygon polygon) {
    return polygon.getNumInteriorRing() == 0 && isSimpleShell(polygon.getExteriorRing().getCoordinates());
  }

  /**
   * True when the closed ring has at least three distinct points, no repeated point, all finite, and
   * no two edges meet except neighbours at their shared point (without folding back over each other).
   */
  static boolean isSimpleShell(Coordinate[] ring) {
    int n = ring.length - 1;
    if (n < 3 || n > MAX_EDGES || !ring[0].equals2D(ring[n])) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      Coordinate a = ring[i];
      if (!Double.isFinite(a.x) || !Double.isFinite(a.y) || a.equals2D(ring[i + 1])) {
        return false;
      }
    }
    for (int i = 0; i < n; i++) {
      Coordinate p = ring[i];
      Coordinate q = ring[i + 1];
      Coordinate r = ring[(i + 2) % n];
      // Neighbours share q; they overlap when r lies on the line back towards p.
      if (Orientation.index(p, q, r) == Orientation.COLLINEAR
          && (q.x - p.x) * (r.x - q.x) + (q.y - p.y) * (r.y - q.y) < 0) {
        return false;
      }
      int last = i == 0 ? n - 1 : n; // edge n-1 neighbours edge 0
      for (int j = i + 2; j < last; j++) {
        if (intersect(p, q, ring[j], ring[j + 1])) {
          return false;
        }
      }
    }
    return true;
  }

  /** Closed segments pq and rs share at least one point (robust orientation tests). */
  private static boolean intersect(Coordinate p, Coordinate q, Coordinate r, Coordinate s) {
    if (Math.max(r.x, s.x) < Math.min(p.x, q.x) || Math.max(p.x, q.x) < Math.min(r.x, s.x)
        || Math.max(r.y, s.y) < Math.min(p.y, q.y) || Math.max(p.y, q.y) < Math.min(r.y, s.y)) {
      return false;
    }
    // Collinear segments whose envelopes overlap do overlap, so the orientations settle it.
    return Orientation.index(p, q, r) * Orientation.index(p, q, s) <= 0
        && Orientation.index(r, s, p) * Orientation.index(r, s, q) <= 0;
  }
}
