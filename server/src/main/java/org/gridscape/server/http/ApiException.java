package org.gridscape.server.http;

import java.util.List;

/**
 * A request that cannot be served, with the status, a stable error code, a message for people and
 * details that name what was wrong (feature index, field, rule). Rendered by {@link ErrorHandler}.
 * Not final: a feature's own exception (party.PartyException, appraisal.AppraisalException) extends
 * it with the feature's refusals instead of a copy of this shape and another branch in ErrorHandler.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<?> details;

  public ApiException(int status, String code, String message, List<?> details) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<?> details() {
    return details;
  }

  public static ApiException badRequest(String message, Object... details) {
    return new ApiException(400, "bad_request", message, List.of(details));
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException conflict(String message, Object... details) {
    return new ApiException(409, "conflict", message, List.of(details));
  }

  public static ApiException unprocessable(String message, List<?> details) {
    return new ApiException(422, "unprocessable", message, details);
  }
}
