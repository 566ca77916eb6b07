package org.gridscape.server.sample;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gridscape.server.sample.BuildingPlan.Building;
import org.gridscape.server.sample.GridPlan.Grid;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The people and records that run the grids: grid workers of the four networks, district organs
 * and their cadres, housing-safety inspections, illegal-construction cases and the events of the
 * seven-step loop since 1 July 2026, up to the reference date 27 November 2026.
 */
final class Governance {

  static final int COMPREHENSIVE = 210;
  static final int POLICE = 151;
  static final int COMMUNITY = 444;
  static final int PART_TIME = 30;
  static final int CADRES = 820;
  static final int EVENTS = 6_052;
  static final int EVENTS_CLOSED = 5_419;
  /** Events are counted up to this moment; open events with an earlier deadline are overdue. */
  static final LocalDateTime REFERENCE = LocalDateTime.of(2026, 11, 27, 0, 0);
  static final LocalDateTime EVENTS_FROM = LocalDateTime.of(2026, 7, 1, 0, 0);
  private static final ZoneOffset CST = ZoneOffset.ofHours(8);

  static final String[] ORGANS = {"党工委办公室", "纪检监察工委", "组织人事部", "宣传统战部", "政法委员会", "经济发展局",
      "财政局", "规划建设与交通局", "自然资源局", "生态环境局", "社会事业局", "卫生健康局", "应急管理局", "市场监督管理局",
      "公安分局", "城市管理局", "农业农村局", "招商服务局", "行政审批局", "住房和城乡建设局", "退役军人事务局", "总工会",
      "团工委", "妇女联合会"};

  private static final String[] EVENT_CATEGORIES = {"disputes", "public_requests", "public_security", "fire_hazard",
      "housing_safety", "illegal_construction", "production_safety", "sanitation", "epidemic", "assistance"};
  private static final double[] EVENT_WEIGHTS = {0.22, 0.18, 0.08, 0.12, 0.08, 0.07, 0.06, 0.12, 0.03, 0.04};
  private static final String[][] EVENT_TITLES = {
      {"邻里纠纷", "宅基地界址纠纷", "家庭矛盾", "劳资纠纷"},
      {"路灯损坏报修", "道路坑洼反映", "噪音扰民投诉", "办事咨询"},
      {"可疑人员出没", "电动车被盗", "治安隐患"},
      {"电动车违规充电", "消防通道堵塞", "楼道堆放杂物"},
      {"房屋墙体开裂", "危房隐患"},
      {"违章搭建", "私自加层"},
      {"企业安全隐患", "危化品存放不规范"},
      {"垃圾清运不及时", "污水外溢", "卫生死角"},
      {"防疫排查", "发热人员登记"},
      {"困难群众求助", "独居老人探访"}};
  private static final String[] LEVELS = {"simple", "general", "prominent", "major"};
  private static final double[] LEVEL_WEIGHTS = {0.55, 0.32, 0.10, 0.03};
  private static final int[] LEVEL_HOURS = {48, 120, 240, 480};
  private static final String[] OPEN_STEPS = {"patrol", "collection", "discovery", "dispatch", "handling",
      "verification", "supervision"};
  private static final double[] OPEN_STEP_WEIGHTS = {0.05, 0.08, 0.07, 0.20, 0.35, 0.15, 0.10};

  private final DistrictLayout layout;
  private final GridPlan plan;
  private final BuildingPlan buildings;
  private final Population population;
  private final Replica rep;
  private final SplittableRandom rng;
  private final SyntheticIdentity ids;
  private final Outputs out;
  private final String[] communityWorkerOfGrid;
  /** Which workers are Party members: a stream of its own, so the other draws stay as they were. */
  private final SplittableRandom partyRng;
  private final java.util.Set<String> membersWorking = new java.util.HashSet<>();
  /** The grid workers who patrol (not the organs' cadres), for {@link SamplePatrols}. */
  final List<SamplePatrols.PatrolWorker> patrolWorkers = new ArrayList<>();

  int comprehensive;
  int police;
  int community;
  int partTime;
  int cadres;
  int organs;
  int partyMemberWorkers;
  long inspections;
  long illegalCases;
  int events;
  int eventsClosed;

  Governance(DistrictLayout layout, GridPlan plan, BuildingPlan buildings, Population population, Replica rep,
      SplittableRandom rng, SplittableRandom partyRng, SyntheticIdentity ids, Outputs out) {
    this.layout = layout;
    this.plan = plan;
    this.buildings = buildings;
    this.population = population;
    this.rep = rep;
    this.rng = rng;
    this.partyRng = partyRng;
    this.ids = ids;
    this.out = out;
    this.communityWorkerOfGrid = new String[plan.grids.size()];
  }

