package org.gridscape.server.patrol;

import org.locationtech.jts.geom.Geometry;
import org.gridscape.server.store.Geometries;

/**
 * The metric frame patrol figures are computed in: an equirectangular projection around a centre,
 * {@code x = (lon - lon0) * cos(lat0) * R * pi / 180}, {@code y = (lat - lat0) * R * pi / 180} with the
 * mean Earth radius R = 6,371,008.8 m. Across a grid (a few hundred metres) its scale error is far
 * below 0.01 %; it is affine, so clipping before or after projecting gives the same lines.
 * docs/PATROLS.md defines coverage in this frame, and tests recompute it independently.
 */
public record GroundFrame(double lon0, double lat0, double metresPerDegreeLon) {

  public static final double EARTH_RADIUS_M = 6_371_008.8;
  public static final double METRES_PER_DEGREE = EARTH_RADIUS_M * Math.PI / 180.0;

  /** The frame centred on a point. */
  public static GroundFrame at(double lon0, double lat0) {
    return new GroundFrame(lon0, lat0, METRES_PER_DEGREE * Math.cos(Math.toRadians(lat0)));
  }

  /** The frame centred on the centre of a lon/lat geometry's envelope. */
  public static GroundFrame around(Geometry lonLat) {
    var c = lonLat.getEnvelopeInternal().centre();
    return at(c.x, c.y);
  }

  public double x(double lon) {
    return (lon - lon0) * metresPerDegreeLon;
  }

  public double y(double lat) {
    return (lat - lat0) * METRES_PER_DEGREE;
  }

  /** A copy of a lon/lat geometry in this frame's metres. */
  public Geometry toMetres(Geometry lonLat) {
    return Geometries.mapXYInPlace(lonLat.copy(), (lon, lat, xy) -> {
      xy[0] = x(lon);
      xy[1] = y(lat);
    });
  }

  /** Metres between two lon/lat positions near the centre. */
  public double distance(double lonA, double latA, double lonB, double latB) {
    return Math.hypot((lonB - lonA) * metresPerDegreeLon, (latB - latA) * METRES_PER_DEGREE);
  }

  /** Degrees of longitude and latitude that {@code metres} span at least, for envelopes in lon/lat. */
  public double[] degrees(double metres) {
    return new double[] {metres / metresPerDegreeLon, metres / METRES_PER_DEGREE};
  }
}
