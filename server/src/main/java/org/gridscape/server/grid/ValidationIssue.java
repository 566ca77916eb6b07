package org.gridscape.server.grid;

import org.locationtech.jts.geom.Geometry;

/**
 * One finding of the validation.
 *
 * @param rule         stable rule code, e.g. {@code coverage.gap}
 * @param severity     error (blocks publishing) or warning
 * @param message      human-readable explanation
 * @param gridCode     the grid's code, or null (village-level findings, grids without a code)
 * @param featureIndex the grid's index in the set, or null for village-level findings
 * @param geometry     where (WGS84): the gap, the overlap, the part outside, the cut building ... or null
 */
public record ValidationIssue(String rule, Severity severity, String message, String gridCode, Integer featureIndex,
                              Geometry geometry) {

  /** Errors block publishing; warnings inform. */
  public enum Severity { ERROR, WARNING }

  public ValidationIssue {
    if (rule == null || severity == null || message == null) {
      throw new IllegalArgumentException("rule, severity and message are required");
    }
  }
}
