package org.gridscape.server.grid.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Splits a grid along a line the planner draws across it. The line is noded with the grid's rings
 * and the resulting faces inside the grid become the parts, so the parts tile the grid exactly.
 */
public final class GridSplit {

  private GridSplit() {
  }

  /**
   * @return the parts, largest first (at least two)
   * @throws GeometryEditException when the line does not cross the grid from edge to edge
   */
  public static List<Polygon> split(Polygon grid, LineString line) {
    if (line.getNumPoints() < 2) {
      throw new GeometryEditException("invalid_line", "a split line needs at least two points");
    }
    Geometry noded = grid.getBoundary().union(line);
    Polygonizer polygonizer = new Polygonizer();
    polygonizer.add(noded);
    PreparedGeometry inside = PreparedGeometryFactory.prepare(grid);
    List<Polygon> parts = new ArrayList<>();
    for (Object o : polygonizer.getPolygons()) {
      Polygon face = (Polygon) o;
      if (inside.contains(face.getInteriorPoint())) {
        parts.add(face);
      }
    }
    if (parts.size() < 2) {
      throw new GeometryEditException("line_does_not_split",
          "the line must cross the grid from one edge to another");
    }
    parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed());
    return parts;
  }
}
