package org.gridscape.scene.mesh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.geo.SimpleRings;
import org.gridscape.scene.model.RoofForm;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.triangulate.polygon.PolygonTriangulator;
import org.locationtech.jts.triangulate.tri.Tri;

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
  /** Colour of flat roof vertices, -1 for the mesh's current colour. */
  private int roofColor = -1;
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

  /**
   * Rise of a pitched roof from eaves to ridge: a slope of 1:2 over half the short side (about
   * 27 degrees), at most {@link #MAX_RISE_FRACTION} of the height so the eaves stay at 80% or more.
   */
  public static double pitchedRise(double height, double shortSide) {
    return Math.min(shortSide * 0.25, height * MAX_RISE_FRACTION);
  }

  /** The largest rise of a pitched roof as a fraction of the building's height. */
  public static final double MAX_RISE_FRACTION = 0.4;
  /** Cosine below which a footprint corner counts as a right angle for a pitched roof (about 2 degrees). */
  private static final double RIGHT_ANGLE_COSINE = 0.035;

  /**
   * Height of the top of a building with this roof: the ridge of a pitched roof is half its rise
   * above the building's height, the eaves half its rise below (GB 50352: the height of a
   * pitched-roof building is the mean of eaves and ridge).
   */
  public static double topHeight(double height, RoofForm form, double shortSide) {
    return form == RoofForm.FLAT ? height : height + pitchedRise(height, shortSide) / 2;
  }

  /** Upper bound of the vertices {@link #extrude} adds for a footprint: sizes the index width. */
  public static int maxVertices(Geometry footprint) {
    return Math.max(5 * footprint.getNumPoints(), 28); // 28: the most a pitched roof adds
  }

  /**
   * Extrudes a footprint with a roof of the given form; a pitched roof needs a rectangular
   * footprint (four right-angled corners, no courtyard), any other footprint gets a flat roof.
   * Walls get {@code facadeColor}, the roof {@code roofColor}.
   *
   * @return the roof form drawn, or null when nothing was added because the footprint has no area
   */
  public RoofForm extrude(Polygon footprint, double height, RoofForm form, int featureId, int facadeColor,
      int roofColor) {
    List<Polygon> parts = usableParts(footprint);
    if (form != RoofForm.FLAT) {
      double[][] corners = rectangleCorners(parts);
      if (corners != null) {
        appendPitched(corners, height, form, featureId, facadeColor, roofColor);
        return form;
      }
    }
    out.setColor(facadeColor);
    boolean added = extrudeParts(parts, height, featureId, roofColor);
    out.setColor(MeshBuffer.WHITE);
    return added ? RoofForm.FLAT : null;
  }

  /**
   * The four corners of a rectangular footprint in ENU, counter-clockwise from above, each as
   * {bottom e, n, u, up e, n, u} (the local vertical per metre), the first edge a long side; or
   * null when the footprint is not one rectangle.
   */
  double[][] rectangleCorners(List<Polygon> parts) {
    if (parts.size() != 1 || parts.get(0).getNumInteriorRing() > 0) {
      return null;
    }
    Coordinate[] ring = parts.get(0).getExteriorRing().getCoordinates();
    int n = ring.length - 1;
    double[][] points = new double[n][];
    double area2 = 0;
    for (int i = 0; i < n; i++) {
      frame.toEnuColumn(ring[i].x, ring[i].y, 0, 1, scratch);
      points[i] = new double[] {scratch[0], scratch[1], scratch[2],
          scratch[3] - scratch[0], scratch[4] - scratch[1], scratch[5] - scratch[2]};
    }
    for (int i = 0; i < n; i++) {
      double[] a = points[i];
      double[] b = points[(i + 1) % n];
      area2 += a[0] * b[1] - b[0] * a[1];
    }
    // Corners: points where the outline turns (straight-through points are dropped).
    List<double[]> corners = new ArrayList<>(4);
    for (int i = 0; i < n; i++) {
      double[] prev = points[(i + n - 1) % n];
      double[] here = points[i];
      double[] next = points[(i + 1) % n];
      double ae = here[0] - prev[0];
      double an = here[1] - prev[1];
      double be = next[0] - here[0];
      double bn = next[1] - here[1];
      double la = Math.hypot(ae, an);
      double lb = Math.hypot(be, bn);
      if (la < MIN_EDGE_METERS || lb < MIN_EDGE_METERS) {
        return null;
      }
      if (Math.abs(ae * bn - an * be) > 1e-3 * la * lb || ae * be + an * bn < 0) {
        if (Math.abs(ae * be + an * bn) > RIGHT_ANGLE_COSINE * la * lb) {
          return null; // a corner that is not a right angle
        }
        corners.add(here);
      }
    }
    if (corners.size() != 4) {
      return null;
    }
    if (area2 < 0) {
      java.util.Collections.reverse(corners);
    }
    double first = Math.hypot(corners.get(1)[0] - corners.get(0)[0], corners.get(1)[1] - corners.get(0)[1]);
    double second = Math.hypot(corners.get(2)[0] - corners.get(1)[0], corners.get(2)[1] - corners.get(1)[1]);
    if (second > first) {
      corners.add(corners.remove(0)); // start at a long side
    }
    return corners.toArray(new double[0][]);
  }

  /**
   * Walls up to the eaves and a gable or hip roof over a rectangle c0..c3 (c0c1 and c2c3 the long
   * sides). Every face is planar with its own outward normal; faces meet at shared corner points,
   * so the shell is closed but for the ground.
   */
  private void appendPitched(double[][] c, double height, RoofForm form, int featureId, int facadeColor,
      int roofColor) {
    double longSide = Math.hypot(c[1][0] - c[0][0], c[1][1] - c[0][1]);
    double shortSide = Math.hypot(c[2][0] - c[1][0], c[2][1] - c[1][1]);
    double rise = pitchedRise(height, shortSide);
    double eaves = height - rise / 2;
    double ridge = height + rise / 2;
    double[][] bottom = new double[4][];
    double[][] top = new double[4][];
    for (int i = 0; i < 4; i++) {
      bottom[i] = at(c[i], 1, 0);
      top[i] = at(c[i], 1, eaves);
    }
    double[] mid12 = mix(c[1], c[2], 0.5);
    double[] mid30 = mix(c[3], c[0], 0.5);
    out.setColor(facadeColor);
    if (form == RoofForm.GABLE) {
      double[] apex1 = at(mid12, 1, ridge);
      double[] apex0 = at(mid30, 1, ridge);
      face(featureId, bottom[0], bottom[1], top[1], top[0]);
      face(featureId, bottom[1], bottom[2], top[2], apex1, top[1]);
      face(featureId, bottom[2], bottom[3], top[3], top[2]);
      face(featureId, bottom[3], bottom[0], top[0], apex0, top[3]);
      out.setColor(roofColor);
      face(featureId, top[0], top[1], apex1, apex0);
      face(featureId, top[2], top[3], apex0, apex1);
    } else {
      // Hip: the ridge stops half the short side from each end, so all four slopes are alike.
      double inset = Math.min(0.5, (shortSide / 2) / longSide);
      double[] ridge1;
      double[] ridge0;
      if (inset >= 0.5 - 1e-9) {
        ridge1 = at(mix(mid30, mid12, 0.5), 1, ridge); // a square: a pyramid
        ridge0 = ridge1;
      } else {
        ridge1 = at(mix(mid12, mid30, inset), 1, ridge);
        ridge0 = at(mix(mid30, mid12, inset), 1, ridge);
      }
      for (int i = 0; i < 4; i++) {
        face(featureId, bottom[i], bottom[(i + 1) % 4], top[(i + 1) % 4], top[i]);
      }
      out.setColor(roofColor);
      if (ridge0 == ridge1) {
        face(featureId, top[0], top[1], ridge1);
        face(featureId, top[2], top[3], ridge0);
      } else {
        face(featureId, top[0], top[1], ridge1, ridge0);
        face(featureId, top[2], top[3], ridge0, ridge1);
      }
      face(featureId, top[1], top[2], ridge1);
      face(featureId, top[3], top[0], ridge0);
    }
    out.setColor(MeshBuffer.WHITE);
  }

  /** The point {@code up} metres above a corner (e, n, u, vertical e, n, u), as e, n, u. */
  private static double[] at(double[] corner, double scale, double up) {
    return new double[] {corner[0] + corner[3] * up * scale, corner[1] + corner[4] * up * scale,
        corner[2] + corner[5] * up * scale};
  }

  private static double[] mix(double[] a, double[] b, double t) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      m[i] = a[i] + (b[i] - a[i]) * t;
    }
    return m;
  }

  /** A planar convex face, counter-clockwise seen from outside, as a fan with its own normal. */
  private void face(int featureId, double[]... points) {
    double ux = points[1][0] - points[0][0];
    double uy = points[1][1] - points[0][1];
    double uz = points[1][2] - points[0][2];
    double vx = points[2][0] - points[0][0];
    double vy = points[2][1] - points[0][1];
    double vz = points[2][2] - points[0][2];
    double nx = uy * vz - uz * vy;
    double ny = uz * vx - ux * vz;
    double nz = ux * vy - uy * vx;
    double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (length == 0) {
      return;
    }
    int first = out.vertexCount();
    for (double[] p : points) {
      out.addVertex(p[0], p[1], p[2], nx / length, ny / length, nz / length, featureId);
    }
    for (int i = 1; i + 1 < points.length; i++) {
      out.addTriangle(first, first + i, first + i + 1);
    }
  }

  /**
   * Extrudes a footprint from the ground to {@code height} metres. Invalid footprints are repaired
   * with {@link GeometryFixer} first.
   *
   * @return false when nothing was added because the footprint has no area
   */
  public boolean extrude(Polygon footprint, double height, int featureId) {
    return extrudeParts(usableParts(footprint), height, featureId, -1);
  }

  /** Extrudes usable parts; the roof gets {@code roofColor} unless it is -1. */
  private boolean extrudeParts(List<Polygon> parts, double height, int featureId, int roofColor) {
    this.roofColor = roofColor;
    boolean added = false;
    for (Polygon part : parts) {
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
    if (!SimpleRings.certainlyValid(polygon) && !polygon.isValid()) {
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
        int vertex = addRoofVertex(columns[c + 3], columns[c + 4], columns[c + 5], featureId);
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
    // Ear clipping without a Delaunay improvement pass: a flat roof does not need well-shaped
    // triangles. Rings without holes are clipped directly; courtyards go through JTS's hole joiner.
    List<Coordinate[]> triangles = part.getNumInteriorRing() == 0
        ? EarClipper.triangulate(part.getExteriorRing().getCoordinates()) : null;
    if (triangles == null) {
      triangles = new ArrayList<>();
      for (Tri tri : new PolygonTriangulator(part).getTriangles()) {
        triangles.add(new Coordinate[] {tri.getCoordinate(0), tri.getCoordinate(1), tri.getCoordinate(2)});
      }
    }
    for (Coordinate[] tri : triangles) {
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

  /** A flat roof's vertex (normal straight up), in the roof colour when one is set. */
  private int addRoofVertex(double east, double north, double up, int featureId) {
    if (roofColor < 0) {
      return out.addVertex(east, north, up, 0, 0, 1, featureId);
    }
    int wallColor = out.currentColor();
    out.setColor(roofColor);
    int vertex = out.addVertex(east, north, up, 0, 0, 1, featureId);
    out.setColor(wallColor);
    return vertex;
  }

  private int roofVertex(Coordinate c, double height, int featureId) {
    Integer vertex = roofVertices.get(c);
    if (vertex != null) {
      return vertex;
    }
    // The triangulator only reuses input points; this is a guard, not an expected path.
    frame.toEnuColumn(c.x, c.y, 0, height, scratch);
    int added = addRoofVertex(scratch[3], scratch[4], scratch[5], featureId);
    roofVertices.put(new Coordinate(c.x, c.y), added);
    return added;
  }
}
