package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void masksNamesIdNumbersAndPhonesAsPublished() {
    assertThat(Masking.name("张三")).isEqualTo("张*");
    assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Masking.name("𠀀明")).as("a surname outside the BMP stays whole").isEqualTo("𠀀*");
    assertThat(Masking.idNumber("350521198001011234")).isEqualTo("3505**********1234");
    assertThat(Masking.idNumber("350521800101123")).isEqualTo("3505*******1123");
    assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    assertThat(Masking.phone("12345")).isEqualTo("*****");
    assertThat(Masking.name(null)).isNull();
  }

  @Test
  void hidesEveryTagButTheHarmlessOnes() {
    assertThat(Masking.tags(List.of("dibao", "veteran", "disabled"))).containsExactly("veteran", Masking.GENERIC_TAG);
    assertThat(Masking.tags(List.of("something_new"))).containsExactly(Masking.GENERIC_TAG);
    assertThat(Masking.tags(List.of())).isEmpty();
    assertThat(Masking.birthDecade(1987)).isEqualTo("1980s");
  }
}
