package org.gridscape.scene.mesh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.scene.geo.EnuFrame;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.triangulate.polygon.PolygonTriangulator;

/**
 * Turns lon/lat footprints into prisms in a local ENU frame: one flat-shaded quad per wall face
 * (a straight run of edges is one quad), a roof triangulated with JTS (holes and courtyards kept), no
 * floor (it sits on the ground and is never seen). Not thread-safe: one per build; it reuses its
 * scratch arrays so extruding thousands of buildings allocates little.
 */
public final class Extruder {
  public static final double METERS_PER_FLOOR = 3.0;
  /** Two storeys: the typical rural house of the sample district when neither height nor floors is known. */
  public static final double DEFAULT_HEIGHT_METERS = 2 * METERS_PER_FLOOR;

  /** Wall edges shorter than this are dropped: they would only make slivers. */
  private static final double MIN_EDGE_METERS = 1e-3;
  /** Sine of the angle under which two consecutive wall edges count as one straight run. */
  private static final double COLLINEAR_SINE = 1e-6;

  private final EnuFrame frame;
  private final MeshBuffer out;
  private double[] columns = new double[6 * 64];
  private final double[] scratch = new double[6];
  private final Map<Coordinate, Integer> roofVertices = new HashMap<>();
  // The last shell's roof vertices: a convex shell without holes is fanned without JTS.
  private int shellBase;
  private int shellCount;
  private boolean shellConvex;

  public Extruder(EnuFrame frame, MeshBuffer out) {
    this.frame = frame;
    this.out = out;
  }

  /** Height from the data: the height if known, else floors x 3 m, else {@link #DEFAULT_HEIGHT_METERS}. */
  public static double resolveHeight(Double heightMeters, Integer floors) {
    if (heightMeters != null) {
      return heightMeters;
    }
    if (floors != null) {
      return floors * METERS_PER_FLOOR;
    }
    return DEFAULT_HEIGHT_METERS;
  }

  /** Upper bound of the vertices {@link #extrude} adds for a footprint: sizes the index width. */
  public static int maxVertices(Geometry footprint) {
    return 5 * footprint.getNumPoints();
  }

  /**
   * Extrudes a footprint from the ground to {@code height} metres. Invalid footprints are repaired
   * with {@link GeometryFixer} first.
   *
   * @return false when nothing was added because the footprint has no area
   */
  public boolean extrude(Polygon footprint, double height, int featureId) {
    boolean added = false;
    for (Polygon part : usableParts(footprint)) {
      appendRing(part.getExteriorRing().getCoordinates(), true, 0, height, featureId, true);
      for (int h = 0; h < part.getNumInteriorRing(); h++) {
        appendRing(part.getInteriorRingN(h).getCoordinates(), false, 0, height, featureId, true);
      }
      if (part.getNumInteriorRing() == 0 && shellConvex) {
        appendConvexRoof();
      } else {
        appendRoof(part, height, featureId);
      }
      roofVertices.clear();
      added = true;
    }
    return added;
  }

  /** Walls only (outer and inner rings), e.g. a grid boundary shown as a translucent fence. */
  public boolean appendWalls(Polygon outline, double height, int featureId) {
    boolean added = false;
    for (Polygon part : usableParts(outline)) {
      appendRing(part.getExteriorRing().getCoordinates(), true, 0, height, featureId, false);
      for (int h = 0; h < part.getNumInteriorRing(); h++) {
        appendRing(part.getInteriorRingN(h).getCoordinates(), false, 0, height, featureId, false);
      }
      added = true;
    }
    return added;
  }

