package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.gltf.GlbFile;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.scene.model.SafetyGrade;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Polygon;

/**
 * Roof forms read back from the GLB (test-side reader): how many village houses are pitched,
 * that pitched buildings are closed shells with outward normals, the height rule, overrides and
 * the facade and roof colours.
 */
class RoofFormsTest {
  private static final String CODE = "350521100200001";

  /** One triangle soup per feature: quantized integer positions, declared normals, colours. */
  private record Shape(List<int[]> triangles, List<double[]> normals, List<double[]> colors) {}

  /**
   * A village of {@code count} houses laid out like the sample district's: mostly rectangles at
   * any orientation, some L shapes and courtyards; 2-3 floors.
   */
  private static GridScene village(GridKind kind, String use, int count) {
    Random random = new Random(11);
    List<Building> buildings = new ArrayList<>();
    double lonStep = SyntheticScenes.lonPerMetre(SyntheticScenes.BASE_LAT);
    double latStep = SyntheticScenes.latPerMetre();
    int perRow = (int) Math.ceil(Math.sqrt(count));
    for (int i = 0; i < count; i++) {
      double east = (i % perRow) * 25;
      double north = (i / perRow) * 25;
      double lon = SyntheticScenes.BASE_LON + east * lonStep;
      double lat = SyntheticScenes.BASE_LAT + north * latStep;
      double w = 8 + random.nextDouble() * 8;
      double d = 6 + random.nextDouble() * 5;
      Polygon footprint = switch (i % 10) {
        case 8 -> SyntheticScenes.lShape(lon, lat, w, d + 4);
        case 9 -> SyntheticScenes.courtyard(lon, lat, 14, 5);
        default -> rotatedRectangle(lon, lat, w, d, random.nextDouble() * Math.PI);
      };
      buildings.add(new Building(String.format("%s-h%03d", CODE, i), footprint, null, 2 + random.nextInt(2), use,
          SafetyGrade.B, IllegalConstructionStatus.NONE, BuildingCounts.ZERO));
    }
    return new GridScene(CODE, "village", kind,
        SyntheticScenes.rectangle(SyntheticScenes.BASE_LON - 20 * lonStep, SyntheticScenes.BASE_LAT - 20 * latStep,
            perRow * 25 + 40, perRow * 25 + 40), buildings);
  }

  private static Polygon rotatedRectangle(double lon, double lat, double w, double d, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[] corners = {0, 0, w, 0, w, d, 0, d};
    double[] rotated = new double[8];
    for (int i = 0; i < 8; i += 2) {
      rotated[i] = corners[i] * c - corners[i + 1] * s;
      rotated[i + 1] = corners[i] * s + corners[i + 1] * c;
    }
    return SyntheticScenes.GEOMETRY.createPolygon(SyntheticScenes.ring(lon, lat, rotated));
  }

