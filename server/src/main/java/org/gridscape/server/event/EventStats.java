package org.gridscape.server.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The leaders' figures. Received: events reported in the period. Closed: of those, closed.
 * Closure rate = closed / received. On-time closure rate = closed by the deadline / closed.
 * In progress = received - closed. Supervised and overdue count open events (under 督办; past the
 * deadline at the time asked). Rates are percentages with one decimal, half up; null without a
 * denominator (no events is no rate, not 0 %).
 */
public final class EventStats {

  /**
   * Counts of one group.
   *
   * @param supervisedOpen     open and under supervision
   * @param overdue            open and past the deadline
   * @param supervisedOverdue  both (to split open events into disjoint statuses)
   */
  public record Counts(long received, long closed, long closedOnTime, long supervisedOpen, long overdue,
      long supervisedOverdue) {

    public Counts {
      if (received < 0 || closed < 0 || closed > received || closedOnTime > closed || overdue > received - closed
          || supervisedOpen > received - closed || supervisedOverdue > Math.min(supervisedOpen, overdue)) {
        throw new IllegalArgumentException("inconsistent counts " + received + "/" + closed + "/" + closedOnTime
            + "/" + supervisedOpen + "/" + overdue + "/" + supervisedOverdue);
      }
    }

    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

    Counts plus(Counts o) {
      return new Counts(received + o.received, closed + o.closed, closedOnTime + o.closedOnTime,
          supervisedOpen + o.supervisedOpen, overdue + o.overdue, supervisedOverdue + o.supervisedOverdue);
    }

    public long inProgress() {
      return received - closed;
    }

    public Double closureRate() {
      return percent(closed, received);
    }

    public Double onTimeClosureRate() {
      return percent(closedOnTime, closed);
    }

    /** The KPI figures, in the order the leaders' app shows them. */
    public Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("received", received);
      out.put("closed", closed);
      out.put("closedOnTime", closedOnTime);
      out.put("closureRate", closureRate());
      out.put("onTimeClosureRate", onTimeClosureRate());
      out.put("inProgress", inProgress());
      out.put("supervised", supervisedOpen);
      out.put("overdue", overdue);
      return out;
    }

    /** Every event in exactly one display status: closed, overdue, supervised (not overdue), open. */
    public Map<String, Object> byStatus() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("open", inProgress() - overdue - (supervisedOpen - supervisedOverdue));
      out.put("supervised", supervisedOpen - supervisedOverdue);
      out.put("overdue", overdue);
      out.put("closed", closed);
      return out;
    }
  }

  /** The counts of one village, category and month (yyyy-MM) of report. */
  public record Cell(String village, EventCategory category, String month, Counts counts) {}

  private EventStats() {}

  static Double percent(long part, long whole) {
    if (whole == 0) {
      return null;
    }
    return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * Sums the cells in scope into totals and breakdowns.
   *
   * @param inScope  whether a village counts
   * @param regionOf the child region (code) a village falls in, for the by-region breakdown
   * @param townshipOf the township (code) of a village
   * @param names    region names by code, for labels
   */
  static Map<String, Object> summarize(List<Cell> cells, Predicate<String> inScope, Function<String, String> regionOf,
      Function<String, String> townshipOf, Map<String, String> names) {
    Counts total = Counts.ZERO;
    Map<EventCategory, Counts> byCategory = new TreeMap<>();
    Map<String, Counts> byMonth = new TreeMap<>();
    Map<String, Counts> byRegion = new TreeMap<>();
    Map<String, Counts> byTownship = new TreeMap<>();
    for (Cell cell : cells) {
      if (!inScope.test(cell.village())) {
        continue;
      }
      Counts c = cell.counts();
      total = total.plus(c);
      byCategory.merge(cell.category(), c, Counts::plus);
      byMonth.merge(cell.month(), c, Counts::plus);
      byRegion.merge(regionOf.apply(cell.village()), c, Counts::plus);
      byTownship.merge(townshipOf.apply(cell.village()), c, Counts::plus);
    }
    Map<String, Object> out = new LinkedHashMap<>(total.toMap());
    out.put("byStatus", total.byStatus());
    List<Map<String, Object>> categories = new ArrayList<>();
    for (EventCategory category : EventCategory.values()) {
      Counts c = byCategory.getOrDefault(category, Counts.ZERO);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", category.code());
      row.put("name", category.chinese());
      row.put("count", c.received());
      row.putAll(c.toMap());
      categories.add(row);
    }
    out.put("byCategory", categories);
    List<Map<String, Object>> regions = new ArrayList<>();
    byRegion.forEach((code, c) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", code);
      row.put("code", code);
      row.put("name", names.get(code));
      row.put("count", c.received());
      row.putAll(c.toMap());
      regions.add(row);
    });
    out.put("byRegion", regions);
    Map<String, Object> townships = new LinkedHashMap<>();
    byTownship.forEach((code, c) -> townships.put(code, c.received()));
    out.put("byTownship", townships);
    List<Map<String, Object>> months = new ArrayList<>();
    byMonth.forEach((month, c) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("month", month);
      row.putAll(c.toMap());
      months.add(row);
    });
    out.put("byMonth", months);
    return out;
  }
}
