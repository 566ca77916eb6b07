/**
 * Grid workers' patrols (巡查) and how much of their grids they reach.
 *
 * <p>{@link org.gridscape.server.patrol.PatrolService} records patrols from the phone (start,
 * batches of positions, end; idempotent by the phone's ids) in the V17 tables through
 * {@link org.gridscape.server.patrol.PatrolStore}; {@link org.gridscape.server.patrol.Coverage}
 * computes the share of a grid's roads and buildings within a distance of the tracks, and
 * {@link org.gridscape.server.patrol.PatrolStats} sums it per grid, worker and region.
 * {@link org.gridscape.server.patrol.PatrolRoutes} is the HTTP side. docs/PATROLS.md describes the
 * API, who may read tracks, and the coverage method.
 */
package org.gridscape.server.patrol;
