package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaTest {

  private static final List<String> TOWNSHIPS = List.of("350521104000", "350521105000", "350521106000",
      "350521200000");

  @Test
  void theFirstCopyIsTheRealDistrict() {
    Replica r = Replica.of(0, 4, TOWNSHIPS);
    assertThat(r.village("350521104201")).isEqualTo("350521104201");
    assertThat(r.grid("350521104201003")).isEqualTo("350521104201003");
    assertThat(r.name("洛阳村")).isEqualTo("洛阳村");
    assertThat(r.dxUnits()).isZero();
    assertThat(r.dyUnits()).isZero();
  }

  @Test
  void copiesGetUniqueCodesAndTheirOwnPlace() {
    Set<String> codes = new HashSet<>();
    Set<String> places = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Replica r = Replica.of(i, 50, TOWNSHIPS);
      for (String t : TOWNSHIPS) {
        String village = r.village(t.substring(0, 9) + "201");
        assertThat(village).hasSize(12).startsWith("350521");
        assertThat(codes.add(village)).isTrue();
        assertThat(r.workArea(t.substring(0, 9) + "W01")).isEqualTo(village.substring(0, 9) + "W01");
      }
      assertThat(places.add(r.dxUnits() + "," + r.dyUnits())).isTrue();
    }
    assertThat(Replica.of(5, 50, TOWNSHIPS).name("洛阳村")).isEqualTo("洛阳村-6");
    assertThatThrownBy(() -> Replica.of(1, 2, TOWNSHIPS).village("350522104201"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
