package org.gridscape.server;

import java.util.List;

/**
 * An operation the domain refuses, said the domain's way: which {@link Refusal} it is, a stable
 * error code, a message for people and details that name what was wrong (a field, a feature, a
 * file). Each feature has its own subclass with the factories it needs; the HTTP layer maps the
 * refusal to a status in one place ({@code http.ErrorHandler}) and the CLI prints the message, so no
 * service depends on HTTP.
 */
public abstract class DomainException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation was refused. */
  public enum Refusal {
    /** The request is malformed: a missing, out-of-range or unreadable field or file. */
    INVALID,
    /** Nobody (or nobody valid) is signed in: a wrong password, an expired token, an unknown key. */
    UNAUTHENTICATED,
    /** The caller's role, scopes or ownership do not allow it. */
    FORBIDDEN,
    /** No such thing. */
    NOT_FOUND,
    /** It collides with the current state: a taken name or code, a step that does not allow it. */
    CONFLICT,
    /** It was there once and is no more (a pruned change-feed cursor). */
    GONE,
    /** The caller's version is not the current one. */
    STALE,
    /** The content is larger than the domain takes. */
    TOO_LARGE,
    /** The content is of a type the domain does not take. */
    UNSUPPORTED_TYPE,
    /** Well formed, but the rules refuse it (validation errors, a place outside every grid). */
    REFUSED,
    /** Too many attempts; try again later. */
    THROTTLED,
    /** The server lacks what it needs to do it (a font, a store). */
    UNAVAILABLE
  }

  private final Refusal refusal;
  private final String code;
  private final transient List<?> details;

  protected DomainException(Refusal refusal, String code, String message, List<?> details) {
    this(refusal, code, message, details, null);
  }

  /** With the failure underneath (a parser's), kept for the log; the stack trace is not filled. */
  protected DomainException(Refusal refusal, String code, String message, List<?> details, Throwable cause) {
    super(message, cause, false, false);
    this.refusal = java.util.Objects.requireNonNull(refusal, "refusal");
    this.code = java.util.Objects.requireNonNull(code, "code");
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public final Refusal refusal() {
    return refusal;
  }

  /** Stable error code for clients, e.g. {@code conflict}, {@code validation_failed}, {@code not_a_tiff}. */
  public final String code() {
    return code;
  }

  /** JSON-ready details (JsonObjects, maps, strings) naming what was wrong; empty when none. */
  public final List<?> details() {
    return details;
  }
}
