package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GridCodeTest {

  private static final String VILLAGE = "350521104201";

  @Test
  void parsesAndPrintsFifteenDigits() {
    GridCode code = GridCode.parse("350521104201007");
    assertThat(code.villageCode()).isEqualTo(VILLAGE);
    assertThat(code.sequence()).isEqualTo(7);
    assertThat(code.value()).isEqualTo("350521104201007");
    assertThat(new GridCode(VILLAGE, 42).value()).isEqualTo("350521104201042");
  }

  @ParameterizedTest
  @ValueSource(strings = {"35052110420100", "3505211042010071", "35052110420100A", "350521104201000", " 350521104201001"})
  void malformedCodesAreRejected(String text) {
    assertThatThrownBy(() -> GridCode.parse(text))
        .isInstanceOfSatisfying(GridCodeException.class, e -> assertThat(e.reason()).isEqualTo(GridCodeException.Reason.MALFORMED));
  }

  @Test
  void aCodeOfAnotherVillageIsADistinctError() {
    assertThatThrownBy(() -> GridCode.parseInVillage("350521104202001", VILLAGE))
        .isInstanceOfSatisfying(GridCodeException.class, e -> {
          assertThat(e.reason()).isEqualTo(GridCodeException.Reason.WRONG_VILLAGE);
          assertThat(e.gridCode()).isEqualTo("350521104202001");
          assertThat(e.code()).isEqualTo("grid_code_wrong_village");
        })
        .hasMessageContaining(VILLAGE);
  }

  @Test
  void rulesReportEachProblemWithItsIndex() {
    List<String> codes = Arrays.asList("350521104201001", null, "35052110420100X", "350521104202003", "350521104201001");
    List<GridCodeRules.Problem> problems = GridCodeRules.check(VILLAGE, codes);
    assertThat(problems).extracting(GridCodeRules.Problem::index, GridCodeRules.Problem::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, GridCodeException.Reason.MALFORMED),
        org.assertj.core.groups.Tuple.tuple(3, GridCodeException.Reason.WRONG_VILLAGE),
        org.assertj.core.groups.Tuple.tuple(4, GridCodeException.Reason.DUPLICATE));
    assertThat(problems.get(2).message()).contains("350521104201001");
    assertThat(GridCodeRules.check(VILLAGE, List.of("350521104201001", "350521104201002"))).isEmpty();
  }

  @Test
  void villageCodesMustBeTwelveDigits() {
    assertThatThrownBy(() -> new GridCode("35052110420", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GridCode(VILLAGE, 1000)).isInstanceOf(GridCodeException.class);
  }
}
