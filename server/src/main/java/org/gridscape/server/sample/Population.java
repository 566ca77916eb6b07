package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.sample.BuildingPlan.Building;
import org.gridscape.server.sample.GridPlan.Grid;

/**
 * Households, residents, Party members with their linked households, and needy households with
 * their helpers, grid by grid, streamed straight to the CSV files. Counts per grid come from the
 * plan, so totals are exact whatever the random draws.
 */
final class Population {

  static final int REFERENCE_YEAR = 2026;
  /** About 3 % of households receive assistance. */
  private static final double ASSISTANCE_RATE = 0.03;
  private static final String[] CATEGORIES = {"dibao", "tekun", "dibao_edge", "disabled", "elderly_alone",
      "left_behind_child"};
  private static final double[] CATEGORY_WEIGHTS = {0.30, 0.08, 0.15, 0.20, 0.17, 0.10};

  private final GridPlan plan;
  private final BuildingPlan buildings;
  private final PartyPlan party;
  private final Replica rep;
  private final SplittableRandom rng;
  private final SyntheticIdentity ids;
  private final Outputs out;
  private final List<String> villageCodes;

  long households;
  long residents;
  long members;
  long links;
  long assistanceCases;
  /** Per grid index: its households' ids and the indexes of their buildings, for the sample's visits. */
  final java.util.Map<Integer, SampleField.Homes> homes = new java.util.HashMap<>();
  /** Building Party groups: id, name, parent branch id, grid code (written with the other orgs). */
  final List<String[]> buildingGroups = new ArrayList<>();
  /** Per grid index: its Party members, in id order, for the workers who are members and their points. */
  final java.util.Map<Integer, List<Member>> membersByGrid = new java.util.HashMap<>();

  /**
   * A Party member living in a grid: the imported points, and the households linked to them (indexes
   * {@code [firstHome, endHome)} into the grid's {@link SampleField.Homes}), those of them with an
   * active assistance case listed by id.
   */
  record Member(String id, int grid, int points, int firstHome, int endHome, List<String> assisted) {}

  private int[] householdSeq;
  private int[] residentSeq;
  private int[] memberSeq;
  private int[] caseSeq;

  Population(GridPlan plan, BuildingPlan buildings, PartyPlan party, Replica rep, SplittableRandom rng,
      SyntheticIdentity ids, Outputs out, List<String> villageCodes) {
    this.plan = plan;
    this.buildings = buildings;
    this.party = party;
    this.rep = rep;
    this.rng = rng;
    this.ids = ids;
    this.out = out;
    this.villageCodes = villageCodes;
  }

  /** One resident before it is written. */
  private static final class Person {
    String relation;
    int age;
    boolean male;
    final List<String> tags = new ArrayList<>();
    String id;
  }

  void run() {
    int nv = villageCodes.size();
    householdSeq = new int[nv];
    residentSeq = new int[nv];
    memberSeq = new int[nv];
    caseSeq = new int[nv];
    for (List<Integer> gridIds : plan.byVillage) {
      for (int gi : gridIds) {
        grid(plan.grids.get(gi));
      }
    }
  }

