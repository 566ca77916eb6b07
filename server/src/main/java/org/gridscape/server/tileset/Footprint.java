package org.gridscape.server.tileset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.gridscape.scene.geo.Wgs84;

/**
 * Where a bounding volume lies on the ground: WGS84 degrees and ellipsoidal heights. A region is
 * read as it is (it is geodetic already and no transform applies to it); a box's corners and a
 * sphere's centre go through the tile's transform to ECEF and then to geodetic coordinates.
 */
record Footprint(double west, double south, double east, double north, double minHeight, double maxHeight) {

  Footprint {
    if (!(west <= east && south <= north && minHeight <= maxHeight)) {
      throw new IllegalArgumentException("empty footprint " + west + "," + south + "," + east + "," + north);
    }
  }

  /**
   * The footprint of a checked bounding volume ({@code region} preferred, then {@code box}, then
   * {@code sphere}) under a column-major 4x4 transform to ECEF (null: identity).
   */
  static Footprint of(JsonNode volume, double[] transform) {
    if (volume.has("region")) {
      JsonNode r = volume.get("region");
      return new Footprint(Math.toDegrees(r.get(0).asDouble()), Math.toDegrees(r.get(1).asDouble()),
          Math.toDegrees(r.get(2).asDouble()), Math.toDegrees(r.get(3).asDouble()), r.get(4).asDouble(),
          r.get(5).asDouble());
    }
    double[] m = transform == null ? new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1} : transform;
    if (volume.has("box")) {
      double[] b = numbers(volume.get("box"));
      Extent extent = new Extent();
      for (int i = 0; i < 8; i++) {
        double sx = (i & 1) == 0 ? -1 : 1, sy = (i & 2) == 0 ? -1 : 1, sz = (i & 4) == 0 ? -1 : 1;
        double x = b[0] + sx * b[3] + sy * b[6] + sz * b[9];
        double y = b[1] + sx * b[4] + sy * b[7] + sz * b[10];
        double z = b[2] + sx * b[5] + sy * b[8] + sz * b[11];
        extent.add(m, x, y, z);
      }
      return extent.footprint();
    }
    double[] s = numbers(volume.get("sphere"));
    double[] centre = apply(m, s[0], s[1], s[2]);
    // the radius scales with the transform (its largest axis scale)
    double scale = Math.max(Math.hypot(m[0], Math.hypot(m[1], m[2])),
        Math.max(Math.hypot(m[4], Math.hypot(m[5], m[6])), Math.hypot(m[8], Math.hypot(m[9], m[10]))));
    double radius = s[3] * scale;
    double[] geo = new double[3];
    Wgs84.toGeodetic(centre[0], centre[1], centre[2], geo);
    double sinLat = Math.sin(geo[1]);
    double w = Math.sqrt(1 - Wgs84.ECCENTRICITY_SQUARED * sinLat * sinLat);
    double primeVertical = Wgs84.SEMI_MAJOR_AXIS / w;
    double meridian = Wgs84.SEMI_MAJOR_AXIS * (1 - Wgs84.ECCENTRICITY_SQUARED) / (w * w * w);
    double dLat = Math.toDegrees(radius / (meridian + geo[2]));
    double cosLat = Math.max(1e-9, Math.cos(geo[1]));
    double dLon = Math.min(180, Math.toDegrees(radius / ((primeVertical + geo[2]) * cosLat)));
    double lon = Math.toDegrees(geo[0]), lat = Math.toDegrees(geo[1]);
    return new Footprint(Math.max(-180, lon - dLon), Math.max(-90, lat - dLat), Math.min(180, lon + dLon),
        Math.min(90, lat + dLat), geo[2] - radius, geo[2] + radius);
  }

  double centreLon() {
    return (west + east) / 2;
  }

  double centreLat() {
    return (south + north) / 2;
  }

  /** [w, s, e, n] for messages. */
  String describe() {
    return String.format(Locale.ROOT, "[%.6f, %.6f, %.6f, %.6f] (west, south, east, north in degrees)", west, south,
        east, north);
  }

  private static double[] numbers(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static double[] apply(double[] m, double x, double y, double z) {
    return new double[] {m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13],
        m[2] * x + m[6] * y + m[10] * z + m[14]};
  }

  /** Geodetic extent of ECEF points. */
  private static final class Extent {
    private double west = Double.MAX_VALUE, south = Double.MAX_VALUE, low = Double.MAX_VALUE;
    private double east = -Double.MAX_VALUE, north = -Double.MAX_VALUE, high = -Double.MAX_VALUE;
    private final double[] geo = new double[3];

    void add(double[] m, double x, double y, double z) {
      double[] p = apply(m, x, y, z);
      Wgs84.toGeodetic(p[0], p[1], p[2], geo);
      west = Math.min(west, Math.toDegrees(geo[0]));
      east = Math.max(east, Math.toDegrees(geo[0]));
      south = Math.min(south, Math.toDegrees(geo[1]));
      north = Math.max(north, Math.toDegrees(geo[1]));
      low = Math.min(low, geo[2]);
      high = Math.max(high, geo[2]);
    }

    Footprint footprint() {
      return new Footprint(west, south, east, north, low, high);
    }
  }
}
