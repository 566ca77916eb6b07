package org.gridscape.scene.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnuFrameTest {
  // WGS84 defining constants, restated here so the test does not trust Wgs84's arithmetic.
  private static final double A = 6378137.0;
  private static final double B = A * (1 - 1 / 298.257223563);

  /**
   * Cesium's Transforms.eastNorthUpToFixedFrame at 113E 28N (height 0), computed independently:
   * surface point from the prime-vertical radius N = a^2 / sqrt(a^2 cos^2 + b^2 sin^2), axes from
   * the geodetic normal.
   */
  @Test
  void matrixMatchesEastNorthUpToFixedFrameAt113E28N() {
    double lon = Math.toRadians(113);
    double lat = Math.toRadians(28);
    double n = A * A / Math.sqrt(A * A * Math.cos(lat) * Math.cos(lat) + B * B * Math.sin(lat) * Math.sin(lat));
    double[] origin = {
      n * Math.cos(lat) * Math.cos(lon),
      n * Math.cos(lat) * Math.sin(lon),
      n * (B * B) / (A * A) * Math.sin(lat)
    };
    double[] east = {-Math.sin(lon), Math.cos(lon), 0};
    double[] up = {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
    double[] north = cross(up, east);
    double[] expected = {
      east[0], east[1], east[2], 0,
      north[0], north[1], north[2], 0,
      up[0], up[1], up[2], 0,
      origin[0], origin[1], origin[2], 1
    };

    double[] actual = EnuFrame.atDegrees(113, 28, 0).enuToEcefColumnMajor();

    for (int i = 0; i < 12; i++) {
      assertThat(actual[i]).as("rotation element %d", i).isCloseTo(expected[i], within(1e-12));
    }
    for (int i = 12; i < 16; i++) {
      assertThat(actual[i]).as("translation element %d", i).isCloseTo(expected[i], within(1e-6));
    }
    // The origin lies on the ellipsoid, the translation is in the right octant for 113E 28N.
    assertThat(origin[0] * origin[0] / (A * A) + origin[1] * origin[1] / (A * A) + origin[2] * origin[2] / (B * B))
        .isCloseTo(1, within(1e-12));
    assertThat(actual[12]).isNegative();
    assertThat(actual[13]).isPositive();
    assertThat(actual[14]).isPositive();
  }

  @Test
  void enuPositionsMapBackThroughTheMatrixToTheirGeodeticPosition() {
    EnuFrame frame = EnuFrame.atDegrees(118.9, 24.9, 0);
    double[] matrix = frame.enuToEcefColumnMajor();
    double[] enu = new double[3];
    double[] geodetic = new double[3];
    double[][] points = {{118.905, 24.897, 0}, {118.893, 24.91, 35.5}, {118.9, 24.9, 100}};
    for (double[] p : points) {
      frame.toEnu(p[0], p[1], p[2], enu);
      double x = matrix[0] * enu[0] + matrix[4] * enu[1] + matrix[8] * enu[2] + matrix[12];
      double y = matrix[1] * enu[0] + matrix[5] * enu[1] + matrix[9] * enu[2] + matrix[13];
      double z = matrix[2] * enu[0] + matrix[6] * enu[1] + matrix[10] * enu[2] + matrix[14];
      Wgs84.toGeodetic(x, y, z, geodetic);
      assertThat(Math.toDegrees(geodetic[0])).isCloseTo(p[0], within(1e-10));
      assertThat(Math.toDegrees(geodetic[1])).isCloseTo(p[1], within(1e-10));
      assertThat(geodetic[2]).isCloseTo(p[2], within(1e-6));
    }
  }

  @Test
  void eastIsEastAndUpIsUpNearTheOrigin() {
    EnuFrame frame = EnuFrame.atDegrees(118.9, 24.9, 0);
    double[] enu = new double[3];
    frame.toEnu(118.901, 24.9, 0, enu);
    assertThat(enu[0]).isCloseTo(101.1, within(0.5)); // 0.001 deg of longitude at 24.9N
    assertThat(enu[1]).isCloseTo(0, within(0.01));
    frame.toEnu(118.9, 24.9, 10, enu);
    assertThat(enu[2]).isCloseTo(10, within(1e-9));
    double[] column = new double[6];
    frame.toEnuColumn(118.901, 24.9005, 0, 10, column);
    frame.toEnu(118.901, 24.9005, 0, enu);
    assertThat(column[0]).isCloseTo(enu[0], within(1e-9));
    assertThat(column[1]).isCloseTo(enu[1], within(1e-9));
    assertThat(column[2]).isCloseTo(enu[2], within(1e-9));
    frame.toEnu(118.901, 24.9005, 10, enu);
    assertThat(column[3]).isCloseTo(enu[0], within(1e-9));
    assertThat(column[5]).isCloseTo(enu[2], within(1e-9));
  }

  @Test
  void rejectsOriginsOutsideLonLat() {
    assertThatThrownBy(() -> EnuFrame.atDegrees(500000, 3000000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }
}