  private void grid(Grid g) {
    String village = rep.village(villageCodes.get(g.village));
    int h = g.households;
    int[] home = new int[h];
    int k = 0;
    for (int bi : buildings.byGrid.get(g.index)) {
      Building b = buildings.buildings.get(bi);
      for (int c = 0; c < b.capacity && k < h; c++) {
        home[k++] = bi;
      }
    }
    if (k != h) {
      throw new IllegalStateException("grid " + g.code + " houses " + k + " of " + h + " households");
    }
    boolean dorm = g.kind == GridKind.ENTERPRISE;
    int maxSize = dorm ? 3 : 7;
    int[] size = new int[h];
    java.util.Arrays.fill(size, 1);
    for (int extra = g.residents - h; extra > 0; ) {
      int i = rng.nextInt(h);
      if (size[i] < maxSize) {
        size[i]++;
        extra--;
      }
    }
    List<List<Person>> people = new ArrayList<>(h);
    String[] householdId = new String[h];
    for (int i = 0; i < h; i++) {
      people.add(household(size[i], dorm));
      householdId[i] = "H" + village + Digits.pad(++householdSeq[g.village], 5);
    }

    // Party members: one per run of 10-12 neighbouring households, chosen among their adults.
    int m = party.members[g.index];
    int[] chunkStart = new int[m + 1];
    for (int c = 0, pos = 0; c < m; c++) {
      chunkStart[c] = pos;
      pos += h / m + (c < h % m ? 1 : 0);
      chunkStart[c + 1] = pos;
    }
    int[] memberHousehold = new int[m];
    Person[] memberPerson = new Person[m];
    for (int c = 0; c < m; c++) {
      int len = chunkStart[c + 1] - chunkStart[c];
      int start = rng.nextInt(len);
      for (int t = 0; t < len; t++) {
        int hi = chunkStart[c] + (start + t) % len;
        Person adult = people.get(hi).stream().filter(p -> p.age >= 20 && p.age <= 80).findFirst().orElse(null);
        if (adult != null || t == len - 1) {
          memberHousehold[c] = adult != null ? hi : chunkStart[c] + start;
          memberPerson[c] = adult != null ? adult : people.get(memberHousehold[c]).get(0);
          break;
        }
      }
    }

    // Needy households, tagged before the residents are written.
    String[] caseCategory = new String[h];
    for (int i = 0; i < h; i++) {
      if (rng.nextDouble() < ASSISTANCE_RATE) {
        caseCategory[i] = category(people.get(i));
        tag(people.get(i), caseCategory[i]);
      }
    }

    for (int i = 0; i < h; i++) {
      String building = buildingId(buildings.buildings.get(home[i]));
      out.households.row(householdId[i], building, size[i]);
      for (Person p : people.get(i)) {
        p.id = "R" + village + Digits.pad(++residentSeq[g.village], 6);
        int birthYear = REFERENCE_YEAR - p.age;
        out.residents.row(p.id, householdId[i], ids.name(rng), ids.idNumber(birthYear, p.male, rng),
            p.age >= 16 ? ids.residentPhone() : null, p.male ? "male" : "female", birthYear, p.relation,
            String.join(";", p.tags));
        residents++;
      }
    }
    homes.put(g.index, new SampleField.Homes(householdId, home));
    households += h;

    // Building Party groups where three or more members live in one tower.
    String branch = "PB" + rep.grid(plan.grids.get(party.branchGrid[g.index]).code);
    TreeMap<Integer, Integer> perTower = new TreeMap<>();
    for (int c = 0; c < m; c++) {
      int bi = home[memberHousehold[c]];
      if (buildings.buildings.get(bi).highRise()) {
        perTower.merge(bi, 1, Integer::sum);
      }
    }
    TreeMap<Integer, String> groupOf = new TreeMap<>();
    perTower.forEach((bi, count) -> {
      if (count >= 3) {
        String bid = buildingId(buildings.buildings.get(bi));
        String id = "PG" + bid;
        groupOf.put(bi, id);
        buildingGroups.add(new String[] {id, rep.name(g.name) + bid.substring(bid.length() - 3) + "号楼党小组", branch,
            rep.grid(g.code)});
      }
    });

    String[] memberId = new String[m];
    List<Member> gridMembers = new ArrayList<>(m);
    for (int c = 0; c < m; c++) {
      memberId[c] = "M" + village + Digits.pad(++memberSeq[g.village], 4);
      int points = 40 + rng.nextInt(61);
      int stars = points >= 90 ? 5 : points >= 80 ? 4 : points >= 70 ? 3 : points >= 60 ? 2 : 1;
      String org = groupOf.getOrDefault(home[memberHousehold[c]], branch);
      out.partyMembers.row(memberId[c], memberPerson[c].id, org, points, stars);
      List<String> assisted = new ArrayList<>();
      for (int i = chunkStart[c]; i < chunkStart[c + 1]; i++) {
        out.partyLinks.row(memberId[c], householdId[i]);
        links++;
        if (caseCategory[i] != null) {
          boolean active = rng.nextDouble() < 0.85;
          if (active) {
            assisted.add(householdId[i]);
          }
          int visits = 1 + rng.nextInt(active ? 24 : 12);
          String last = java.time.LocalDate.of(2026, 7, 1).plusDays(rng.nextInt(149)).toString();
          out.assistance.row("A" + village + Digits.pad(++caseSeq[g.village], 4), householdId[i],
              caseCategory[i], memberId[c], active ? "active" : "closed", visits, last);
          assistanceCases++;
        }
      }
      gridMembers.add(new Member(memberId[c], g.index, points, chunkStart[c], chunkStart[c + 1], List.copyOf(assisted)));
    }
    membersByGrid.put(g.index, gridMembers);
    members += m;
  }

