package org.gridscape.scene.model;

/** Levels of the region hierarchy above the unit grid, from the top down. */
public enum RegionLevel {
  DISTRICT, TOWNSHIP, WORK_AREA, VILLAGE;

  /** True when {@code child} may sit directly below this level (levels may be skipped, e.g. no work area). */
  public boolean isAbove(RegionLevel child) {
    return child.ordinal() > ordinal();
  }
}
