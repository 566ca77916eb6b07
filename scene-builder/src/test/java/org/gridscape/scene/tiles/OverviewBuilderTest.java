package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.geo.Wgs84;
import org.gridscape.scene.gltf.GlbFile;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.SafetyGrade;
import org.gridscape.scene.testing.SceneValidators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * The village overview: blocks that cover the buildings (terraced houses merged, detached ones
 * apart), read back from the GLB (test-side reader): one feature per grid with its totals, flat
 * blocks at their heights, placed by the GLB's own node matrix where the footprints are, and much
 * smaller than the grids it stands for.
 */
class OverviewBuilderTest {
  private static final double LAT = SyntheticScenes.BASE_LAT;
  private static final double LON_M = SyntheticScenes.lonPerMetre(LAT);
  private static final double LAT_M = SyntheticScenes.latPerMetre();
  private static final String VILLAGE = "350521100200";

  @TempDir
  Path dir;

  private static List<GridScene> village() {
    return List.of(
        SyntheticScenes.grid("350521100200002", SyntheticScenes.BASE_LON + 320 * LON_M, LAT, 300, 40, 7),
        SyntheticScenes.grid("350521100200001", SyntheticScenes.BASE_LON, LAT, 300, 50, 3));
  }

  /** Six terraced houses 10 x 8 m, 3 m apart, heights 6, 9, 6, 9, 6, 9 m; and one detached house 30 m off. */
  private static GridScene terrace() {
    List<Building> houses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      houses.add(new Building(String.format("t%02d", i),
          SyntheticScenes.rectangle(SyntheticScenes.BASE_LON + (20 + i * 13) * LON_M, LAT + 20 * LAT_M, 10, 8),
          i % 2 == 0 ? 6.0 : 9.0, null, "residential", SafetyGrade.A, IllegalConstructionStatus.NONE,
          new BuildingCounts(4, 1, 1, 1, 0)));
    }
    houses.add(new Building("t99", SyntheticScenes.rectangle(SyntheticScenes.BASE_LON + 20 * LON_M, LAT + 60 * LAT_M,
        12, 12), 15.0, null, "commercial", SafetyGrade.B, IllegalConstructionStatus.NONE, BuildingCounts.ZERO));
    return new GridScene("350521100200003", "terrace", GridKind.STANDARD,
        SyntheticScenes.rectangle(SyntheticScenes.BASE_LON, LAT, 120, 100), houses);
  }

  @Test
  void terracedHousesMergeIntoOneBlockAtTheirMeanHeightAndADetachedHouseStaysApart() {
    List<OverviewBuilder.Block> blocks = OverviewBuilder.blocks(terrace());
    assertThat(blocks).hasSize(2);
    OverviewBuilder.Block row = blocks.stream().filter(b -> b.use().equals("residential")).findFirst().orElseThrow();
    // 6 x 10 m of houses and 5 x 3 m of gaps, 8 m deep; the same floor area at 6 and at 9 m
    assertThat(areaM2(row.outline())).isCloseTo((6 * 10 + 5 * 3) * 8, within(6.0));
    assertThat(row.heightMeters()).isCloseTo(7.5, within(1e-9));
    OverviewBuilder.Block shop = blocks.stream().filter(b -> b.use().equals("commercial")).findFirst().orElseThrow();
    assertThat(areaM2(shop.outline())).isCloseTo(144, within(10.0));
    assertThat(shop.heightMeters()).isEqualTo(15.0);
  }

  @Test
  void anLOfHousesIsNotFilledInAndStaysHouseByHouse() {
    // seven 10 x 8 m houses 5 m apart: four along a lane to the east, three up a lane to the north
    List<Building> houses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      houses.add(house("e" + i, 10 + i * 15, 10));
    }
    for (int i = 1; i < 4; i++) {
      houses.add(house("n" + i, 10, 10 + i * 13));
    }
    GridScene grid = new GridScene("350521100200004", "lanes", GridKind.STANDARD,
        SyntheticScenes.rectangle(SyntheticScenes.BASE_LON, LAT, 100, 100), houses);
    List<OverviewBuilder.Block> blocks = OverviewBuilder.blocks(grid);
    // within 8 m of each other they are one group, but it covers little of its hull (the yard in
    // the corner of the L): grouped again at 3 m, every house stands alone
    assertThat(blocks).hasSize(7);
    Coordinate yard = new Coordinate(SyntheticScenes.BASE_LON + 40 * LON_M, LAT + 40 * LAT_M);
    for (OverviewBuilder.Block block : blocks) {
      assertThat(metres(block.outline(), yard)).as("the yard is not built over").isGreaterThan(5);
      assertThat(areaM2(block.outline())).isCloseTo(80, within(2.0));
    }
  }

  private static Building house(String id, double east, double north) {
    return new Building(id, SyntheticScenes.rectangle(SyntheticScenes.BASE_LON + east * LON_M, LAT + north * LAT_M,
        10, 8), 6.0, null, "residential", SafetyGrade.A, IllegalConstructionStatus.NONE, BuildingCounts.ZERO);
  }

  @Test
  void everyBuildingIsCoveredByABlock() {
    for (GridScene grid : village()) {
      List<OverviewBuilder.Block> blocks = OverviewBuilder.blocks(grid);
      assertThat(blocks.size()).isLessThanOrEqualTo(grid.buildings().size());
      for (Building b : grid.buildings()) {
        Coordinate c = b.footprint().getInteriorPoint().getCoordinate();
        double nearest = blocks.stream().mapToDouble(k -> metres(k.outline(), c)).min().orElseThrow();
        assertThat(nearest).as("distance of %s from the nearest block (m)", b.id())
            .isLessThanOrEqualTo(OverviewBuilder.SIMPLIFY_METERS);
      }
    }
  }

  @Test
  void theGlbHasOneFeaturePerGridWithItsTotalsAndFlatBlocksOnTheGround() {
    List<GridScene> grids = new ArrayList<>(village());
    grids.add(terrace());
    BuiltOverview overview = OverviewBuilder.build(VILLAGE, grids);
    GlbFile glb = GlbFile.parse(overview.glb());

    assertThat(glb.strings("buildingId")).containsExactly(
        "grid:350521100200001", "grid:350521100200002", "grid:350521100200003");
    assertThat(glb.strings("gridCode")).containsExactly("350521100200001", "350521100200002", "350521100200003");
    long[] residents = glb.unsigned("residents", 4);
    for (int f = 0; f < 3; f++) {
      String code = glb.strings("gridCode")[f];
      GridScene grid = grids.stream().filter(g -> g.code().equals(code)).findFirst().orElseThrow();
      assertThat(residents[f]).isEqualTo(grid.buildings().stream().mapToLong(b -> b.counts().residents()).sum());
    }

    double[] m = glb.rootMatrix();
    assertThat(m).as("the overview places itself").isNotNull();
    double[] ecef = new double[3];
    double[] geodetic = new double[3];
    int checked = 0;
    for (JsonNode primitive : glb.json.path("meshes").path(0).path("primitives")) {
      double[] p = glb.positions(primitive);
      double[] featureIds = glb.values(primitive.path("attributes").path("_FEATURE_ID_0").asInt());
      for (int v = 0; v < featureIds.length; v++) {
        // node matrix, then the y-up to z-up rotation 3D Tiles applies to glTF: (x, y, z) -> (x, -z, y)
        double gx = m[0] * p[3 * v] + m[4] * p[3 * v + 1] + m[8] * p[3 * v + 2] + m[12];
        double gy = m[1] * p[3 * v] + m[5] * p[3 * v + 1] + m[9] * p[3 * v + 2] + m[13];
        double gz = m[2] * p[3 * v] + m[6] * p[3 * v + 1] + m[10] * p[3 * v + 2] + m[14];
        ecef[0] = gx;
        ecef[1] = -gz;
        ecef[2] = gy;
        Wgs84.toGeodetic(ecef[0], ecef[1], ecef[2], geodetic);
        GridScene grid = grids.get(0);
        String code = glb.strings("gridCode")[(int) featureIds[v]];
        for (GridScene g : grids) {
          if (g.code().equals(code)) {
            grid = g;
          }
        }
        // every vertex is on a block of its own grid: near one of the grid's footprints, on the
        // ground or at the height of one of its buildings' blocks
        Coordinate at = new Coordinate(Math.toDegrees(geodetic[0]), Math.toDegrees(geodetic[1]));
        double nearest = grid.buildings().stream().mapToDouble(b -> metres(b.footprint(), at)).min().orElseThrow();
        assertThat(nearest).as("vertex of grid %s from its nearest footprint (m)", code)
            .isLessThanOrEqualTo(OverviewBuilder.MERGE_GAP_METERS / 2 + 0.1);
        double maxHeight = grid.buildings().stream()
            .mapToDouble(b -> b.heightMeters() != null ? b.heightMeters() : b.floors() != null ? b.floors() * 3.0 : 6)
            .max().orElseThrow();
        assertThat(geodetic[2]).isBetween(-0.1, maxHeight + 0.1);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3 * 8);
  }

  @Test
  void theOverviewIsValidGltfAndMuchSmallerThanItsGrids() throws Exception {
    List<GridScene> grids = village();
    BuiltOverview overview = OverviewBuilder.build(VILLAGE, grids);
    int gridBytes = 0;
    for (GridScene grid : grids) {
      gridBytes += GridSceneBuilder.build(grid).glb().length;
    }
    assertThat(overview.glb().length).as("overview bytes vs grid bytes %d", gridBytes).isLessThan(gridBytes / 2);
    assertThat(overview.tile().contentPath()).isEqualTo(TilePaths.content(GridSceneBuilder.hashPrefix(overview.glb())));
    Path file = dir.resolve("overview.glb");
    Files.write(file, overview.glb());
    SceneValidators.assertValidGlbs(List.of(file));
    SceneValidators.assertValidGlbs(SceneValidators.decodeMeshopt(List.of(file)));
  }

  @Test
  void aVillageWithoutDrawableBuildingsHasNoOverview() {
    GridScene empty = new GridScene("350521100200001", "empty", GridKind.STANDARD,
        SyntheticScenes.rectangle(SyntheticScenes.BASE_LON, LAT, 100, 100), List.of());
    assertThat(OverviewBuilder.build(VILLAGE, List.of(empty))).isNull();
  }

  /** Area of a lon/lat polygon in square metres (equirectangular at the test latitude). */
  private static double areaM2(Polygon p) {
    return p.getArea() / (LON_M * LAT_M);
  }

  /** Distance in metres from a lon/lat point to a lon/lat polygon (0 inside), by sampling its edges. */
  private static double metres(Polygon polygon, Coordinate c) {
    if (polygon.covers(polygon.getFactory().createPoint(c))) {
      return 0;
    }
    Coordinate[] ring = polygon.getExteriorRing().getCoordinates();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i + 1 < ring.length; i++) {
      double ax = (ring[i].x - c.x) / LON_M;
      double ay = (ring[i].y - c.y) / LAT_M;
      double bx = (ring[i + 1].x - c.x) / LON_M;
      double by = (ring[i + 1].y - c.y) / LAT_M;
      double dx = bx - ax;
      double dy = by - ay;
      double t = dx == 0 && dy == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
    return best;
  }
}
