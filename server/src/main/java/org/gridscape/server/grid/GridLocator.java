package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Finds the grid holding a footprint's interior point; a point on a shared boundary belongs to
 * the grid with the smallest code that covers it, so no building (and none of its residents) is
 * left without a grid. {@link GridValidator} counts residents by the same rule.
 */
final class GridLocator {
  private final List<GridRow> grids;
  private final List<PreparedGeometry> prepared = new ArrayList<>();

  GridLocator(List<GridRow> grids) {
    this.grids = grids;
    grids.forEach(g -> prepared.add(PreparedGeometryFactory.prepare(g.geom())));
  }

  String gridOf(Geometry footprint) {
    Point inside = footprint.getInteriorPoint();
    for (int i = 0; i < grids.size(); i++) {
      if (grids.get(i).geom().getEnvelopeInternal().contains(inside.getCoordinate())
          && prepared.get(i).contains(inside)) {
        return grids.get(i).code();
      }
    }
    String onBoundary = null;
    for (int i = 0; i < grids.size(); i++) {
      String code = grids.get(i).code();
      if ((onBoundary == null || code.compareTo(onBoundary) < 0)
          && grids.get(i).geom().getEnvelopeInternal().covers(inside.getCoordinate())
          && prepared.get(i).covers(inside)) {
        onBoundary = code;
      }
    }
    return onBoundary;
  }
}
