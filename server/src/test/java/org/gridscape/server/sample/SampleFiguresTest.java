package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gridscape.server.sample.SampleFixture.Feature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every published figure of the district, read back from the generated files. */
class SampleFiguresTest {

  private static SampleFixture sample;

  @BeforeAll
  static void generate() {
    sample = SampleFixture.get();
  }

  @Test
  void regionsFollowTheRealDivisions() throws IOException {
    List<Feature> regions = sample.features("regions.geojson");
    Map<String, List<Feature>> byLevel = regions.stream().collect(Collectors.groupingBy(f -> f.get("level")));
    assertThat(byLevel.get("district")).singleElement().satisfies(d -> {
      assertThat(d.get("code")).isEqualTo("350521000000");
      assertThat(d.get("parent")).isNull();
    });
    assertThat(byLevel.get("township")).extracting(f -> f.get("code"))
        .containsExactly("350521104000", "350521105000", "350521106000", "350521200000");

    Map<String, String> realVillages = new TreeMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        SampleFiguresTest.class.getResourceAsStream("qtiz/divisions.csv"), StandardCharsets.UTF_8))) {
      r.lines().skip(1).map(l -> l.split(",", -1)).filter(a -> a[3].equals("village"))
          .forEach(a -> realVillages.put(a[0], a[2]));
    }
    assertThat(realVillages).hasSize(78);
    List<Feature> villages = byLevel.get("village");
    assertThat(villages).hasSize(78);
    for (Feature v : villages) {
      assertThat(realVillages).containsEntry(v.get("code"), v.get("full_name"));
      assertThat(v.get("full_name")).startsWith(v.get("name").replace("社区", ""));
    }

    Map<String, Long> workAreasPerTownship = byLevel.get("workarea").stream()
        .collect(Collectors.groupingBy(f -> f.get("parent"), TreeMap::new, Collectors.counting()));
    assertThat(workAreasPerTownship).hasSize(4).allSatisfy((t, n) -> assertThat(n).isBetween(2L, 4L));
    Set<String> workAreaCodes = new TreeSet<>();
    for (Feature w : byLevel.get("workarea")) {
      assertThat(w.get("code")).matches("\\d{9}W\\d{2}").startsWith(w.get("parent").substring(0, 9));
      workAreaCodes.add(w.get("code"));
    }
    for (Feature v : villages) {
      assertThat(workAreaCodes).contains(v.get("parent"));
      assertThat(v.get("code")).startsWith(v.get("parent").substring(0, 9));
    }
  }

  @Test
  void gridsAreThe381OfTheDistrict() {
    Map<String, Integer> kinds = new TreeMap<>();
    int total = 0;
    for (String village : villageCodes()) {
      for (Feature g : sample.features("grids/" + village + ".geojson")) {
        kinds.merge(g.get("kind"), 1, Integer::sum);
        total++;
      }
    }
    assertThat(total).isEqualTo(381);
    assertThat(kinds.keySet()).containsExactlyInAnyOrder("standard", "resettlement", "residential_compound",
        "enterprise");
    SampleSummary.GridCounts counts = sample.summary.grids();
    assertThat(kinds).containsEntry("standard", counts.standard()).containsEntry("resettlement", counts.resettlement())
        .containsEntry("residential_compound", counts.residentialCompound())
        .containsEntry("enterprise", counts.enterprise());
  }

  @Test
  void householdsResidentsAndBuildings() {
    List<Map<String, String>> households = sample.csv("households.csv", "household_id,building_id,size");
    assertThat(households).hasSize(68_386);
    List<Map<String, String>> residents = sample.csv("residents.csv",
        "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags");
    // "About 228,000 residents": the exact number follows from the household sizes drawn.
    assertThat(residents.size()).isBetween(220_000, 236_000);
    Map<String, Integer> sizes = new HashMap<>();
    residents.forEach(r -> sizes.merge(r.get("household_id"), 1, Integer::sum));
    for (Map<String, String> h : households) {
      assertThat(sizes.get(h.get("household_id"))).as(h.get("household_id")).isEqualTo(Integer.parseInt(h.get("size")));
    }
    Set<String> buildingIds = new TreeSet<>();
    int buildings = 0;
    for (String village : villageCodes()) {
      for (Feature f : sample.features("plans/" + village + ".geojson")) {
        if ("building".equals(f.get("layer"))) {
          assertThat(f.get("id")).matches("B" + village + "\\d{5}");
          assertThat(buildingIds.add(f.get("id"))).isTrue();
          buildings++;
        }
      }
    }
    assertThat(buildings).isBetween(36_000, 44_000).isEqualTo((int) sample.summary.buildings());
    assertThat(households).allMatch(h -> buildingIds.contains(h.get("building_id")));
    assertThat(sample.summary.households()).isEqualTo(68_386);
    assertThat(sample.summary.residents()).isEqualTo(residents.size());
  }

  @Test
  void partyFigures() {
    List<Map<String, String>> orgs = sample.csv("party-orgs.csv",
        "org_id,kind,name,parent_org_id,region_code,formation");
    Map<String, Long> kinds = orgs.stream().collect(Collectors.groupingBy(o -> o.get("kind"), Collectors.counting()));
    assertThat(kinds).containsEntry("village_org", 78L).containsEntry("grid_branch", 330L);
    assertThat(kinds.get("building_group")).isPositive();
    assertThat(orgs.stream().filter(o -> o.get("kind").equals("grid_branch")).map(o -> o.get("formation")))
        .contains("alone", "joint", "attached", "upgraded");

    List<Map<String, String>> members = sample.csv("party-members.csv", "member_id,resident_id,org_id,duty_points,stars");
    assertThat(members).hasSize(5_959);
    Set<String> residentIds = sample.csv("residents.csv",
        "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags").stream()
        .map(r -> r.get("resident_id")).collect(Collectors.toSet());
    Set<String> orgIds = orgs.stream().map(o -> o.get("org_id")).collect(Collectors.toSet());
    // Plain set look-ups: AssertJ's contains() scans the whole collection for every element.
    assertThat(members).allMatch(m -> residentIds.contains(m.get("resident_id")), "member is a resident")
        .allMatch(m -> orgIds.contains(m.get("org_id")), "member's organisation exists")
        .allMatch(m -> Integer.parseInt(m.get("stars")) >= 1 && Integer.parseInt(m.get("stars")) <= 5, "1-5 stars");
    assertThat(members.stream().map(m -> m.get("resident_id")).distinct().count()).isEqualTo(5_959);

    List<Map<String, String>> links = sample.csv("party-links.csv", "member_id,household_id");
    assertThat(links).hasSize(68_386);
    assertThat(links.stream().map(l -> l.get("household_id")).distinct().count()).isEqualTo(68_386);
    Map<String, Long> perMember = links.stream().collect(Collectors.groupingBy(l -> l.get("member_id"),
        Collectors.counting()));
    assertThat(perMember).hasSize(5_959).allSatisfy((m, n) -> assertThat(n).isBetween(10L, 12L));
  }

  @Test
  void workersOrgansAndCadres() {
    List<Map<String, String>> workers = sample.csv("workers.csv",
        SamplePeopleTest.WORKERS_HEADER);
    Map<String, Long> types = workers.stream().collect(Collectors.groupingBy(w -> w.get("type"), Collectors.counting()));
    assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of("comprehensive", 210L, "police", 151L,
        "community", 444L, "part_time", 30L, "cadre", 820L));
    List<Map<String, String>> organs = sample.csv("organs.csv", "organ_id,name");
    assertThat(organs).hasSize(24);
    Set<String> organIds = organs.stream().map(o -> o.get("organ_id")).collect(Collectors.toSet());
    List<Map<String, String>> cadres = workers.stream().filter(w -> w.get("type").equals("cadre")).toList();
    assertThat(cadres).allMatch(c -> organIds.contains(c.get("organ")));
    assertThat(cadres.stream().map(c -> c.get("village_code")).distinct().count()).isEqualTo(78);

    Set<String> gridCodes = new TreeSet<>();
    for (String village : villageCodes()) {
      sample.features("grids/" + village + ".geojson").forEach(g -> gridCodes.add(g.get("code")));
    }
    // Every grid has its comprehensive, police and community worker (the three networks).
    for (String type : List.of("comprehensive", "police", "community")) {
      Set<String> served = workers.stream().filter(w -> w.get("type").equals(type))
          .flatMap(w -> List.of(w.get("grid_codes").split(";")).stream()).collect(Collectors.toSet());
      assertThat(served).as(type).isEqualTo(gridCodes);
    }
    assertThat(workers).allSatisfy(w -> assertThat(gridCodes).containsAll(List.of(w.get("grid_codes").split(";"))));
  }

  @Test
  void eventsAndCentres() {
    List<Map<String, String>> events = sample.csv("events.csv",
        "event_id,category,level,title,lon,lat,grid_code,reported_at,step,closed_at,deadline,supervised");
    assertThat(events).hasSize(6_052);
    assertThat(events.stream().filter(e -> e.get("step").equals("closed"))).hasSize(5_419)
        .allSatisfy(e -> assertThat(e.get("closed_at")).isNotEmpty());
    assertThat(events.stream().filter(e -> !e.get("step").equals("closed")))
        .allSatisfy(e -> assertThat(e.get("closed_at")).isEmpty());
    assertThat(events.stream().map(e -> e.get("category")).distinct()).containsExactlyInAnyOrder("disputes",
        "public_requests", "public_security", "fire_hazard", "housing_safety", "illegal_construction",
        "production_safety", "sanitation", "epidemic", "assistance");
    // Closure rate as published: 5,419 / 6,052 = 89.5 %.
    assertThat(Math.round(1000.0 * 5_419 / events.size()) / 10.0).isEqualTo(89.5);

    int neighbourhood = 0;
    for (String village : villageCodes()) {
      for (Feature f : sample.features("plans/" + village + ".geojson")) {
        if ("centre".equals(f.get("layer")) && "neighbourhood_centre".equals(f.get("kind"))) {
          assertThat(f.geometry().getGeometryType()).isEqualTo("Point");
          neighbourhood++;
        }
      }
    }
    assertThat(neighbourhood).isEqualTo(12).isEqualTo(sample.summary.centres());
  }

  @Test
  void summaryAndManifestCarryTheFigures() throws IOException {
    SampleSummary s = sample.summary;
    assertThat(s.grids().total()).isEqualTo(381);
    assertThat(s.partyBranches()).isEqualTo(330);
    assertThat(s.partyMembers()).isEqualTo(5_959);
    assertThat(s.linkedHouseholds()).isEqualTo(68_386);
    assertThat(s.workers()).isEqualTo(new SampleSummary.WorkerCounts(210, 151, 444, 30));
    assertThat(s.organs()).isEqualTo(24);
    assertThat(s.cadres()).isEqualTo(820);
    assertThat(s.events()).isEqualTo(6_052);
    assertThat(s.eventsClosed()).isEqualTo(5_419);
    assertThat(s.villagePartyOrgs()).isEqualTo(78);
    assertThat(s.villages()).isEqualTo(78);
    assertThat(s.townships()).isEqualTo(4);

    var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample.dir.resolve("manifest.json").toFile());
    assertThat(manifest.get("seed").asLong()).isEqualTo(SampleOptions.DEFAULT_SEED);
    assertThat(manifest.get("scale").asInt()).isEqualTo(1);
    assertThat(manifest.get("attribution").asText()).contains("CC BY 4.0");
    assertThat(manifest.get("counts").get("households").asLong()).isEqualTo(68_386);
    assertThat(sample.progress).isNotEmpty();
  }

  static List<String> villageCodes() {
    return sample.features("regions.geojson").stream().filter(f -> "village".equals(f.get("level")))
        .map(f -> f.get("code")).sorted().toList();
  }
}
