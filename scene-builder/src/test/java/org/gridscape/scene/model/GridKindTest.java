package org.gridscape.scene.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GridKindTest {

  @Test
  void englishAndChineseNamesParse() {
    assertThat(GridKind.parse("standard")).isEqualTo(GridKind.STANDARD);
    assertThat(GridKind.parse("Residential-Compound")).isEqualTo(GridKind.RESIDENTIAL_COMPOUND);
    assertThat(GridKind.parse("标准")).isEqualTo(GridKind.STANDARD);
    assertThat(GridKind.parse("安置小区")).isEqualTo(GridKind.RESETTLEMENT);
    assertThat(GridKind.parse("商住小区")).isEqualTo(GridKind.RESIDENTIAL_COMPOUND);
    assertThat(GridKind.parse("企事业单位")).isEqualTo(GridKind.ENTERPRISE);
    assertThat(GridKind.parse(null)).isEqualTo(GridKind.STANDARD);
    assertThat(GridKind.parse(" ")).isEqualTo(GridKind.STANDARD);
  }

  @Test
  void codesAreTheWireNamesAndParseBack() {
    assertThat(GridKind.values()).extracting(GridKind::code)
        .containsExactly("standard", "resettlement", "residential_compound", "enterprise");
    for (GridKind kind : GridKind.values()) {
      assertThat(GridKind.parse(kind.code())).isEqualTo(kind);
      assertThat(GridKind.parse(kind.chineseName())).isEqualTo(kind);
    }
  }

  @Test
  void onlyStandardGridsFollowTheSizeRule() {
    assertThat(GridKind.STANDARD.sizeRuleApplies()).isTrue();
    assertThat(GridKind.RESETTLEMENT.sizeRuleApplies()).isFalse();
    assertThat(GridKind.RESIDENTIAL_COMPOUND.sizeRuleApplies()).isFalse();
    assertThat(GridKind.ENTERPRISE.sizeRuleApplies()).isFalse();
  }

  @Test
  void unknownKindsAreRejected() {
    assertThatThrownBy(() -> GridKind.parse("park")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("安置小区");
  }
}
