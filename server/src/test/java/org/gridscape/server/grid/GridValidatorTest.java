package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Fixtures are written as WKT in local metres around 118.7E 24.9N and converted to lon/lat, so a
 * 1000 m square village with four 500 m grids reads plainly.
 */
class GridValidatorTest {

  private static final String VILLAGE = "350521104201";
  private static final LocalProjection LOCAL = LocalProjection.at(118.7, 24.9);
  private static final WKTReader WKT = new WKTReader(new GeometryFactory());
  private static final String VILLAGE_WKT = "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))";
  private static final String NW = "POLYGON ((0 500, 500 500, 500 1000, 0 1000, 0 500))";
  private static final String NE = "POLYGON ((500 500, 1000 500, 1000 1000, 500 1000, 500 500))";
  private static final String SW = "POLYGON ((0 0, 500 0, 500 500, 0 500, 0 0))";
  private static final String SE = "POLYGON ((500 0, 1000 0, 1000 500, 500 500, 500 0))";
  private static final List<String> ROADS = List.of("LINESTRING (500 -20, 500 1020)", "LINESTRING (-20 500, 1020 500)");

  private static Geometry m(String wkt) {
    try {
      return LOCAL.toLonLat(WKT.read(wkt));
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static GridFeature grid(int index, String wkt) {
    return new GridFeature(index, VILLAGE + String.format("%03d", index + 1), "grid " + index, GridKind.STANDARD, m(wkt));
  }

  private static List<GridFeature> fourGrids() {
    return List.of(grid(0, NW), grid(1, NE), grid(2, SW), grid(3, SE));
  }

  /** 700 residents in each quadrant, in 10 m houses well inside their grid. */
  private static List<ResidentBuilding> houses() {
    List<ResidentBuilding> out = new ArrayList<>();
    double[][] corners = {{100, 600}, {600, 600}, {100, 100}, {600, 100}};
    for (double[] c : corners) {
      for (int i = 0; i < 7; i++) {
        double x = c[0] + i * 30;
        out.add(house("h" + out.size(), x, c[1], 100));
      }
    }
    return out;
  }

  private static ResidentBuilding house(String id, double x, double y, int residents) {
    return new ResidentBuilding(id, m(String.format(java.util.Locale.ROOT,
        "POLYGON ((%1$f %2$f, %3$f %2$f, %3$f %4$f, %1$f %4$f, %1$f %2$f))", x, y, x + 10, y + 10)), residents);
  }

  private static List<Geometry> roads() {
    return ROADS.stream().map(GridValidatorTest::m).toList();
  }

  private static ValidationResult validate(List<GridFeature> grids, List<ResidentBuilding> buildings, List<Geometry> roads) {
    return GridValidator.validate(new ValidationInput(VILLAGE, m(VILLAGE_WKT), grids, buildings, roads));
  }

  @Test
  void roadFollowingSharesAreTheBoundaryLengthsWithinTheRoadDistance() throws ParseException {
    // winding roads near, but not on, the four quadrants' inner boundaries
    List<String> winding = List.of("LINESTRING (480 -20, 520 400, 470 700, 530 1020)",
        "LINESTRING (-20 560, 300 470, 700 540, 1020 430)");
    ValidationResult r = validate(fourGrids(), houses(), winding.stream().map(GridValidatorTest::m).toList());

    // worked out with JTS overlays in metres: the boundary away from the village outline (1 m), and
    // the part of it within 15 m of a road (a finely rounded buffer)
    Geometry roads = WKT.read("MULTILINESTRING ((480 -20, 520 400, 470 700, 530 1020), "
        + "(-20 560, 300 470, 700 540, 1020 430))").buffer(15, 256);
    Geometry outlineBand = WKT.read(VILLAGE_WKT).getBoundary().buffer(1.0, 256);
    List<String> quadrants = List.of(NW, NE, SW, SE);
    for (int i = 0; i < 4; i++) {
      Geometry inner = WKT.read(quadrants.get(i)).getBoundary().difference(outlineBand);
      double expected = inner.intersection(roads).getLength() / inner.getLength();
      String code = VILLAGE + String.format("%03d", i + 1);
      assertThat(r.metrics().roadFollowingByGrid().get(code)).as(code).isCloseTo(expected, within(0.001));
      boolean warned = r.issues("grid.road_following").stream().anyMatch(w -> code.equals(w.gridCode()));
      assertThat(warned).as(code).isEqualTo(expected < 0.5);
    }
  }

  @Test
  void aCleanSetPasses() {
    ValidationResult r = validate(fourGrids(), houses(), roads());
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.ok()).isTrue();
    ValidationMetrics metrics = r.metrics();
    assertThat(metrics.gridCount()).isEqualTo(4);
    assertThat(metrics.coveragePercent()).isCloseTo(100.0, within(0.01));
    assertThat(metrics.villageArea()).isCloseTo(1_000_000.0, within(100.0));
    assertThat(metrics.residentsPerGrid()).containsEntry(VILLAGE + "001", 700).containsEntry(VILLAGE + "004", 700);
    assertThat(metrics.residentsTotal()).isEqualTo(2800);
    assertThat(metrics.roadFollowingShare()).isCloseTo(1.0, within(0.01));
    assertThat(metrics.coverageEdgesMatch()).isTrue();
    assertThat(metrics.gapArea()).isZero();
    assertThat(metrics.overlapArea()).isZero();
  }

  @Test
  void gapsAreErrorsWithTheirPolygon() {
    List<GridFeature> grids = List.of(grid(0, NW), grid(1, NE), grid(2, SW),
        grid(3, "POLYGON ((500 0, 990 0, 990 500, 500 500, 500 0))"));
    ValidationResult r = validate(grids, houses(), roads());
    assertThat(r.ok()).isFalse();
    List<ValidationIssue> gaps = r.issues("coverage.gap");
    assertThat(gaps).hasSize(1);
    // 10 m x 500 m, less the 0.5 m band along the village edge where slivers are tolerated
    double gapArea = LOCAL.toMetres(gaps.get(0).geometry()).getArea();
    assertThat(gapArea).isCloseTo(9.5 * 499.5, within(10.0));
    assertThat(r.metrics().coveragePercent()).isCloseTo(99.5, within(0.01));
  }

  @Test
  void gapsUnderOneSquareMetreAreNoise() {
    List<GridFeature> grids = List.of(grid(0, NW), grid(1, NE), grid(2, SW),
        grid(3, "POLYGON ((500.001 0, 1000 0, 1000 500, 500.001 500, 500.001 0))"));
    ValidationResult r = validate(grids, houses(), roads());
    assertThat(r.issues("coverage.gap")).isEmpty();
    assertThat(r.ok()).isTrue();
  }

  @Test
  void overlapsAreErrorsWithTheOverlapPolygon() {
    List<GridFeature> grids = List.of(grid(0, NW), grid(1, "POLYGON ((498 500, 1000 500, 1000 1000, 498 1000, 498 500))"),
        grid(2, SW), grid(3, SE));
    ValidationResult r = validate(grids, houses(), roads());
    List<ValidationIssue> overlaps = r.issues("grid.overlap");
    assertThat(overlaps).singleElement().satisfies(o -> {
      assertThat(o.severity()).isEqualTo(ValidationIssue.Severity.ERROR);
      assertThat(o.message()).contains(VILLAGE + "001", VILLAGE + "002");
      assertThat(LOCAL.toMetres(o.geometry()).getArea()).isCloseTo(1000.0, within(1.0));
    });
    assertThat(r.metrics().coverageEdgesMatch()).isFalse();
  }

  @Test
  void overlapsUnderOneSquareMetreAreNoise() {
    List<GridFeature> grids = List.of(grid(0, NW), grid(1, "POLYGON ((499.999 500, 1000 500, 1000 1000, 499.999 1000, 499.999 500))"),
        grid(2, SW), grid(3, SE));
    assertThat(validate(grids, houses(), roads()).issues("grid.overlap")).isEmpty();
  }

  @Test
  void gridsOutsideTheirVillageBeyondTheToleranceAreErrors() {
    List<GridFeature> within = List.of(grid(0, NW), grid(1, "POLYGON ((500 500, 1000.3 500, 1000.3 1000, 500 1000, 500 500))"),
        grid(2, SW), grid(3, SE));
    assertThat(validate(within, houses(), roads()).issues("grid.outside_village")).isEmpty();
    List<GridFeature> beyond = List.of(grid(0, NW), grid(1, "POLYGON ((500 500, 1005 500, 1005 1000, 500 1000, 500 500))"),
        grid(2, SW), grid(3, SE));
    ValidationResult r = validate(beyond, houses(), roads());
    assertThat(r.issues("grid.outside_village")).singleElement().satisfies(i -> {
      assertThat(i.gridCode()).isEqualTo(VILLAGE + "002");
      assertThat(LOCAL.toMetres(i.geometry()).getArea()).isCloseTo(4.5 * 500, within(5.0));
    });
  }

  @Test
  void invalidAndMultiPartGridsAreErrors() {
    List<GridFeature> grids = List.of(grid(0, "POLYGON ((0 500, 500 1000, 500 500, 0 1000, 0 500))"),
        grid(1, "MULTIPOLYGON (((500 500, 700 500, 700 1000, 500 1000, 500 500)), ((800 500, 1000 500, 1000 1000, 800 1000, 800 500)))"),
        grid(2, SW), grid(3, SE));
    ValidationResult r = validate(grids, houses(), roads());
    assertThat(r.issues("grid.invalid")).singleElement().satisfies(i -> assertThat(i.featureIndex()).isZero());
    assertThat(r.issues("grid.multi_part")).singleElement().satisfies(i -> assertThat(i.gridCode()).isEqualTo(VILLAGE + "002"));
    // the space between the two parts is a gap as well
    assertThat(r.issues("coverage.gap")).isNotEmpty();
    assertThat(r.ok()).isFalse();
  }

  @Test
  void codeProblemsAreErrors() {
    List<GridFeature> grids = List.of(
        new GridFeature(0, null, "no code", GridKind.STANDARD, m(NW)),
        new GridFeature(1, "3505211042010", "short", GridKind.STANDARD, m(NE)),
        new GridFeature(2, "350521104299003", "other village", GridKind.STANDARD, m(SW)),
        new GridFeature(3, "350521104299003", "duplicate", GridKind.STANDARD, m(SE)));
    ValidationResult r = validate(grids, houses(), roads());
    assertThat(r.issues("code.missing")).singleElement().satisfies(i -> assertThat(i.featureIndex()).isZero());
    assertThat(r.issues("code.malformed")).singleElement().satisfies(i -> assertThat(i.featureIndex()).isEqualTo(1));
    assertThat(r.issues("code.wrong_village")).hasSize(2);
    assertThat(r.ok()).isFalse();
    List<GridFeature> duplicates = List.of(grid(0, NW), grid(1, NE), grid(2, SW),
        new GridFeature(3, VILLAGE + "001", "dup", GridKind.STANDARD, m(SE)));
    assertThat(validate(duplicates, houses(), roads()).issues("code.duplicate"))
        .singleElement().satisfies(i -> assertThat(i.message()).contains(VILLAGE + "001"));
  }

  @Test
  void standardGridsOutsideTheResidentsRangeAreWarnedButSpecialKindsAreExempt() {
    List<ResidentBuilding> buildings = new ArrayList<>(houses());
    buildings.add(house("tower", 300, 300, 400)); // SW now has 1100
    List<GridFeature> grids = new ArrayList<>(fourGrids());
    ValidationResult r = validate(grids, buildings, roads());
    assertThat(r.issues("grid.size")).singleElement().satisfies(i -> {
      assertThat(i.gridCode()).isEqualTo(VILLAGE + "003");
      assertThat(i.severity()).isEqualTo(ValidationIssue.Severity.WARNING);
      assertThat(i.message()).contains("1100");
      // drawn in place on the editor's map: the grid's outline
      assertThat(i.geometry().equalsExact(m(SW))).isTrue();
    });
    assertThat(r.ok()).isTrue();
    grids.set(2, new GridFeature(2, VILLAGE + "003", "安置小区", GridKind.RESETTLEMENT, m(SW)));
    assertThat(validate(grids, buildings, roads()).issues("grid.size")).isEmpty();
  }

  @Test
  void missingResidentDataIsOneWarning() {
    ValidationResult r = validate(fourGrids(), List.of(), roads());
    assertThat(r.issues("residents.unknown")).hasSize(1);
    assertThat(r.issues("grid.size")).isEmpty();
  }

  @Test
  void buildingsCutByAGridBoundaryAreWarned() {
    List<ResidentBuilding> buildings = new ArrayList<>(houses());
    buildings.add(house("straddles", 495, 200, 0));
    buildings.add(house("touches", 499.95, 300, 0)); // 0.05 m over the line: digitising noise
    ValidationResult r = validate(fourGrids(), buildings, roads());
    assertThat(r.issues("building.cut")).singleElement().satisfies(i -> {
      assertThat(i.message()).contains("straddles");
      assertThat(i.geometry() != null && !i.geometry().isEmpty()).isTrue();
    });
    assertThat(r.metrics().buildingsCut()).isEqualTo(1);
  }

  @Test
  void boundariesAwayFromRoadsAreWarnedAndMeasured() {
    ValidationResult none = validate(fourGrids(), houses(), List.of());
    assertThat(none.issues("grid.road_following")).hasSize(4);
    assertThat(none.metrics().roadFollowingShare()).isZero();
    // only the north-south road: each grid's inner boundary is half along it
    ValidationResult half = validate(fourGrids(), houses(), List.of(m(ROADS.get(0))));
    assertThat(half.metrics().roadFollowingShare()).isCloseTo(0.5, within(0.02));
    assertThat(half.metrics().roadFollowingByGrid().values()).allSatisfy(s -> assertThat(s).isCloseTo(0.5, within(0.02)));
    // a road 12 m off the line still counts (within 15 m); 20 m off does not
    ValidationResult near = validate(fourGrids(), houses(), List.of(m("LINESTRING (512 -20, 512 1020)"), m(ROADS.get(1))));
    assertThat(near.metrics().roadFollowingShare()).isCloseTo(1.0, within(0.02));
    ValidationResult far = validate(fourGrids(), houses(), List.of(m("LINESTRING (520 -20, 520 1020)"), m(ROADS.get(1))));
    assertThat(far.metrics().roadFollowingShare()).isCloseTo(0.5, within(0.03));
  }

  @Test
  void aSingleGridVillageHasNoInnerBoundaryToJudge() {
    ValidationResult r = validate(List.of(grid(0, VILLAGE_WKT)), List.of(house("a", 10, 10, 600)), roads());
    assertThat(r.ok()).isTrue();
    assertThat(r.metrics().roadFollowingShare()).isNull();
    assertThat(r.warnings()).isEmpty();
  }
}
