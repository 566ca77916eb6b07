package org.gridscape.server.ingest.crs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Gcj02Test {

  /** Distance in metres between two nearby lon/lat points (equirectangular; fine for < 1 km). */
  private static double metres(double lon1, double lat1, double lon2, double lat2) {
    double r = 6371008.8;
    double x = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
    double y = Math.toRadians(lat2 - lat1);
    return r * Math.hypot(x, y);
  }

  @Test
  void forwardOffsetAtQuanzhouIsAFewHundredMetres() {
    double[] gcj = Gcj02.fromWgs84(118.7, 24.9);
    double offset = metres(118.7, 24.9, gcj[0], gcj[1]);
    assertThat(offset).isBetween(200.0, 800.0);
    // the published transform shifts south-east China to the east and north... roughly: east component dominates
    assertThat(gcj[0]).isGreaterThan(118.7);
  }

  @Test
  void inverseRoundTripsToUnderOneCentimetre() {
    for (double lon = 118.5; lon <= 119.0; lon += 0.05) {
      for (double lat = 24.7; lat <= 25.2; lat += 0.05) {
        double[] gcj = Gcj02.fromWgs84(lon, lat);
        double[] back = Gcj02.toWgs84(gcj[0], gcj[1]);
        assertThat(metres(lon, lat, back[0], back[1])).isLessThan(0.01);
      }
    }
  }

  @Test
  void outsideChinaNothingMoves() {
    double[] tokyoish = Gcj02.fromWgs84(139.7, 35.7);
    assertThat(tokyoish).containsExactly(139.7, 35.7);
    assertThat(Gcj02.toWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
  }

  @Test
  void explicitGcj02SourceShiftsBackToWgs84() {
    SourceCrs crs = CrsResolver.resolve("GCJ02");
    double[] gcj = Gcj02.fromWgs84(118.68, 24.95);
    double[] wgs = crs.toWgs84(gcj[0], gcj[1]);
    assertThat(metres(118.68, 24.95, wgs[0], wgs[1])).isLessThan(0.01);
    assertThat(crs.id()).isEqualTo("GCJ02");
  }
}
