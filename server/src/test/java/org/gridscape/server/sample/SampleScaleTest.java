package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.sample.SampleFixture.Feature;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scaled sample: N copies with unique codes and ids, every figure N times larger. */
@Tag("slow")
class SampleScaleTest {

  @TempDir
  java.nio.file.Path dir;

  @Test
  void twoCopiesDoubleEveryFigureWithUniqueCodes() {
    SampleSummary one = SampleFixture.get().summary;
    SampleSummary two = SampleDistrictGenerator.generate(new SampleOptions(dir, SampleOptions.DEFAULT_SEED, 2), s -> { });
    assertThat(two.grids().total()).isEqualTo(2 * 381);
    assertThat(two.households()).isEqualTo(2 * 68_386L);
    assertThat(two.residents()).isEqualTo(2 * one.residents());
    assertThat(two.partyMembers()).isEqualTo(2 * 5_959L);
    assertThat(two.partyBranches()).isEqualTo(2 * 330);
    assertThat(two.workers()).isEqualTo(new SampleSummary.WorkerCounts(420, 302, 888, 60));
    assertThat(two.cadres()).isEqualTo(1_640);
    assertThat(two.events()).isEqualTo(2 * 6_052L);
    assertThat(two.eventsClosed()).isEqualTo(2 * 5_419L);
    assertThat(two.centres()).isEqualTo(24);

    List<Feature> regions = SampleFixture.readFeatures(dir.resolve("regions.geojson"));
    assertThat(regions.get(0).geometry().getGeometryType()).isEqualTo("MultiPolygon");
    Set<String> codes = new HashSet<>();
    regions.forEach(r -> assertThat(codes.add(r.get("code"))).as(r.get("code")).isTrue());
    assertThat(regions.stream().filter(r -> "village".equals(r.get("level")))).hasSize(156);

    SampleFixture reader = SampleFixture.at(dir);
    List<Map<String, String>> residents = reader.csv("residents.csv",
        "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags");
    assertThat(residents).hasSize((int) two.residents());
    assertThat(residents.stream().map(r -> r.get("id_number")).distinct().count()).isEqualTo(residents.size());
    assertThat(residents.stream().map(r -> r.get("resident_id")).distinct().count()).isEqualTo(residents.size());
    assertThat(residents).allMatch(r -> SyntheticIdentity.isSynthetic(r.get("id_number")));
    // The second copy uses its own unassigned region code.
    assertThat(residents.get(residents.size() - 1).get("id_number")).startsWith("350598");
    List<Map<String, String>> households = reader.csv("households.csv", "household_id,building_id,size");
    assertThat(households.stream().map(h -> h.get("household_id")).distinct().count()).isEqualTo(2 * 68_386L);
  }
}
