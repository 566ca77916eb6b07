package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The benchmark village, checked for correctness (timing is the benchmark's job, not a test's). */
class GridValidatorScaleTest {

  @Test
  void benchmarkVillageIsCoveredAndCountsEveryResident() {
    ValidationInput input = SyntheticVillage.of(2000, new Random(7));
    ValidationResult result = GridValidator.validate(input);
    assertThat(result.ok()).isTrue();
    int residents = input.buildings().stream().mapToInt(ResidentBuilding::residents).sum();
    assertThat(result.metrics().residentsTotal()).isEqualTo(residents);
    assertThat(result.metrics().buildingsOutsideGrids()).isZero();
    assertThat(result.metrics().coveragePercent()).isGreaterThan(99.99);
    // random houses land across grid lines now and then, and each is reported
    assertThat(result.issues("building.cut")).hasSize(result.metrics().buildingsCut());
    assertThat(result.metrics().buildingsCut()).isPositive();
    assertThat(result.metrics().roadFollowingShare()).isGreaterThan(0.9);
  }
}
