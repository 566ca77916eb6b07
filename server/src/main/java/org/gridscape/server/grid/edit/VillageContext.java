package org.gridscape.server.grid.edit;

import java.util.List;
import org.gridscape.server.grid.PreparedVillage;
import org.gridscape.server.grid.ResidentBuilding;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Geometry;

/**
 * What the editing operations of one village look at (kept between requests by {@link VillageContexts}).
 *
 * @param prepared the village prepared for validating grid sets against it
 */
record VillageContext(String code, Geometry boundary, List<GridRow> grids, List<ResidentBuilding> buildings,
                      List<Geometry> roads, PreparedVillage prepared) {

  VillageContext {
    if (boundary == null) {
      throw new GeometryEditException("no_plan", "village " + code + " has no boundary yet: import its village plan first");
    }
    grids = List.copyOf(grids);
    buildings = List.copyOf(buildings);
    roads = List.copyOf(roads);
  }
}
