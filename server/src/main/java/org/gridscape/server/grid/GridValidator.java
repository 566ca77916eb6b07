package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks one village's grid set against the seven principles (DESIGN.md, "Grid validation").
 *
 * <p>Errors: grid polygons that are empty, not polygons, invalid or multi-part; grids sticking out of
 * the village by more than the tolerance; overlaps between grids and gaps in the village's coverage
 * larger than the noise area (each returned as a polygon); missing, malformed, foreign or duplicate
 * codes. Warnings: standard grids outside the residents range; buildings cut by a grid boundary; grids
 * whose inner boundary follows roads for less than the required share.
 *
 * <p>All measuring happens in a {@link LocalProjection} centred on the village; geometries in the
 * result are WGS84. Invalid grids are repaired (for measuring only) so that one broken polygon does not
 * also show up as a gap.
 */
public final class GridValidator {

  private static final double AREA_DUST = 0.01;

  private final ValidationSettings settings;

  public GridValidator(ValidationSettings settings) {
    this.settings = settings;
  }

  /** Validates with the default thresholds. */
  public static ValidationResult validate(ValidationInput input) {
    return new GridValidator(ValidationSettings.defaults()).run(input);
  }

  private record Measured(GridFeature grid, Geometry metres, PreparedGeometry prepared) {
  }

  public ValidationResult run(ValidationInput input) {
    return run(prepare(input.villageCode(), input.villageBoundary(), input.buildings(), input.roads()), input.grids());
  }

  /** Prepares a village for validating many grid sets against it with this validator's settings. */
  public PreparedVillage prepare(String villageCode, Geometry boundary, List<ResidentBuilding> buildings,
                                 List<Geometry> roads) {
    return PreparedVillage.of(villageCode, boundary, buildings, roads, settings);
  }

  /** Validates a grid set of a prepared village (prepared with the same settings). */
  public ValidationResult run(PreparedVillage village, List<GridFeature> gridSet) {
    if (!village.settings().equals(settings)) {
      throw new IllegalArgumentException("the village was prepared with other settings");
    }
    List<ValidationIssue> errors = new ArrayList<>();
    List<ValidationIssue> warnings = new ArrayList<>();
    LocalProjection projection = village.projection();
    GeometryFactory factory = new GeometryFactory();

    checkCodes(village.villageCode(), gridSet, errors);
    List<Measured> grids = measureGrids(gridSet, projection, errors);
    double villageArea = village.area();

    checkInsideVillage(grids, village, projection, errors);
    double overlapArea = checkOverlaps(grids, projection, errors);

    Geometry[] coverage = grids.stream().map(Measured::metres).toArray(Geometry[]::new);
    boolean edgesMatch = coverage.length > 0 && !CoverageValidator.hasInvalidResult(CoverageValidator.validate(coverage));
    Geometry union = coverage.length == 0 ? factory.createPolygon()
        : edgesMatch ? CoverageUnion.union(coverage) : UnaryUnionOp.union(List.of(coverage));
    double coveredArea = union.isEmpty() ? 0 : union.intersection(village.metres()).getArea();
    double gapArea = checkGaps(village, union, projection, errors);

    STRtree index = new STRtree();
    for (Measured m : grids) {
      index.insert(m.metres.getEnvelopeInternal(), m);
    }
    Map<String, Integer> residents = new LinkedHashMap<>();
    for (Measured m : grids) {
      residents.put(m.grid.label(), 0);
    }
    int[] cutAndOutside = assignBuildings(village.buildings(), index, residents, warnings);
    int residentsTotal = residents.values().stream().mapToInt(Integer::intValue).sum();
    checkSize(village, grids, residents, warnings);

    Map<String, Double> roadShares = new LinkedHashMap<>();
    Double overallShare = checkRoadFollowing(village, grids, projection, roadShares, warnings, factory);

    ValidationMetrics metrics = new ValidationMetrics(gridSet.size(), village.givenBuildings(), residentsTotal,
        residents, villageArea, coveredArea, villageArea == 0 ? 0 : 100.0 * coveredArea / villageArea,
        overlapArea, gapArea, overallShare, roadShares, cutAndOutside[0], cutAndOutside[1], edgesMatch);
    return new ValidationResult(errors.isEmpty(), errors, warnings, metrics);
  }

