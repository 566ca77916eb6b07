package org.gridscape.server.ogc.filter;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A spatial function between a feature's geometry and a literal, exactly (JTS, DE-9IM), with the
 * envelope condition that every feature meeting it satisfies (the SQL prefilter).
 *
 * @param op the CQL2 function with the feature's geometry as its first argument
 */
record SpatialTest(String op, Geometry literal, PreparedGeometry prepared) {

  static SpatialTest of(String op, Geometry literal) {
    return new SpatialTest(op, literal, PreparedGeometryFactory.prepare(literal));
  }

  /** The function with its arguments swapped: {@code S_WITHIN(a, b)} is {@code S_CONTAINS(b, a)}. */
  static String swapped(String op) {
    return switch (op) {
      case "s_within" -> "s_contains";
      case "s_contains" -> "s_within";
      default -> op;
    };
  }

  boolean test(Geometry feature) {
    return switch (op) {
      case "s_intersects" -> prepared.intersects(feature);
      case "s_disjoint" -> prepared.disjoint(feature);
      case "s_within" -> prepared.contains(feature);
      case "s_contains" -> prepared.within(feature);
      case "s_touches" -> prepared.touches(feature);
      case "s_crosses" -> feature.crosses(literal);
      case "s_overlaps" -> feature.overlaps(literal);
      case "s_equals" -> feature.equalsTopo(literal);
      default -> throw new IllegalArgumentException("not a spatial function: " + op);
    };
  }

  /** The function between two literals (or a geometry and itself), decided once. */
  static boolean constant(String op, Geometry a, Geometry b) {
    return of(op, b).test(a);
  }

  /**
   * A condition on the feature envelope columns that every feature meeting the function satisfies;
   * {@link Sql#TRUE} when there is none (disjoint).
   *
   * @param wkb whether the layer has envelope columns (minx..maxy) rather than lon/lat points
   */
  Sql prefilter(boolean wkb) {
    Envelope l = literal.getEnvelopeInternal();
    String minx = wkb ? "minx" : "lon";
    String maxx = wkb ? "maxx" : "lon";
    String miny = wkb ? "miny" : "lat";
    String maxy = wkb ? "maxy" : "lat";
    return switch (op) {
      case "s_disjoint" -> Sql.TRUE;
      case "s_within" -> Sql.of(minx, " >= ", num(l.getMinX()), " AND ", maxx, " <= ", num(l.getMaxX()), " AND ", miny,
          " >= ", num(l.getMinY()), " AND ", maxy, " <= ", num(l.getMaxY()));
      case "s_contains" -> Sql.of(minx, " <= ", num(l.getMinX()), " AND ", maxx, " >= ", num(l.getMaxX()), " AND ", miny,
          " <= ", num(l.getMinY()), " AND ", maxy, " >= ", num(l.getMaxY()), west(wkb, l.getMaxX()));
      default -> Sql.of(maxx, " >= ", num(l.getMinX()), " AND ", minx, " <= ", num(l.getMaxX()), " AND ", maxy, " >= ",
          num(l.getMinY()), " AND ", miny, " <= ", num(l.getMaxY()), west(wkb, l.getMinX()));
    };
  }

  private static Sql num(double value) {
    return new Sql("?", java.util.List.of(value));
  }

  /** A lower bound on minx by the widest feature, so the (minx, miny) index scans a band (as bbox pages do). */
  private static Sql west(boolean wkb, double x) {
    return wkb ? new Sql(" AND minx >= ?", java.util.List.of(new org.gridscape.server.ogc.FeatureFilter.WestOf(x)))
        : Sql.text("");
  }
}
