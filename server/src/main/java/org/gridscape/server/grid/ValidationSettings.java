package org.gridscape.server.grid;

/**
 * Thresholds of the grid validation. Lengths in metres, areas in square metres.
 *
 * @param outsideTolerance  how far a grid may stick out of its village (digitising tolerance); also
 *                          the width of the band along the village boundary where uncovered slivers
 *                          are not gaps
 * @param minOverlapArea    overlaps up to this area are digitising noise, not errors
 * @param minGapArea        gaps up to this area are digitising noise, not errors
 * @param minResidents      lower bound for a standard grid
 * @param maxResidents      upper bound for a standard grid
 * @param roadDistance      a boundary within this distance of a road centre line follows the road
 * @param minRoadShare      warn when less than this share (0-1) of a grid's inner boundary follows roads
 * @param minCutPiece       a building counts as cut only if the grid boundary splits off pieces larger
 *                          than this area on both sides ...
 * @param minCutShare       ... and larger than this share (0-1) of the footprint
 */
public record ValidationSettings(double outsideTolerance, double minOverlapArea, double minGapArea,
                                 int minResidents, int maxResidents, double roadDistance, double minRoadShare,
                                 double minCutPiece, double minCutShare) {

  public ValidationSettings {
    if (outsideTolerance < 0 || minOverlapArea < 0 || minGapArea < 0 || roadDistance <= 0 || minCutPiece < 0) {
      throw new IllegalArgumentException("tolerances must be >= 0 and roadDistance > 0");
    }
    if (minResidents < 0 || maxResidents < minResidents) {
      throw new IllegalArgumentException("residents range must satisfy 0 <= min <= max");
    }
    if (minRoadShare < 0 || minRoadShare > 1 || minCutShare < 0 || minCutShare > 1) {
      throw new IllegalArgumentException("shares must be within 0..1");
    }
  }

  /** The seven principles as the district applies them: 500-1000 residents, 0.5 m, 1 m2, 15 m, 50%. */
  public static ValidationSettings defaults() {
    return new ValidationSettings(0.5, 1.0, 1.0, 500, 1000, 15.0, 0.5, 1.0, 0.05);
  }
}
