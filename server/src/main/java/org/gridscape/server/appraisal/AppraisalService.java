package org.gridscape.server.appraisal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.patrol.Coverage;
import org.gridscape.server.patrol.PatrolService;
import org.gridscape.server.store.Database;

/**
 * 效能督导 (docs/APPRAISAL.md): per worker, grid, village and township of a region and period, the
 * patrol coverage, patrols and distance, visits, events reported, 上报及时率, 按时办结率, the share that
 * passed verification first time, overdue events and the weighted score. Six grouped reads run at
 * once (regions, grids and assignments, patrols, visits, events, weights); the coverage comes from
 * {@link PatrolService#stats} and is kept while the patrols of the period and the change feed stand
 * still, so a warm request does no geometry at all.
 */
public final class AppraisalService {

  /** The levels of the table, in the order of the rows. */
  public static final List<String> LEVELS = List.of("township", "village", "grid", "worker");
  static final String WEIGHTS_SETTING = "appraisal.weights";
  private static final int CACHED_PERIODS = 32;

  /** The period [from, to) and the region appraised. */
  public record Query(String region, OffsetDateTime from, OffsetDateTime to, String level) {}

  private record CachedCoverage(String fingerprint, Map<String, Object> stats) {}

  /** The figures of one row, summed over events, patrols and visits. */
  static final class Figures {
    int patrols;
    double distanceM;
    int visits;
    int reported;
    int timely;
    int timelyBase;
    int closed;
    int onTime;
    int verified;
    int firstPass;
    int overdue;
    Double coverage;

    void add(Figures o) {
      patrols += o.patrols;
      distanceM += o.distanceM;
      visits += o.visits;
      reported += o.reported;
      timely += o.timely;
      timelyBase += o.timelyBase;
      closed += o.closed;
      onTime += o.onTime;
      verified += o.verified;
      firstPass += o.firstPass;
      overdue += o.overdue;
    }

    static Double share(int part, int whole) {
      return whole == 0 ? null : (double) part / whole;
    }

    Double timelyShare() {
      return share(timely, timelyBase);
    }

    Double onTimeShare() {
      return share(onTime, closed);
    }

    Double firstPassShare() {
      return share(firstPass, verified);
    }

    Double notOverdueShare() {
      return reported == 0 ? null : 1 - (double) overdue / reported;
    }
  }

  private record Region(String code, String name, String level, String parent) {}

  private final Database db;
  private final PatrolService patrols;
  private final Clock clock;
  private final Map<String, CachedCoverage> coverage = new ConcurrentHashMap<>();

  public AppraisalService(Database db, PatrolService patrols, Clock clock) {
    this.db = db;
    this.patrols = patrols;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- weights

  public Future<Weights> weights() {
    return db.query("SELECT setting_value FROM app_setting WHERE name = ?", Tuple.of(WEIGHTS_SETTING)).map(rows -> {
      if (rows.size() == 0) {
        return Weights.DEFAULT;
      }
      try {
        return Weights.fromJson(new JsonObject(rows.iterator().next().getString(0)));
      } catch (RuntimeException stored) {
        // a stored value from an older rule set: the defaults rather than a broken appraisal
        return Weights.DEFAULT;
      }
    });
  }

  /** Sets the weights (administrators): validated whole, then stored in one statement pair. */
  public Future<Weights> setWeights(Principal who, JsonObject body) {
    if (!who.has(Role.ADMIN)) {
      throw AppraisalException.forbidden("the appraisal weights are set by administrators");
    }
    Weights w = Weights.fromJson(body);
    String value = new JsonObject(w.toMap()).encode();
    return db.inTransaction(tx -> tx.query("UPDATE app_setting SET setting_value = ? WHERE name = ?",
        Tuple.of(value, WEIGHTS_SETTING)).compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture()
            : tx.query("INSERT INTO app_setting (name, setting_value) VALUES (?, ?)", Tuple.of(WEIGHTS_SETTING, value))
                .mapEmpty())).map(v -> w);
  }

