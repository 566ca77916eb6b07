package org.gridscape.scene.geo;

import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Whether two footprints lie within a distance of each other, for the small polygons of houses:
 * every pair of edges is measured directly (a house has four to eight), then containment is
 * checked, where {@link Geometry#isWithinDistance} sets up a distance operation per pair. Other
 * shapes and large rings go to JTS. Gives the same answer as JTS up to rounding at the exact limit.
 */
public final class NearShapes {
  /** Beyond this many edge pairs JTS's indexed distance is used. */
  private static final int MAX_EDGE_PAIRS = 1024;

  private NearShapes() {}

  /** True when {@code a} and {@code b} are at most {@code distance} apart (touching or overlapping: 0). */
  public static boolean withinDistance(Geometry a, Geometry b, double distance) {
    Envelope ea = a.getEnvelopeInternal();
    Envelope eb = b.getEnvelopeInternal();
    if (ea.distance(eb) > distance) {
      return false;
    }
    if (!(a instanceof Polygon pa) || !(b instanceof Polygon pb) || pa.isEmpty() || pb.isEmpty()
        || (long) pa.getNumPoints() * pb.getNumPoints() > MAX_EDGE_PAIRS) {
      return a.isWithinDistance(b, distance);
    }
    for (int ra = 0; ra <= pa.getNumInteriorRing(); ra++) {
      Coordinate[] ringA = ring(pa, ra);
      for (int rb = 0; rb <= pb.getNumInteriorRing(); rb++) {
        Coordinate[] ringB = ring(pb, rb);
        for (int i = 0; i + 1 < ringA.length; i++) {
          for (int j = 0; j + 1 < ringB.length; j++) {
            if (Distance.segmentToSegment(ringA[i], ringA[i + 1], ringB[j], ringB[j + 1]) <= distance) {
              return true;
            }
          }
        }
      }
    }
    // No boundaries near each other: they are apart unless one lies inside the other.
    return inside(pa.getExteriorRing().getCoordinateN(0), pb) || inside(pb.getExteriorRing().getCoordinateN(0), pa);
  }

  private static Coordinate[] ring(Polygon p, int r) {
    return (r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1)).getCoordinates();
  }

  /** {@code point} in the interior of {@code p} (inside its shell, outside its holes). */
  private static boolean inside(Coordinate point, Polygon p) {
    if (!PointLocation.isInRing(point, p.getExteriorRing().getCoordinates())) {
      return false;
    }
    for (int h = 0; h < p.getNumInteriorRing(); h++) {
      if (PointLocation.isInRing(point, p.getInteriorRingN(h).getCoordinates())) {
        return false;
      }
    }
    return true;
  }
}
