package org.gridscape.server.sample;

/**
 * Counts of what a sample run wrote. At scale 1 the published figures of the district hold
 * exactly: 381 grids, 68,386 households, 330 grid Party branches, 5,959 Party members linking all
 * households, 210/151/444/30 grid workers, 24 organs with 820 cadres, 6,052 events of which 5,419
 * closed, 12 neighbourhood centres. At scale N every count is N times larger.
 */
public record SampleSummary(
    long seed,
    int scale,
    int townships,
    int workAreas,
    int villages,
    GridCounts grids,
    long buildings,
    long roads,
    long households,
    long residents,
    int villagePartyOrgs,
    int partyBranches,
    int buildingPartyGroups,
    long partyMembers,
    long linkedHouseholds,
    WorkerCounts workers,
    int organs,
    int cadres,
    long assistanceCases,
    long inspections,
    long illegalConstructionCases,
    long events,
    long eventsClosed,
    int centres,
    int partyServiceCentres) {

  public SampleSummary {
    if (grids == null || workers == null) {
      throw new IllegalArgumentException("grids and workers are required");
    }
  }

  /** Unit grids by kind. */
  public record GridCounts(int standard, int resettlement, int residentialCompound, int enterprise) {
    public int total() {
      return standard + resettlement + residentialCompound + enterprise;
    }
  }

  /** Grid workers by type (cadres are counted separately). */
  public record WorkerCounts(int comprehensive, int police, int community, int partTime) {
    public int total() {
      return comprehensive + police + community + partTime;
    }
  }
}
