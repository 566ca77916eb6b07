package org.gridscape.scene.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundingRegionTest {
  @Test
  void unionContainsBothParts() {
    BoundingRegion a = BoundingRegion.ofDegrees(118.90, 24.90, 118.91, 24.91, 0, 20);
    BoundingRegion b = BoundingRegion.ofDegrees(118.92, 24.89, 118.93, 24.90, -1, 50);
    BoundingRegion union = a.union(b);
    assertThat(union.contains(a)).isTrue();
    assertThat(union.contains(b)).isTrue();
    assertThat(a.contains(union)).isFalse();
    assertThat(union.maxHeight()).isEqualTo(50);
  }

  @Test
  void diagonalOfAOneKilometreSquareIsAboutFourteenHundredMetres() {
    double lonPerKm = 1 / (111.32 * Math.cos(Math.toRadians(24.9)));
    BoundingRegion square = BoundingRegion.ofDegrees(118.9, 24.9, 118.9 + lonPerKm, 24.9 + 1 / 110.9, 0, 0);
    assertThat(square.diagonalMeters()).isCloseTo(Math.sqrt(2) * 1000, within(10.0));
  }

  @Test
  void rejectsInvertedBounds() {
    assertThatThrownBy(() -> new BoundingRegion(1, 0, 0.5, 0.1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BoundingRegion(0, 0, 0.1, 0.1, 5, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
