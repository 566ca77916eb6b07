package org.gridscape.server.party;

import java.util.List;
import java.util.Map;
import org.gridscape.server.DomainException;

/**
 * A duty-points operation that cannot be done: a malformed field, a spend beyond the balance, a
 * household without an active assistance case; details name the field or figure at fault.
 */
public final class PartyException extends DomainException {
  private static final long serialVersionUID = 1L;

  private PartyException(Refusal refusal, String code, String message, List<?> details) {
    super(refusal, code, message, details);
  }

  static PartyException invalid(String field, String message) {
    return new PartyException(Refusal.INVALID, "bad_request", message, List.of(Map.of("field", field)));
  }

  static PartyException forbidden(String message) {
    return new PartyException(Refusal.FORBIDDEN, "forbidden", message, List.of());
  }

  static PartyException notFound(String message) {
    return new PartyException(Refusal.NOT_FOUND, "not_found", message, List.of());
  }

  /** A spend larger than the balance: 422 with the balance and the points asked for. */
  static PartyException insufficient(String member, int balance, int points) {
    return new PartyException(Refusal.REFUSED, "insufficient_points", "member " + member + " has a balance of " + balance
        + " points; cannot spend " + points, List.of(Map.of("balance", balance, "points", points)));
  }

  static PartyException refused(String code, String field, String message) {
    return new PartyException(Refusal.REFUSED, code, message, List.of(Map.of("field", field)));
  }
}