  private static Map<Integer, Shape> shapes(GlbFile glb) {
    Map<Integer, Shape> shapes = new HashMap<>();
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      JsonNode attributes = primitive.path("attributes");
      double[] q = glb.values(attributes.path("POSITION").asInt());
      double[] n = glb.values(attributes.path("NORMAL").asInt());
      double[] ids = glb.values(attributes.path("_FEATURE_ID_0").asInt());
      double[] colors = attributes.has("COLOR_0") ? glb.values(attributes.path("COLOR_0").asInt()) : null;
      int[] indices = glb.indices(primitive.path("indices").asInt());
      for (int t = 0; t < indices.length; t += 3) {
        int feature = (int) ids[indices[t]];
        Shape shape = shapes.computeIfAbsent(feature, f -> new Shape(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        int[] triangle = new int[9];
        for (int k = 0; k < 3; k++) {
          int v = indices[t + k];
          assertThat((int) ids[v]).as("a triangle belongs to one feature").isEqualTo(feature);
          for (int axis = 0; axis < 3; axis++) {
            triangle[3 * k + axis] = (int) q[3 * v + axis];
          }
          shape.normals().add(new double[] {n[3 * v], n[3 * v + 1], n[3 * v + 2]});
          if (colors != null) {
            shape.colors().add(new double[] {colors[3 * v], colors[3 * v + 1], colors[3 * v + 2]});
          }
        }
        shape.triangles().add(triangle);
      }
    }
    return shapes;
  }

  /** A roof slope: a normal neither horizontal (wall) nor vertical (flat roof). */
  private static boolean pitched(Shape shape) {
    return shape.normals().stream().anyMatch(n -> n[1] > 0.2 && n[1] < 0.98);
  }

  @Test
  void mostVillageHousesArePitchedAndCompoundsAndEnterprisesAreFlat() {
    GridScene village = village(GridKind.STANDARD, "residential", 200);
    Map<Integer, Shape> shapes = shapes(GlbFile.parse(GridSceneBuilder.build(village).glb()));
    long pitched = shapes.entrySet().stream()
        .filter(e -> e.getKey() < village.buildings().size() && pitched(e.getValue())).count();
    double fraction = pitched / (double) village.buildings().size();
    System.out.printf("pitched roofs: %d of %d village houses (%.0f%%)%n", pitched, village.buildings().size(),
        100 * fraction);
    assertThat(fraction).as("share of village houses with a pitched roof").isGreaterThanOrEqualTo(0.25);
    assertThat(fraction).as("some stay flat").isLessThan(0.9);

    for (GridKind kind : new GridKind[] {GridKind.RESIDENTIAL_COMPOUND, GridKind.ENTERPRISE}) {
      GridScene flat = village(kind, "residential", 60);
      assertThat(shapes(GlbFile.parse(GridSceneBuilder.build(flat).glb())).values())
          .as("roofs in a %s grid", kind).noneMatch(RoofFormsTest::pitched);
    }
    GridScene shops = village(GridKind.STANDARD, "commercial", 60);
    assertThat(shapes(GlbFile.parse(GridSceneBuilder.build(shops).glb())).values()).noneMatch(RoofFormsTest::pitched);
  }

  @Test
  void pitchedBuildingsAreClosedShellsWithOutwardNormalsAndKeepTheirHeight() {
    GridScene village = village(GridKind.STANDARD, "residential", 120);
    GlbFile glb = GlbFile.parse(GridSceneBuilder.build(village).glb());
    double step = glb.json.path("nodes").path(0).path("scale").path(0).asDouble();
    Map<Integer, Shape> shapes = shapes(glb);
    int checked = 0;
    for (Map.Entry<Integer, Shape> entry : shapes.entrySet()) {
      if (entry.getKey() >= village.buildings().size() || !pitched(entry.getValue())) {
        continue;
      }
      checked++;
      Shape shape = entry.getValue();
      Building building = village.buildings().get(entry.getKey()); // ids are in table order
      int ground = Integer.MAX_VALUE;
      int ridge = Integer.MIN_VALUE;
      double[] centre = new double[3];
      for (int[] t : shape.triangles()) {
        for (int k = 0; k < 3; k++) {
          ground = Math.min(ground, t[3 * k + 1]);
          ridge = Math.max(ridge, t[3 * k + 1]);
          for (int axis = 0; axis < 3; axis++) {
            centre[axis] += t[3 * k + axis] / (3.0 * shape.triangles().size());
          }
        }
      }
      // Closed: every edge above the ground is shared by exactly two triangles, walked in
      // opposite directions (consistent winding); only the ground outline is open.
      Map<String, Integer> edges = new HashMap<>();
      for (int[] t : shape.triangles()) {
        for (int k = 0; k < 3; k++) {
          int a = k;
          int b = (k + 1) % 3;
          if (t[3 * a + 1] == ground && t[3 * b + 1] == ground) {
            continue;
          }
          edges.merge(key(t, a, b), 1, Integer::sum);
        }
      }
      for (Map.Entry<String, Integer> edge : edges.entrySet()) {
        String[] ends = edge.getKey().split("\\|");
        assertThat(edge.getValue()).as("%s: edge %s used once in each direction", building.id(), edge.getKey())
            .isEqualTo(1);
        assertThat(edges).as("%s: the edge %s has its twin", building.id(), edge.getKey())
            .containsKey(ends[1] + "|" + ends[0]);
      }
      // Outward (the house is convex) and the declared normals agree with the winding.
      for (int i = 0; i < shape.triangles().size(); i++) {
        int[] t = shape.triangles().get(i);
        double[] u = {t[3] - t[0], t[4] - t[1], t[5] - t[2]};
        double[] v = {t[6] - t[0], t[7] - t[1], t[8] - t[2]};
        double[] n = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
        double length = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        assertThat(length).as("no degenerate triangle").isPositive();
        double out = 0;
        for (int axis = 0; axis < 3; axis++) {
          out += n[axis] * ((t[axis] + t[3 + axis] + t[6 + axis]) / 3.0 - centre[axis]);
        }
        assertThat(out).as("%s: triangle %d faces outwards", building.id(), i).isPositive();
        for (int k = 0; k < 3; k++) {
          double[] declared = shape.normals().get(3 * i + k);
          double cos = (declared[0] * n[0] + declared[1] * n[1] + declared[2] * n[2]) / length;
          assertThat(cos).as("%s: declared normal of triangle %d", building.id(), i).isGreaterThan(0.98);
        }
      }
      // The height rule: eaves and ridge average to the building's height, the ridge at most 20% above it.
      double height = building.floors() * 3.0;
      int eaves = Integer.MAX_VALUE;
      for (int i = 0; i < shape.triangles().size(); i++) {
        double[] declared = shape.normals().get(3 * i);
        if (declared[1] > 0.2 && declared[1] < 0.98) {
          int[] t = shape.triangles().get(i);
          eaves = Math.min(eaves, Math.min(t[1], Math.min(t[4], t[7])));
        }
      }
      double tolerance = 2 * step + 0.05; // quantization, and the ground's curvature across a house
      assertThat((eaves + ridge) / 2.0 * step - ground * step).as("%s: mean of eaves and ridge", building.id())
          .isCloseTo(height, within(tolerance));
      assertThat((ridge - ground) * step).isLessThanOrEqualTo(height * (1 + 0.4 / 2) + tolerance);
      assertThat((eaves - ground) * step).isGreaterThanOrEqualTo(height * 0.8 - tolerance);
      // Facade and roof colours differ.
      assertThat(shape.colors()).isNotEmpty();
      double[] wall = null;
      double[] roof = null;
      for (int i = 0; i < shape.normals().size(); i++) {
        double ny = shape.normals().get(i)[1];
        if (Math.abs(ny) < 0.02) {
          wall = shape.colors().get(i);
        } else if (ny > 0.2) {
          roof = shape.colors().get(i);
        }
      }
      assertThat(wall).isNotNull();
      assertThat(roof).isNotNull().isNotEqualTo(wall);
    }
    assertThat(checked).isGreaterThan(20);
  }

  private static String key(int[] t, int a, int b) {
    return t[3 * a] + "," + t[3 * a + 1] + "," + t[3 * a + 2] + "|" + t[3 * b] + "," + t[3 * b + 1] + "," + t[3 * b + 2];
  }

  @Test
  void aRoofGivenByTheDataWins() {
    GridScene village = village(GridKind.STANDARD, "residential", 30);
    List<Building> flat = village.buildings().stream().map(b -> b.withRoof(RoofForm.FLAT)).toList();
    GridScene allFlat = new GridScene(CODE, "", GridKind.STANDARD, village.boundary(), flat);
    assertThat(shapes(GlbFile.parse(GridSceneBuilder.build(allFlat).glb())).values()).noneMatch(RoofFormsTest::pitched);

    GridScene factories = village(GridKind.ENTERPRISE, "enterprise", 30);
    List<Building> hipped = factories.buildings().stream().map(b -> b.withRoof(RoofForm.HIP)).toList();
    Map<Integer, Shape> shapes = shapes(GlbFile.parse(GridSceneBuilder.build(
        new GridScene(CODE, "", GridKind.ENTERPRISE, factories.boundary(), hipped)).glb()));
    long pitched = shapes.values().stream().filter(RoofFormsTest::pitched).count();
    // Every rectangle is hipped; L shapes and courtyards stay flat.
    assertThat(pitched).isEqualTo(hipped.stream().filter(b -> b.footprint().getNumPoints() == 5).count());
    assertThat(RoofForm.parse(" Gable ")).isEqualTo(RoofForm.GABLE);
    assertThat(RoofForm.parse("thatched")).isNull();
  }
}
