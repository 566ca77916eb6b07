package org.gridscape.server.ingest.crs;

/**
 * GCJ-02, the obfuscated coordinate system that Chinese web maps (AMap, Tencent) publish. The forward
 * transform (WGS84 -> GCJ-02) is a published closed-form offset of a few hundred metres; there is no
 * closed-form inverse, so {@link #toWgs84} inverts it by fixed-point iteration, which converges because
 * the offset changes by well under a millimetre per metre.
 */
public final class Gcj02 {

  // Krasovsky 1940 ellipsoid, as the published algorithm uses it
  private static final double A = 6378245.0;
  private static final double EE = 0.00669342162296594323;
  private static final int MAX_ITERATIONS = 30;
  private static final double CONVERGED_DEGREES = 1e-11;

  private Gcj02() {
  }

  /** The algorithm leaves points outside (roughly) mainland China unshifted. */
  public static boolean isShifted(double lon, double lat) {
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
  }

  /** WGS84 lon/lat -> GCJ-02 lon/lat. */
  public static double[] fromWgs84(double lon, double lat) {
    if (!isShifted(lon, lat)) {
      return new double[] {lon, lat};
    }
    double x = lon - 105.0;
    double y = lat - 35.0;
    double dLat = latitudeOffset(x, y);
    double dLon = longitudeOffset(x, y);
    double radLat = Math.toRadians(lat);
    double magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
    double sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
    return new double[] {lon + dLon, lat + dLat};
  }

  /** GCJ-02 lon/lat -> WGS84 lon/lat, by iterating the forward transform to a fixed point. */
  public static double[] toWgs84(double lon, double lat) {
    double wLon = lon;
    double wLat = lat;
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      double[] forward = fromWgs84(wLon, wLat);
      double errLon = forward[0] - lon;
      double errLat = forward[1] - lat;
      wLon -= errLon;
      wLat -= errLat;
      if (Math.abs(errLon) < CONVERGED_DEGREES && Math.abs(errLat) < CONVERGED_DEGREES) {
        break;
      }
    }
    return new double[] {wLon, wLat};
  }

  private static double latitudeOffset(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return r;
  }

  private static double longitudeOffset(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return r;
  }
}
