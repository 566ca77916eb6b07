package org.gridscape.server.patrol;

import java.util.List;
import java.util.Map;
import org.gridscape.server.DomainException;

/**
 * A patrol operation that cannot be done: a missing or out-of-range field, a grid that is not the
 * worker's, no such patrol, an id taken by another patrol or a patrol already ended, a grid that is
 * not published. Mapped to a status in http.ErrorHandler.
 */
public final class PatrolException extends DomainException {
  private static final long serialVersionUID = 1L;

  public PatrolException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  /** A bad field: 400 naming it in the message and as {@code details[0].field}. */
  public static PatrolException invalid(String field, String message) {
    return new PatrolException(Refusal.INVALID, "bad_request", message, List.of(Map.of("field", field)));
  }

  public static PatrolException forbidden(String message) {
    return new PatrolException(Refusal.FORBIDDEN, "forbidden", message, List.of());
  }

  public static PatrolException notFound(String message) {
    return new PatrolException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }

  public static PatrolException conflict(String message) {
    return new PatrolException(Refusal.CONFLICT, "conflict", message, List.of());
  }

  public static PatrolException refused(String code, String message) {
    return new PatrolException(Refusal.REFUSED, code, message, List.of());
  }
}
