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
    if (g instanceof Point p) {
      return geometry("Point", position(p.getCoordinateSequence(), 0));
    }
    if (g instanceof LineString l) {
      return geometry("LineString", positions(l.getCoordinateSequence()));
    }
    if (g instanceof Polygon p) {
      return geometry("Polygon", rings(p));
    }
    if (g instanceof MultiPoint mp) {
      JsonArray points = new JsonArray();
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        points.add(position(((Point) mp.getGeometryN(i)).getCoordinateSequence(), 0));
      }
      return geometry("MultiPoint", points);
    }
    if (g instanceof MultiLineString ml) {
      JsonArray lines = new JsonArray();
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        lines.add(positions(((LineString) ml.getGeometryN(i)).getCoordinateSequence()));
      }
      return geometry("MultiLineString", lines);
    }
    if (g instanceof MultiPolygon mp) {
      JsonArray polygons = new JsonArray();
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        polygons.add(rings((Polygon) mp.getGeometryN(i)));
      }
      return geometry("MultiPolygon", polygons);
    }
    if (g instanceof GeometryCollection gc) {
      JsonArray members = new JsonArray();
      for (int i = 0; i < gc.getNumGeometries(); i++) {
        members.add(of(gc.getGeometryN(i)));
      }
      return new JsonObject().put("type", "GeometryCollection").put("geometries", members);
    }
    throw new IllegalArgumentException("unsupported geometry " + g.getGeometryType());
  }

  private static JsonObject geometry(String type, JsonArray coordinates) {
    return new JsonObject().put("type", type).put("coordinates", coordinates);
  }

  private static JsonArray rings(Polygon p) {
    JsonArray rings = new JsonArray().add(ring(p.getExteriorRing().getCoordinateSequence(), true));
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      rings.add(ring(p.getInteriorRingN(i).getCoordinateSequence(), false));
    }
    return rings;
  }

  private static JsonArray ring(CoordinateSequence ring, boolean counterClockwise) {
    if (ring.size() >= 4 && Orientation.isCCW(ring) != counterClockwise) {
      CoordinateSequence reversed = new CoordinateArraySequence(ring.size());
      for (int i = 0; i < ring.size(); i++) {
        reversed.setOrdinate(i, 0, ring.getX(ring.size() - 1 - i));
        reversed.setOrdinate(i, 1, ring.getY(ring.size() - 1 - i));
      }
      return positions(reversed);
    }
    return positions(ring);
  }

  private static JsonArray positions(CoordinateSequence seq) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < seq.size(); i++) {
      out.add(position(seq, i));
    }
    return out;
  }

  private static JsonArray position(CoordinateSequence seq, int i) {
    return new JsonArray().add(round(seq.getX(i))).add(round(seq.getY(i)));
  }

  private static double round(double v) {
    return Math.round(v * SCALE) / SCALE;
  }
}
