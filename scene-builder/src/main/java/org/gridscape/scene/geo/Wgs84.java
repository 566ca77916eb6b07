package org.gridscape.scene.geo;

/** WGS84 ellipsoid constants and geodetic/ECEF conversions (EPSG:4979 to EPSG:4978). */
public final class Wgs84 {
  public static final double SEMI_MAJOR_AXIS = 6_378_137.0;
  public static final double FLATTENING = 1 / 298.257223563;
  public static final double ECCENTRICITY_SQUARED = FLATTENING * (2 - FLATTENING);
  public static final double SEMI_MINOR_AXIS = SEMI_MAJOR_AXIS * (1 - FLATTENING);

  private Wgs84() {}

  /** Writes the ECEF position of (lon, lat in radians, height in metres) into {@code out[0..2]}. */
  public static void toEcef(double lonRad, double latRad, double height, double[] out) {
    double sinLat = Math.sin(latRad);
    double cosLat = Math.cos(latRad);
    double n = SEMI_MAJOR_AXIS / Math.sqrt(1 - ECCENTRICITY_SQUARED * sinLat * sinLat);
    out[0] = (n + height) * cosLat * Math.cos(lonRad);
    out[1] = (n + height) * cosLat * Math.sin(lonRad);
    out[2] = (n * (1 - ECCENTRICITY_SQUARED) + height) * sinLat;
  }

  /**
   * Writes (lon rad, lat rad, height m) of an ECEF position into {@code out[0..2]}. Iterative
   * (converges to sub-millimetre in a few steps near the surface); used to check content against
   * bounding regions.
   */
  public static void toGeodetic(double x, double y, double z, double[] out) {
    double lon = Math.atan2(y, x);
    double p = Math.hypot(x, y);
    double lat = Math.atan2(z, p * (1 - ECCENTRICITY_SQUARED));
    double height = 0;
    for (int i = 0; i < 10; i++) {
      double sinLat = Math.sin(lat);
      double n = SEMI_MAJOR_AXIS / Math.sqrt(1 - ECCENTRICITY_SQUARED * sinLat * sinLat);
      height = p / Math.cos(lat) - n;
      lat = Math.atan2(z, p * (1 - ECCENTRICITY_SQUARED * n / (n + height)));
    }
    out[0] = lon;
    out[1] = lat;
    out[2] = height;
  }
}
