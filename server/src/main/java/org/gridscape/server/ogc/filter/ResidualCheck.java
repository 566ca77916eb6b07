package org.gridscape.server.ogc.filter;

import io.vertx.sqlclient.Row;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * The part of a filter that the database cannot decide exactly: spatial functions, and the logic
 * around them. Other predicates under the same OR or NOT are computed by the database as flag
 * columns (1, 0 or null), so their meaning is the SQL's in both places. Three-valued like SQL: a
 * null (unknown) flag makes NOT unknown and the row is left out.
 */
final class ResidualCheck {

  /** A node of the check: TRUE, FALSE or null (unknown). */
  interface Check {
    Boolean test(Geometry geometry, Row row);
  }

  private final List<Check> conjuncts;

  ResidualCheck(List<Check> conjuncts) {
    this.conjuncts = List.copyOf(conjuncts);
  }

  boolean test(Geometry geometry, Row row) {
    for (Check check : conjuncts) {
      if (!Boolean.TRUE.equals(check.test(geometry, row))) {
        return false;
      }
    }
    return true;
  }

  /** The column alias of flag {@code index}. */
  static String flag(int index) {
    return "cql_f" + index;
  }

  static Check flag(int index, String column) {
    return (geometry, row) -> {
      Object value = row.getValue(column);
      return value == null ? null : ((Number) value).intValue() == 1;
    };
  }

  static Check spatial(SpatialTest test) {
    return (geometry, row) -> test.test(geometry);
  }

  static Check not(Check check) {
    return (geometry, row) -> {
      Boolean value = check.test(geometry, row);
      return value == null ? null : !value;
    };
  }

  static Check and(List<Check> checks) {
    return junction(checks, false);
  }

  static Check or(List<Check> checks) {
    return junction(checks, true);
  }

  /** AND ({@code decisive} false) or OR ({@code decisive} true): one decisive value decides, else unknown wins. */
  private static Check junction(List<Check> checks, boolean decisive) {
    return (geometry, row) -> {
      boolean unknown = false;
      for (Check check : checks) {
        Boolean value = check.test(geometry, row);
        if (value != null && value == decisive) {
          return decisive;
        }
        unknown |= value == null;
      }
      return unknown ? null : !decisive;
    };
  }
}