  /** Valid polygons with area and without repeated points; bad input is repaired, never trusted. */
  static List<Polygon> usableParts(Polygon polygon) {
    Geometry geometry = polygon;
    if (!polygon.isValid()) {
      geometry = GeometryFixer.fix(polygon);
    }
    List<Polygon> parts = new ArrayList<>(1);
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      if (geometry.getGeometryN(i) instanceof Polygon part && !part.isEmpty() && part.getArea() > 0) {
        parts.add(withoutRepeatedPoints(part));
      }
    }
    return parts;
  }

  private static Polygon withoutRepeatedPoints(Polygon polygon) {
    boolean repeated = CoordinateArrays.hasRepeatedPoints(polygon.getExteriorRing().getCoordinates());
    for (int h = 0; !repeated && h < polygon.getNumInteriorRing(); h++) {
      repeated = CoordinateArrays.hasRepeatedPoints(polygon.getInteriorRingN(h).getCoordinates());
    }
    if (!repeated) {
      return polygon;
    }
    GeometryFactory factory = polygon.getFactory();
    LinearRing shell = factory.createLinearRing(
        CoordinateArrays.removeRepeatedPoints(polygon.getExteriorRing().getCoordinates()));
    LinearRing[] holes = new LinearRing[polygon.getNumInteriorRing()];
    for (int h = 0; h < holes.length; h++) {
      holes[h] = factory.createLinearRing(
          CoordinateArrays.removeRepeatedPoints(polygon.getInteriorRingN(h).getCoordinates()));
    }
    return factory.createPolygon(shell, holes);
  }

  /**
   * Adds the wall quads of one closed ring, oriented so faces point away from the solid: shells
   * counter-clockwise and holes clockwise seen from above, outward normal = (dn, -de) / length.
   */
  private void appendRing(
      Coordinate[] ring, boolean shell, double bottom, double top, int featureId, boolean roof) {
    int n = ring.length - 1; // closed ring: last == first
    if (n < 3) {
      return;
    }
    if (columns.length < n * 6) {
      columns = new double[Math.max(n * 6, columns.length * 2)];
    }
    double area2 = 0;
    for (int i = 0; i < n; i++) {
      frame.toEnuColumn(ring[i].x, ring[i].y, bottom, top, scratch);
      System.arraycopy(scratch, 0, columns, i * 6, 6);
    }
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      area2 += columns[i * 6] * columns[j * 6 + 1] - columns[j * 6] * columns[i * 6 + 1];
    }
    boolean reverse = (area2 > 0) != shell;
    if (roof) {
      if (shell) {
        shellBase = out.vertexCount();
        shellCount = n;
        shellConvex = isConvex(columns, n, area2 > 0);
      }
      for (int i = 0; i < n; i++) {
        int c = i * 6;
        int vertex = out.addVertex(columns[c + 3], columns[c + 4], columns[c + 5], 0, 0, 1, featureId);
        roofVertices.put(ring[i], vertex);
      }
    }
    // Start at a true corner so a straight run is never split across the ring's seam.
    int start = 0;
    while (start < n && isStraight(columns, n, reverse, start)) {
      start++;
    }
    if (start == n) {
      return; // all points on one line: no area
    }
    // One quad per straight run of edges (corner to corner): collinear points add no vertices.
    int k = 0;
    while (k < n) {
      int a = vertexAt(n, reverse, start + k);
      int steps = 1;
      while (k + steps < n && isStraight(columns, n, reverse, start + k + steps)) {
        steps++;
      }
      int b = vertexAt(n, reverse, start + k + steps);
      k += steps;
      double de = columns[b * 6] - columns[a * 6];
      double dn = columns[b * 6 + 1] - columns[a * 6 + 1];
      double length = Math.hypot(de, dn);
      if (length < MIN_EDGE_METERS) {
        continue;
      }
      double ne = dn / length;
      double nn = -de / length;
      int bottomA = addColumnVertex(a, 0, ne, nn, featureId);
      int topA = addColumnVertex(a, 3, ne, nn, featureId);
      int bottomB = addColumnVertex(b, 0, ne, nn, featureId);
      int topB = addColumnVertex(b, 3, ne, nn, featureId);
      out.addTriangle(bottomA, bottomB, topB);
      out.addTriangle(bottomA, topB, topA);
    }
  }

  private static int vertexAt(int n, boolean reverse, int k) {
    int i = k % n;
    return reverse ? n - 1 - i : i;
  }

  /** True when the edges before and after ring point {@code k} (in walking order) are collinear. */
  private static boolean isStraight(double[] columns, int n, boolean reverse, int k) {
    int prev = vertexAt(n, reverse, k + n - 1);
    int here = vertexAt(n, reverse, k);
    int next = vertexAt(n, reverse, k + 1);
    double ae = columns[here * 6] - columns[prev * 6];
    double an = columns[here * 6 + 1] - columns[prev * 6 + 1];
    double be = columns[next * 6] - columns[here * 6];
    double bn = columns[next * 6 + 1] - columns[here * 6 + 1];
    double la = Math.hypot(ae, an);
    double lb = Math.hypot(be, bn);
    if (la < MIN_EDGE_METERS || lb < MIN_EDGE_METERS) {
      return false;
    }
    return Math.abs(ae * bn - an * be) < COLLINEAR_SINE * la * lb && ae * be + an * bn > 0;
  }

  private int addColumnVertex(int point, int level, double ne, double nn, int featureId) {
    int c = point * 6 + level;
    return out.addVertex(columns[c], columns[c + 1], columns[c + 2], ne, nn, 0, featureId);
  }

  /** True when no turn along the ring goes against its orientation (collinear points allowed). */
  private static boolean isConvex(double[] columns, int n, boolean counterClockwise) {
    for (int i = 0; i < n; i++) {
      int a = i * 6;
      int b = ((i + 1) % n) * 6;
      int c = ((i + 2) % n) * 6;
      double cross = (columns[b] - columns[a]) * (columns[c + 1] - columns[b + 1])
          - (columns[b + 1] - columns[a + 1]) * (columns[c] - columns[b]);
      if (counterClockwise ? cross < 0 : cross > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Most footprints are convex quadrilaterals: a fan from the first vertex triangulates them
   * exactly, at a fraction of the cost of the general triangulator.
   */
  private void appendConvexRoof() {
    for (int i = 1; i + 1 < shellCount; i++) {
      int a = shellBase;
      int b = shellBase + i;
      int c = shellBase + i + 1;
      double area2 = (out.position(b, 0) - out.position(a, 0)) * (out.position(a, 2) - out.position(c, 2))
          - (out.position(a, 2) - out.position(b, 2)) * (out.position(c, 0) - out.position(a, 0));
      // Counter-clockwise seen from above; collinear points (area 0) cover nothing.
      if (area2 > 0) {
        out.addTriangle(a, b, c);
      } else if (area2 < 0) {
        out.addTriangle(a, c, b);
      }
    }
  }

  private void appendRoof(Polygon part, double height, int featureId) {
    // Ear clipping without the Delaunay improvement pass: a flat roof does not need well-shaped
    // triangles, and the improvement pass was a third of the build time.
    Geometry triangles = PolygonTriangulator.triangulate(part);
    for (int t = 0; t < triangles.getNumGeometries(); t++) {
      Coordinate[] tri = ((Polygon) triangles.getGeometryN(t)).getExteriorRing().getCoordinates();
      int a = roofVertex(tri[0], height, featureId);
      int b = roofVertex(tri[1], height, featureId);
      int c = roofVertex(tri[2], height, featureId);
      // Counter-clockwise seen from above, in glTF axes: x = east, z = -north.
      double area2 = (out.position(b, 0) - out.position(a, 0)) * (out.position(a, 2) - out.position(c, 2))
          - (out.position(a, 2) - out.position(b, 2)) * (out.position(c, 0) - out.position(a, 0));
      if (area2 > 0) {
        out.addTriangle(a, b, c);
      } else if (area2 < 0) {
        out.addTriangle(a, c, b);
      }
    }
  }

  private int roofVertex(Coordinate c, double height, int featureId) {
    Integer vertex = roofVertices.get(c);
    if (vertex != null) {
      return vertex;
    }
    // The triangulator only reuses input points; this is a guard, not an expected path.
    frame.toEnuColumn(c.x, c.y, 0, height, scratch);
    int added = out.addVertex(scratch[3], scratch[4], scratch[5], 0, 0, 1, featureId);
    roofVertices.put(new Coordinate(c.x, c.y), added);
    return added;
  }
}
