package org.gridscape.server.ogc.filter;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.gridscape.server.ogc.filter.Expr.Position;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Literal values shared by both encodings: instants and geometries. Coordinates arrive in the
 * filter CRS (longitude first in CRS84, latitude first in EPSG:4490) and leave as CRS84.
 */
final class Literals {

  private Literals() {}

  static Expr timestamp(String text, Position at) {
    try {
      return new Expr.Timestamp(OffsetDateTime.parse(text), at);
    } catch (DateTimeParseException e) {
      throw new FilterException(at, "'" + text + "' is not an RFC 3339 date-time with a time zone "
          + "(e.g. 2026-03-01T08:00:00Z)");
    }
  }

  static Expr day(String text, Position at) {
    try {
      return new Expr.Day(LocalDate.parse(text), at);
    } catch (DateTimeParseException e) {
      throw new FilterException(at, "'" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  /** An interval bound written as a string: '..' (open), a date or a date-time. */
  static Expr bound(String text, Position at) {
    if (text.equals("..") || text.isEmpty()) {
      return new Expr.Open(at);
    }
    return text.length() == 10 ? day(text, at) : timestamp(text, at);
  }

  /** A position from the first two numbers in the filter CRS. */
  static Coordinate coordinate(double first, double second, boolean latLon, Position at) {
    double lon = latLon ? second : first;
    double lat = latLon ? first : second;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new FilterException(at, "coordinates out of range (longitude -180..180, latitude -90..90"
          + (latLon ? ", latitude first in this filter-crs" : "") + ")");
    }
    return new Coordinate(lon, lat);
  }

  static Geometry point(Coordinate c) {
    return Geometries.FACTORY.createPoint(c);
  }

  static Geometry line(List<Coordinate> coordinates, Position at) {
    if (coordinates.size() < 2) {
      throw new FilterException(at, "a line needs at least two positions");
    }
    return Geometries.FACTORY.createLineString(coordinates.toArray(Coordinate[]::new));
  }

  static Polygon polygon(List<List<Coordinate>> rings, Position at) {
    LinearRing[] linear = new LinearRing[rings.size()];
    for (int i = 0; i < rings.size(); i++) {
      List<Coordinate> ring = rings.get(i);
      if (ring.size() < 4 || !ring.get(0).equals2D(ring.get(ring.size() - 1))) {
        throw new FilterException(at, "a polygon ring needs at least four positions, the last equal to the first");
      }
      linear[i] = Geometries.FACTORY.createLinearRing(ring.toArray(Coordinate[]::new));
    }
    return Geometries.FACTORY.createPolygon(linear[0], java.util.Arrays.copyOfRange(linear, 1, linear.length));
  }

  /** BBOX with 4 (or 6, with heights that are ignored) numbers in the filter CRS. */
  static Geometry bbox(double[] v, boolean latLon, Position at) {
    if (v.length != 4 && v.length != 6) {
      throw new FilterException(at, "a bbox has 4 or 6 numbers");
    }
    int half = v.length / 2;
    Coordinate lower = coordinate(v[0], v[1], latLon, at);
    Coordinate upper = coordinate(v[half], v[half + 1], latLon, at);
    if (lower.x > upper.x || lower.y > upper.y) {
      throw new FilterException(at, "a bbox must go from its lower to its upper corner (boxes across the "
          + "antimeridian are not supported in filters)");
    }
    return Geometries.FACTORY.toGeometry(new Envelope(lower.x, upper.x, lower.y, upper.y));
  }
}
