package org.gridscape.server.party;

import java.util.List;
import java.util.Map;

/**
 * A duty-points operation that cannot be done: the HTTP status (http.ErrorHandler writes it), a
 * stable error code, a message for people and details naming the field or figure at fault.
 */
public final class PartyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<?> details;

  private PartyException(int status, String code, String message, List<?> details) {
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

  static PartyException invalid(String field, String message) {
    return new PartyException(400, "bad_request", message, List.of(Map.of("field", field)));
  }

  static PartyException forbidden(String message) {
    return new PartyException(403, "forbidden", message, List.of());
  }

  static PartyException notFound(String message) {
    return new PartyException(404, "not_found", message, List.of());
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
