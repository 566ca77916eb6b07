package org.gridscape.server.tileset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.gridscape.scene.geo.Wgs84;
import org.junit.jupiter.api.Test;

/** Footprints of the three bounding volumes, checked against positions worked out by hand. */
class FootprintTest {

  private static final double LON = 118.70, LAT = 24.96;

  @Test
  void aRegionIsReadAsItIs() throws Exception {
    JsonNode volume = TilesetChecker.MAPPER.readTree("{\"region\":[" + Math.toRadians(118.7) + ","
        + Math.toRadians(24.96) + "," + Math.toRadians(118.71) + "," + Math.toRadians(24.97) + ",-5,40]}");
    Footprint f = Footprint.of(volume, enuToEcef(LON + 1, LAT)); // a transform never applies to a region
    assertThat(f.west()).isCloseTo(118.7, within(1e-12));
    assertThat(f.north()).isCloseTo(24.97, within(1e-12));
    assertThat(f.minHeight()).isEqualTo(-5);
    assertThat(f.maxHeight()).isEqualTo(40);
  }

  @Test
  void aBoxGoesThroughTheTransformToGeodetic() throws Exception {
    // 200 m east-west, 100 m north-south, 0 to 30 m up, centred on the frame's origin
    JsonNode volume = TilesetChecker.MAPPER.readTree("{\"box\":[0,0,15, 100,0,0, 0,50,0, 0,0,15]}");
    Footprint f = Footprint.of(volume, enuToEcef(LON, LAT));
    double metresPerDegreeLat = Math.toRadians(1) * 6_335_439 / Math.pow(1 - Wgs84.ECCENTRICITY_SQUARED
        * Math.pow(Math.sin(Math.toRadians(LAT)), 2), 1.5);
    assertThat(f.north() - f.south()).isCloseTo(100 / metresPerDegreeLat, within(1e-6));
    assertThat(f.centreLon()).isCloseTo(LON, within(1e-7));
    assertThat(f.centreLat()).isCloseTo(LAT, within(1e-7));
    assertThat(f.minHeight()).isCloseTo(0, within(0.01));
    assertThat(f.maxHeight()).isCloseTo(30, within(0.01));
  }

  @Test
  void aSphereCoversItsRadiusAroundItsCentre() throws Exception {
    JsonNode volume = TilesetChecker.MAPPER.readTree("{\"sphere\":[0,0,0,100]}");
    Footprint f = Footprint.of(volume, enuToEcef(LON, LAT));
    assertThat(f.centreLon()).isCloseTo(LON, within(1e-9));
    assertThat(f.centreLat()).isCloseTo(LAT, within(1e-9));
    assertThat((f.north() - f.south()) / 2 * 110_700).isCloseTo(100, within(1.0)); // ~110.7 km per degree here
    assertThat(f.minHeight()).isCloseTo(-100, within(1e-6));
    assertThat(f.maxHeight()).isCloseTo(100, within(1e-6));
  }

  /** The column-major east-north-up to ECEF matrix at a point on the ellipsoid. */
  static double[] enuToEcef(double lonDeg, double latDeg) {
    double lon = Math.toRadians(lonDeg), lat = Math.toRadians(latDeg);
    double[] o = new double[3];
    Wgs84.toEcef(lon, lat, 0, o);
    return new double[] {-Math.sin(lon), Math.cos(lon), 0, 0,
        -Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat), 0,
        Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat), 0,
        o[0], o[1], o[2], 1};
  }
}
