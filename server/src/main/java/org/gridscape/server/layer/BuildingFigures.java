package org.gridscape.server.layer;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The aggregated layer figures of one building, as the scene publisher writes them into the tile
 * metadata. Counts and states only: no names, ID numbers or phones.
 *
 * @param assistanceHouseholds households with at least one active assistance case
 * @param assistanceByCategory households with an active case of each category (a household may count in several)
 * @param inspectedOn date of the latest inspection, null when never inspected
 */
public record BuildingFigures(String buildingId, String gridCode, int residents, int households, int partyMembers,
    int partyLinkedHouseholds, int assistanceHouseholds, Map<AssistanceCategory, Integer> assistanceByCategory,
    HousingGrade safetyGrade, LocalDate inspectedOn, IllegalConstruction illegalConstruction) {

  public BuildingFigures {
    if (buildingId == null || buildingId.isBlank()) {
      throw new IllegalArgumentException("building id required");
    }
    if (residents < 0 || households < 0 || partyMembers < 0 || partyLinkedHouseholds < 0 || assistanceHouseholds < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + buildingId);
    }
    if (safetyGrade == null || illegalConstruction == null) {
      throw new IllegalArgumentException("grade and illegal-construction state required (UNKNOWN/NONE when absent)");
    }
    EnumMap<AssistanceCategory, Integer> copy = new EnumMap<>(AssistanceCategory.class);
    if (assistanceByCategory != null) {
      copy.putAll(assistanceByCategory);
    }
    assistanceByCategory = java.util.Collections.unmodifiableMap(copy);
  }

  /** A building nobody lives in, never inspected, without cases. */
  public static BuildingFigures empty(String buildingId, String gridCode) {
    return new BuildingFigures(buildingId, gridCode, 0, 0, 0, 0, 0, Map.of(), HousingGrade.UNKNOWN, null,
        IllegalConstruction.NONE);
  }

  /** 1 while an illegal-construction case still needs work (UINT8 flag in the tiles). */
  public int illegalConstructionOpenFlag() {
    return illegalConstruction == IllegalConstruction.OPEN || illegalConstruction == IllegalConstruction.REMEDIATING
        ? 1 : 0;
  }
}
