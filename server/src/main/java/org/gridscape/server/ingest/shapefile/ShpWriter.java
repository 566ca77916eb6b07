package org.gridscape.server.ingest.shapefile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes 2D geometries of one kind as .shp and .shx bytes: points as Point, multipoints as MultiPoint,
 * (multi)lines as PolyLine, (multi)polygons as Polygon with outer rings clockwise and holes
 * counter-clockwise as the specification requires. Null geometries become null shapes.
 */
public final class ShpWriter {

  /** The two files of a written layer. */
  public record Output(byte[] shp, byte[] shx) {
  }

  private ShpWriter() {
  }

  /**
   * @throws IllegalArgumentException if the geometries are of different kinds or a kind a shapefile cannot hold
   */
  public static Output write(List<Geometry> geometries) {
    ShapeType type = typeOf(geometries);
    Envelope bounds = new Envelope();
    List<byte[]> contents = new ArrayList<>(geometries.size());
    for (Geometry g : geometries) {
      if (g != null && !g.isEmpty()) {
        bounds.expandToInclude(g.getEnvelopeInternal());
      }
      contents.add(content(type, g));
    }
    if (bounds.isNull()) {
      bounds = new Envelope(0, 0, 0, 0);
    }
    int shpLength = 100;
    for (byte[] c : contents) {
      shpLength += 8 + c.length;
    }
    int shxLength = 100 + 8 * contents.size();
    ByteArrayOutputStream shp = new ByteArrayOutputStream(shpLength);
    ByteArrayOutputStream shx = new ByteArrayOutputStream(shxLength);
    shp.writeBytes(header(type, shpLength, bounds));
    shx.writeBytes(header(type, shxLength, bounds));
    int offset = 100;
    int number = 1;
    for (byte[] c : contents) {
      ByteBuffer recordHeader = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
      recordHeader.putInt(number++).putInt(c.length / 2);
      shp.writeBytes(recordHeader.array());
      shp.writeBytes(c);
      ByteBuffer index = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
      index.putInt(offset / 2).putInt(c.length / 2);
      shx.writeBytes(index.array());
      offset += 8 + c.length;
    }
    return new Output(shp.toByteArray(), shx.toByteArray());
  }

  private static ShapeType typeOf(List<Geometry> geometries) {
    ShapeType type = null;
    for (Geometry g : geometries) {
      if (g == null) {
        continue;
      }
      ShapeType t;
      if (g instanceof Point) {
        t = ShapeType.POINT;
      } else if (g instanceof MultiPoint) {
        t = ShapeType.MULTIPOINT;
      } else if (g instanceof LineString || g instanceof MultiLineString) {
        t = ShapeType.POLYLINE;
      } else if (g instanceof Polygon || g instanceof MultiPolygon) {
        t = ShapeType.POLYGON;
      } else {
        throw new IllegalArgumentException("a shapefile cannot hold " + g.getGeometryType());
      }
      if (type != null && type != t) {
        throw new IllegalArgumentException("a shapefile holds one kind of geometry, got " + type + " and " + t);
      }
      type = t;
    }
    return type == null ? ShapeType.NULL : type;
  }

  private static byte[] header(ShapeType type, int lengthBytes, Envelope b) {
    ByteBuffer h = ByteBuffer.allocate(100);
    h.order(ByteOrder.BIG_ENDIAN).putInt(0, 9994).putInt(24, lengthBytes / 2);
    h.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, type.code);
    h.putDouble(36, b.getMinX()).putDouble(44, b.getMinY()).putDouble(52, b.getMaxX()).putDouble(60, b.getMaxY());
    return h.array();
  }

  private static byte[] content(ShapeType type, Geometry g) {
    if (g == null || g.isEmpty()) {
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(ShapeType.NULL.code).array();
    }
    if (type == ShapeType.POINT) {
      Coordinate c = g.getCoordinate();
      return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(type.code).putDouble(c.x).putDouble(c.y).array();
    }
    Envelope e = g.getEnvelopeInternal();
    if (type == ShapeType.MULTIPOINT) {
      Coordinate[] pts = g.getCoordinates();
      ByteBuffer b = ByteBuffer.allocate(40 + 16 * pts.length).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(type.code).putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
      b.putInt(pts.length);
      for (Coordinate c : pts) {
        b.putDouble(c.x).putDouble(c.y);
      }
      return b.array();
    }
    List<Coordinate[]> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p) {
        parts.add(oriented(p.getExteriorRing(), false));
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          parts.add(oriented(p.getInteriorRingN(h), true));
        }
      } else {
        parts.add(part.getCoordinates());
      }
    }
    int points = 0;
    for (Coordinate[] p : parts) {
      points += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(44 + 4 * parts.size() + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(type.code).putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
    b.putInt(parts.size()).putInt(points);
    int start = 0;
    for (Coordinate[] p : parts) {
      b.putInt(start);
      start += p.length;
    }
    for (Coordinate[] p : parts) {
      for (Coordinate c : p) {
        b.putDouble(c.x).putDouble(c.y);
      }
    }
    return b.array();
  }

  private static Coordinate[] oriented(LinearRing ring, boolean counterClockwise) {
    Coordinate[] coords = ring.getCoordinates();
    if (coords.length >= 4 && Orientation.isCCW(coords) != counterClockwise) {
      Coordinate[] reversed = new Coordinate[coords.length];
      for (int i = 0; i < coords.length; i++) {
        reversed[i] = coords[coords.length - 1 - i];
      }
      return reversed;
    }
    return coords;
  }
}
