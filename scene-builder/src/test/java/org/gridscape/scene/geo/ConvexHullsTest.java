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

  @Test
  void givesJtsHullOfRandomGroupsOfHouses() {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      List<Polygon> group = new ArrayList<>();
      int size = 2 + random.nextInt(12);
      for (int i = 0; i < size; i++) {
        group.add(RandomHouses.house(random, 60 * random.nextDouble(), 60 * random.nextDouble()));
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
