package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ReferenceGeographyTest {

  @Test
  void loadsTheRealDivisions() {
    ReferenceGeography ref = ReferenceGeography.load(DistrictLayout.LON_LAT);
    assertThat(ref.townships()).extracting(ReferenceGeography.Township::name)
        .containsExactly("洛阳镇", "东园镇", "张坂镇", "百崎回族乡");
    assertThat(ref.villages()).hasSize(78);
    // 31 of the 82 rows carry a centre: the 4 townships and 27 villages.
    assertThat(ref.villages().stream().filter(ReferenceGeography.Village::hasCentre)).hasSize(27);
    assertThat(ref.townships()).allSatisfy(t -> {
      assertThat(t.polygon().isValid()).isTrue();
      assertThat(ref.villagesOf(t)).isNotEmpty().allMatch(v -> v.code().startsWith(t.prefix9()));
    });
    ReferenceGeography.Village luoyang = ref.villages().get(0);
    assertThat(luoyang.code()).isEqualTo("350521104201");
    assertThat(luoyang.fullName()).isEqualTo("洛阳村委会");
    assertThat(luoyang.displayName()).isEqualTo("洛阳村");
  }

  @Test
  void packagedCopyEqualsTheRepositoryData() throws IOException {
    // Tests run in the server module directory; the repository copy sits beside it.
    Path data = Path.of("..", "data", "qtiz");
    Assumptions.assumeTrue(Files.isDirectory(data), "repository data/qtiz not found");
    for (String name : new String[] {"divisions.csv", "townships-approx-wgs84.geojson"}) {
      try (InputStream in = ReferenceGeography.class.getResourceAsStream("qtiz/" + name)) {
        assertThat(in.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(data.resolve(name)));
      }
    }
  }
}
