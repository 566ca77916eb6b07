package org.gridscape.scene.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.gridscape.scene.geo.SimpleRings;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class EarClipperTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** The triangles are counter-clockwise, do not overlap and cover the polygon exactly. */
  private static void assertTiles(Polygon polygon, List<Coordinate[]> triangles) {
    assertThat(triangles).isNotNull();
    double sum = 0;
    Geometry union = GEOMETRY.createPolygon();
    for (Coordinate[] t : triangles) {
      assertThat(Orientation.index(t[0], t[1], t[2])).isEqualTo(Orientation.COUNTERCLOCKWISE);
      Polygon triangle = GEOMETRY.createPolygon(new Coordinate[] {t[0], t[1], t[2], t[0]});
      sum += triangle.getArea();
      union = union.union(triangle);
    }
    assertThat(sum).isCloseTo(polygon.getArea(), within(1e-9 * polygon.getArea()));
    assertThat(union.symDifference(polygon).getArea()).isLessThan(1e-9 * polygon.getArea());
  }

  @Test
  void clipsAnLShapeInEitherOrientation() {
    Polygon l = (Polygon) GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(0, 0), new Coordinate(10, 0),
        new Coordinate(10, 4), new Coordinate(5, 4), new Coordinate(5, 8), new Coordinate(0, 8), new Coordinate(0, 0)});
    assertTiles(l, EarClipper.triangulate(l.getExteriorRing().getCoordinates()));
    assertThat(EarClipper.triangulate(l.getExteriorRing().getCoordinates())).hasSize(4);
    Polygon reversed = l.reverse();
    assertTiles(reversed, EarClipper.triangulate(reversed.getExteriorRing().getCoordinates()));
  }

  /** Star-shaped random rings (valid, often very concave): every one is tiled exactly. */
  @Test
  void tilesRandomStarShapedRings() {
    Random random = new Random(11);
    int tiled = 0;
    for (int round = 0; round < 500; round++) {
      int n = 4 + random.nextInt(20);
      Coordinate[] ring = new Coordinate[n + 1];
      for (int i = 0; i < n; i++) {
        double angle = 2 * Math.PI * (i + 0.8 * random.nextDouble()) / n;
        double radius = 1 + 9 * random.nextDouble();
        ring[i] = new Coordinate(radius * Math.cos(angle), radius * Math.sin(angle));
      }
      ring[n] = new Coordinate(ring[0]);
      Polygon polygon = GEOMETRY.createPolygon(ring);
      if (!SimpleRings.certainlyValid(polygon)) {
        continue;
      }
      List<Coordinate[]> triangles = EarClipper.triangulate(ring);
      if (triangles != null) {
        assertTiles(polygon, triangles);
        tiled++;
      }
    }
    assertThat(tiled).isGreaterThan(400);
  }
}
