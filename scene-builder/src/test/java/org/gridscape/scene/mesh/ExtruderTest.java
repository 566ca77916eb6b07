package org.gridscape.scene.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridscape.scene.SyntheticScenes.BASE_LAT;
import static org.gridscape.scene.SyntheticScenes.BASE_LON;
import static org.gridscape.scene.SyntheticScenes.GEOMETRY;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.geo.EnuFrame;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

class ExtruderTest {
  private final EnuFrame frame = EnuFrame.atDegrees(BASE_LON, BASE_LAT, 0);

  @Test
  void roofOfACourtyardBuildingCoversExactlyThePolygonWithoutTheHole() {
    Polygon footprint = SyntheticScenes.courtyard(BASE_LON, BASE_LAT, 30, 12);
    MeshBuffer mesh = extrude(footprint, 9, 0);

    double expected = enuArea(footprint);
    assertThat(expected).isCloseTo(30 * 30 - 12 * 12, within(0.1)); // sanity of the fixture
    assertThat(roofArea(mesh)).isCloseTo(expected, within(expected * 1e-4));
  }

  @Test
  void roofKeepsSeveralHolesAndConcaveOutlines() {
    Polygon footprint = GEOMETRY.createPolygon(
        SyntheticScenes.ring(BASE_LON, BASE_LAT, 0, 0, 60, 0, 60, 20, 30, 20, 30, 40, 0, 40),
        new LinearRing[] {
          SyntheticScenes.ring(BASE_LON, BASE_LAT, 5, 5, 5, 15, 15, 15, 15, 5),
          SyntheticScenes.ring(BASE_LON, BASE_LAT, 40, 5, 40, 15, 50, 15, 50, 5),
          SyntheticScenes.ring(BASE_LON, BASE_LAT, 10, 25, 10, 35, 20, 35),
        });
    MeshBuffer mesh = extrude(footprint, 6, 3);
    assertThat(roofArea(mesh)).isCloseTo(enuArea(footprint), within(enuArea(footprint) * 1e-4));
    // No roof triangle covers a hole: the centre of each hole is outside every roof triangle.
    assertThat(roofCovers(mesh, 10, 10)).isFalse();
    assertThat(roofCovers(mesh, 45, 10)).isFalse();
    assertThat(roofCovers(mesh, 25, 10)).isTrue();
  }

  @Test
  void concaveAndConvexRoofsWithoutHolesCoverTheirFootprint() {
    // A concave L must not take the convex fan path; a convex pentagon does.
    Polygon l = SyntheticScenes.lShape(BASE_LON, BASE_LAT, 20, 16);
    Polygon pentagon = GEOMETRY.createPolygon(SyntheticScenes.ring(
        BASE_LON, BASE_LAT, 0, 0, 12, 0, 16, 8, 6, 14, -4, 8));
    for (Polygon footprint : List.of(l, pentagon, pentagon.reverse())) {
      MeshBuffer mesh = extrude(footprint, 6, 1);
      assertThat(roofArea(mesh)).isCloseTo(enuArea(footprint), within(enuArea(footprint) * 1e-4));
    }
    assertThat(roofCovers(extrude(l, 6, 1), 15, 12)).as("the L's notch stays open").isFalse();
  }

  @Test
  void wallsHaveUnitOutwardNormalsAndRoofsFaceUp() {
    Polygon footprint = SyntheticScenes.courtyard(BASE_LON, BASE_LAT, 20, 8);
    MeshBuffer mesh = extrude(footprint, 10, 0);
    double[] centre = new double[3];
    frame.toEnu(BASE_LON + 10 * SyntheticScenes.lonPerMetre(BASE_LAT), BASE_LAT + 10 * SyntheticScenes.latPerMetre(), 0, centre);
    int walls = 0;
    for (int t = 0; t < mesh.triangleCount(); t++) {
      int a = mesh.index(3 * t);
      int b = mesh.index(3 * t + 1);
      int c = mesh.index(3 * t + 2);
      double[] geometric = faceNormal(mesh, a, b, c);
      double[] declared = {mesh.normal(a, 0), mesh.normal(a, 1), mesh.normal(a, 2)};
      assertThat(Math.sqrt(dot(declared, declared))).isCloseTo(1, within(1e-6));
      // Winding agrees with the declared normal (counter-clockwise front faces).
      assertThat(dot(geometric, declared)).isGreaterThan(0.999);
      if (declared[1] < 0.5) {
        walls++;
        assertThat(declared[1]).isCloseTo(0, within(1e-6));
        // Outer walls face away from the centre, courtyard walls towards it: both away from the solid.
        double x = (mesh.position(a, 0) + mesh.position(b, 0) + mesh.position(c, 0)) / 3 - centre[0];
        double z = (mesh.position(a, 2) + mesh.position(b, 2) + mesh.position(c, 2)) / 3 + centre[1];
        double radial = x * declared[0] + z * declared[2];
        boolean outer = Math.max(Math.abs(x), Math.abs(z)) > 7;
        assertThat(outer ? radial : -radial).as("wall triangle %d faces away from the solid", t).isPositive();
      }
    }
    assertThat(walls).isEqualTo(8 * 2);
  }