  String buildingId(Building b) {
    return BuildingPlan.buildingId(rep.village(villageCodes.get(b.village)), b.seq);
  }

  private List<Person> household(int size, boolean dorm) {
    List<Person> hh = new ArrayList<>(size);
    Person head = new Person();
    head.relation = "head";
    head.male = rng.nextDouble() < 0.75;
    if (dorm) {
      head.age = 19 + rng.nextInt(32);
    } else if (size == 1) {
      head.age = rng.nextDouble() < 0.55 ? 65 + rng.nextInt(28) : 22 + rng.nextInt(43);
    } else {
      head.age = 28 + rng.nextInt(45);
    }
    hh.add(head);
    if (size == 1 && head.age >= 65) {
      head.tags.add("elderly_alone");
    }
    boolean spouse = !dorm && size >= 2 && rng.nextDouble() < 0.9;
    if (spouse) {
      Person s = new Person();
      s.relation = "spouse";
      s.male = !head.male;
      s.age = Math.max(20, head.age - 4 + rng.nextInt(9));
      hh.add(s);
    }
    int parents = !dorm && size - hh.size() >= 3 && head.age <= 60 && rng.nextDouble() < 0.35 ? 1 + rng.nextInt(2) : 0;
    for (int i = 0; i < parents; i++) {
      Person p = new Person();
      p.relation = "parent";
      p.male = i == 0;
      p.age = Math.min(98, head.age + 24 + rng.nextInt(9));
      hh.add(p);
    }
    while (hh.size() < size) {
      Person c = new Person();
      c.male = rng.nextBoolean();
      if (dorm) {
        c.relation = "other";
        c.age = 19 + rng.nextInt(30);
      } else {
        int age = head.age - 22 - rng.nextInt(15);
        if (age >= 28 && rng.nextDouble() < 0.4) {
          c.relation = "grandchild";
          c.age = rng.nextInt(13);
        } else {
          c.relation = "child";
          c.age = Math.max(0, age);
        }
      }
      hh.add(c);
    }
    return hh;
  }

  private String category(List<Person> hh) {
    double r = rng.nextDouble();
    String c = CATEGORIES[CATEGORIES.length - 1];
    for (int i = 0; i < CATEGORIES.length; i++) {
      r -= CATEGORY_WEIGHTS[i];
      if (r < 0) {
        c = CATEGORIES[i];
        break;
      }
    }
    // Categories that need a certain household fall back to an income-based one.
    if (c.equals("elderly_alone") && !(hh.size() == 1 && hh.get(0).age >= 65)) {
      c = "dibao";
    }
    if (c.equals("left_behind_child") && hh.stream().noneMatch(p -> p.age < 16)) {
      c = "dibao_edge";
    }
    return c;
  }

  private void tag(List<Person> hh, String category) {
    switch (category) {
      case "elderly_alone" -> {
        // already tagged when the household was made
      }
      case "left_behind_child" -> hh.stream().filter(p -> p.age < 16).forEach(p -> p.tags.add(category));
      case "disabled" -> hh.get(rng.nextInt(hh.size())).tags.add(category);
      default -> hh.get(0).tags.add(category);
    }
  }
}
