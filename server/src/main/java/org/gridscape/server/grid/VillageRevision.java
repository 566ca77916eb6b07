package org.gridscape.server.grid;

import java.util.List;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Geometry;

/**
 * A village as one revision (draft or published) has it, for validation and editing.
 *
 * @param boundary  the village boundary; null before a plan was imported
 * @param grids     the grids of the revision
 * @param buildings the plan's buildings with their residents
 * @param roads     the plan's road centre lines
 * @param planFromDraft whether the plan is the draft's (a new plan not published yet)
 */
public record VillageRevision(String code, Geometry boundary, List<GridRow> grids, List<ResidentBuilding> buildings,
                              List<Geometry> roads, boolean planFromDraft) {

  public VillageRevision {
    grids = List.copyOf(grids);
    buildings = List.copyOf(buildings);
    roads = List.copyOf(roads);
  }
}