  // ---------------------------------------------------------------- the table

  public Future<Map<String, Object>> appraise(Principal who, Query q) {
    if (!who.hasAny(Role.ADMIN, Role.LEADER)) {
      throw AppraisalException.forbidden("the appraisal is for leaders and administrators");
    }
    if (q.level() != null && !LEVELS.contains(q.level())) {
      throw AppraisalException.invalid("level", "'level' must be one of " + LEVELS);
    }
    if (!q.to().isAfter(q.from())) {
      throw AppraisalException.invalid("to", "'to' must lie after 'from'");
    }
    String region = q.region();
    if (region == null && !who.has(Role.ADMIN) && !who.scopes().isEmpty()) {
      region = who.scopes().get(0);
    }
    if (region != null && !region.matches("\\d{12}")) {
      throw AppraisalException.invalid("region", "'region' must be a 12-digit region code");
    }
    if (region != null && !who.covers(region)) {
      throw AppraisalException.forbidden("'" + region + "' is outside your areas");
    }
    long started = System.nanoTime();
    String scope = region;
    String like = (region == null ? "" : Principal.significantPrefix(region)) + "%";
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Tuple period = Tuple.of(q.from(), q.to(), like);
    Future<Map<String, Region>> regions = regions();
    Future<RowSet<Row>> grids = db.query("SELECT code, village_code, name FROM grid WHERE status = 'published'"
        + " AND code LIKE ? ORDER BY code", Tuple.of(like));
    Future<RowSet<Row>> assigned = db.query("SELECT wg.worker_id, wg.grid_code, w.name, w.type FROM worker_grid wg"
        + " JOIN worker w ON w.id = wg.worker_id WHERE w.type <> 'cadre' AND wg.grid_code LIKE ?", Tuple.of(like));
    Future<RowSet<Row>> patrolRows = db.query("SELECT worker, grid_code, COUNT(*), SUM(distance_m) FROM patrol"
        + " WHERE started_at >= ? AND started_at < ? AND grid_code LIKE ? GROUP BY worker, grid_code", period);
    Future<RowSet<Row>> visitRows = db.query("SELECT worker, grid_code, COUNT(*) FROM visit"
        + " WHERE visited_at >= ? AND visited_at < ? AND grid_code LIKE ? GROUP BY worker, grid_code", period);
    Future<RowSet<Row>> eventRows = db.query(EVENTS, Tuple.of(now.minusDays(1), now).addValue(q.from())
        .addValue(q.to()).addValue(like).addValue(q.from()).addValue(q.to()).addValue(like));
    Future<Weights> weights = weights();
    return Future.all(List.of(regions, grids, assigned, patrolRows, visitRows, eventRows, weights))
        .compose(all -> {
          if (scope != null && !regions.result().containsKey(scope)) {
            throw AppraisalException.notFound("no region '" + scope + "'");
          }
          return coverage(who, scope, q).map(stats -> table(scope, q, regions.result(), grids.result(),
              assigned.result(), patrolRows.result(), visitRows.result(), eventRows.result(), weights.result(), stats,
              started));
        });
  }