  @Test
  void noTwoVerticesAreTheSameEvenWithCollinearPoints() {
    // A rectangle with extra points along two edges: the straight runs must share wall vertices.
    Polygon footprint = GEOMETRY.createPolygon(SyntheticScenes.ring(
        BASE_LON, BASE_LAT, 0, 0, 5, 0, 10, 0, 20, 0, 20, 10, 20, 15, 0, 15));
    MeshBuffer mesh = extrude(footprint, 6, 7);
    Set<List<Float>> seen = new HashSet<>();
    for (int v = 0; v < mesh.vertexCount(); v++) {
      List<Float> key = List.of(mesh.position(v, 0), mesh.position(v, 1), mesh.position(v, 2),
          mesh.normal(v, 0), mesh.normal(v, 1), mesh.normal(v, 2), (float) mesh.featureId(v));
      assertThat(seen.add(key)).as("vertex %d is a duplicate", v).isTrue();
    }
    // 4 wall faces x 4 corners + 7 roof points.
    assertThat(mesh.vertexCount()).isEqualTo(16 + 7);
    int roofTriangles = 0;
    for (int t = 0; t < mesh.triangleCount(); t++) {
      roofTriangles += isRoof(mesh, t) ? 1 : 0;
    }
    assertThat(mesh.triangleCount() - roofTriangles).as("two triangles per wall face").isEqualTo(2 * 4);
    assertThat(roofArea(mesh)).isCloseTo(20 * 15, within(0.01));
  }

  @Test
  void heightComesFromHeightThenFloorsThenDefault() {
    assertThat(Extruder.resolveHeight(12.5, 7)).isEqualTo(12.5);
    assertThat(Extruder.resolveHeight(null, 7)).isEqualTo(21.0);
    assertThat(Extruder.resolveHeight(null, null)).isEqualTo(Extruder.DEFAULT_HEIGHT_METERS);

    MeshBuffer mesh = extrude(SyntheticScenes.rectangle(BASE_LON, BASE_LAT, 10, 10), 21, 0);
    float top = Float.NEGATIVE_INFINITY;
    float bottom = Float.POSITIVE_INFINITY;
    for (int v = 0; v < mesh.vertexCount(); v++) {
      top = Math.max(top, mesh.position(v, 1));
      bottom = Math.min(bottom, mesh.position(v, 1));
    }
    assertThat((double) top).isCloseTo(21, within(0.01));
    assertThat((double) bottom).isCloseTo(0, within(0.01));
  }

  @Test
  void invalidFootprintsAreRepairedAndEmptyOnesSkipped() {
    // A bow tie: self-intersecting, repaired into two triangles.
    Polygon bowTie = GEOMETRY.createPolygon(SyntheticScenes.ring(BASE_LON, BASE_LAT, 0, 0, 10, 10, 10, 0, 0, 10));
    MeshBuffer mesh = new MeshBuffer();
    assertThat(new Extruder(frame, mesh).extrude(bowTie, 5, 0)).isTrue();
    assertThat(roofArea(mesh)).isCloseTo(50, within(0.1));

    Polygon flat = GEOMETRY.createPolygon(new Coordinate[] {
      new Coordinate(BASE_LON, BASE_LAT), new Coordinate(BASE_LON + 0.001, BASE_LAT),
      new Coordinate(BASE_LON + 0.002, BASE_LAT), new Coordinate(BASE_LON, BASE_LAT)});
    MeshBuffer empty = new MeshBuffer();
    assertThat(new Extruder(frame, empty).extrude(flat, 5, 0)).isFalse();
    assertThat(empty.vertexCount()).isZero();
  }

