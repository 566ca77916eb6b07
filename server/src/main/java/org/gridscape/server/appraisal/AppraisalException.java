package org.gridscape.server.appraisal;

import java.util.List;
import java.util.Map;
import org.gridscape.server.http.ApiException;

/** An appraisal request that cannot be answered: the status, a stable code, a message and the field at fault. */
public final class AppraisalException extends ApiException {
  private static final long serialVersionUID = 1L;

  private AppraisalException(int status, String code, String message, List<?> details) {
    super(status, code, message, details);
  }

  static AppraisalException invalid(String field, String message) {
    return new AppraisalException(400, "bad_request", message, List.of(Map.of("field", field)));
  }
}
