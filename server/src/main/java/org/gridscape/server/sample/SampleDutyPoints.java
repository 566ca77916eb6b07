package org.gridscape.server.sample;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A month of duty-points entries (修分争星; duty-points.csv, docs/DATA-FORMATS.md) recorded by hand,
 * in the four weeks of the sample's visits: every grid Party branch holds its monthly Party day
 * (主题党日, +2 for each member there, most of them), one member in five records one or two
 * volunteer activities, and about one member in ten with a balance of 50 or more spends 10-30
 * points on relief goods (爱心物资) for a household of the grid with an active assistance case, their
 * own linked one where they have one. Each row is what {@code POST /api/v1/party-members/{id}/points}
 * would record, by the recording account at its time; the loader replays them through the ledger
 * ({@code DutyPoints.importRecorded}), which adds the opening balance (the imported points) and the
 * points of the member's visits to linked households before them. A spend never exceeds the balance
 * before it (the imported points alone are at least 40). Opening balances and visit awards are not
 * in the file: the ledger makes them. Its own random stream, so the other files do not change with it.
 */
final class SampleDutyPoints {

  /** Who records entries in the sample: the account every installation has. */
  static final String RECORDER = "admin";
  static final int PARTY_DAY_POINTS = 2;
  private static final ZoneOffset CST = ZoneOffset.ofHours(8);
  private static final int DAYS = 28;
  private static final String[] ACTIVITIES = {"志愿服务：环境整治", "义务巡河", "政策宣传进家户", "关爱独居老人",
      "协助调解邻里纠纷", "文明创建志愿服务", "防汛值守"};
  private static final int[] ACTIVITY_POINTS = {3, 3, 2, 3, 5, 3, 5};
  private static final String[] GOODS = {"大米一袋", "食用油两桶", "爱心物资包", "冬衣一套"};
  private static final int[] GOODS_POINTS = {10, 15, 20, 30};

  private final PartyPlan party;
  private final Map<Integer, List<Population.Member>> members;
  private final SplittableRandom rng;
  long entries;

  SampleDutyPoints(PartyPlan party, Map<Integer, List<Population.Member>> members, Replica rep, long seed) {
    this.party = party;
    this.members = members;
    this.rng = new SplittableRandom(seed * 179_424_673L + 2_038_074_743L * (rep.index() + 1));
  }

  /** One row before it is written. */
  private record Entry(LocalDateTime at, String kind, int points, String household, String note) {}

  /** Writes the entries of every member of the grids, grid by grid, each member's in time order. */
  void write(List<Integer> grids, CsvOut out) {
    LocalDateTime start = SamplePatrols.PERIOD_END.minusDays(DAYS);
    // each branch's Party day: a day of the window, in the afternoon; the joined grids' members come too
    Map<Integer, LocalDateTime> partyDay = new java.util.HashMap<>();
    Map<Integer, Double> attendance = new java.util.HashMap<>();
    for (int g : grids) {
      int host = party.branchGrid[g];
      if (!partyDay.containsKey(host)) {
        partyDay.put(host, start.plusDays(rng.nextInt(DAYS)).plusHours(14 + rng.nextInt(3)));
        attendance.put(host, 0.7 + 0.25 * rng.nextDouble());
      }
    }
    for (int g : grids) {
      List<Population.Member> inGrid = members.getOrDefault(g, List.of());
      // the grid's households with an active case, for relief goods from members without one of their own
      List<String> assisted = inGrid.stream().flatMap(m -> m.assisted().stream()).toList();
      int host = party.branchGrid[g];
      for (Population.Member m : inGrid) {
        List<Entry> list = new ArrayList<>();
        if (rng.nextDouble() < attendance.get(host)) {
          list.add(new Entry(partyDay.get(host).plusMinutes(rng.nextInt(60)), "activity", PARTY_DAY_POINTS, null,
              "主题党日"));
        }
        if (rng.nextDouble() < 0.2) {
          int n = 1 + rng.nextInt(2);
          for (int k = 0; k < n; k++) {
            int a = rng.nextInt(ACTIVITIES.length);
            list.add(new Entry(start.plusDays(rng.nextInt(DAYS)).plusMinutes(8 * 60 + rng.nextInt(12 * 60)), "activity",
                ACTIVITY_POINTS[a], null, ACTIVITIES[a]));
          }
        }
        if (m.points() >= 50 && !assisted.isEmpty() && rng.nextDouble() < 0.1) {
          int k = rng.nextInt(GOODS.length);
          List<String> own = m.assisted();
          String household = own.isEmpty() ? assisted.get(rng.nextInt(assisted.size())) : own.get(rng.nextInt(own.size()));
          list.add(new Entry(start.plusDays(rng.nextInt(DAYS)).plusMinutes(9 * 60 + rng.nextInt(9 * 60)), "relief_goods",
              GOODS_POINTS[k], household, GOODS[k]));
        }
        writeMember(m, list, out);
      }
    }
  }

  /** The member's entries in time order (a second apart where they meet), spends checked against the balance. */
  private void writeMember(Population.Member m, List<Entry> list, CsvOut out) {
    list.sort(Comparator.comparing(Entry::at));
    int balance = m.points();
    LocalDateTime last = null;
    for (Entry e : list) {
      LocalDateTime at = last != null && !e.at().isAfter(last) ? last.plusSeconds(1) : e.at();
      boolean spend = e.kind().equals("relief_goods");
      if (spend && e.points() > balance) {
        continue;
      }
      balance += spend ? -e.points() : e.points();
      out.row(m.id(), e.kind(), e.points(), e.household(), e.note(), RECORDER, at.atOffset(CST).toString());
      last = at;
      entries++;
    }
  }
}
