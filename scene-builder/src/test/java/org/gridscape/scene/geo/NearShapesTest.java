package org.gridscape.scene.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class NearShapesTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  @Test
  void answersAsJtsDoesForHousesNearAndFar() {
    Random random = new Random(3);
    int near = 0;
    int far = 0;
    for (int round = 0; round < 20_000; round++) {
      Polygon a = RandomHouses.house(random, 0, 0);
      Polygon b = RandomHouses.house(random, 40 * random.nextDouble() - 20, 40 * random.nextDouble() - 20);
      double gap = 12 * random.nextDouble();
      boolean expected = a.isWithinDistance(b, gap);
      assertThat(NearShapes.withinDistance(a, b, gap)).as("%s %s within %s", a, b, gap).isEqualTo(expected);
      if (expected) {
        near++;
      } else {
        far++;
      }
    }
    assertThat(near).isGreaterThan(2_000);
    assertThat(far).isGreaterThan(2_000);
  }

  @Test
  void aHouseInsideACourtyardIsApartFromItButNotFromAnOverlap() {
    Polygon courtyard = GEOMETRY.createPolygon(
        GEOMETRY.createLinearRing(new Coordinate[] {new Coordinate(0, 0), new Coordinate(30, 0),
            new Coordinate(30, 30), new Coordinate(0, 30), new Coordinate(0, 0)}),
        new org.locationtech.jts.geom.LinearRing[] {GEOMETRY.createLinearRing(new Coordinate[] {
            new Coordinate(5, 5), new Coordinate(5, 25), new Coordinate(25, 25), new Coordinate(25, 5),
            new Coordinate(5, 5)})});
    Polygon inCourt = (Polygon) GEOMETRY.toGeometry(new org.locationtech.jts.geom.Envelope(12, 18, 12, 18));
    Polygon overlapping = (Polygon) GEOMETRY.toGeometry(new org.locationtech.jts.geom.Envelope(1, 3, 1, 3));
    assertThat(NearShapes.withinDistance(inCourt, courtyard, 6)).isFalse();
    assertThat(NearShapes.withinDistance(inCourt, courtyard, 7.5)).isTrue();
    assertThat(NearShapes.withinDistance(overlapping, courtyard, 0.5)).isTrue();
    assertThat(NearShapes.withinDistance(courtyard, overlapping, 0.5)).isTrue();
  }
}