  /*
   * One row per (reporter, grid) of the events discovered in the period. Discovery is the report's
   * reported_at (a worker records an event where they find it); it is reported (上报) when it first
   * leaves the worker's steps (patrol, collection, discovery) for dispatch or later. An imported event
   * past those steps counts as reported at discovery (its history holds only the import). Events still
   * with the worker whose 24 h have not run out yet are left out of the timeliness base.
   * Parameters: now - 24 h, now (overdue), then [from, to) and the grid prefix twice.
   */
  private static final String EVENTS = "SELECT e.reporter, e.grid_code, COUNT(*),"
      + " SUM(CASE WHEN (s.reported_at IS NULL AND e.step NOT IN ('patrol', 'collection', 'discovery'))"
      + "   OR s.reported_at <= e.reported_at + INTERVAL '1' DAY THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN s.reported_at IS NULL AND e.step IN ('patrol', 'collection', 'discovery')"
      + "   AND e.reported_at > ? THEN 0 ELSE 1 END),"
      + " SUM(CASE WHEN e.closed_at IS NOT NULL THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN e.closed_at IS NOT NULL AND e.closed_at <= e.deadline THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN COALESCE(s.verified, 0) > 0 OR e.step IN ('supervision', 'closed') THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN (COALESCE(s.verified, 0) > 0 OR e.step IN ('supervision', 'closed'))"
      + "   AND COALESCE(s.rejected, 0) = 0 AND e.reopen_count = 0 THEN 1 ELSE 0 END),"
      + " SUM(CASE WHEN e.closed_at IS NULL AND e.deadline < ? THEN 1 ELSE 0 END)"
      + " FROM event e LEFT JOIN (SELECT st.event_id,"
      + "   MIN(CASE WHEN st.action <> 'import' AND st.to_step NOT IN ('patrol', 'collection', 'discovery')"
      + "     THEN st.occurred_at END) AS reported_at,"
      + "   SUM(CASE WHEN st.action = 'verify' THEN 1 ELSE 0 END) AS verified,"
      + "   SUM(CASE WHEN st.action = 'reject' THEN 1 ELSE 0 END) AS rejected"
      + "   FROM event_step st JOIN event x ON x.id = st.event_id"
      + "   WHERE x.reported_at >= ? AND x.reported_at < ? AND x.grid_code LIKE ? GROUP BY st.event_id) s"
      + " ON s.event_id = e.id"
      + " WHERE e.reported_at >= ? AND e.reported_at < ? AND e.grid_code LIKE ? GROUP BY e.reporter, e.grid_code";

