package org.gridscape.server.grid;

import org.locationtech.jts.geom.Geometry;

/**
 * A building as the validator needs it: footprint and how many people live in it.
 *
 * @param id        building id for messages, or null
 * @param footprint WGS84 polygon
 * @param residents actual residents (0 when unknown)
 */
public record ResidentBuilding(String id, Geometry footprint, int residents) {

  public ResidentBuilding {
    if (footprint == null) {
      throw new IllegalArgumentException("footprint is required");
    }
    if (residents < 0) {
      throw new IllegalArgumentException("residents must be >= 0");
    }
  }
}
