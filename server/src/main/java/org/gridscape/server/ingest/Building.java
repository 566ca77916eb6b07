package org.gridscape.server.ingest;

import org.locationtech.jts.geom.Polygon;

/**
 * A building footprint of a village plan, WGS84.
 *
 * @param featureIndex position in the building layer of the upload
 * @param id           the building's own id, or null if the data has none
 * @param footprint    a valid polygon
 * @param floors       storeys above ground, or null
 * @param height       metres, or null
 * @param use          use (residential, commercial ... or the Chinese term), or null
 * @param structure    structure (brick-concrete, frame ...), or null
 * @param year         year built, or null
 * @param roof         roof form asked for by the data ({@code flat}, {@code gable}, {@code hip}), or null
 */
public record Building(int featureIndex, String id, Polygon footprint, Integer floors, Double height,
                       String use, String structure, Integer year, String roof) {

  public Building {
    if (footprint == null || footprint.isEmpty()) {
      throw new IllegalArgumentException("footprint is required");
    }
    if (floors != null && (floors < 0 || floors > 300)) {
      throw new IllegalArgumentException("floors out of range: " + floors);
    }
    if (height != null && !(height >= 0 && height <= 1000)) {
      throw new IllegalArgumentException("height out of range: " + height);
    }
  }
}
