package org.gridscape.server.grid;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.gridscape.server.DomainException;

/**
 * A grid code that breaks a coding rule; {@link #reason()} tells which. Refused as
 * {@code grid_code_wrong_village} or {@code invalid_grid_code}, with the code and the rule as details.
 */
public final class GridCodeException extends DomainException {

  private static final long serialVersionUID = 1L;

  /** Which rule was broken. */
  public enum Reason {
    /** Not 15 digits, or sequence 000. */
    MALFORMED,
    /** Well formed, but the first 12 digits are not the village's code. */
    WRONG_VILLAGE,
    /** Used twice in one set. */
    DUPLICATE,
    /** All 999 sequences of the village are taken or reserved. */
    EXHAUSTED
  }

  private final Reason reason;
  private final String gridCode;

  public GridCodeException(Reason reason, String gridCode, String message) {
    super(Refusal.REFUSED, reason == Reason.WRONG_VILLAGE ? "grid_code_wrong_village" : "invalid_grid_code", message,
        List.of(new JsonObject().put("code", gridCode).put("rule", reason.name().toLowerCase(Locale.ROOT))));
    this.reason = reason;
    this.gridCode = gridCode;
  }

  public Reason reason() {
    return reason;
  }

  /** The offending code as given (may be malformed or null). */
  public String gridCode() {
    return gridCode;
  }
}
