package org.gridscape.server.grid;

import java.util.List;

/**
 * A grid, plan or draft operation that cannot be done, as the domain says it: which {@link Kind}
 * of refusal, a stable error code, a message for people and details that name what was wrong. The
 * HTTP layer maps the kind to a status; the CLI prints the message.
 */
public final class GridException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation was refused. */
  public enum Kind {
    /** The request names something malformed (a village code of the wrong form, a level that is not a village). */
    INVALID,
    /** No such village or grid (in the revision asked for). */
    NOT_FOUND,
    /** The operation collides with the current state: a code taken, a retired grid, a draft changed meanwhile. */
    CONFLICT,
    /** The caller's version of a grid is not the current one. */
    STALE,
    /** Well formed, but the rules refuse it: validation errors, a foreign grid code, no plan yet. */
    REFUSED
  }

  private final Kind kind;
  private final String code;
  private final transient List<?> details;

  public GridException(Kind kind, String code, String message, List<?> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public Kind kind() {
    return kind;
  }

  /** Stable error code, e.g. {@code conflict}, {@code validation_failed}, {@code no_plan}. */
  public String code() {
    return code;
  }

  public List<?> details() {
    return details;
  }

  public static GridException invalid(String message) {
    return new GridException(Kind.INVALID, "bad_request", message, List.of());
  }

  public static GridException notFound(String message) {
    return new GridException(Kind.NOT_FOUND, "not_found", message, List.of());
  }

  public static GridException conflict(String message, List<?> details) {
    return new GridException(Kind.CONFLICT, "conflict", message, details);
  }

  public static GridException conflict(String message) {
    return conflict(message, List.of());
  }

  public static GridException stale(String message, List<?> details) {
    return new GridException(Kind.STALE, "precondition_failed", message, details);
  }

  public static GridException refused(String code, String message, List<?> details) {
    return new GridException(Kind.REFUSED, code, message, details);
  }

  /** The refusal of a code that breaks a coding rule. */
  public static GridException badCode(GridCodeException e) {
    return refused(e.reason() == GridCodeException.Reason.WRONG_VILLAGE ? "grid_code_wrong_village"
        : "invalid_grid_code", e.getMessage(), List.of(new io.vertx.core.json.JsonObject().put("code", e.code())
            .put("rule", e.reason().name().toLowerCase(java.util.Locale.ROOT))));
  }
}
