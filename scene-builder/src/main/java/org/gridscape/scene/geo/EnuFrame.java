package org.gridscape.scene.geo;

/**
 * A local east-north-up frame on the WGS84 ellipsoid, the coordinate system of one grid's content.
 * Positions are computed exactly (geodetic to ECEF, then into the frame) rather than with a flat
 * approximation, so content converted back through {@link #enuToEcefColumnMajor()} lands where
 * the bounding region says it is. Immutable and thread-safe.
 */
public final class EnuFrame {
  private final double originLonRad;
  private final double originLatRad;
  private final double[] origin = new double[3];
  private final double ex, ey;
  private final double nx, ny, nz;
  private final double ux, uy, uz;

  private EnuFrame(double lonRad, double latRad, double height) {
    this.originLonRad = lonRad;
    this.originLatRad = latRad;
    Wgs84.toEcef(lonRad, latRad, height, origin);
    double sinLon = Math.sin(lonRad);
    double cosLon = Math.cos(lonRad);
    double sinLat = Math.sin(latRad);
    double cosLat = Math.cos(latRad);
    ex = -sinLon;
    ey = cosLon;
    nx = -sinLat * cosLon;
    ny = -sinLat * sinLon;
    nz = cosLat;
    // Geodetic up: the ellipsoid normal, as Cesium's eastNorthUpToFixedFrame uses.
    ux = cosLat * cosLon;
    uy = cosLat * sinLon;
    uz = sinLat;
  }

  /** Frame with its origin at (lon, lat in degrees, height in metres above the ellipsoid). */
  public static EnuFrame atDegrees(double lonDeg, double latDeg, double height) {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg > -90 && latDeg < 90)) {
      throw new IllegalArgumentException("origin outside lon/lat ranges: " + lonDeg + ", " + latDeg);
    }
    if (!Double.isFinite(height)) {
      throw new IllegalArgumentException("origin height must be finite: " + height);
    }
    return new EnuFrame(Math.toRadians(lonDeg), Math.toRadians(latDeg), height);
  }

  public double originLonRad() {
    return originLonRad;
  }

  public double originLatRad() {
    return originLatRad;
  }

  /** Writes the (east, north, up) metres of a geodetic position into {@code out[0..2]}. */
  public void toEnu(double lonDeg, double latDeg, double height, double[] out) {
    Wgs84.toEcef(Math.toRadians(lonDeg), Math.toRadians(latDeg), height, out);
    double dx = out[0] - origin[0];
    double dy = out[1] - origin[1];
    double dz = out[2] - origin[2];
    out[0] = ex * dx + ey * dy;
    out[1] = nx * dx + ny * dy + nz * dz;
    out[2] = ux * dx + uy * dy + uz * dz;
  }

  /**
   * Writes the ENU metres of (lon, lat) at two heights into {@code out[0..2]} (bottom) and
   * {@code out[3..5]} (top), sharing the trigonometry: the hot path of wall extrusion.
   */
  public void toEnuColumn(double lonDeg, double latDeg, double bottom, double top, double[] out) {
    double lon = Math.toRadians(lonDeg);
    double lat = Math.toRadians(latDeg);
    double sinLat = Math.sin(lat);
    double cosLat = Math.cos(lat);
    double cosLon = Math.cos(lon);
    double sinLon = Math.sin(lon);
    double n = Wgs84.SEMI_MAJOR_AXIS / Math.sqrt(1 - Wgs84.ECCENTRICITY_SQUARED * sinLat * sinLat);
    double upX = cosLat * cosLon;
    double upY = cosLat * sinLon;
    double dx = n * upX - origin[0];
    double dy = n * upY - origin[1];
    double dz = n * (1 - Wgs84.ECCENTRICITY_SQUARED) * sinLat - origin[2];
    for (int k = 0; k < 2; k++) {
      double h = k == 0 ? bottom : top;
      double x = dx + h * upX;
      double y = dy + h * upY;
      double z = dz + h * sinLat;
      out[3 * k] = ex * x + ey * y;
      out[3 * k + 1] = nx * x + ny * y + nz * z;
      out[3 * k + 2] = ux * x + uy * y + uz * z;
    }
  }

  /** Writes the ECEF position of local (east, north, up) metres into {@code out[0..2]}. */
  public void toEcef(double east, double north, double up, double[] out) {
    out[0] = origin[0] + ex * east + nx * north + ux * up;
    out[1] = origin[1] + ey * east + ny * north + uy * up;
    out[2] = origin[2] + nz * north + uz * up;
  }

  /**
   * The ENU to ECEF matrix, column-major as 3D Tiles' {@code tile.transform} wants it: columns are
   * east, north, up and the origin. glTF content is y-up; 3D Tiles rotates it to z-up at load time,
   * so content stores ENU (e, n, u) as (e, u, -n) and this plain matrix is the right transform.
   */
  public double[] enuToEcefColumnMajor() {
    return new double[] {
      ex, ey, 0, 0,
      nx, ny, nz, 0,
      ux, uy, uz, 0,
      origin[0], origin[1], origin[2], 1
    };
  }

  /**
   * The same placement for content with no tile transform: a glTF node matrix (column-major) that
   * takes this frame's y-up content (e, u, -n) to ECEF as seen through the y-up to z-up rotation
   * 3D Tiles applies to glTF, i.e. {@code R^-1 * enuToEcef * R} with R = (x, y, z) -> (x, -z, y).
   */
  public double[] gltfNodeMatrixColumnMajor() {
    return new double[] {
      ex, 0, -ey, 0,
      ux, uz, -uy, 0,
      -nx, -nz, ny, 0,
      origin[0], origin[2], -origin[1], 1
    };
  }
}
