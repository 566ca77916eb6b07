package org.gridscape.scene.geo;

import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** Random house-like footprints for the geometry tests that compare our shortcuts with JTS. */
final class RandomHouses {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private RandomHouses() {}

  /** A rotated rectangle or L of 4-14 m around (x, y). */
  static Polygon house(Random random, double x, double y) {
    double w = 4 + 10 * random.nextDouble();
    double d = 4 + 10 * random.nextDouble();
    double a = random.nextDouble() * Math.PI;
    double[][] corners = random.nextBoolean()
        ? new double[][] {{0, 0}, {w, 0}, {w, d}, {0, d}}
        : new double[][] {{0, 0}, {w, 0}, {w, d / 2}, {w / 2, d / 2}, {w / 2, d}, {0, d}};
    Coordinate[] ring = new Coordinate[corners.length + 1];
    for (int i = 0; i < corners.length; i++) {
      ring[i] = new Coordinate(x + corners[i][0] * Math.cos(a) - corners[i][1] * Math.sin(a),
          y + corners[i][0] * Math.sin(a) + corners[i][1] * Math.cos(a));
    }
    ring[corners.length] = new Coordinate(ring[0]);
    return GEOMETRY.createPolygon(ring);
  }
}
