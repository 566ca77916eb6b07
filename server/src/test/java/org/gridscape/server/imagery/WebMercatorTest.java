package org.gridscape.server.imagery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WebMercatorTest {

  @Test
  void theMaxZoomIsTheZoomWhosePixelIsNearestInRatio() {
    // at the equator zoom 0 has 156,543.03 m per pixel; zoom 18 0.597 m, zoom 19 0.299 m
    assertThat(WebMercator.groundResolution(0, 0)).isCloseTo(156_543.034, within(0.001));
    assertThat(WebMercator.zoomForResolution(0.6, 0)).isEqualTo(18);
    assertThat(WebMercator.zoomForResolution(0.45, 0)).isEqualTo(18); // 0.45 is nearer 0.597 than 0.299 in ratio
    assertThat(WebMercator.zoomForResolution(0.40, 0)).isEqualTo(19);
    assertThat(WebMercator.zoomForResolution(1e6, 0)).isZero();
    assertThat(WebMercator.zoomForResolution(1e-6, 0)).isEqualTo(WebMercator.MAX_ZOOM);
  }

  @Test
  void theMinZoomFitsTheExtentInAboutOneTile() {
    assertThat(WebMercator.zoomForExtent(-180, -85, 180, 85, 10)).isZero();
    // 0.01 degrees wide near 25N: 1/36000 of the world, zoom 15 (2^15 = 32768 tiles across)
    assertThat(WebMercator.zoomForExtent(118.70, 24.96, 118.71, 24.965, 20)).isEqualTo(15);
    assertThat(WebMercator.zoomForExtent(118.70, 24.96, 118.71, 24.965, 12)).isEqualTo(12);
  }

  @Test
  void tileColumnsAndRowsFollowTheXyzScheme() {
    assertThat(WebMercator.tileX(-180, 3)).isZero();
    assertThat(WebMercator.tileX(180, 3)).isEqualTo(7);
    assertThat(WebMercator.tileY(85.05, 1)).isZero();
    assertThat(WebMercator.tileY(-1, 1)).isEqualTo(1);
    assertThat(WebMercator.latitude(WebMercator.worldY(24.96))).isCloseTo(24.96, within(1e-12));
    assertThat(WebMercator.longitude(WebMercator.worldX(118.7))).isCloseTo(118.7, within(1e-12));
  }
}