  void run() {
    String[] organIds = writeOrgans();
    workers(organIds);
    buildingRecords();
    events();
  }

  /** Writes the district organs and returns their ids. */
  private String[] writeOrgans() {
    String[] organIds = new String[ORGANS.length];
    for (int i = 0; i < ORGANS.length; i++) {
      organIds[i] = "G" + Digits.pad(rep.index(), 2) + Digits.pad(i + 1, 2);
      out.organs.row(organIds[i], rep.name(ReferenceGeography.DISTRICT_NAME + ORGANS[i]));
      organs++;
    }
    return organIds;
  }

  // ---------------------------------------------------------------- workers

  private void workers(String[] organIds) {
    int nv = plan.byVillage.size();
    int[] gridsPerVillage = plan.byVillage.stream().mapToInt(List::size).toArray();
    int[] comp = allocate(COMPREHENSIVE, gridsPerVillage, 1, true);
    int[] pol = allocate(POLICE, gridsPerVillage, 1, true);
    int[] com = allocate(COMMUNITY, gridsPerVillage, -1, false);
    for (int v = 0; v < nv; v++) {
      List<Integer> grids = plan.byVillage.get(v);
      for (int[] chunk : chunks(grids, comp[v])) {
        worker("WC", ++comprehensive, "comprehensive", null, v, chunk);
      }
      for (int[] chunk : chunks(grids, pol[v])) {
        worker("WP", ++police, "police", null, v, chunk);
      }
      // One community worker per grid, the extra ones in the most populous grids.
      List<Integer> byPeople = new ArrayList<>(grids);
      byPeople.sort(Comparator.comparingInt((Integer g) -> -plan.grids.get(g).residents).thenComparingInt(g -> g));
      for (int i = 0; i < com[v]; i++) {
        int g = i < grids.size() ? grids.get(i) : byPeople.get((i - grids.size()) % byPeople.size());
        String id = worker("WM", ++community, "community", null, v, new int[] {g});
        if (communityWorkerOfGrid[g] == null) {
          communityWorkerOfGrid[g] = id;
        }
      }
    }
    // Part-time workers (postmen, couriers, ride-hailing drivers) cover a run of grids in a township.
    List<List<Integer>> byTownship = new ArrayList<>();
    int[] gridsPerTownship = new int[layout.townships.size()];
    for (int t = 0; t < layout.townships.size(); t++) {
      List<Integer> gs = new ArrayList<>();
      for (int vi : layout.townships.get(t).villages()) {
        gs.addAll(plan.byVillage.get(vi));
      }
      byTownship.add(gs);
      gridsPerTownship[t] = gs.size();
    }
    int[] pt = allocate(PART_TIME, gridsPerTownship, 1, true);
    for (int t = 0; t < pt.length; t++) {
      List<Integer> gs = byTownship.get(t);
      for (int i = 0; i < pt[t]; i++) {
        int len = Math.min(gs.size(), 6 + rng.nextInt(7));
        int start = rng.nextInt(gs.size() - len + 1);
        int[] chunk = gs.subList(start, start + len).stream().mapToInt(Integer::intValue).toArray();
        worker("WT", ++partTime, "part_time", null, -1, chunk);
      }
    }
    // Cadres of the district organs, linked to villages as part-time grid workers.
    int[] cad = allocate(CADRES, gridsPerVillage, 1, false);
    for (int v = 0; v < nv; v++) {
      List<Integer> grids = plan.byVillage.get(v);
      for (int i = 0; i < cad[v]; i++) {
        String organ = organIds[cadres % organIds.length];
        worker("WK", ++cadres, "cadre", organ, v, new int[] {grids.get(i % grids.size())});
      }
    }
  }

  private String worker(String prefix, int seq, String type, String organ, int village, int[] grids) {
    String id = prefix + Digits.pad(rep.index(), 2) + Digits.pad(seq, 5);
    StringBuilder codes = new StringBuilder();
    for (int g : grids) {
      if (codes.length() > 0) {
        codes.append(';');
      }
      codes.append(rep.grid(plan.grids.get(g).code));
    }
    String villageCode = village < 0 ? null : rep.village(layout.villages.get(village).ref.code());
    Population.Member member = memberAmong(type, grids);
    out.workers.row(id, ids.name(rng), type, ids.workerPhone(), organ, villageCode, codes.toString(),
        member == null ? null : member.id());
    if (!"cadre".equals(type)) {
      patrolWorkers.add(new SamplePatrols.PatrolWorker(id, type, grids.clone(), member));
    }
    return id;
  }