  @Test
  void repeatedPointsDoNotBreakTheRoof() {
    Polygon footprint = GEOMETRY.createPolygon(SyntheticScenes.ring(
        BASE_LON, BASE_LAT, 0, 0, 10, 0, 10, 0, 10, 8, 0, 8, 0, 8));
    MeshBuffer mesh = extrude(footprint, 5, 0);
    assertThat(roofArea(mesh)).isCloseTo(80, within(0.05));
  }

  private MeshBuffer extrude(Polygon footprint, double height, int featureId) {
    MeshBuffer mesh = new MeshBuffer();
    assertThat(new Extruder(frame, mesh).extrude(footprint, height, featureId)).isTrue();
    for (int v = 0; v < mesh.vertexCount(); v++) {
      assertThat(mesh.featureId(v)).isEqualTo(featureId);
    }
    return mesh;
  }

  /** Shoelace area of the footprint's rings in the ENU plane, independent of any triangulation. */
  private double enuArea(Polygon polygon) {
    double area = Math.abs(ringArea(polygon.getExteriorRing().getCoordinates()));
    for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
      area -= Math.abs(ringArea(polygon.getInteriorRingN(h).getCoordinates()));
    }
    return area;
  }

  private double ringArea(Coordinate[] ring) {
    double[] p = new double[3];
    double[] q = new double[3];
    double sum = 0;
    for (int i = 0; i < ring.length - 1; i++) {
      frame.toEnu(ring[i].x, ring[i].y, 0, p);
      frame.toEnu(ring[i + 1].x, ring[i + 1].y, 0, q);
      sum += p[0] * q[1] - q[0] * p[1];
    }
    return sum / 2;
  }

  private static boolean isRoof(MeshBuffer mesh, int t) {
    return mesh.normal(mesh.index(3 * t), 1) > 0.5;
  }

  private static double roofArea(MeshBuffer mesh) {
    double area = 0;
    for (int t = 0; t < mesh.triangleCount(); t++) {
      if (isRoof(mesh, t)) {
        double[] n = faceNormal(mesh, mesh.index(3 * t), mesh.index(3 * t + 1), mesh.index(3 * t + 2));
        area += Math.sqrt(dot(n, n)) / 2;
      }
    }
    return area;
  }

  private static boolean roofCovers(MeshBuffer mesh, double eastMetres, double northMetres) {
    EnuFrame frame = EnuFrame.atDegrees(BASE_LON, BASE_LAT, 0);
    double[] p = new double[3];
    frame.toEnu(BASE_LON + eastMetres * SyntheticScenes.lonPerMetre(BASE_LAT),
        BASE_LAT + northMetres * SyntheticScenes.latPerMetre(), 0, p);
    for (int t = 0; t < mesh.triangleCount(); t++) {
      if (!isRoof(mesh, t)) {
        continue;
      }
      double sign = 0;
      boolean inside = true;
      for (int k = 0; k < 3; k++) {
        int a = mesh.index(3 * t + k);
        int b = mesh.index(3 * t + (k + 1) % 3);
        double ax = mesh.position(a, 0);
        double an = -mesh.position(a, 2);
        double bx = mesh.position(b, 0);
        double bn = -mesh.position(b, 2);
        double cross = (bx - ax) * (p[1] - an) - (bn - an) * (p[0] - ax);
        if (sign == 0) {
          sign = Math.signum(cross);
        } else if (Math.signum(cross) != sign) {
          inside = false;
        }
      }
      if (inside) {
        return true;
      }
    }
    return false;
  }

  private static double[] faceNormal(MeshBuffer mesh, int a, int b, int c) {
    double[] u = new double[3];
    double[] w = new double[3];
    for (int k = 0; k < 3; k++) {
      u[k] = mesh.position(b, k) - mesh.position(a, k);
      w[k] = mesh.position(c, k) - mesh.position(a, k);
    }
    double[] n = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    return n;
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
