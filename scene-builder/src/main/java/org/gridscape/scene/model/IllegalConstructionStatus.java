package org.gridscape.scene.model;

/** State of a building's illegal-construction (两违) case; NONE when there is no case. */
public enum IllegalConstructionStatus {
  NONE, OPEN, REMEDIATING, REMEDIATED;

  /** True while the case still needs work: the flag the viewer highlights. */
  public boolean isOpen() {
    return this == OPEN || this == REMEDIATING;
  }
}