  private static void checkCodes(String villageCode, List<GridFeature> grids, List<ValidationIssue> errors) {
    List<String> codes = new ArrayList<>();
    for (GridFeature g : grids) {
      codes.add(g.code());
      if (g.code() == null) {
        errors.add(error("code.missing", "grid " + g.label() + (g.name() == null ? "" : " (" + g.name() + ")")
            + " has no code", g, null));
      }
    }
    for (GridCodeRules.Problem p : GridCodeRules.check(villageCode, codes)) {
      GridFeature g = grids.get(p.index());
      errors.add(error("code." + p.reason().name().toLowerCase(Locale.ROOT), p.message(), g, null));
    }
  }

  /** Projects the grids that can be measured, reporting those that are not single valid polygons. */
  private static List<Measured> measureGrids(List<GridFeature> input, LocalProjection projection, List<ValidationIssue> errors) {
    List<Measured> out = new ArrayList<>();
    for (GridFeature g : input) {
      Geometry geometry = g.geometry();
      if (geometry.isEmpty()) {
        errors.add(error("grid.empty", "grid " + g.label() + " has an empty polygon", g, null));
        continue;
      }
      if (!(geometry instanceof Polygonal)) {
        errors.add(error("grid.not_polygon", "grid " + g.label() + " is a " + geometry.getGeometryType()
            + ", not a polygon", g, geometry));
        continue;
      }
      if (geometry instanceof MultiPolygon mp && mp.getNumGeometries() > 1) {
        errors.add(error("grid.multi_part", "grid " + g.label() + " has " + mp.getNumGeometries()
            + " separate parts; a grid must be one contiguous polygon", g, geometry));
      }
      Geometry metres = projection.toMetres(geometry);
      TopologyValidationError invalid = new IsValidOp(geometry).getValidationError();
      if (invalid != null) {
        errors.add(error("grid.invalid", "grid " + g.label() + " is not a valid polygon: " + invalid.getMessage(), g,
            geometry.getFactory().createPoint(invalid.getCoordinate())));
        metres = GeometryFixer.fix(metres);
        if (metres.isEmpty() || !(metres instanceof Polygonal)) {
          continue;
        }
      }
      out.add(new Measured(g, metres, PreparedGeometryFactory.prepare(metres)));
    }
    return out;
  }

  private void checkInsideVillage(List<Measured> grids, PreparedVillage village, LocalProjection projection,
                                  List<ValidationIssue> errors) {
    for (Measured m : grids) {
      if (village.allowed().covers(m.metres)) {
        continue;
      }
      Geometry outside = m.metres.difference(village.allowedArea());
      if (outside.getArea() > AREA_DUST) {
        errors.add(error("grid.outside_village", String.format(Locale.ROOT,
            "grid %s extends %.1f m2 beyond its village (tolerance %.1f m)", m.grid.label(), outside.getArea(),
            settings.outsideTolerance()), m.grid, projection.toLonLat(outside)));
      }
    }
  }

  private double checkOverlaps(List<Measured> grids, LocalProjection projection, List<ValidationIssue> errors) {
    double total = 0;
    for (int i = 0; i < grids.size(); i++) {
      Measured a = grids.get(i);
      for (int j = i + 1; j < grids.size(); j++) {
        Measured b = grids.get(j);
        if (!a.metres.getEnvelopeInternal().intersects(b.metres.getEnvelopeInternal()) || !a.prepared.intersects(b.metres)) {
          continue;
        }
        Geometry overlap = a.metres.intersection(b.metres);
        double area = overlap.getArea();
        if (area > settings.minOverlapArea()) {
          total += area;
          errors.add(error("grid.overlap", String.format(Locale.ROOT, "grids %s and %s overlap by %.1f m2",
              a.grid.label(), b.grid.label(), area), a.grid, projection.toLonLat(polygonal(overlap))));
        }
      }
    }
    return total;
  }

