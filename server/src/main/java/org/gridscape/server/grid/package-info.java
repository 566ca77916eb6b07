/**
 * Unit grids: codes, kinds, automatic numbering and the seven-principle validation of a village's grid set.
 *
 * <ul>
 *   <li>{@link org.gridscape.server.grid.GridCode}: 12-digit village code + 3-digit sequence (001-999).
 *       {@link org.gridscape.server.grid.GridCodeRules} finds malformed, foreign-prefix and duplicate codes;
 *       {@link org.gridscape.server.grid.GridCodeException.Reason} tells them apart so the HTTP layer can
 *       map them (422; database-level duplicates 409).</li>
 *   <li>{@link org.gridscape.server.grid.GridCodeAssigner}: numbering west to east, north to south by
 *       centroid latitude bands (half the median grid height), skipping reserved sequences.</li>
 *   <li>{@link org.gridscape.server.grid.GridValidator}: errors (invalid or multi-part polygons, grid
 *       outside its village by more than 0.5 m, overlaps and gaps over 1 m2 returned as polygons, missing,
 *       malformed, foreign or duplicate codes) and warnings (standard grids outside 500-1000 residents,
 *       buildings cut by a grid boundary, grid boundaries following roads for less than 50% of their
 *       length within 15 m), with metrics. Measured in a {@link org.gridscape.server.grid.LocalProjection}.
 *       About 80 ms for 10 grids and 2,000 buildings on one core ({@code GridValidatorBenchmark}).</li>
 * </ul>
 */
package org.gridscape.server.grid;
