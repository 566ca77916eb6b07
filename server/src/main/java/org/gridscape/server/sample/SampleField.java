package org.gridscape.server.sample;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.gridscape.server.field.VisitService;
import org.gridscape.server.patrol.GroundFrame;
import org.gridscape.server.sample.BuildingPlan.Building;
import org.gridscape.server.sample.GridPlan.Grid;

/**
 * A month of visits and proposals (visits.csv, field-collections.csv; docs/DATA-FORMATS.md) up to
 * the reference date: each grid worker visits 2-4 households of their grids a week (a worker who is
 * a Party member half of the time one of the households linked to them), checking in
 * within a few metres of the building (one check-in in thirty is made 60-150 m away and flagged);
 * one worker in three makes a proposal (a housing-safety grade, an illegal-construction case or an
 * assistance category), pending, approved or rejected. Approved sample proposals are history: what
 * they proposed is part of the generated layers, so the import does not apply them again. Its own
 * random stream, so the other files do not change with it.
 */
final class SampleField {

  /** A grid's households and the indexes of their buildings. */
  record Homes(String[] householdIds, int[] buildings) {}

  private static final ZoneOffset CST = ZoneOffset.ofHours(8);
  private static final int WEEKS = 4;
  private static final String[] NOTES = {"入户走访，家中无异常", "了解生活情况", "宣传防诈骗", "核对人口信息",
      "检查用电用气安全", "慰问独居老人"};
  private static final String[] CATEGORIES = {"dibao", "dibao_edge", "disabled", "elderly_alone"};
  private static final String[] REASONS = {"现场核实情况不符", "材料不全，请补充", "已有同类记录"};

  private final GridPlan plan;
  private final BuildingPlan buildings;
  private final Map<Integer, Homes> homes;
  private final Replica rep;
  private final SplittableRandom rng;
  long visits;
  long collections;

  SampleField(GridPlan plan, BuildingPlan buildings, Map<Integer, Homes> homes, Replica rep, long seed) {
    this.plan = plan;
    this.buildings = buildings;
    this.homes = homes;
    this.rep = rep;
    this.rng = new SplittableRandom(seed * 15_485_863L + 32_452_843L * (rep.index() + 1));
  }

  void write(List<SamplePatrols.PatrolWorker> workers, CsvOut visitsOut, CsvOut collectionsOut) {
    LocalDateTime start = SamplePatrols.PERIOD_END.minusDays(WEEKS * 7L);
    for (SamplePatrols.PatrolWorker w : workers) {
      int n = 0;
      for (int week = 0; week < WEEKS; week++) {
        int count = 2 + rng.nextInt(3);
        for (int k = 0; k < count; k++) {
          Population.Member member = w.member();
          int g;
          int i;
          if (member != null && rng.nextBoolean()) {
            // 党员联户: half of a Party member's visits go to the households linked to them
            g = member.grid();
            i = member.firstHome() + rng.nextInt(member.endHome() - member.firstHome());
          } else {
            g = w.grids()[rng.nextInt(w.grids().length)];
            Homes any = homes.get(g);
            if (any == null || any.householdIds().length == 0) {
              continue;
            }
            i = rng.nextInt(any.householdIds().length);
          }
          Homes h = homes.get(g);
          Building b = buildings.buildings.get(h.buildings()[i]);
          LocalDateTime at = start.plusDays(week * 7L + rng.nextInt(7)).plusMinutes(8 * 60 + rng.nextInt(10 * 60));
          visit(visitsOut, w.id(), ++n, plan.grids.get(g), b, h.householdIds()[i], at);
        }
      }
      if (rng.nextInt(3) == 0) {
        propose(collectionsOut, w, start);
      }
    }
  }

  private void visit(CsvOut out, String worker, int n, Grid grid, Building b, String household, LocalDateTime at) {
    GroundFrame frame = GroundFrame.at(b.centre.getX(), b.centre.getY());
    boolean away = rng.nextInt(30) == 0;
    double r = away ? 60 + rng.nextDouble() * 90 : Math.abs(rng.nextGaussian()) * 6;
    double angle = rng.nextDouble() * 2 * Math.PI;
    double lon = b.centre.getX() + r * Math.cos(angle) / frame.metresPerDegreeLon();
    double lat = b.centre.getY() + r * Math.sin(angle) / GroundFrame.METRES_PER_DEGREE;
    // measured against the footprint before the replica's shift, which moves both alike
    double distance = VisitService.distanceM(b.footprint, lon, lat);
    String gridCode = rep.grid(grid.code);
    out.row("V" + Digits.pad(rep.index(), 2) + "-" + worker + "-" + n, worker, gridCode,
        BuildingPlan.buildingId(gridCode.substring(0, 12), b.seq), household, at.atOffset(CST).toString(),
        String.format(Locale.ROOT, "%.7f", lon + rep.dxUnits() / 1e7),
        String.format(Locale.ROOT, "%.7f", lat + rep.dyUnits() / 1e7), 5 + rng.nextInt(10),
        String.format(Locale.ROOT, "%.1f", distance), NOTES[rng.nextInt(NOTES.length)]);
    visits++;
  }

  private void propose(CsvOut out, SamplePatrols.PatrolWorker w, LocalDateTime start) {
    int g = w.grids()[rng.nextInt(w.grids().length)];
    Homes h = homes.get(g);
    if (h == null || h.householdIds().length == 0) {
      return;
    }
    int i = rng.nextInt(h.householdIds().length);
    Building b = buildings.buildings.get(h.buildings()[i]);
    String gridCode = rep.grid(plan.grids.get(g).code);
    String building = BuildingPlan.buildingId(gridCode.substring(0, 12), b.seq);
    String kind;
    String household = null;
    JsonObject proposal = new JsonObject();
    switch (rng.nextInt(3)) {
      case 0 -> {
        kind = "safety_grade";
        proposal.put("building", building).put("grade", "ABCD".substring(1 + rng.nextInt(3)).substring(0, 1));
      }
      case 1 -> {
        kind = "illegal_case";
        proposal.put("building", building);
      }
      default -> {
        kind = "assistance";
        household = h.householdIds()[i];
        proposal.put("household", household).put("category", CATEGORIES[rng.nextInt(CATEGORIES.length)])
            .put("action", "open");
      }
    }
    LocalDateTime at = start.plusDays(rng.nextInt(WEEKS * 7)).plusMinutes(9 * 60 + rng.nextInt(8 * 60));
    double roll = rng.nextDouble();
    String state = roll < 0.4 ? "pending" : roll < 0.8 ? "approved" : "rejected";
    boolean decided = !"pending".equals(state);
    LocalDateTime reviewed = at.plusHours(4 + rng.nextInt(48));
    if (reviewed.isAfter(SamplePatrols.PERIOD_END)) {
      reviewed = SamplePatrols.PERIOD_END.minusMinutes(1);
    }
    out.row("FC" + Digits.pad(rep.index(), 2) + "-" + w.id(), kind, w.id(), gridCode, building, household,
        proposal.encode(), state, at.atOffset(CST).toString(), decided ? "admin" : null,
        decided ? reviewed.atOffset(CST).toString() : null,
        "rejected".equals(state) ? REASONS[rng.nextInt(REASONS.length)] : null);
    collections++;
  }
}
