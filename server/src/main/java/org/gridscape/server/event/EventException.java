package org.gridscape.server.event;

import java.util.List;
import org.gridscape.server.DomainException;

/**
 * An event, workflow, photo, import or district-mode operation that cannot be done: a malformed
 * field, a role that may not, no such event, a step that does not allow the action, a photo too
 * large or of the wrong type, a place outside every grid. The HTTP layer maps the {@link Refusal}
 * to a status, so the services do not depend on HTTP.
 */
public final class EventException extends DomainException {
  private static final long serialVersionUID = 1L;

  public EventException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  public EventException(Refusal refusal, String code, String message) {
    this(refusal, code, message, List.of());
  }

  public static EventException badRequest(String message) {
    return new EventException(Refusal.INVALID, "bad_request", message, List.of());
  }

  public static EventException forbidden(String message) {
    return new EventException(Refusal.FORBIDDEN, "forbidden", message, List.of());
  }

  public static EventException notFound(String message) {
    return new EventException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }

  public static EventException conflict(String message) {
    return new EventException(Refusal.CONFLICT, "conflict", message, List.of());
  }

  public static EventException unprocessable(String message, List<?> details) {
    return new EventException(Refusal.REFUSED, "unprocessable", message, details);
  }
}
