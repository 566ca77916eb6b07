package org.gridscape.server.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class PageFormatTest {

  @Test
  void isoSizesInPointsBothWays() {
    PageFormat a3 = PageFormat.parse("A3", "landscape");
    assertThat(a3.width()).isCloseTo(1190.55, offset(0.01));
    assertThat(a3.height()).isCloseTo(841.89, offset(0.01));
    PageFormat a4 = PageFormat.parse("a4", "Portrait");
    assertThat(a4.width()).isCloseTo(595.28, offset(0.01));
    assertThat(a4.height()).isCloseTo(841.89, offset(0.01));
    assertThat(PageFormat.parse(null, "")).isEqualTo(PageFormat.defaults());
  }

  @Test
  void badValuesNameTheirParameter() {
    assertThatThrownBy(() -> PageFormat.parse("B5", null)).isInstanceOfSatisfying(PrintException.class, e -> {
      assertThat(e.kind()).isEqualTo(PrintException.Kind.INVALID_PARAMETER);
      assertThat(e.subject()).isEqualTo("size");
    });
    assertThatThrownBy(() -> PageFormat.parse("A4", "diagonal")).isInstanceOfSatisfying(PrintException.class,
        e -> assertThat(e.subject()).isEqualTo("orientation"));
  }
}
