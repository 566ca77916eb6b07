package org.gridscape.scene.model;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/** Range check shared by the input records: geometries must be WGS84 lon/lat, not projected metres. */
final class LonLat {
  private LonLat() {}

  static void requireInRange(Geometry geometry, String what) {
    for (Coordinate c : geometry.getCoordinates()) {
      if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
        throw new IllegalArgumentException(
            what + " has a coordinate outside WGS84 lon/lat ranges: " + c.x + ", " + c.y
                + " (projected coordinates must be converted on ingest)");
      }
    }
  }
}
