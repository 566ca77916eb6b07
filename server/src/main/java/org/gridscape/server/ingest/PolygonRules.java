package org.gridscape.server.ingest;

import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks polygonal features (village boundary, building footprints, grids): present, polygonal,
 * non-empty and valid OGC polygons. Invalid ones are rejected, or with {@code repair=true} fixed by
 * JTS {@code GeometryFixer} and reported as repaired.
 */
final class PolygonRules {

  private PolygonRules() {
  }

  /**
   * Returns the feature's polygonal geometry (repaired if allowed), or null after adding a problem.
   *
   * @param errors  receives rejections
   * @param repairs receives repairs made
   */
  static Geometry polygonal(String layer, SourceFeature f, String featureId, boolean repair,
                            List<IngestProblem> errors, List<IngestProblem> repairs) {
    Geometry g = f.geometry();
    if (g == null) {
      errors.add(IngestProblem.feature("geometry.missing", "feature has no geometry", layer, f.index(), featureId));
      return null;
    }
    if (!(g instanceof Polygonal)) {
      errors.add(IngestProblem.feature("geometry.wrong_type",
          "expected a Polygon, got " + g.getGeometryType(), layer, f.index(), featureId));
      return null;
    }
    if (g.isEmpty()) {
      errors.add(IngestProblem.feature("geometry.empty", "the polygon is empty", layer, f.index(), featureId));
      return null;
    }
    TopologyValidationError error = new IsValidOp(g).getValidationError();
    if (error == null) {
      return g;
    }
    String what = describe(error);
    if (!repair) {
      errors.add(IngestProblem.feature(rule(error), what + " (send repair=true to fix it automatically)",
          layer, f.index(), featureId));
      return null;
    }
    Geometry fixed = GeometryFixer.fix(g);
    if (fixed.isEmpty() || !(fixed instanceof Polygonal)) {
      errors.add(IngestProblem.feature(rule(error), what + " and cannot be repaired", layer, f.index(), featureId));
      return null;
    }
    repairs.add(IngestProblem.feature("geometry.repaired", "repaired: " + what, layer, f.index(), featureId));
    return fixed;
  }

  /** A single polygon: one-part multipolygons are unwrapped; more parts are left to the caller. */
  static Polygon singlePolygonOrNull(Geometry g) {
    if (g instanceof Polygon p) {
      return p;
    }
    if (g instanceof MultiPolygon mp && mp.getNumGeometries() == 1) {
      return (Polygon) mp.getGeometryN(0);
    }
    return null;
  }

  private static String describe(TopologyValidationError e) {
    String message = e.getMessage();
    if (e.getCoordinate() != null) {
      message += String.format(Locale.ROOT, " at %.7f %.7f", e.getCoordinate().x, e.getCoordinate().y);
    }
    return message;
  }

  private static String rule(TopologyValidationError e) {
    return switch (e.getErrorType()) {
      case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION -> "geometry.self_intersection";
      case TopologyValidationError.TOO_FEW_POINTS -> "geometry.too_few_points";
      case TopologyValidationError.RING_NOT_CLOSED -> "geometry.ring_not_closed";
      default -> "geometry.invalid";
    };
  }
}
