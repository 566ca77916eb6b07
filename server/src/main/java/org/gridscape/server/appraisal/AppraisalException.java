package org.gridscape.server.appraisal;

import java.util.List;
import java.util.Map;
import org.gridscape.server.DomainException;

/** An appraisal request that cannot be answered: a stable code, a message and the field at fault. */
public final class AppraisalException extends DomainException {
  private static final long serialVersionUID = 1L;

  private AppraisalException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  static AppraisalException invalid(String field, String message) {
    return new AppraisalException(Refusal.INVALID, "bad_request", message, List.of(Map.of("field", field)));
  }

  static AppraisalException forbidden(String message) {
    return new AppraisalException(Refusal.FORBIDDEN, "forbidden", message, List.of());
  }

  static AppraisalException notFound(String message) {
    return new AppraisalException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }
}
