package org.gridscape.server.field;

import java.util.List;
import java.util.Map;
import org.gridscape.server.DomainException;

/**
 * A visit or proposal that cannot be taken: a missing or out-of-range field, a grid that is not the
 * worker's or a reviewer without the area, no such visit, building or proposal, an id taken or a
 * proposal decided already, a photo too large or of the wrong type, a change the records refuse.
 */
public final class FieldException extends DomainException {
  private static final long serialVersionUID = 1L;

  FieldException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  /** A bad field: 400 naming it in the message and as {@code details[0].field}. */
  static FieldException invalid(String field, String message) {
    return new FieldException(Refusal.INVALID, "bad_request", message, List.of(Map.of("field", field)));
  }

  static FieldException forbidden(String message) {
    return new FieldException(Refusal.FORBIDDEN, "forbidden", message, List.of());
  }

  static FieldException notFound(String message) {
    return new FieldException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }

  static FieldException conflict(String message) {
    return new FieldException(Refusal.CONFLICT, "conflict", message, List.of());
  }

  static FieldException refused(String code, String message) {
    return new FieldException(Refusal.REFUSED, code, message, List.of());
  }
}
