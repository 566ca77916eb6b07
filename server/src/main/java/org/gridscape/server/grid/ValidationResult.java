package org.gridscape.server.grid;

import java.util.List;

/**
 * The outcome of validating one village: {@code ok} when there are no errors (warnings allowed), which
 * is the condition for publishing its grids.
 */
public record ValidationResult(boolean ok, List<ValidationIssue> errors, List<ValidationIssue> warnings,
                               ValidationMetrics metrics) {

  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if (ok != errors.isEmpty()) {
      throw new IllegalArgumentException("ok must be true exactly when there are no errors");
    }
  }

  /** Errors and warnings with this rule code. */
  public List<ValidationIssue> issues(String rule) {
    return java.util.stream.Stream.concat(errors.stream(), warnings.stream()).filter(i -> i.rule().equals(rule)).toList();
  }
}
