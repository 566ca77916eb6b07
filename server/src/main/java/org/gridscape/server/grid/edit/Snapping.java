package org.gridscape.server.grid.edit;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.overlay.snap.GeometrySnapper;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Fits a hand-drawn grid to what is around it: vertices near the village boundary, a road or a
 * neighbouring grid move onto it, then the grid is cut to the village and to the space its neighbours
 * leave free. A planner clicks roughly; the result shares edges exactly, so no slivers of gap or
 * overlap appear in the validation.
 */
public final class Snapping {

  private Snapping() {
  }

  /**
   * @param drawn           the polygon as drawn (WGS84)
   * @param village         the village boundary
   * @param neighbours      the other grids of the village
   * @param roads           road centre lines
   * @param toleranceMetres how far a vertex may move
   * @return the fitted polygon; the largest part when cutting leaves several
   * @throws GeometryEditException when nothing of the drawn polygon is left inside the free space
   */
  public static Polygon snap(Polygon drawn, Geometry village, List<? extends Geometry> neighbours,
      List<? extends Geometry> roads, double toleranceMetres) {
    if (toleranceMetres < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0");
    }
    GeometryFactory f = drawn.getFactory();
    double tol = Degrees.of(toleranceMetres, drawn.getCentroid().getY());
    Geometry shape = drawn.isValid() ? drawn : drawn.buffer(0);
    // Neighbours first so shared edges land exactly on them, then the village, then roads.
    List<Geometry> targets = new ArrayList<>();
    List<Geometry> near = new ArrayList<>();
    Geometry zone = shape.buffer(tol * 2);
    for (Geometry n : neighbours) {
      if (n.getEnvelopeInternal().intersects(zone.getEnvelopeInternal()) && n.intersects(zone)) {
        near.add(n);
      }
    }
    targets.add(f.buildGeometry(near));
    targets.add(village.getBoundary());
    List<Geometry> nearRoads = new ArrayList<>();
    for (Geometry r : roads) {
      if (r.getEnvelopeInternal().intersects(zone.getEnvelopeInternal())) {
        nearRoads.add(r);
      }
    }
    targets.add(f.buildGeometry(nearRoads));
    for (Geometry target : targets) {
      if (!target.isEmpty()) {
        shape = new GeometrySnapper(shape).snapTo(target, tol);
        if (!shape.isValid()) {
          shape = shape.buffer(0);
        }
      }
    }
    Geometry free = village.isValid() ? village : village.buffer(0);
    Geometry fitted = shape.intersection(free);
    if (!near.isEmpty()) {
      fitted = fitted.difference(UnaryUnionOp.union(near));
    }
    Polygon largest = largestPolygon(fitted);
    if (largest == null) {
      throw new GeometryEditException("empty_after_snap",
          "the drawn grid lies wholly outside the village or inside other grids");
    }
    return largest;
  }

  static Polygon largestPolygon(Geometry g) {
    Polygon best = null;
    if (g instanceof Polygon p) {
      return p.isEmpty() ? null : p;
    }
    if (g instanceof GeometryCollection || g instanceof Polygonal) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty() && (best == null || p.getArea() > best.getArea())) {
          best = p;
        }
      }
    }
    return best;
  }
}
