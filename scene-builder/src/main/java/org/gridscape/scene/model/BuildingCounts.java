package org.gridscape.scene.model;

/**
 * Aggregated people figures of one building. Counts only: a scene never carries names, ID numbers or
 * phones (PIPL), so this record has no place for them.
 */
public record BuildingCounts(
    int residents,
    int households,
    int partyMembers,
    int partyLinkedHouseholds,
    int assistanceHouseholds) {

  public static final BuildingCounts ZERO = new BuildingCounts(0, 0, 0, 0, 0);

  public BuildingCounts {
    requireCount("residents", residents);
    requireCount("households", households);
    requireCount("partyMembers", partyMembers);
    requireCount("partyLinkedHouseholds", partyLinkedHouseholds);
    requireCount("assistanceHouseholds", assistanceHouseholds);
  }

  /** Sum of two buildings' figures, used for the grid boundary's own row. */
  public BuildingCounts plus(BuildingCounts other) {
    return new BuildingCounts(
        Math.addExact(residents, other.residents),
        Math.addExact(households, other.households),
        Math.addExact(partyMembers, other.partyMembers),
        Math.addExact(partyLinkedHouseholds, other.partyLinkedHouseholds),
        Math.addExact(assistanceHouseholds, other.assistanceHouseholds));
  }

  private static void requireCount(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
