package org.gridscape.scene.model;

import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * One building to extrude.
 *
 * @param id stable identifier, unique within its grid (it becomes the feature's {@code buildingId})
 * @param footprint outline in WGS84 longitude/latitude (x = lon, y = lat); holes are courtyards
 * @param heightMeters height above ground, or null when unknown
 * @param floors number of floors above ground, or null when unknown
 * @param use land use / purpose label (e.g. "residential"); empty when unknown
 * @param safetyGrade housing-safety grade
 * @param illegalConstruction state of the illegal-construction case
 * @param counts aggregated people figures
 * @param roof the roof form the data gives, or null to let {@link RoofForm#choose} decide
 */
public record Building(
    String id,
    Polygon footprint,
    Double heightMeters,
    Integer floors,
    String use,
    SafetyGrade safetyGrade,
    IllegalConstructionStatus illegalConstruction,
    BuildingCounts counts,
    RoofForm roof) {

  /** Buildings taller than this are data errors (the tallest building on earth is under 830 m). */
  public static final double MAX_HEIGHT_METERS = 1000;
  public static final int MAX_FLOORS = 300;

  public Building {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("building id must not be blank");
    }
    Objects.requireNonNull(footprint, () -> "footprint of building " + id);
    if (footprint.isEmpty()) {
      throw new IllegalArgumentException("footprint of building " + id + " is empty");
    }
    LonLat.requireInRange(footprint, "footprint of building " + id);
    if (heightMeters != null
        && !(heightMeters > 0 && heightMeters <= MAX_HEIGHT_METERS)) {
      throw new IllegalArgumentException(
          "height of building " + id + " must be in (0, " + MAX_HEIGHT_METERS + "] m: " + heightMeters);
    }
    if (floors != null && (floors < 1 || floors > MAX_FLOORS)) {
      throw new IllegalArgumentException(
          "floors of building " + id + " must be in [1, " + MAX_FLOORS + "]: " + floors);
    }
    use = use == null ? "" : use;
    Objects.requireNonNull(safetyGrade, () -> "safetyGrade of building " + id);
    Objects.requireNonNull(illegalConstruction, () -> "illegalConstruction of building " + id);
    Objects.requireNonNull(counts, () -> "counts of building " + id);
  }

  /** A building whose roof form is left to {@link RoofForm#choose}. */
  public Building(String id, Polygon footprint, Double heightMeters, Integer floors, String use,
      SafetyGrade safetyGrade, IllegalConstructionStatus illegalConstruction, BuildingCounts counts) {
    this(id, footprint, heightMeters, floors, use, safetyGrade, illegalConstruction, counts, null);
  }

  /** The same building with the given roof form (null: chosen by {@link RoofForm#choose}). */
  public Building withRoof(RoofForm form) {
    return new Building(id, footprint, heightMeters, floors, use, safetyGrade, illegalConstruction, counts, form);
  }
}
