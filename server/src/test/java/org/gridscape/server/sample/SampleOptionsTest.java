package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleOptionsTest {

  @Test
  void defaultsToThePublishedDistrict() {
    SampleOptions o = SampleOptions.defaults(Path.of("out"));
    assertThat(o.seed()).isEqualTo(20260701L);
    assertThat(o.scale()).isEqualTo(1);
  }

  @Test
  void rejectsScaleOutside1To50AndMissingDirectory() {
    assertThatThrownBy(() -> new SampleOptions(Path.of("x"), 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale");
    assertThatThrownBy(() -> new SampleOptions(Path.of("x"), 1, 51)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleOptions(null, 1, 1)).isInstanceOf(NullPointerException.class);
    assertThat(new SampleOptions(Path.of("x"), 7, 50).scale()).isEqualTo(50);
  }
}
