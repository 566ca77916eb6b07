package org.gridscape.server.grid;

/** A grid code that breaks a coding rule; {@link #reason()} tells which, so callers can map it to a status. */
public final class GridCodeException extends RuntimeException {

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
  private final String code;

  public GridCodeException(Reason reason, String code, String message) {
    super(message);
    this.reason = reason;
    this.code = code;
  }

  public Reason reason() {
    return reason;
  }

  /** The offending code as given (may be malformed or null). */
  public String code() {
    return code;
  }
}
