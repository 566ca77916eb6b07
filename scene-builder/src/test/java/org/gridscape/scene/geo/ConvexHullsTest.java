package org.gridscape.scene.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class ConvexHullsTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** A random house: a rotated rectangle or L of 4-14 m around (x, y). */
  private static Polygon house(Random random, double x, double y) {
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

  @Test
  void givesJtsHullOfRandomGroupsOfHouses() {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      List<Polygon> group = new ArrayList<>();
      int size = 2 + random.nextInt(12);
      for (int i = 0; i < size; i++) {
        group.add(house(random, 60 * random.nextDouble(), 60 * random.nextDouble()));
      }
      Geometry expected = GEOMETRY.createGeometryCollection(group.toArray(new Geometry[0])).convexHull();
      Polygon hull = ConvexHulls.of(group, GEOMETRY);

      assertThat(hull.isValid()).isTrue();
      assertThat(Orientation.isCCW(hull.getExteriorRing().getCoordinates())).as("clockwise").isFalse();
      assertThat(hull.getArea()).isCloseTo(expected.getArea(), within(1e-9 * expected.getArea()));
      // The same polygon: the symmetric difference is nothing but rounding.
      assertThat(hull.symDifference(expected).getArea()).isLessThan(1e-9 * expected.getArea());
      assertThat(hull.getNumPoints()).isEqualTo(expected.getNumPoints());
    }
  }

  @Test
  void collinearAndRepeatedPointsLeaveNoVertexAndNoAreaGivesNull() {
    Polygon a = (Polygon) GEOMETRY.toGeometry(new org.locationtech.jts.geom.Envelope(0, 10, 0, 10));
    Polygon b = (Polygon) GEOMETRY.toGeometry(new org.locationtech.jts.geom.Envelope(10, 20, 0, 10));
    Polygon hull = ConvexHulls.of(List.of(a, b, a), GEOMETRY);
    assertThat(hull.getNumPoints()).as("four corners and the closing point").isEqualTo(5);
    assertThat(hull.getArea()).isEqualTo(200.0);

    Geometry line = GEOMETRY.createLineString(new Coordinate[] {new Coordinate(0, 0), new Coordinate(5, 5)});
    assertThat(ConvexHulls.of(List.of(line, line), GEOMETRY)).isNull();
  }
}
