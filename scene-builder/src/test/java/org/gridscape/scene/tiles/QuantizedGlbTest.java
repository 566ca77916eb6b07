package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.gltf.GlbFile;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.SafetyGrade;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads the quantized GLB back with the test-side reader (its own JSON and BIN parsing, the glTF
 * rules for normalized integers and the node's scale and translation) and compares what a client
 * would draw with the input footprints and heights.
 */
class QuantizedGlbTest {
  private static final String CODE = "350521100200001";

  /** Flat-roofed boxes (an enterprise grid) with known heights, spread over 600 m. */
  private static GridScene boxes() {
    List<Building> buildings = new ArrayList<>();
    double lonStep = SyntheticScenes.lonPerMetre(SyntheticScenes.BASE_LAT);
    double latStep = SyntheticScenes.latPerMetre();
    for (int i = 0; i < 36; i++) {
      double east = (i % 6) * 100 + 7.3 * (i % 4);
      double north = (i / 6) * 100 + 3.1 * (i % 3);
      Polygon footprint = SyntheticScenes.rectangle(
          SyntheticScenes.BASE_LON + east * lonStep, SyntheticScenes.BASE_LAT + north * latStep,
          12.37 + i, 8.11 + i % 5);
      buildings.add(new Building(String.format("b%02d", i), footprint, 3.3 + i * 1.7, null, "enterprise",
          SafetyGrade.A, IllegalConstructionStatus.NONE, BuildingCounts.ZERO));
    }
    return new GridScene(CODE, "boxes", GridKind.ENTERPRISE,
        SyntheticScenes.rectangle(SyntheticScenes.BASE_LON - 5 * lonStep, SyntheticScenes.BASE_LAT - 5 * latStep,
            620, 620), buildings);
  }

  @Test
  void dequantizedPositionsMatchTheFootprintsAndHeights() {
    GridScene grid = boxes();
    BuiltGrid built = GridSceneBuilder.build(grid);
    GlbFile glb = GlbFile.parse(built.glb());
    double step = glb.json.path("nodes").path(0).path("scale").path(0).asDouble();
    // Half a quantization step, plus the 1/2048 m to which the builder snaps before quantizing.
    double tolerance = step / 2 + 1.0 / 2048 + 1e-9;
    assertThat(step).as("a 620 m grid keeps centimetre precision").isLessThanOrEqualTo(1.0 / 64);

    EnuFrame frame = built.tile().frame();
    List<List<double[]>> byFeature = new ArrayList<>();
    for (int i = 0; i <= grid.buildings().size(); i++) {
      byFeature.add(new ArrayList<>());
    }
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      double[] p = glb.positions(primitive);
      double[] ids = glb.values(primitive.path("attributes").path("_FEATURE_ID_0").asInt());
      for (int v = 0; v < ids.length; v++) {
        byFeature.get((int) ids[v]).add(new double[] {p[3 * v], p[3 * v + 1], p[3 * v + 2]});
      }
    }
    double[] enu = new double[6];
    for (int f = 0; f < grid.buildings().size(); f++) {
      Building b = grid.buildings().get(f); // ids b00..b35 are already in table order
      List<double[]> vertices = byFeature.get(f);
      assertThat(vertices).as("vertices of %s", b.id()).isNotEmpty();
      double height = b.heightMeters();
      Coordinate[] ring = b.footprint().getExteriorRing().getCoordinates();
      // Every footprint corner stands on the ground and under the roof (glTF (x, y, z) = ENU (e, u, -n)).
      List<double[]> corners = new ArrayList<>();
      for (int c = 0; c < ring.length - 1; c++) {
        frame.toEnuColumn(ring[c].x, ring[c].y, 0, height, enu);
        corners.add(new double[] {enu[0], enu[2], -enu[1]});
        corners.add(new double[] {enu[3], enu[5], -enu[4]});
      }
      for (double[] corner : corners) {
        assertThat(vertices).as("%s corner %s", b.id(), java.util.Arrays.toString(corner))
            .anySatisfy(v -> assertThat(near(v, corner, tolerance)).isTrue());
      }
      // And nothing else: every vertex is one of those corners.
      for (double[] v : vertices) {
        assertThat(corners).as("%s vertex %s is a corner", b.id(), java.util.Arrays.toString(v))
            .anySatisfy(corner -> assertThat(near(v, corner, tolerance)).isTrue());
      }
    }
  }

  private static boolean near(double[] a, double[] b, double tolerance) {
    return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance
        && Math.abs(a[2] - b[2]) <= tolerance;
  }

  @Test
  void normalsAreUnitLengthWithinTheByteStep() {
    GlbFile glb = GlbFile.parse(GridSceneBuilder.build(
        SyntheticScenes.grid(CODE, SyntheticScenes.BASE_LON, SyntheticScenes.BASE_LAT, 300, 60, 5)).glb());
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      double[] n = glb.values(primitive.path("attributes").path("NORMAL").asInt());
      for (int i = 0; i < n.length; i += 3) {
        double length = Math.sqrt(n[i] * n[i] + n[i + 1] * n[i + 1] + n[i + 2] * n[i + 2]);
        // Each component is off by at most half a step of 1/127.
        assertThat(length).isBetween(1 - Math.sqrt(3) / 254, 1 + Math.sqrt(3) / 254);
      }
    }
  }
}
