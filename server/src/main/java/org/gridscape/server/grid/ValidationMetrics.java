package org.gridscape.server.grid;

import java.util.Map;

/**
 * Figures of one village's grid set. Per-grid maps are keyed by grid code (or {@code #index}).
 *
 * @param gridCount              grids in the set
 * @param buildingCount          buildings considered
 * @param residentsTotal         residents in buildings that fall in some grid
 * @param residentsPerGrid       residents per grid (a building counts for the grid holding its interior point)
 * @param villageArea            m2
 * @param coveredArea            m2 of the village covered by grids
 * @param coveragePercent        covered share of the village, 0-100
 * @param overlapArea            m2 of overlaps above the noise threshold
 * @param gapArea                m2 of gaps above the noise threshold
 * @param roadFollowingShare     share (0-1) of all inner grid boundary length within the road distance of
 *                               a road, or null when there is no inner boundary (a single grid)
 * @param roadFollowingByGrid    the same per grid (grids without inner boundary are absent)
 * @param buildingsCut           buildings cut by a grid boundary
 * @param buildingsOutsideGrids  buildings whose interior point is in no grid
 * @param coverageEdgesMatch     whether the grids form a clean polygonal coverage (shared edges with
 *                               identical vertices, as JTS CoverageValidator checks)
 */
public record ValidationMetrics(int gridCount, int buildingCount, int residentsTotal, Map<String, Integer> residentsPerGrid,
                                double villageArea, double coveredArea, double coveragePercent, double overlapArea,
                                double gapArea, Double roadFollowingShare, Map<String, Double> roadFollowingByGrid,
                                int buildingsCut, int buildingsOutsideGrids, boolean coverageEdgesMatch) {

  public ValidationMetrics {
    residentsPerGrid = Map.copyOf(residentsPerGrid);
    roadFollowingByGrid = Map.copyOf(roadFollowingByGrid);
  }
}
