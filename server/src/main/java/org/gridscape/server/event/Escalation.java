package org.gridscape.server.event;

import java.util.Locale;

/** Which command dispatches an event: the grid's own leaders, the township's or the district's. */
public enum Escalation {
  NONE, TOWNSHIP, DISTRICT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Escalation parse(String code) {
    try {
      return valueOf(code.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown escalation '" + code + "'; one of [none, township, district]");
    }
  }

  /**
   * The region code whose leaders dispatch at this level: the grid's code, its township
   * (first 9 digits + 000) or its district (first 6 digits + 000000).
   */
  public String commandCode(String gridCode) {
    return switch (this) {
      case NONE -> gridCode;
      case TOWNSHIP -> gridCode.substring(0, 9) + "000";
      case DISTRICT -> gridCode.substring(0, 6) + "000000";
    };
  }
}
