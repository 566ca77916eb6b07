package org.gridscape.server.appraisal;

import java.util.List;
import java.util.Map;

/** An appraisal request that cannot be answered: the status, a stable code, a message and the field at fault. */
public final class AppraisalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<?> details;

  private AppraisalException(int status, String code, String message, List<?> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
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

  static AppraisalException invalid(String field, String message) {
    return new AppraisalException(400, "bad_request", message, List.of(Map.of("field", field)));
  }

  static AppraisalException forbidden(String message) {
    return new AppraisalException(403, "forbidden", message, List.of());
  }

  static AppraisalException notFound(String message) {
    return new AppraisalException(404, "not_found", message, List.of());
  }
}
