package org.gridscape.server.grid;

import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A grid, plan or draft operation that cannot be done: a malformed village code or level, no such
 * village or grid, a code taken, a stale version, validation errors. The HTTP layer maps the
 * {@link Refusal} to a status; the CLI prints the message.
 */
public final class GridException extends DomainException {
  private static final long serialVersionUID = 1L;

  public GridException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  public static GridException invalid(String message) {
    return new GridException(Refusal.INVALID, "bad_request", message, List.of());
  }

  public static GridException notFound(String message) {
    return new GridException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }

  public static GridException conflict(String message, List<?> details) {
    return new GridException(Refusal.CONFLICT, "conflict", message, details);
  }

  public static GridException conflict(String message) {
    return conflict(message, List.of());
  }

  public static GridException stale(String message, List<?> details) {
    return new GridException(Refusal.STALE, "precondition_failed", message, details);
  }

  public static GridException refused(String code, String message, List<?> details) {
    return new GridException(Refusal.REFUSED, code, message, details);
  }

  /** The refusal of a code that breaks a coding rule. */
  public static GridException badCode(GridCodeException e) {
    return refused(e.code(), e.getMessage(), e.details());
  }
}
