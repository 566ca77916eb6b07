package org.gridscape.server.grid.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.grid.GridFeature;
import org.gridscape.server.grid.GridValidator;
import org.gridscape.server.grid.ResidentBuilding;
import org.gridscape.server.grid.ValidationInput;
import org.gridscape.server.grid.ValidationResult;
import org.gridscape.server.store.Geometries;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Snapping, split, merge and auto-partition on small WKT fixtures near the sample district
 * (118.9E, 25.0N, where 0.001 degree is about 100 m east-west and 111 m north-south).
 */
class GridEditOpsTest {

  private static final WKTReader WKT = new WKTReader(Geometries.FACTORY);
  /** A village of about 400 m x 333 m. */
  private static final String VILLAGE = "POLYGON ((118.900 25.000, 118.904 25.000, 118.904 25.003, 118.900 25.003, 118.900 25.000))";

  static Geometry wkt(String text) {
    try {
      return WKT.read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void snapMovesNearbyVerticesOntoTheNeighbourAndVillageAndLeavesNoOverlap() {
    Geometry village = wkt(VILLAGE);
    Polygon west = (Polygon) wkt("POLYGON ((118.900 25.000, 118.902 25.000, 118.902 25.003, 118.900 25.003, 118.900 25.000))");
    // Drawn about 2-3 m off the neighbour's edge and the village corners.
    Polygon drawn = (Polygon) wkt("POLYGON ((118.90202 25.00002, 118.90398 24.99998, 118.90402 25.00302, 118.90197 25.00298, 118.90202 25.00002))");

    Polygon snapped = Snapping.snap(drawn, village, List.of(west), List.of(), 5.0);

    Geometry east = wkt("POLYGON ((118.902 25.000, 118.904 25.000, 118.904 25.003, 118.902 25.003, 118.902 25.000))");
    assertThat(snapped.isValid()).isTrue();
    assertThat(snapped.intersection(west).getArea()).isLessThan(1e-12);
    assertThat(snapped.symDifference(east).getArea()).as("snapped onto the free half exactly").isLessThan(1e-12);
  }

  @Test
  void snapLeavesFarVerticesWhereTheyWereDrawn() {
    Geometry village = wkt(VILLAGE);
    Polygon drawn = (Polygon) wkt("POLYGON ((118.901 25.001, 118.903 25.001, 118.903 25.002, 118.901 25.002, 118.901 25.001))");

    Polygon snapped = Snapping.snap(drawn, village, List.of(), List.of(), 5.0);

    assertThat(snapped.symDifference(drawn).getArea()).isLessThan(1e-12);
  }

  @Test
  void snapRefusesAPolygonDrawnWhollyInsideAnotherGrid() {
    Geometry village = wkt(VILLAGE);
    Polygon all = (Polygon) village;
    Polygon drawn = (Polygon) wkt("POLYGON ((118.901 25.001, 118.903 25.001, 118.903 25.002, 118.901 25.002, 118.901 25.001))");

    assertThatThrownBy(() -> Snapping.snap(drawn, village, List.of(all), List.of(), 5.0))
        .isInstanceOf(GeometryEditException.class).extracting("reason").isEqualTo("empty_after_snap");
  }

  @Test
  void splitAlongACrossingLineGivesPartsThatTileTheGrid() {
    Polygon grid = (Polygon) wkt(VILLAGE);
    LineString line = (LineString) wkt("LINESTRING (118.9025 24.9990, 118.9025 25.0040)");

    List<Polygon> parts = GridSplit.split(grid, line);

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).getArea()).isGreaterThan(parts.get(1).getArea());
    assertThat(parts.get(0).intersection(parts.get(1)).getArea()).isLessThan(1e-12);
    assertThat(parts.get(0).union(parts.get(1)).symDifference(grid).getArea()).isLessThan(1e-12);
    assertThat(parts.get(1).getEnvelopeInternal().getMinX()).isEqualTo(118.9025, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void splitRefusesALineThatDoesNotCrossTheGrid() {
    Polygon grid = (Polygon) wkt(VILLAGE);
    LineString inside = (LineString) wkt("LINESTRING (118.901 25.001, 118.902 25.002)");

    assertThatThrownBy(() -> GridSplit.split(grid, inside)).isInstanceOf(GeometryEditException.class)
        .extracting("reason").isEqualTo("line_does_not_split");
  }

  @Test
  void mergeJoinsAdjacentGridsEvenWithDigitisingNoiseOnTheSharedEdge() {
    Polygon west = (Polygon) wkt("POLYGON ((118.900 25.000, 118.902 25.000, 118.902 25.003, 118.900 25.003, 118.900 25.000))");
    // Its west edge is 0.2 m off the neighbour's east edge.
    Polygon east = (Polygon) wkt("POLYGON ((118.902002 25.000, 118.904 25.000, 118.904 25.003, 118.902002 25.003, 118.902002 25.000))");

    Polygon merged = GridMerge.merge(List.of(west, east), 0.5);

    assertThat(merged.getNumInteriorRing()).isZero();
    assertThat(merged.symDifference(wkt(VILLAGE)).getArea()).isLessThan(1e-9);
  }

  @Test
  void mergeRefusesGridsThatDoNotTouch() {
    Polygon a = (Polygon) wkt("POLYGON ((118.900 25.000, 118.901 25.000, 118.901 25.001, 118.900 25.001, 118.900 25.000))");
    Polygon b = (Polygon) wkt("POLYGON ((118.903 25.000, 118.904 25.000, 118.904 25.001, 118.903 25.001, 118.903 25.000))");

    assertThatThrownBy(() -> GridMerge.merge(List.of(a, b), 0.5)).isInstanceOf(GeometryEditException.class)
        .extracting("reason").isEqualTo("not_adjacent");
    assertThatThrownBy(() -> GridMerge.merge(List.of(a), 0.5)).isInstanceOf(GeometryEditException.class);
  }

  @Test
  void autoPartitionFollowsRoadsKeepsSizesInRangeAndPassesValidation() {
    Geometry village = wkt(VILLAGE);
    // A cross of roads makes four blocks; a compound in the north-east corner is its own grid.
    List<Geometry> roads = List.of(wkt("LINESTRING (118.8995 25.0015, 118.9045 25.0015)"),
        wkt("LINESTRING (118.902 24.9995, 118.902 25.0035)"));
    Polygon compound = (Polygon) wkt("POLYGON ((118.903 25.002, 118.904 25.002, 118.904 25.003, 118.903 25.003, 118.903 25.002))");
    List<ResidentBuilding> buildings = houses(village, compound);
    int inFree = buildings.stream().filter(b -> !compound.contains(b.footprint().getInteriorPoint()))
        .mapToInt(ResidentBuilding::residents).sum();

    List<AutoPartition.Proposal> proposals = new AutoPartition(500, 1000)
        .partition(village, List.of(compound), roads, buildings);

    assertThat(proposals).isNotEmpty();
    assertThat(proposals).allSatisfy(p -> {
      assertThat(p.polygon().isValid()).isTrue();
      assertThat(p.residents()).isBetween(500, 1000);
      assertThat(p.polygon().intersection(compound).getArea()).isLessThan(1e-12);
    });
    assertThat(proposals.stream().mapToInt(AutoPartition.Proposal::residents).sum()).isEqualTo(inFree);

    List<GridFeature> grids = new ArrayList<>();
    for (AutoPartition.Proposal p : proposals) {
      grids.add(new GridFeature(grids.size(), String.format("350521100001%03d", grids.size() + 1), null,
          GridKind.STANDARD, p.polygon()));
    }
    grids.add(new GridFeature(grids.size(), String.format("350521100001%03d", grids.size() + 1), null,
        GridKind.RESIDENTIAL_COMPOUND, compound));
    ValidationResult result = GridValidator.validate(new ValidationInput("350521100001", village, grids, buildings, roads));
    assertThat(result.errors()).isEmpty();
  }

  @Test
  void autoPartitionBisectsABlockWithTooManyResidents() {
    Geometry village = wkt(VILLAGE);
    List<ResidentBuilding> buildings = houses(village, null);
    int total = buildings.stream().mapToInt(ResidentBuilding::residents).sum();

    List<AutoPartition.Proposal> proposals = new AutoPartition(500, 1000).partition(village, List.of(), List.of(), buildings);

    assertThat(total).isGreaterThan(1000);
    assertThat(proposals.size()).isGreaterThanOrEqualTo(total / 1000);
    assertThat(proposals).allSatisfy(p -> assertThat(p.residents()).isBetween(500, 1000));
    Geometry union = proposals.get(0).polygon();
    for (AutoPartition.Proposal p : proposals.subList(1, proposals.size())) {
      union = union.union(p.polygon());
    }
    assertThat(union.symDifference(village).getArea()).isLessThan(1e-10);
  }

  /** A lattice of small houses, 25 residents each, every 40 m x 33 m, skipping the compound. */
  private static List<ResidentBuilding> houses(Geometry village, Polygon skip) {
    List<ResidentBuilding> out = new ArrayList<>();
    var e = village.getEnvelopeInternal();
    int id = 0;
    for (double x = e.getMinX() + 0.0002; x < e.getMaxX(); x += 0.0004) {
      for (double y = e.getMinY() + 0.0002; y < e.getMaxY(); y += 0.0003) {
        Polygon house = Geometries.FACTORY.createPolygon(new Coordinate[] {new Coordinate(x - 0.00005, y - 0.00005),
            new Coordinate(x + 0.00005, y - 0.00005), new Coordinate(x + 0.00005, y + 0.00005),
            new Coordinate(x - 0.00005, y + 0.00005), new Coordinate(x - 0.00005, y - 0.00005)});
        if (skip == null || !skip.intersects(house)) {
          out.add(new ResidentBuilding("b" + id++, house, 25));
        }
      }
    }
    return out;
  }
}
