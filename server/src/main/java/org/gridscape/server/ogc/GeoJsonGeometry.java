package org.gridscape.server.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.CoordinateArraySequence;
import org.locationtech.jts.algorithm.Orientation;

/**
 * JTS geometry to a GeoJSON geometry object (RFC 7946): lon/lat, outer rings counter-clockwise,
 * holes clockwise, coordinates rounded to 1e-7 degrees (about 1 cm).
 */
public final class GeoJsonGeometry {

  private static final double SCALE = 1e7;

  private GeoJsonGeometry() {}

  public static JsonObject of(Geometry g) {
    return of(g, false);
  }

  /**
   * With {@code latLon}, positions are written latitude first, the axis order of EPSG:4326 and
   * EPSG:4490 (OGC API - Features Part 2); ring orientation is that of the lon/lat rings.
   */
  public static JsonObject of(Geometry g, boolean latLon) {
    if (g instanceof Point p) {
      return geometry("Point", position(p.getCoordinateSequence(), 0, latLon));
    }
    if (g instanceof LineString l) {
      return geometry("LineString", positions(l.getCoordinateSequence(), latLon));
    }
    if (g instanceof Polygon p) {
      return geometry("Polygon", rings(p, latLon));
    }
    if (g instanceof MultiPoint mp) {
      JsonArray points = new JsonArray();
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        points.add(position(((Point) mp.getGeometryN(i)).getCoordinateSequence(), 0, latLon));
      }
      return geometry("MultiPoint", points);
    }
    if (g instanceof MultiLineString ml) {
      JsonArray lines = new JsonArray();
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        lines.add(positions(((LineString) ml.getGeometryN(i)).getCoordinateSequence(), latLon));
      }
      return geometry("MultiLineString", lines);
    }
    if (g instanceof MultiPolygon mp) {
      JsonArray polygons = new JsonArray();
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        polygons.add(rings((Polygon) mp.getGeometryN(i), latLon));
      }
      return geometry("MultiPolygon", polygons);
    }
    if (g instanceof GeometryCollection gc) {
      JsonArray members = new JsonArray();
      for (int i = 0; i < gc.getNumGeometries(); i++) {
        members.add(of(gc.getGeometryN(i), latLon));
      }
      return new JsonObject().put("type", "GeometryCollection").put("geometries", members);
    }
    throw new IllegalArgumentException("unsupported geometry " + g.getGeometryType());
  }

  private static JsonObject geometry(String type, JsonArray coordinates) {
    return new JsonObject().put("type", type).put("coordinates", coordinates);
  }

  private static JsonArray rings(Polygon p, boolean latLon) {
    JsonArray rings = new JsonArray().add(ring(p.getExteriorRing().getCoordinateSequence(), true, latLon));
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      rings.add(ring(p.getInteriorRingN(i).getCoordinateSequence(), false, latLon));
    }
    return rings;
  }

  private static JsonArray ring(CoordinateSequence ring, boolean counterClockwise, boolean latLon) {
    if (ring.size() >= 4 && Orientation.isCCW(ring) != counterClockwise) {
      CoordinateSequence reversed = new CoordinateArraySequence(ring.size());
      for (int i = 0; i < ring.size(); i++) {
        reversed.setOrdinate(i, 0, ring.getX(ring.size() - 1 - i));
        reversed.setOrdinate(i, 1, ring.getY(ring.size() - 1 - i));
      }
      return positions(reversed, latLon);
    }
    return positions(ring, latLon);
  }

  private static JsonArray positions(CoordinateSequence seq, boolean latLon) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < seq.size(); i++) {
      out.add(position(seq, i, latLon));
    }
    return out;
  }

  private static JsonArray position(CoordinateSequence seq, int i, boolean latLon) {
    return latLon ? new JsonArray().add(round(seq.getY(i))).add(round(seq.getX(i)))
        : new JsonArray().add(round(seq.getX(i))).add(round(seq.getY(i)));
  }

  private static double round(double v) {
    return Math.round(v * SCALE) / SCALE;
  }
}
