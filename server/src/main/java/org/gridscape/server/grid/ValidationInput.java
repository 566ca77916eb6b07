package org.gridscape.server.grid;

import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * Everything the validation of one village looks at, in WGS84 lon/lat.
 *
 * @param villageCode     12-digit village code
 * @param villageBoundary the village polygon
 * @param grids           the village's grids
 * @param buildings       buildings with residents (empty when not known: the size rule is then skipped)
 * @param roads           road centre lines
 */
public record ValidationInput(String villageCode, Geometry villageBoundary, List<GridFeature> grids,
                              List<ResidentBuilding> buildings, List<Geometry> roads) {

  public ValidationInput {
    GridCode.requireVillageCode(villageCode);
    if (!(villageBoundary instanceof Polygonal) || villageBoundary.isEmpty()) {
      throw new IllegalArgumentException("the village boundary must be a non-empty polygon");
    }
    grids = List.copyOf(grids);
    buildings = List.copyOf(buildings == null ? List.of() : buildings);
    roads = List.copyOf(roads == null ? List.of() : roads);
  }
}
