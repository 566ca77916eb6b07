package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same bytes: a second full generation must equal the shared one file by file. */
@Tag("slow")
class SampleDeterminismTest {

  @TempDir
  Path again;

  @Test
  void sameSeedGivesByteIdenticalFiles() throws IOException {
    SampleFixture first = SampleFixture.get();
    SampleSummary summary = SampleDistrictGenerator.generate(SampleOptions.defaults(again), line -> { });
    assertThat(summary).isEqualTo(first.summary);
    List<Path> files = files(first.dir);
    assertThat(files).hasSize(files(again).size()).hasSizeGreaterThan(150);
    for (Path rel : files) {
      assertThat(Files.mismatch(first.dir.resolve(rel), again.resolve(rel))).as(rel.toString()).isEqualTo(-1L);
    }
  }

  @Test
  void anotherSeedGivesAnotherDistrictWithTheSameFigures(@TempDir Path other) throws IOException {
    SampleFixture first = SampleFixture.get();
    SampleSummary summary = SampleDistrictGenerator.generate(new SampleOptions(other, 2, 1), line -> { });
    assertThat(summary.grids()).isEqualTo(first.summary.grids());
    assertThat(summary.households()).isEqualTo(68_386);
    assertThat(summary.partyMembers()).isEqualTo(5_959);
    assertThat(summary.eventsClosed()).isEqualTo(5_419);
    assertThat(Files.mismatch(first.dir.resolve("grids/350521104201.geojson"),
        other.resolve("grids/350521104201.geojson"))).isNotEqualTo(-1L);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
