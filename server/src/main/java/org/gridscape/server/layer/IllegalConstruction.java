package org.gridscape.server.layer;

/**
 * The worst illegal-construction (两违) case of a building: OPEN before REMEDIATING before
 * REMEDIATED; NONE without a case. Same constant names as the scene builder's
 * IllegalConstructionStatus, so the publisher maps by {@code name()}.
 */
public enum IllegalConstruction {
  NONE, OPEN, REMEDIATING, REMEDIATED;

  static IllegalConstruction of(String status) {
    return switch (status) {
      case "open" -> OPEN;
      case "remediating" -> REMEDIATING;
      case "remediated" -> REMEDIATED;
      default -> throw new IllegalArgumentException("unknown illegal-construction status " + status);
    };
  }

  /** The worse of two states; NONE is the least bad, then REMEDIATED, REMEDIATING, OPEN. */
  IllegalConstruction worse(IllegalConstruction other) {
    return severity(other) > severity(this) ? other : this;
  }

  private static int severity(IllegalConstruction s) {
    return switch (s) {
      case NONE -> 0;
      case REMEDIATED -> 1;
      case REMEDIATING -> 2;
      case OPEN -> 3;
    };
  }
}
