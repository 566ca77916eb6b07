package org.gridscape.server.grid.edit;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlay.snap.GeometrySnapper;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Merges adjacent grids into one. Edges digitised independently rarely coincide to the last digit,
 * so the parts are snapped to each other within a small tolerance before the union; grids that still
 * do not touch are refused, because a grid is one polygon.
 */
public final class GridMerge {

  private GridMerge() {
  }

  /** @throws GeometryEditException when fewer than two grids are given or they are not adjacent */
  public static Polygon merge(List<Polygon> grids, double toleranceMetres) {
    if (grids.size() < 2) {
      throw new GeometryEditException("too_few_grids", "merging needs at least two grids");
    }
    double tol = Degrees.of(toleranceMetres, grids.get(0).getCentroid().getY());
    Geometry first = grids.get(0);
    List<Geometry> snapped = new ArrayList<>();
    snapped.add(first);
    for (int i = 1; i < grids.size(); i++) {
      Geometry g = new GeometrySnapper(grids.get(i)).snapTo(UnaryUnionOp.union(snapped), tol);
      snapped.add(g.isValid() ? g : g.buffer(0));
    }
    Geometry union = UnaryUnionOp.union(snapped);
    if (!(union instanceof Polygon p)) {
      throw new GeometryEditException("not_adjacent",
          "the grids do not share an edge; only neighbouring grids can be merged");
    }
    // Holes below the tolerance's square are digitising noise between the parts, not real holes.
    if (p.getNumInteriorRing() > 0) {
      List<org.locationtech.jts.geom.LinearRing> holes = new ArrayList<>();
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        var ring = p.getInteriorRingN(i);
        if (p.getFactory().createPolygon(ring).getArea() > tol * tol) {
          holes.add(ring);
        }
      }
      p = p.getFactory().createPolygon(p.getExteriorRing(), holes.toArray(new org.locationtech.jts.geom.LinearRing[0]));
    }
    return p;
  }
}
