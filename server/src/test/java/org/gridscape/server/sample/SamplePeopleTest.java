package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Personal data is synthetic by construction; the Party, assistance and event layers hang together. */
class SamplePeopleTest {

  private static final String RESIDENTS_HEADER =
      "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags";
  static final String WORKERS_HEADER = "worker_id,name,type,phone,organ,village_code,grid_codes,member_id";
  private static SampleFixture sample;
  private static List<Map<String, String>> residents;

  @BeforeAll
  static void generate() {
    sample = SampleFixture.get();
    residents = sample.csv("residents.csv", RESIDENTS_HEADER);
  }

  @Test
  void idNumbersFollowOnlyTheSyntheticScheme() {
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    String checks = "10X98765432";
    Set<String> seen = new HashSet<>();
    for (Map<String, String> r : residents) {
      String id = r.get("id_number");
      assertThat(id).as(r.get("resident_id")).matches("3505(5\\d|[6-9]\\d)\\d{8}9\\d{2}[0-9X]");
      // Scale 1: region 350599, which GB/T 2260 never assigned (Quanzhou uses 350502-350583).
      assertThat(id).startsWith("350599");
      int sum = 0;
      for (int i = 0; i < 17; i++) {
        sum += (id.charAt(i) - '0') * weights[i];
      }
      assertThat(id.charAt(17)).isEqualTo(checks.charAt(sum % 11));
      LocalDate birth = LocalDate.parse(id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14));
      assertThat(birth.getYear()).isEqualTo(Integer.parseInt(r.get("birth_year")));
      assertThat((id.charAt(16) - '0') % 2 == 1).isEqualTo(r.get("gender").equals("male"));
      assertThat(seen.add(id)).as("duplicate " + id).isTrue();
      assertThat(SyntheticIdentity.isSynthetic(id)).isTrue();
      assertThat(r.get("name")).matches("\\p{IsHan}某\\d+");
      assertThat(r.get("phone")).matches("(17000\\d{6})?");
    }
  }

  @Test
  void householdsHaveAnAdultHeadAndTagsMatchTheirMeaning() {
    Map<String, List<Map<String, String>>> byHousehold = residents.stream()
        .collect(Collectors.groupingBy(r -> r.get("household_id")));
    assertThat(byHousehold).allSatisfy((h, people) -> {
      assertThat(people.stream().filter(p -> p.get("relation").equals("head"))).hasSize(1);
      assertThat(people.get(0).get("relation")).isEqualTo("head");
      assertThat(2026 - Integer.parseInt(people.get(0).get("birth_year"))).isGreaterThanOrEqualTo(18);
      for (Map<String, String> p : people) {
        int age = 2026 - Integer.parseInt(p.get("birth_year"));
        Set<String> tags = Set.of(p.get("tags").split(";"));
        if (tags.contains("elderly_alone")) {
          assertThat(people).hasSize(1);
          assertThat(age).isGreaterThanOrEqualTo(65);
        }
        if (tags.contains("left_behind_child")) {
          assertThat(age).isLessThan(16);
        }
      }
    });
  }

  @Test
  void assistanceHelpersAreTheLinkedPartyMember() {
    List<Map<String, String>> cases = sample.csv("assistance.csv",
        "case_id,household_id,category,helper_member_id,status,visits,last_visit");
    // About 3 % of households are needy.
    assertThat(cases.size()).isBetween(1_700, 2_400);
    Map<String, String> linkOf = new HashMap<>();
    sample.csv("party-links.csv", "member_id,household_id").forEach(l -> linkOf.put(l.get("household_id"), l.get("member_id")));
    assertThat(cases).allSatisfy(c -> {
      assertThat(c.get("helper_member_id")).isEqualTo(linkOf.get(c.get("household_id")));
      assertThat(c.get("category")).isIn("dibao", "tekun", "dibao_edge", "disabled", "elderly_alone", "left_behind_child");
      assertThat(c.get("status")).isIn("active", "closed");
    });
    assertThat(cases.stream().map(c -> c.get("category")).distinct()).hasSize(6);
  }

  @Test
  void partyBranchesCoverEveryGrid() {
    List<Map<String, String>> orgs = sample.csv("party-orgs.csv", "org_id,kind,name,parent_org_id,region_code,formation");
    Map<String, Map<String, String>> byId = orgs.stream().collect(Collectors.toMap(o -> o.get("org_id"), o -> o));
    Set<String> branchGrids = new HashSet<>();
    for (Map<String, String> o : orgs) {
      switch (o.get("kind")) {
        case "village_org" -> assertThat(o.get("parent_org_id")).isEmpty();
        case "grid_branch" -> {
          assertThat(byId.get(o.get("parent_org_id")).get("kind")).isEqualTo("village_org");
          assertThat(o.get("region_code")).startsWith(byId.get(o.get("parent_org_id")).get("region_code"));
          assertThat(branchGrids.add(o.get("region_code"))).isTrue();
        }
        case "building_group" -> assertThat(byId.get(o.get("parent_org_id")).get("kind")).isEqualTo("grid_branch");
        default -> throw new AssertionError(o);
      }
    }
    // Members of a grid without its own branch belong to the joint branch of a grid of the same village.
    List<Map<String, String>> members = sample.csv("party-members.csv", "member_id,resident_id,org_id,duty_points,stars");
    assertThat(members).allSatisfy(m -> {
      Map<String, String> org = byId.get(m.get("org_id"));
      Map<String, String> branch = org.get("kind").equals("building_group") ? byId.get(org.get("parent_org_id")) : org;
      assertThat(branch.get("kind")).isEqualTo("grid_branch");
      assertThat(branch.get("region_code").substring(0, 12)).isEqualTo(m.get("member_id").substring(1, 13));
    });
  }

  @Test
  void eventsRunSinceJulyWithOverdueAndSupervisedOnes() {
    OffsetDateTime from = OffsetDateTime.parse("2026-07-01T00:00:00+08:00");
    OffsetDateTime reference = OffsetDateTime.parse("2026-11-27T00:00:00+08:00");
    int overdue = 0;
    int supervised = 0;
    Set<String> openSteps = new HashSet<>();
    for (Map<String, String> e : sample.csv("events.csv",
        "event_id,category,level,title,lon,lat,grid_code,reported_at,step,closed_at,deadline,supervised")) {
      OffsetDateTime reported = OffsetDateTime.parse(e.get("reported_at"));
      OffsetDateTime deadline = OffsetDateTime.parse(e.get("deadline"));
      assertThat(reported).isAfterOrEqualTo(from).isBefore(reference);
      assertThat(deadline).isAfter(reported);
      if (e.get("step").equals("closed")) {
        OffsetDateTime closed = OffsetDateTime.parse(e.get("closed_at"));
        assertThat(closed).isAfter(reported).isBeforeOrEqualTo(reference);
      } else {
        openSteps.add(e.get("step"));
        if (deadline.isBefore(reference)) {
          overdue++;
        }
      }
      supervised += Integer.parseInt(e.get("supervised"));
    }
    assertThat(openSteps).containsExactlyInAnyOrder("patrol", "collection", "discovery", "dispatch", "handling",
        "verification", "supervision");
    assertThat(overdue).isPositive();
    assertThat(supervised).isPositive();
  }

  /**
   * Some grid workers are Party members (党员网格员): community and comprehensive workers only, each
   * member one worker at most; a member-worker's visits to the households linked to them lie in the
   * worker's own grids (the member lives there) and are half or so of their visits.
   */
  @Test
  void someGridWorkersArePartyMembers() {
    List<Map<String, String>> workers = sample.csv("workers.csv", WORKERS_HEADER);
    Set<String> members = sample.csv("party-members.csv", "member_id,resident_id,org_id,duty_points,stars").stream()
        .map(m -> m.get("member_id")).collect(Collectors.toSet());
    List<Map<String, String>> memberWorkers = workers.stream().filter(w -> !w.get("member_id").isEmpty()).toList();
    long patrolling = workers.stream().filter(w -> !w.get("type").equals("cadre")).count();
    assertThat(memberWorkers.size()).isBetween((int) (patrolling / 4), (int) (patrolling / 2));
    assertThat(memberWorkers).allSatisfy(w -> {
      assertThat(w.get("type")).isIn("community", "comprehensive");
      assertThat(members).contains(w.get("member_id"));
    });
    assertThat(memberWorkers.stream().map(w -> w.get("member_id")).distinct().count()).isEqualTo(memberWorkers.size());
    Map<String, String> linkedTo = new HashMap<>();
    sample.csv("party-links.csv", "member_id,household_id").forEach(l -> linkedTo.put(l.get("household_id"),
        l.get("member_id")));
    Map<String, Map<String, String>> byId = memberWorkers.stream().collect(Collectors.toMap(w -> w.get("worker_id"), w -> w));
    int linkedVisits = 0;
    int visits = 0;
    for (Map<String, String> v : sample.csv("visits.csv",
        "visit_id,worker_id,grid_code,building_id,household_id,visited_at,lon,lat,accuracy,distance_m,note")) {
      Map<String, String> w = byId.get(v.get("worker_id"));
      if (w == null) {
        continue;
      }
      visits++;
      if (w.get("member_id").equals(linkedTo.get(v.get("household_id")))) {
        linkedVisits++;
        assertThat(w.get("grid_codes").split(";")).contains(v.get("grid_code"));
      }
    }
    assertThat(linkedVisits).isBetween(visits * 2 / 5, visits * 3 / 5);
  }

  /**
   * duty-points.csv: activities (the branches' Party days and volunteer work) and relief goods over
   * the four weeks before the reference date, recorded by an account at a time, each member's in time
   * order; relief goods go to households with an active assistance case, and no spend exceeds the
   * member's imported points plus what they earned before it (visits would only add).
   */
  @Test
  void dutyPointsRecordedOverTheMonth() {
    Map<String, Integer> balance = new HashMap<>();
    sample.csv("party-members.csv", "member_id,resident_id,org_id,duty_points,stars")
        .forEach(m -> balance.put(m.get("member_id"), Integer.parseInt(m.get("duty_points"))));
    Set<String> active = sample.csv("assistance.csv",
        "case_id,household_id,category,helper_member_id,status,visits,last_visit").stream()
        .filter(c -> c.get("status").equals("active")).map(c -> c.get("household_id")).collect(Collectors.toSet());
    OffsetDateTime reference = OffsetDateTime.parse("2026-11-27T00:00:00+08:00");
    Map<String, OffsetDateTime> last = new HashMap<>();
    Map<String, Integer> kinds = new HashMap<>();
    Set<String> notes = new HashSet<>();
    List<Map<String, String>> rows = sample.csv("duty-points.csv",
        "member_id,kind,points,household_id,note,recorded_by,recorded_at");
    for (Map<String, String> r : rows) {
      String member = r.get("member_id");
      assertThat(balance).containsKey(member);
      OffsetDateTime at = OffsetDateTime.parse(r.get("recorded_at"));
      assertThat(at).isAfterOrEqualTo(reference.minusDays(28)).isBefore(reference);
      OffsetDateTime before = last.put(member, at);
      if (before != null) {
        assertThat(at).as(member).isAfter(before);
      }
      assertThat(r.get("recorded_by")).isEqualTo("admin");
      int points = Integer.parseInt(r.get("points"));
      assertThat(points).isBetween(1, 30);
      kinds.merge(r.get("kind"), 1, Integer::sum);
      notes.add(r.get("note"));
      if (r.get("kind").equals("relief_goods")) {
        assertThat(active).contains(r.get("household_id"));
        points = -points;
      } else {
        assertThat(r.get("kind")).isEqualTo("activity");
        assertThat(r.get("household_id")).isEmpty();
      }
      int after = balance.merge(member, points, Integer::sum);
      assertThat(after).as(member).isNotNegative();
    }
    assertThat(kinds.keySet()).containsExactlyInAnyOrder("activity", "relief_goods");
    // most members were at their branch's Party day; some did volunteer work, a few gave relief goods
    assertThat(rows.stream().filter(r -> r.get("note").equals("主题党日")).count()).isBetween(4_000L, 5_700L);
    assertThat(kinds.get("relief_goods")).isBetween(100, 1_000);
    assertThat(notes.size()).isGreaterThan(8);
  }

  @Test
  void housingSafetyAndIllegalConstruction() {
    List<Map<String, String>> inspections = sample.csv("inspections.csv", "building_id,grade,inspected_on,inspector");
    Map<String, Long> grades = inspections.stream().collect(Collectors.groupingBy(i -> i.get("grade"), Collectors.counting()));
    assertThat(grades.keySet()).containsExactlyInAnyOrder("A", "B", "C", "D");
    assertThat(grades.get("A")).isGreaterThan(inspections.size() / 2);
    assertThat(grades.get("D")).isLessThan(grades.get("C")).isLessThan(inspections.size() / 20);
    Set<String> workerIds = sample.csv("workers.csv", WORKERS_HEADER)
        .stream().map(w -> w.get("worker_id")).collect(Collectors.toSet());
    assertThat(inspections).allMatch(i -> workerIds.contains(i.get("inspector")));
    List<Map<String, String>> cases = sample.csv("illegal-construction.csv", "case_id,building_id,status,found_on");
    assertThat(cases.size()).isBetween(150, 600);
    assertThat(cases.stream().map(c -> c.get("status")).distinct()).containsExactlyInAnyOrder("open", "remediating",
        "remediated");
  }
}
