package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionScopeTest {

  @Test
  void theWholeDistrictCoversEveryCode() {
    assertThat(RegionScope.ALL.all()).isTrue();
    assertThat(RegionScope.ALL.covers("350521104201003")).isTrue();
    assertThat(RegionScope.ALL.covers("350521104W01")).isTrue();
    assertThat(RegionScope.ALL.key()).isEmpty();
  }

  @Test
  void usersCodesCountByTheirSignificantPrefix() {
    RegionScope scope = RegionScope.of(List.of(" 350521104000", "350521105201", "", "350521104000"));
    assertThat(scope.prefixes()).containsExactly("350521104", "350521105201");
    assertThat(scope.all()).isFalse();
    assertThat(scope.covers("350521104203001")).isTrue();
    assertThat(scope.covers("350521105201002")).isTrue();
    assertThat(scope.covers("350521105202001")).isFalse();
    assertThat(scope.covers(null)).isFalse();
    assertThat(scope.key()).isEqualTo("350521104,350521105201");
  }

  @Test
  void aRegionsVillagesCoverTheirGridsButNotTheRegionsAbove() {
    // A work area: its villages share no prefix of their own.
    RegionScope area = RegionScope.exactly(Set.of("350521104203", "350521104201"));
    assertThat(area.prefixes()).containsExactly("350521104201", "350521104203");
    assertThat(area.covers("350521104201")).isTrue();
    assertThat(area.covers("350521104203007")).isTrue();
    assertThat(area.covers("350521104202001")).isFalse();
    assertThat(area.covers("350521104000")).isFalse();
    assertThat(area.covers("350521104W01")).isFalse();
  }

  @Test
  void aGridCoversItselfNotItsVillage() {
    RegionScope grid = RegionScope.exactly(List.of("350521104201003"));
    assertThat(grid.covers("350521104201003")).isTrue();
    assertThat(grid.covers("350521104201")).isFalse();
    assertThat(grid.covers("350521104201004")).isFalse();
  }

  @Test
  void noPrefixesHoldNothingAndKeepTheirOwnCacheKey() {
    RegionScope none = RegionScope.exactly(List.of());
    assertThat(none.all()).isFalse();
    assertThat(none.covers("350521104201003")).isFalse();
    assertThat(none.key()).isEqualTo("none").isNotEqualTo(RegionScope.ALL.key());
    assertThat(RegionScope.of(List.of(" ")).covers("350521104201003")).isFalse();
  }
}