  /**
   * The Party member a new worker is (党员网格员), or null: half of the community workers, usually the
   * grid's first member (the branch's secretary often serves as its community worker), and two in
   * five comprehensive workers, a member living in one of their grids. Police officers belong to
   * their station's Party organisation and part-time workers and cadres are not linked, so none of
   * them is a member of a grid branch here. A member is one worker at most.
   */
  private Population.Member memberAmong(String type, int[] grids) {
    double share = switch (type) {
      case "community" -> 0.5;
      case "comprehensive" -> 0.4;
      default -> 0;
    };
    if (share == 0 || partyRng.nextDouble() >= share) {
      return null;
    }
    int start = partyRng.nextInt(grids.length);
    for (int k = 0; k < grids.length; k++) {
      List<Population.Member> members = population.membersByGrid.getOrDefault(grids[(start + k) % grids.length], List.of());
      List<Population.Member> free = members.stream().filter(m -> !membersWorking.contains(m.id())).toList();
      if (free.isEmpty()) {
        continue;
      }
      Population.Member chosen = "community".equals(type) ? free.get(0) : free.get(partyRng.nextInt(free.size()));
      membersWorking.add(chosen.id());
      partyMemberWorkers++;
      return chosen;
    }
    return null;
  }

  /**
   * Splits {@code total} workers over villages in proportion to their grids (largest remainder),
   * with at least {@code min} each ({@code -1}: at least one per grid) and, when {@code capAtGrids},
   * at most one per grid so that each worker has a grid of their own.
   */
  static int[] allocate(int total, int[] grids, int min, boolean capAtGrids) {
    int n = grids.length;
    int[] out = new int[n];
    int given = 0;
    for (int i = 0; i < n; i++) {
      out[i] = min < 0 ? grids[i] : Math.min(min, grids[i]);
      given += out[i];
    }
    int sum = Arrays.stream(grids).sum();
    if (given > total || (capAtGrids && sum < total)) {
      throw new IllegalArgumentException("cannot place " + total + " workers on " + sum + " grids");
    }
    while (given < total) {
      int best = -1;
      double bestGap = -Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        if (capAtGrids && out[i] >= grids[i]) {
          continue;
        }
        double gap = (double) total * grids[i] / sum - out[i];
        if (gap > bestGap) {
          best = i;
          bestGap = gap;
        }
      }
      out[best]++;
      given++;
    }
    return out;
  }

  /** {@code parts} consecutive runs of the grids (in code order), as even as possible. */
  private static List<int[]> chunks(List<Integer> grids, int parts) {
    List<int[]> out = new ArrayList<>();
    int n = grids.size();
    for (int p = 0, pos = 0; p < parts; p++) {
      int len = n / parts + (p < n % parts ? 1 : 0);
      out.add(grids.subList(pos, pos + len).stream().mapToInt(Integer::intValue).toArray());
      pos += len;
    }
    return out;
  }

  // ---------------------------------------------------------------- buildings

  private void buildingRecords() {
    Map<Integer, Integer> caseSeq = new HashMap<>();
    for (Building b : buildings.buildings) {
      String id = population.buildingId(b);
      if (rng.nextDouble() < 0.97) {
        out.inspections.row(id, grade(b), LocalDate.of(2026, 1, 5).plusDays(rng.nextInt(320)).toString(),
            communityWorkerOfGrid[b.grid]);
        inspections++;
      }
      double p = b.use.equals("residential") && !b.highRise() && b.year >= 2000 ? 0.011 : 0.002;
      if (rng.nextDouble() < p) {
        double r = rng.nextDouble();
        String status = r < 0.6 ? "remediated" : r < 0.85 ? "remediating" : "open";
        int seq = caseSeq.merge(b.village, 1, Integer::sum);
        out.illegalConstruction.row("IC" + rep.village(layout.villages.get(b.village).ref.code())
            + Digits.pad(seq, 3), id, status,
            LocalDate.of(2025, 1, 1).plusDays(rng.nextInt(690)).toString());
        illegalCases++;
      }
    }
  }

  /** JGJ 125 grade: old masonry houses are the ones found in C or D. */
  private String grade(Building b) {
    double[] p;
    if (b.year < 1990 || b.structure.equals("masonry")) {
      p = new double[] {0.55, 0.30, 0.11};
    } else if (b.use.equals("residential") && !b.highRise()) {
      p = new double[] {0.82, 0.145, 0.03};
    } else {
      p = new double[] {0.90, 0.09, 0.009};
    }
    double r = rng.nextDouble();
    return r < p[0] ? "A" : r < p[0] + p[1] ? "B" : r < p[0] + p[1] + p[2] ? "C" : "D";
  }

  // ---------------------------------------------------------------- events

  private void events() {
    long from = EVENTS_FROM.toEpochSecond(CST);
    long to = REFERENCE.minusHours(4).toEpochSecond(CST);
    long[] reported = new long[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      reported[i] = from + (long) (rng.nextDouble() * (to - from)) / 60 * 60;
    }
    Arrays.sort(reported);
    // The events still open are mostly recent ones: weighted sampling without replacement.
    double[] key = new double[EVENTS];
    long ref = REFERENCE.toEpochSecond(CST);
    for (int i = 0; i < EVENTS; i++) {
      double weight = Math.exp(-(ref - reported[i]) / (12.0 * 86_400));
      key[i] = -Math.log(1 - rng.nextDouble()) / weight;
    }
    Integer[] order = new Integer[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key[i]).thenComparingInt(i -> i));
    boolean[] open = new boolean[EVENTS];
    for (int k = 0; k < EVENTS - EVENTS_CLOSED; k++) {
      open[order[k]] = true;
    }
    double[] cumulative = new double[plan.grids.size()];
    double acc = 0;
    for (Grid g : plan.grids) {
      acc += g.residents;
      cumulative[g.index] = acc;
    }
    Map<Integer, PreparedGeometry> gridShapes = new HashMap<>();
    for (int i = 0; i < EVENTS; i++) {
      int c = pick(EVENT_WEIGHTS);
      int level = pick(LEVEL_WEIGHTS);
      int gi = Arrays.binarySearch(cumulative, rng.nextDouble() * acc);
      gi = Math.min(plan.grids.size() - 1, gi < 0 ? -gi - 1 : gi);
      Grid g = plan.grids.get(gi);
      Coordinate at = location(g, gridShapes);
      long deadline = reported[i] + LEVEL_HOURS[level] * 3600L;
      String step;
      String closedAt = null;
      int supervised;
      if (open[i]) {
        step = OPEN_STEPS[pick(OPEN_STEP_WEIGHTS)];
        boolean overdue = deadline < ref;
        supervised = step.equals("supervision") || (overdue && rng.nextDouble() < 0.5) || rng.nextDouble() < 0.05 ? 1 : 0;
      } else {
        step = "closed";
        double share = rng.nextDouble() < 0.9 ? 0.1 + 0.85 * rng.nextDouble() : 1.05 + rng.nextDouble();
        long closed = Math.min(ref - 60, reported[i] + (long) (share * LEVEL_HOURS[level] * 3600) / 60 * 60);
        closedAt = time(Math.max(closed, reported[i] + 600));
        supervised = rng.nextDouble() < 0.04 ? 1 : 0;
        eventsClosed++;
      }
      String[] titles = EVENT_TITLES[c];
      String title = rep.name(g.name) + "：" + titles[rng.nextInt(titles.length)];
      out.events.row("E" + Digits.pad(rep.index(), 2) + Digits.pad(i + 1, 6), EVENT_CATEGORIES[c], LEVELS[level],
          title, lonLat(at.x, rep.dxUnits()), lonLat(at.y, rep.dyUnits()), rep.grid(g.code), time(reported[i]), step,
          closedAt, time(deadline), supervised);
      events++;
    }
  }

  /** Near a building of the grid (where things happen), always inside the grid. */
  private Coordinate location(Grid g, Map<Integer, PreparedGeometry> shapes) {
    PreparedGeometry shape = shapes.computeIfAbsent(g.index, k -> PreparedGeometryFactory.prepare(g.polygon));
    List<Integer> bs = buildings.byGrid.get(g.index);
    Coordinate base = bs.isEmpty() ? g.polygon.getInteriorPoint().getCoordinate()
        : buildings.buildings.get(bs.get(rng.nextInt(bs.size()))).centre.getCoordinate();
    Coordinate c = new Coordinate(base.x + (rng.nextDouble() - 0.5) * 2e-4, base.y + (rng.nextDouble() - 0.5) * 2e-4);
    DistrictLayout.PRECISION.makePrecise(c);
    if (shape.contains(DistrictLayout.LON_LAT.createPoint(c))) {
      return c;
    }
    Coordinate b = new Coordinate(base);
    DistrictLayout.PRECISION.makePrecise(b);
    return b;
  }

  private static String lonLat(double v, long shiftUnits) {
    long units = Math.round(v * 1e7) + shiftUnits;
    return (units < 0 ? "-" : "") + Math.abs(units) / 10_000_000L + "." + Digits.pad(Math.abs(units) % 10_000_000L, 7);
  }

  static String time(long epochSecond) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, CST);
    return Digits.pad(t.getYear(), 4) + "-" + Digits.pad(t.getMonthValue(), 2) + "-" + Digits.pad(t.getDayOfMonth(), 2)
        + "T" + Digits.pad(t.getHour(), 2) + ":" + Digits.pad(t.getMinute(), 2) + ":" + Digits.pad(t.getSecond(), 2)
        + "+08:00";
  }

  private int pick(double[] weights) {
    double r = rng.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
