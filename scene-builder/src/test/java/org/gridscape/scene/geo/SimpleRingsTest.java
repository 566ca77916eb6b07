package org.gridscape.scene.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class SimpleRingsTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private static Polygon polygon(double... xy) {
    Coordinate[] ring = new Coordinate[xy.length / 2 + 1];
    for (int i = 0; i < xy.length / 2; i++) {
      ring[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
    }
    ring[ring.length - 1] = new Coordinate(ring[0]);
    return GEOMETRY.createPolygon(ring);
  }

  @Test
  void vouchesForTheShapesOfHouses() {
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 10, 6, 0, 6))).isTrue();
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 10, 4, 5, 4, 5, 8, 0, 8))).isTrue(); // an L
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 10, 6, 0, 6).reverse())).isTrue();
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 5, 0, 10, 0, 10, 6, 0, 6))).isTrue(); // straight-through point
  }

  @Test
  void neverVouchesForWhatJtsRefuses() {
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 10, 10, 0, 0, 10))).isFalse(); // bow tie
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 5, 0))).isFalse(); // flat
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 10, 10, 5, 0, 0, 10))).isFalse(); // touches itself
    assertThat(SimpleRings.certainlyValid(polygon(0, 0, 10, 0, 10, 0, 10, 6, 0, 6))).isFalse(); // repeated point: JTS decides
  }

  /** Random rings, mostly invalid: whenever the quick test says valid, JTS agrees. */
  @Test
  void agreesWithJtsOnRandomRings() {
    Random random = new Random(7);
    int vouched = 0;
    int validByJts = 0;
    for (int round = 0; round < 20_000; round++) {
      int n = 3 + random.nextInt(8);
      double[] xy = new double[2 * n];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = random.nextInt(6); // a coarse lattice: many touches and collinear runs
      }
      Polygon p = polygon(xy);
      boolean quick = SimpleRings.certainlyValid(p);
      boolean jts = p.isValid();
      if (quick) {
        assertThat(jts).as("JTS on %s", p).isTrue();
        vouched++;
      }
      if (jts) {
        validByJts++;
      }
    }
    // Rings JTS calls valid without repeated points are the ones the quick test must take.
    assertThat(vouched).isGreaterThan(validByJts / 2);
  }
}
