package org.gridscape.server.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams an RFC 7946 FeatureCollection: lon/lat with exactly 7 decimals, exterior rings
 * counter-clockwise and holes clockwise, one feature per line. Coordinates are written as integers
 * on the 1e-7 grid shifted by a replica offset, so replicas stay exact copies.
 */
final class GeoJsonOut implements Closeable {

  private final BufferedWriter out;
  private final long dx;
  private final long dy;
  private final StringBuilder sb = new StringBuilder(1 << 12);
  private long shiftX;
  private long shiftY;
  private int features;

  GeoJsonOut(Path file, long dxUnits, long dyUnits) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write("{\"type\":\"FeatureCollection\",\"features\":[");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.dx = dxUnits;
    this.dy = dyUnits;
  }

  /** Writes a feature; property values are String, Number (Integer/Long or pre-rounded Double) or null. */
  void feature(Geometry g, Map<String, ?> properties) {
    feature(g, dx, dy, properties);
  }

  /** Writes a feature shifted by its own offset (regions of several copies share one file). */
  void feature(Geometry g, long dxUnits, long dyUnits, Map<String, ?> properties) {
    shiftX = dxUnits;
    shiftY = dyUnits;
    sb.setLength(0);
    sb.append(features == 0 ? "\n" : ",\n");
    sb.append("{\"type\":\"Feature\",\"properties\":{");
    boolean first = true;
    for (Map.Entry<String, ?> e : properties.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(e.getKey());
      sb.append(':');
      value(e.getValue());
    }
    sb.append("},\"geometry\":");
    geometry(g);
    sb.append('}');
    features++;
    try {
      out.write(sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Double d) {
      sb.append(decimal(d));
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else {
      throw new IllegalArgumentException("unsupported property value " + v.getClass());
    }
  }

  /** Up to one decimal, no exponent: heights and the like. */
  static String decimal(double d) {
    long tenths = Math.round(d * 10);
    String sign = tenths < 0 ? "-" : "";
    long a = Math.abs(tenths);
    return a % 10 == 0 ? sign + a / 10 : sign + a / 10 + "." + a % 10;
  }

  private void string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private void geometry(Geometry g) {
    if (g instanceof Point p) {
      sb.append("{\"type\":\"Point\",\"coordinates\":");
      coordinate(p.getCoordinate());
      sb.append('}');
    } else if (g instanceof LineString l) {
      sb.append("{\"type\":\"LineString\",\"coordinates\":");
      coordinates(l.getCoordinates(), false);
      sb.append('}');
    } else if (g instanceof Polygon p) {
      sb.append("{\"type\":\"Polygon\",\"coordinates\":");
      polygon(p);
      sb.append('}');
    } else if (g instanceof MultiPolygon mp) {
      sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        polygon((Polygon) mp.getGeometryN(i));
      }
      sb.append("]}");
    } else {
      throw new IllegalArgumentException("unsupported geometry " + g.getGeometryType());
    }
  }

  private void polygon(Polygon p) {
    sb.append('[');
    ring(p.getExteriorRing(), true);
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(',');
      ring(p.getInteriorRingN(i), false);
    }
    sb.append(']');
  }

  private void ring(LinearRing r, boolean ccw) {
    Coordinate[] cs = r.getCoordinates();
    coordinates(cs, Orientation.isCCW(cs) != ccw);
  }

  private void coordinates(Coordinate[] cs, boolean reverse) {
    sb.append('[');
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      coordinate(cs[reverse ? cs.length - 1 - i : i]);
    }
    sb.append(']');
  }

  private void coordinate(Coordinate c) {
    sb.append('[');
    fixed7(Math.round(c.x * 1e7) + shiftX);
    sb.append(',');
    fixed7(Math.round(c.y * 1e7) + shiftY);
    sb.append(']');
  }

  private void fixed7(long units) {
    if (units < 0) {
      sb.append('-');
      units = -units;
    }
    sb.append(units / 10_000_000L).append('.');
    String frac = Long.toString(units % 10_000_000L);
    for (int i = frac.length(); i < 7; i++) {
      sb.append('0');
    }
    sb.append(frac);
  }

  int features() {
    return features;
  }

  @Override
  public void close() {
    try {
      out.write("\n]}\n");
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