  /**
   * The coverage figures of the region and period, computed by the patrols' figures once and kept
   * until a patrol of the period gains or loses points or anything enters the change feed (grids,
   * plans, patrols started or ended).
   */
  private Future<Map<String, Object>> coverage(Principal who, String region, Query q) {
    String key = region + "|" + q.from() + "|" + q.to();
    return db.query("SELECT COUNT(*), COALESCE(SUM(points), 0), (SELECT MAX(last_seq) FROM change_head) FROM patrol"
        + " WHERE started_at >= ? AND started_at <= ?", Tuple.of(q.from(), q.to())).compose(rows -> {
          Row r = rows.iterator().next();
          String fingerprint = r.getValue(0) + "/" + r.getValue(1) + "/" + r.getValue(2);
          CachedCoverage cached = coverage.get(key);
          if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return Future.succeededFuture(cached.stats());
          }
          return patrols.stats(who, region, q.from(), q.to(), Coverage.DEFAULT_DISTANCE_M).map(stats -> {
            if (coverage.size() >= CACHED_PERIODS) {
              coverage.clear();
            }
            coverage.put(key, new CachedCoverage(fingerprint, stats));
            return stats;
          });
        });
  }

  private Future<Map<String, Region>> regions() {
    return db.query("SELECT code, name, level, parent_code FROM region").map(rows -> {
      Map<String, Region> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getString(0), new Region(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
      }
      return out;
    });
  }

  private static int count(Row r, int i) {
    Object v = r.getValue(i);
    return v == null ? 0 : ((Number) v).intValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> coverageBy(Map<String, Object> stats, String list, String key) {
    Map<String, Double> out = new HashMap<>();
    Object items = stats.get(list);
    if (items instanceof List<?> l) {
      for (Object o : l) {
        Map<String, Object> item = (Map<String, Object>) o;
        if (item.get("coverage") instanceof Number n) {
          out.put(String.valueOf(item.get(key)), n.doubleValue());
        }
      }
    }
    return out;
  }

  private Map<String, Object> table(String scope, Query q, Map<String, Region> tree, RowSet<Row> gridRows,
      RowSet<Row> assigned, RowSet<Row> patrolRows, RowSet<Row> visitRows, RowSet<Row> eventRows, Weights weights,
      Map<String, Object> stats, long started) {
    Map<String, Figures> grids = new TreeMap<>();
    Map<String, String[]> gridInfo = new HashMap<>(); // village, name
    for (Row r : gridRows) {
      grids.put(r.getString(0), new Figures());
      gridInfo.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    Map<String, Figures> workers = new TreeMap<>();
    Map<String, String[]> workerInfo = new HashMap<>(); // name, type
    Map<String, Set<String>> workerGrids = new HashMap<>();
    for (Row r : assigned) {
      if (grids.containsKey(r.getString(1))) {
        workers.computeIfAbsent(r.getString(0), k -> new Figures());
        workerInfo.put(r.getString(0), new String[] {r.getString(2), r.getString(3)});
        workerGrids.computeIfAbsent(r.getString(0), k -> new LinkedHashSet<>()).add(r.getString(1));
      }
    }
    for (Row r : patrolRows) {
      Figures f = new Figures();
      f.patrols = count(r, 2);
      f.distanceM = r.getValue(3) == null ? 0 : ((Number) r.getValue(3)).doubleValue();
      addTo(grids, workers, workerGrids, r.getString(0), r.getString(1), f, true);
    }
    for (Row r : visitRows) {
      Figures f = new Figures();
      f.visits = count(r, 2);
      addTo(grids, workers, workerGrids, r.getString(0), r.getString(1), f, true);
    }
    for (Row r : eventRows) {
      Figures f = new Figures();
      f.reported = count(r, 2);
      f.timely = count(r, 3);
      f.timelyBase = count(r, 4);
      f.closed = count(r, 5);
      f.onTime = count(r, 6);
      f.verified = count(r, 7);
      f.firstPass = count(r, 8);
      f.overdue = count(r, 9);
      // events count for their reporter only when the reporter is one of the table's workers
      addTo(grids, workers, workerGrids, r.getString(0), r.getString(1), f, false);
    }
    Map<String, Double> gridCoverage = coverageBy(stats, "grids", "code");
    Map<String, Double> regionCoverage = coverageBy(stats, "regions", "code");
    // the patrols' figures list the regions below the one asked for; its own is the summary
    if (scope != null && stats.get("summary") instanceof Map<?, ?> summary && summary.get("coverage") instanceof Number n) {
      regionCoverage.put(scope, n.doubleValue());
    }
    Map<String, Double> workerCoverage = coverageBy(stats, "workers", "worker");
    // villages and townships: sums of their grids
    Map<String, Figures> villages = new TreeMap<>();
    Map<String, Figures> townships = new TreeMap<>();
    grids.forEach((code, f) -> {
      f.coverage = gridCoverage.get(code);
      String village = gridInfo.get(code)[0];
      villages.computeIfAbsent(village, k -> new Figures()).add(f);
      String township = township(tree, village);
      if (township != null) {
        townships.computeIfAbsent(township, k -> new Figures()).add(f);
      }
    });
    villages.forEach((code, f) -> f.coverage = regionCoverage.get(code));
    townships.forEach((code, f) -> f.coverage = regionCoverage.get(code));
    workers.forEach((id, f) -> f.coverage = workerCoverage.get(id));

    List<Map<String, Object>> rows = new ArrayList<>();
    if (q.level() == null || q.level().equals("township")) {
      rows.addAll(rank("township", townships, code -> name(tree, code), code -> parentOf(tree, code), weights));
    }
    if (q.level() == null || q.level().equals("village")) {
      rows.addAll(rank("village", villages, code -> name(tree, code), code -> township(tree, code), weights));
    }
    if (q.level() == null || q.level().equals("grid")) {
      rows.addAll(rank("grid", grids, code -> gridInfo.get(code)[1], code -> gridInfo.get(code)[0], weights));
    }
    if (q.level() == null || q.level().equals("worker")) {
      rows.addAll(rank("worker", workers, id -> workerInfo.containsKey(id) ? workerInfo.get(id)[0] : id,
          id -> String.join(",", workerGrids.getOrDefault(id, Set.of())), weights));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (scope != null) {
      Region r = tree.get(scope);
      out.put("region", Map.of("code", scope, "name", r.name(), "level", r.level()));
    }
    out.put("from", q.from().withOffsetSameInstant(ZoneOffset.UTC).toString());
    out.put("to", q.to().withOffsetSameInstant(ZoneOffset.UTC).toString());
    out.put("weights", weights.toMap());
    out.put("rows", rows);
    out.put("computedInMs", (System.nanoTime() - started) / 1_000_000);
    return out;
  }

  /**
   * Adds a (user, grid) figure to its grid (when the grid is in the table) and to the user's row:
   * always for patrols and visits (whoever recorded them is a field worker), for events only when
   * the user is already a worker of the table (events are also reported by leaders and citizens).
   */
  private static void addTo(Map<String, Figures> grids, Map<String, Figures> workers, Map<String, Set<String>> workerGrids,
      String user, String grid, Figures f, boolean fieldWork) {
    Figures g = grids.get(grid);
    if (g == null) {
      return;
    }
    g.add(f);
    if (user == null || !fieldWork && !workers.containsKey(user)) {
      return;
    }
    workers.computeIfAbsent(user, k -> new Figures()).add(f);
    workerGrids.computeIfAbsent(user, k -> new LinkedHashSet<>()).add(grid);
  }

  private static List<Map<String, Object>> rank(String level, Map<String, Figures> figures,
      java.util.function.Function<String, String> name, java.util.function.Function<String, String> parent,
      Weights weights) {
    List<Map<String, Object>> rows = new ArrayList<>();
    figures.forEach((code, f) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("level", level);
      row.put("code", code);
      row.put("name", name.apply(code));
      row.put("parent", parent.apply(code));
      row.put("coverage", round(f.coverage));
      row.put("patrols", f.patrols);
      row.put("distanceKm", Math.round(f.distanceM / 100.0) / 10.0);
      row.put("visits", f.visits);
      row.put("eventsReported", f.reported);
      row.put("timelyRate", round(f.timelyShare()));
      row.put("onTimeRate", round(f.onTimeShare()));
      row.put("firstPassRate", round(f.firstPassShare()));
      row.put("overdue", f.overdue);
      row.put("score", weights.score(f.coverage, f.timelyShare(), f.onTimeShare(), f.firstPassShare(),
          f.notOverdueShare()));
      rows.add(row);
    });
    // best first; rows without a score last, then by code
    rows.sort(Comparator.comparing((Map<String, Object> r) -> r.get("score") == null ? -1.0 : (Double) r.get("score"))
        .reversed().thenComparing(r -> (String) r.get("code")));
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).put("rank", i + 1);
    }
    return rows;
  }

  private static Double round(Double share) {
    return share == null ? null : Math.round(share * 10_000) / 10_000.0;
  }

  private static String name(Map<String, Region> tree, String code) {
    Region r = tree.get(code);
    return r == null ? code : r.name();
  }

  private static String parentOf(Map<String, Region> tree, String code) {
    Region r = tree.get(code);
    return r == null ? null : r.parent();
  }

  /** The township above a region (through work areas), or null. */
  private static String township(Map<String, Region> tree, String code) {
    Set<String> seen = new LinkedHashSet<>();
    for (String c = parentOf(tree, code); c != null && seen.add(c); c = parentOf(tree, c)) {
      Region r = tree.get(c);
      if (r != null && "township".equals(r.level())) {
        return c;
      }
    }
    return null;
  }
}
