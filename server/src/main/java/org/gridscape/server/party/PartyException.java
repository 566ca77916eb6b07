package org.gridscape.server.party;

import java.util.List;
import java.util.Map;
import org.gridscape.server.http.ApiException;

/**
 * A duty-points operation that cannot be done: the HTTP status (http.ErrorHandler writes it), a
 * stable error code, a message for people and details naming the field or figure at fault.
 */
public final class PartyException extends ApiException {
  private static final long serialVersionUID = 1L;

  private PartyException(int status, String code, String message, List<?> details) {
    super(status, code, message, details);
  }

  static PartyException invalid(String field, String message) {
    return new PartyException(400, "bad_request", message, List.of(Map.of("field", field)));
  }

  /** A spend larger than the balance: 422 with the balance and the points asked for. */
  static PartyException insufficient(String member, int balance, int points) {
    return new PartyException(422, "insufficient_points", "member " + member + " has a balance of " + balance
        + " points; cannot spend " + points, List.of(Map.of("balance", balance, "points", points)));
  }

  static PartyException refused(String code, String field, String message) {
    return new PartyException(422, code, message, List.of(Map.of("field", field)));
  }
}
