package org.gridscape.scene.gltf;

import java.util.Objects;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.SafetyGrade;

/**
 * One row of the building property table (EXT_structural_metadata): what a client sees when it
 * picks a feature. Counts only, never personal data.
 *
 * @param floors floors above ground, 0 when unknown (the schema declares 0 as noData)
 */
public record FeatureRow(
    FeatureKind kind,
    String buildingId,
    String gridCode,
    int floors,
    float heightMeters,
    String use,
    SafetyGrade safetyGrade,
    IllegalConstructionStatus illegalConstruction,
    BuildingCounts counts) {

  public FeatureRow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(buildingId, "buildingId");
    Objects.requireNonNull(gridCode, "gridCode");
    if (floors < 0 || floors > 0xFFFF) {
      throw new IllegalArgumentException("floors must fit UINT16: " + floors);
    }
    if (!(heightMeters >= 0 && Float.isFinite(heightMeters))) {
      throw new IllegalArgumentException("heightMeters must be finite and >= 0: " + heightMeters);
    }
    Objects.requireNonNull(use, "use");
    Objects.requireNonNull(safetyGrade, "safetyGrade");
    Objects.requireNonNull(illegalConstruction, "illegalConstruction");
    Objects.requireNonNull(counts, "counts");
  }

  /** The row of a building drawn {@code heightMeters} high in grid {@code gridCode}. */
  public static FeatureRow of(Building building, String gridCode, float heightMeters) {
    return new FeatureRow(FeatureKind.BUILDING, building.id(), gridCode,
        building.floors() == null ? 0 : building.floors(), heightMeters, building.use(),
        building.safetyGrade(), building.illegalConstruction(), building.counts());
  }
}
