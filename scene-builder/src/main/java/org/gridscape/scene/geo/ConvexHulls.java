package org.gridscape.scene.geo;

import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * The convex hull of a group of footprints by Andrew's monotone chain over their shells' vertices.
 * {@link Geometry#convexHull()} of a collection gives the same polygon, but collects, reduces and
 * radially sorts through several geometry objects per call, which made it a tenth of the village
 * overviews' time. The ring is clockwise (as JTS's is), without repeated or collinear vertices.
 */
public final class ConvexHulls {
  private ConvexHulls() {}

  /** The hull of the shells of {@code shapes}, or {@code null} when it has no area (one point, a line). */
  public static Polygon of(List<? extends Geometry> shapes, GeometryFactory factory) {
    int n = 0;
    for (Geometry shape : shapes) {
      n += shape instanceof Polygon p ? p.getExteriorRing().getNumPoints() : shape.getNumPoints();
    }
    Coordinate[] points = new Coordinate[n];
    int at = 0;
    for (Geometry shape : shapes) {
      Coordinate[] own = shape instanceof Polygon p ? p.getExteriorRing().getCoordinates() : shape.getCoordinates();
      System.arraycopy(own, 0, points, at, own.length);
      at += own.length;
    }
    Arrays.sort(points); // by x, then y
    // Lower chain left to right, then upper chain right to left: counter-clockwise, each turn strictly left.
    Coordinate[] hull = new Coordinate[2 * n + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) {
        k--;
      }
      hull[k++] = points[i];
    }
    for (int i = n - 2, lower = k + 1; i >= 0; i--) {
      while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) {
        k--;
      }
      hull[k++] = points[i];
    }
    // k - 1 distinct vertices, the first repeated at the end
    if (k - 1 < 3) {
      return null;
    }
    Coordinate[] ring = new Coordinate[k];
    for (int i = 0; i < k; i++) {
      ring[i] = hull[k - 1 - i].copy(); // reversed: clockwise
    }
    return factory.createPolygon(ring);
  }

  private static double cross(Coordinate o, Coordinate a, Coordinate b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  }
}