  private double checkGaps(PreparedVillage village, Geometry union, LocalProjection projection, List<ValidationIssue> errors) {
    Geometry inner = village.inner();
    Geometry gaps = union.isEmpty() ? inner : inner.difference(union);
    double total = 0;
    for (int i = 0; i < gaps.getNumGeometries(); i++) {
      Geometry gap = gaps.getGeometryN(i);
      if (gap instanceof Polygon && gap.getArea() > settings.minGapArea()) {
        total += gap.getArea();
        Point at = projection.toLonLat(gap.getInteriorPoint()).getInteriorPoint();
        errors.add(new ValidationIssue("coverage.gap", ValidationIssue.Severity.ERROR, String.format(Locale.ROOT,
            "%.1f m2 of the village near %.6f, %.6f is in no grid", gap.getArea(), at.getX(), at.getY()),
            null, null, projection.toLonLat(gap)));
      }
    }
    return total;
  }

  /** Adds residents per grid and warns about cut buildings; returns {cut, outside}. */
  private int[] assignBuildings(List<PreparedVillage.Building> buildings, STRtree index, Map<String, Integer> residents,
                                List<ValidationIssue> warnings) {
    int cut = 0;
    int outside = 0;
    for (PreparedVillage.Building building : buildings) {
      ResidentBuilding b = building.source();
      Geometry footprint = building.metres();
      Point inside = building.inside();
      @SuppressWarnings("unchecked")
      List<Measured> candidates = index.query(footprint.getEnvelopeInternal());
      Measured home = null;
      for (Measured m : candidates) {
        if (m.prepared.contains(inside)) {
          home = m;
          break;
        }
      }
      if (home == null) {
        // on a shared boundary: the covering grid with the smallest label, as GridService assigns it
        for (Measured m : candidates) {
          if (m.prepared.covers(inside) && (home == null || m.grid.label().compareTo(home.grid.label()) < 0)) {
            home = m;
          }
        }
      }
      if (home == null) {
        outside++;
      } else {
        residents.merge(home.grid.label(), b.residents(), Integer::sum);
        if (home.prepared.covers(footprint)) {
          continue;
        }
      }
      double area = building.area();
      double minPiece = Math.max(settings.minCutPiece(), settings.minCutShare() * area);
      List<String> cutBy = new ArrayList<>();
      for (Measured m : candidates) {
        if (!m.prepared.intersects(footprint)) {
          continue;
        }
        double in = m.metres.intersection(footprint).getArea();
        if (in > minPiece && area - in > minPiece) {
          cutBy.add(m.grid.label());
        }
      }
      if (!cutBy.isEmpty()) {
        cut++;
        warnings.add(new ValidationIssue("building.cut", ValidationIssue.Severity.WARNING,
            "building " + (b.id() == null ? "" : b.id() + " ") + "is cut by the boundary of grid(s) " + String.join(", ", cutBy),
            cutBy.get(0), null, b.footprint()));
      }
    }
    return new int[] {cut, outside};
  }

  private void checkSize(PreparedVillage village, List<Measured> grids, Map<String, Integer> residents,
                         List<ValidationIssue> warnings) {
    if (village.givenBuildings() == 0) {
      if (grids.stream().anyMatch(m -> m.grid.kind().sizeRuleApplies())) {
        warnings.add(new ValidationIssue("residents.unknown", ValidationIssue.Severity.WARNING,
            "no buildings with residents were given, so grid sizes (500-1000 residents) were not checked", null, null, null));
      }
      return;
    }
    for (Measured m : grids) {
      if (!m.grid.kind().sizeRuleApplies()) {
        continue;
      }
      int n = residents.getOrDefault(m.grid.label(), 0);
      if (n < settings.minResidents() || n > settings.maxResidents()) {
        warnings.add(new ValidationIssue("grid.size", ValidationIssue.Severity.WARNING, String.format(Locale.ROOT,
            "grid %s has %d residents; standard grids should have %d-%d", m.grid.label(), n,
            settings.minResidents(), settings.maxResidents()), m.grid.code(), m.grid.index(), m.grid.geometry()));
      }
    }
  }

