package org.gridscape.server.vectortile;

import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Geometry;

/** Spherical Web Mercator (EPSG:3857) on WGS84 lon/lat. */
public final class WebMercator {

  static final double RADIUS = 6378137.0;
  static final double HALF = Math.PI * RADIUS;
  static final double WORLD = 2 * HALF;
  /** Latitude where the square Mercator world ends. */
  static final double MAX_LAT = 85.0511287798066;

  private WebMercator() {}

  public static double x(double lon) {
    return Math.toRadians(lon) * RADIUS;
  }

  public static double y(double lat) {
    double clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(clamped) / 2)) * RADIUS;
  }

  public static double lon(double x) {
    return Math.toDegrees(x / RADIUS);
  }

  public static double lat(double y) {
    return Math.toDegrees(2 * Math.atan(Math.exp(y / RADIUS)) - Math.PI / 2);
  }

  /** A projected copy; the input is left as it is. */
  public static Geometry project(Geometry lonLat) {
    return Geometries.mapXYInPlace(lonLat.copy(), (lon, lat, xy) -> {
      xy[0] = x(lon);
      xy[1] = y(lat);
    });
  }
}
