package org.gridscape.server.event;

import java.util.List;

/**
 * An event, workflow, photo, import or district-mode operation that cannot be done, as the domain
 * says it: which {@link Kind} of refusal, a stable error code, a message for people and details
 * naming what was wrong. The HTTP layer maps the kind to a status (as it does for grid refusals),
 * so the services do not depend on HTTP.
 */
public final class EventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation was refused. */
  public enum Kind {
    /** The request is malformed: a missing or out-of-range field. */
    INVALID,
    /** The caller's role or scopes do not allow it. */
    FORBIDDEN,
    /** No such event, photo, user or region. */
    NOT_FOUND,
    /** It collides with the current state: a step that does not allow the action, a version changed meanwhile. */
    CONFLICT,
    /** The content is larger than the domain takes (a photo over its limit). */
    TOO_LARGE,
    /** The content is of a type the domain does not take (a photo that is no JPEG, PNG or WebP). */
    UNSUPPORTED_TYPE,
    /** Well formed, but the rules refuse it: a place outside every grid, an assignee who cannot take it. */
    REFUSED
  }

  private final Kind kind;
  private final String code;
  private final transient List<?> details;

  public EventException(Kind kind, String code, String message, List<?> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public EventException(Kind kind, String code, String message) {
    this(kind, code, message, List.of());
  }

  public Kind kind() {
    return kind;
  }

  /** Stable error code, e.g. {@code illegal_transition}, {@code outside_grids}. */
  public String code() {
    return code;
  }

  public List<?> details() {
    return details;
  }

  public static EventException badRequest(String message) {
    return new EventException(Kind.INVALID, "bad_request", message, List.of());
  }

  public static EventException forbidden(String message) {
    return new EventException(Kind.FORBIDDEN, "forbidden", message, List.of());
  }

  public static EventException notFound(String message) {
    return new EventException(Kind.NOT_FOUND, "not_found", message, List.of());
  }

  public static EventException conflict(String message) {
    return new EventException(Kind.CONFLICT, "conflict", message, List.of());
  }

  public static EventException unprocessable(String message, List<?> details) {
    return new EventException(Kind.REFUSED, "unprocessable", message, details);
  }
}