  private Double checkRoadFollowing(PreparedVillage village, List<Measured> grids, LocalProjection projection,
                                    Map<String, Double> shares, List<ValidationIssue> warnings, GeometryFactory factory) {
    double totalLength = 0;
    double totalNear = 0;
    for (Measured m : grids) {
      RoadFollowing f = roadFollowing(m.metres, village);
      if (f.length < 1.0) {
        continue;
      }
      double share = f.near / f.length;
      shares.put(m.grid.label(), share);
      totalLength += f.length;
      totalNear += f.near;
      if (share < settings.minRoadShare()) {
        LineMerger merger = new LineMerger();
        f.away.forEach(piece -> merger.add(factory.createLineString(piece)));
        @SuppressWarnings("unchecked")
        Geometry away = factory.buildGeometry(merger.getMergedLineStrings());
        warnings.add(new ValidationIssue("grid.road_following", ValidationIssue.Severity.WARNING, String.format(Locale.ROOT,
            "only %.0f%% of grid %s's boundary with other grids lies within %.0f m of a road (expected at least %.0f%%)",
            100 * share, m.grid.label(), settings.roadDistance(), 100 * settings.minRoadShare()),
            m.grid.code(), m.grid.index(), projection.toLonLat(away)));
      }
    }
    return totalLength == 0 ? null : totalNear / totalLength;
  }

  /** A grid's boundary with other grids: its length, the part near roads and the pieces away from them. */
  private record RoadFollowing(double length, double near, List<Coordinate[]> away) {}

  private static RoadFollowing roadFollowing(Geometry grid, PreparedVillage village) {
    double length = 0;
    double near = 0;
    List<Coordinate[]> away = new ArrayList<>();
    for (int p = 0; p < grid.getNumGeometries(); p++) {
      Polygon polygon = (Polygon) grid.getGeometryN(p);
      for (int r = -1; r < polygon.getNumInteriorRing(); r++) {
        Coordinate[] ring = (r < 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(r)).getCoordinates();
        for (int i = 1; i < ring.length; i++) {
          Coordinate a = ring[i - 1];
          Coordinate b = ring[i];
          double segment = a.distance(b);
          if (segment == 0) {
            continue;
          }
          List<double[]> roads = village.roads().within(a, b);
          for (double[] inner : NearLines.outside(village.outline().within(a, b), 0, 1)) {
            length += (inner[1] - inner[0]) * segment;
            near += NearLines.inside(roads, inner[0], inner[1]) * segment;
            for (double[] off : NearLines.outside(roads, inner[0], inner[1])) {
              away.add(new Coordinate[] {at(a, b, off[0]), at(a, b, off[1])});
            }
          }
        }
      }
    }
    return new RoadFollowing(length, near, away);
  }

  private static Coordinate at(Coordinate a, Coordinate b, double t) {
    // the ends exactly, so that pieces of consecutive segments join
    return t == 0 ? a.copy() : t == 1 ? b.copy() : new Coordinate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
  }

  private static Geometry polygonal(Geometry g) {
    if (g instanceof Polygonal) {
      return g;
    }
    List<Polygon> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i) instanceof Polygon p) {
        parts.add(p);
      }
    }
    return g.getFactory().createMultiPolygon(parts.toArray(Polygon[]::new));
  }

  private static ValidationIssue error(String rule, String message, GridFeature g, Geometry where) {
    return new ValidationIssue(rule, ValidationIssue.Severity.ERROR, message, g.code(), g.index(), where);
  }
}
