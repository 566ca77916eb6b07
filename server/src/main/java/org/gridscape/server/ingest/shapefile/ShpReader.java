package org.gridscape.server.ingest.shapefile;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gridscape.server.ingest.IngestException;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads the geometries of a .shp file (Point, MultiPoint, PolyLine and Polygon, with or without Z/M;
 * Z and M are dropped because GridScape works in 2D lon/lat). The file is read sequentially, so the
 * .shx index is not needed.
 *
 * <p>Polygon records are a flat list of rings. Outer rings are clockwise and holes counter-clockwise
 * by the specification; each hole goes to the smallest outer ring that contains it. Writers that get
 * the orientation wrong are common, so a counter-clockwise ring that no outer ring contains is taken
 * as an outer ring rather than dropped.
 */
public final class ShpReader {

  private static final int FILE_CODE = 9994;
  private static final int HEADER_BYTES = 100;

  private final GeometryFactory factory;

  public ShpReader(GeometryFactory factory) {
    this.factory = factory;
  }

  /**
   * Reads every record; a null shape gives a null entry so positions match the .dbf rows.
   *
   * @param name file name for error messages
   * @throws IngestException 400 {@code malformed_file} if the bytes are not a shapefile we can read
   */
  public List<Geometry> read(String name, byte[] shp) {
    ByteBuffer buf = ByteBuffer.wrap(shp);
    try {
      if (shp.length < HEADER_BYTES) {
        throw malformed(name, "shorter than the 100-byte header");
      }
      buf.order(ByteOrder.BIG_ENDIAN);
      if (buf.getInt(0) != FILE_CODE) {
        throw malformed(name, "not a shapefile (file code " + buf.getInt(0) + ")");
      }
      long declaredLength = (buf.getInt(24) & 0xFFFFFFFFL) * 2;
      int end = (int) Math.min(declaredLength, shp.length);
      buf.position(HEADER_BYTES);
      List<Geometry> out = new ArrayList<>();
      int recordIndex = 0;
      while (buf.position() + 8 <= end) {
        buf.order(ByteOrder.BIG_ENDIAN);
        buf.getInt(); // record number: some writers number from 0, so we count ourselves
        int contentBytes = buf.getInt() * 2;
        int contentStart = buf.position();
        if (contentBytes < 4 || contentStart + contentBytes > shp.length) {
          throw malformed(name, "record " + recordIndex + " runs past the end of the file");
        }
        ByteBuffer record = ByteBuffer.wrap(shp, contentStart, contentBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
        out.add(readShape(name, recordIndex, record));
        buf.position(contentStart + contentBytes);
        recordIndex++;
      }
      return out;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw malformed(name, "truncated record");
    }
  }

  private Geometry readShape(String name, int index, ByteBuffer rec) {
    int code = rec.getInt();
    ShapeType type = ShapeType.of(code);
    if (type == null || type == ShapeType.MULTIPATCH) {
      throw new IngestException(IngestException.Kind.UNSUPPORTED_CONTENT,
          name + ": record " + index + " has shape type " + code + ", which is not supported");
    }
    if (type == ShapeType.NULL) {
      return null;
    }
    if (type.isPoint()) {
      return factory.createPoint(new Coordinate(rec.getDouble(), rec.getDouble()));
    }
    rec.position(rec.position() + 32); // bounding box
    if (type.isMultiPoint()) {
      int n = count(name, index, rec.getInt(), rec.remaining() / 16);
      Coordinate[] pts = new Coordinate[n];
      for (int i = 0; i < n; i++) {
        pts[i] = new Coordinate(rec.getDouble(), rec.getDouble());
      }
      return factory.createMultiPointFromCoords(pts);
    }
    int numParts = count(name, index, rec.getInt(), rec.remaining() / 4);
    int numPoints = count(name, index, rec.getInt(), rec.remaining() / 16);
    int[] starts = new int[numParts + 1];
    for (int i = 0; i < numParts; i++) {
      starts[i] = rec.getInt();
      if (starts[i] < 0 || starts[i] > numPoints || (i > 0 && starts[i] < starts[i - 1])) {
        throw malformed(name, "record " + index + " has a bad part index");
      }
    }
    starts[numParts] = numPoints;
    Coordinate[] all = new Coordinate[numPoints];
    for (int i = 0; i < numPoints; i++) {
      all[i] = new Coordinate(rec.getDouble(), rec.getDouble());
    }
    List<Coordinate[]> parts = new ArrayList<>(numParts);
    for (int p = 0; p < numParts; p++) {
      Coordinate[] part = new Coordinate[starts[p + 1] - starts[p]];
      System.arraycopy(all, starts[p], part, 0, part.length);
      parts.add(part);
    }
    if (type.isPolyLine()) {
      LineString[] lines = new LineString[parts.size()];
      for (int i = 0; i < lines.length; i++) {
        Coordinate[] part = parts.get(i);
        if (part.length == 1) {
          // JTS needs two points; a one-point part is an empty segment, kept so validation can report it
          part = new Coordinate[] {part[0], part[0].copy()};
        }
        lines[i] = factory.createLineString(part);
      }
      return lines.length == 1 ? lines[0] : factory.createMultiLineString(lines);
    }
    return assemblePolygons(parts);
  }

  private Geometry assemblePolygons(List<Coordinate[]> parts) {
    List<LinearRing> shells = new ArrayList<>();
    List<LinearRing> holes = new ArrayList<>();
    for (Coordinate[] part : parts) {
      if (part.length == 0) {
        continue;
      }
      LinearRing ring = factory.createLinearRing(closed(part));
      if (Orientation.isCCW(ring.getCoordinateSequence())) {
        holes.add(ring);
      } else {
        shells.add(ring);
      }
    }
    List<List<LinearRing>> holesOf = new ArrayList<>();
    for (int i = 0; i < shells.size(); i++) {
      holesOf.add(new ArrayList<>());
    }
    // smallest containing shell first, so islands inside holes inside shells nest correctly
    List<Integer> bySize = new ArrayList<>();
    for (int i = 0; i < shells.size(); i++) {
      bySize.add(i);
    }
    bySize.sort(Comparator.comparingDouble(i -> shells.get(i).getEnvelopeInternal().getArea()));
    List<LinearRing> orphans = new ArrayList<>();
    for (LinearRing hole : holes) {
      Integer owner = null;
      for (int i : bySize) {
        if (contains(shells.get(i), hole)) {
          owner = i;
          break;
        }
      }
      if (owner == null) {
        orphans.add(hole);
      } else {
        holesOf.get(owner).add(hole);
      }
    }
    List<Polygon> polygons = new ArrayList<>();
    for (int i = 0; i < shells.size(); i++) {
      polygons.add(factory.createPolygon(shells.get(i), holesOf.get(i).toArray(LinearRing[]::new)));
    }
    for (LinearRing orphan : orphans) {
      polygons.add(factory.createPolygon(orphan));
    }
    if (polygons.isEmpty()) {
      return factory.createPolygon();
    }
    return polygons.size() == 1 ? polygons.get(0) : factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
  }

  private static boolean contains(LinearRing shell, LinearRing hole) {
    if (!shell.getEnvelopeInternal().covers(hole.getEnvelopeInternal())) {
      return false;
    }
    Coordinate[] ring = shell.getCoordinates();
    for (Coordinate c : hole.getCoordinates()) {
      int loc = PointLocation.locateInRing(c, ring);
      if (loc != Location.BOUNDARY) {
        return loc == Location.INTERIOR;
      }
    }
    return true;
  }

  private static Coordinate[] closed(Coordinate[] part) {
    if (part.length == 0) {
      return part;
    }
    boolean isClosed = part[0].equals2D(part[part.length - 1]);
    int n = isClosed ? part.length : part.length + 1;
    // JTS needs at least 4 points; pad a degenerate ring so it can be reported as invalid, not crash
    Coordinate[] out = new Coordinate[Math.max(n, 4)];
    System.arraycopy(part, 0, out, 0, part.length);
    for (int i = part.length; i < out.length; i++) {
      out[i] = part[0].copy();
    }
    return out;
  }

  private static int count(String name, int index, int n, int max) {
    if (n < 0 || n > max) {
      throw malformed(name, "record " + index + " declares " + n + " items but is too short");
    }
    return n;
  }

  private static IngestException malformed(String name, String why) {
    return new IngestException(IngestException.Kind.MALFORMED_FILE, name + ": " + why);
  }
}
