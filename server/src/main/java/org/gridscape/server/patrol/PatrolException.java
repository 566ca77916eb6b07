package org.gridscape.server.patrol;

import java.util.List;
import java.util.Map;

/**
 * A field-work operation (patrols, and the visits and proposals of {@code field}) that cannot be done, as the domain says it: a {@link Kind} that the HTTP layer
 * maps to a status (http.ErrorHandler), a stable error code, a message for people and details that
 * name the field or thing at fault.
 */
public final class PatrolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation was refused. */
  public enum Kind {
    /** The request is malformed: a missing or out-of-range field (400). */
    INVALID(400),
    /** The caller's role, scopes or ownership do not allow it (403). */
    FORBIDDEN(403),
    /** No such patrol, grid or region (404). */
    NOT_FOUND(404),
    /** It collides with the current state: an id taken by another patrol, a patrol already ended (409). */
    CONFLICT(409),
    /** A body too large, such as a visit's photo over the limit (413). */
    TOO_LARGE(413),
    /** A body of a type not taken, such as a photo that is not JPEG or PNG (415). */
    UNSUPPORTED_TYPE(415),
    /** Well formed, but the rules refuse it: a grid that is not published (422). */
    REFUSED(422);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;
  private final String code;
  private final transient List<?> details;

  public PatrolException(Kind kind, String code, String message, List<?> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public List<?> details() {
    return details;
  }

  /** A bad field: 400 naming it in the message and as {@code details[0].field}. */
  public static PatrolException invalid(String field, String message) {
    return new PatrolException(Kind.INVALID, "bad_request", message, List.of(Map.of("field", field)));
  }

  public static PatrolException forbidden(String message) {
    return new PatrolException(Kind.FORBIDDEN, "forbidden", message, List.of());
  }

  public static PatrolException notFound(String message) {
    return new PatrolException(Kind.NOT_FOUND, "not_found", message, List.of());
  }

  public static PatrolException conflict(String message) {
    return new PatrolException(Kind.CONFLICT, "conflict", message, List.of());
  }

  public static PatrolException refused(String code, String message) {
    return new PatrolException(Kind.REFUSED, code, message, List.of());
  }
}
