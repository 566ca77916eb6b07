package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class NearLinesTest {

  private static final GeometryFactory FACTORY = new GeometryFactory();

  private static Geometry wkt(String text) {
    try {
      return new WKTReader(FACTORY).read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void segmentAlongARoadIsNearWhereTheRoadRuns() {
    // a road from x=0 to x=100 on y=0; the segment runs at y=10 from x=-50 to x=150 (200 m)
    NearLines roads = new NearLines(List.of(wkt("LINESTRING (0 0, 100 0)")), 15);
    List<double[]> near = roads.within(new Coordinate(-50, 10), new Coordinate(150, 10));
    // within 15 m: beyond the ends by sqrt(15^2 - 10^2) = sqrt(125) on each side
    double reach = Math.sqrt(15 * 15 - 10 * 10);
    assertThat(near).hasSize(1);
    assertThat(near.get(0)[0] * 200 - 50).isCloseTo(-reach, within(1e-9));
    assertThat(near.get(0)[1] * 200 - 50).isCloseTo(100 + reach, within(1e-9));
  }

  @Test
  void farSegmentIsNotNear_andCrossingSegmentIsNearAroundTheCrossing() {
    NearLines roads = new NearLines(List.of(wkt("LINESTRING (0 0, 100 0)")), 15);
    assertThat(roads.within(new Coordinate(0, 16), new Coordinate(100, 16))).isEmpty();
    // crossing at right angles at x=50: 15 m either side of the road, on a 100 m segment
    List<double[]> near = roads.within(new Coordinate(50, -50), new Coordinate(50, 50));
    assertThat(near).hasSize(1);
    assertThat(near.get(0)[0]).isCloseTo(0.35, within(1e-12));
    assertThat(near.get(0)[1]).isCloseTo(0.65, within(1e-12));
  }

  @Test
  void agreesWithPointDistancesOnRandomSegments() {
    Random random = new Random(20261206);
    List<Geometry> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(FACTORY.createLineString(new Coordinate[] {
          new Coordinate(random.nextDouble() * 500, random.nextDouble() * 500),
          new Coordinate(random.nextDouble() * 500, random.nextDouble() * 500),
          new Coordinate(random.nextDouble() * 500, random.nextDouble() * 500)}));
    }
    Geometry all = FACTORY.buildGeometry(lines);
    double r = 15;
    NearLines near = new NearLines(lines, r);
    int samples = 4000;
    for (int k = 0; k < 200; k++) {
      Coordinate a = new Coordinate(random.nextDouble() * 500, random.nextDouble() * 500);
      Coordinate b = new Coordinate(random.nextDouble() * 500, random.nextDouble() * 500);
      List<double[]> intervals = near.within(a, b);
      int inside = 0;
      for (int s = 0; s < samples; s++) {
        double t = (s + 0.5) / samples;
        Geometry p = FACTORY.createPoint(new Coordinate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)));
        if (p.distance(all) <= r) {
          inside++;
        }
      }
      // each interval end can be off by half a sample step
      assertThat(NearLines.inside(intervals, 0, 1)).isCloseTo((double) inside / samples,
          within((intervals.size() + 1.0) / samples));
    }
  }

  @Test
  void outsideIsTheComplementWithinTheRange() {
    List<double[]> intervals = List.of(new double[] {0.1, 0.2}, new double[] {0.5, 0.7});
    List<double[]> out = NearLines.outside(intervals, 0.15, 0.9);
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).containsExactly(0.2, 0.5);
    assertThat(out.get(1)).containsExactly(0.7, 0.9);
    assertThat(NearLines.inside(intervals, 0.15, 0.9)).isCloseTo(0.05 + 0.2, within(1e-12));
  }
}
