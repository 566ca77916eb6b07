package org.gridscape.server.patrol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The coverage figures (docs/PATROLS.md): reads the grids, roads, buildings, assignments and tracks
 * of a region and period, runs {@link Coverage} off the event loop (grids in parallel) and sums the
 * lengths and counts per worker and up the region tree (village, work area, township, district).
 */
final class PatrolStats {

  /** Without {@code from}/{@code to}: the 30 days up to the latest patrol. */
  static final int DEFAULT_DAYS = 30;

  private final Vertx vertx;
  private final Database db;
  private final PatrolStore store;

  PatrolStats(Vertx vertx, Database db, PatrolStore store) {
    this.vertx = vertx;
    this.db = db;
    this.store = store;
  }

  private record GridRow(String code, String village, Geometry polygon) {}

  private record RegionRow(String code, String name, String level, String parent) {}

  /** Sums of lengths and counts, added up over grids. */
  private static final class Sum {
    double road;
    double covered;
    int buildings;
    int coveredBuildings;
    int grids;
    int patrols;
    double distance;

    void add(Coverage.GridCoverage c) {
      road += c.roadLength();
      covered += c.coveredRoad();
      buildings += c.buildings();
      coveredBuildings += c.coveredBuildings();
      grids++;
    }

    void put(Map<String, Object> out) {
      out.put("coverage", PatrolJson.share(road <= 0 ? null : Math.min(1, covered / road)));
      out.put("buildingCoverage", PatrolJson.share(buildings == 0 ? null : (double) coveredBuildings / buildings));
      out.put("roadLengthM", PatrolJson.metres(road));
      out.put("coveredRoadM", PatrolJson.metres(covered));
      out.put("buildings", buildings);
      out.put("coveredBuildings", coveredBuildings);
      out.put("grids", grids);
      out.put("patrols", patrols);
      out.put("distanceM", PatrolJson.metres(distance));
    }
  }

  // ---------------------------------------------------------------- one patrol

  /** The coverage of the patrol's own grid by its own track alone (its end summary). */
  Future<Coverage.GridCoverage> ofOne(Patrol p, List<PatrolStore.StoredPoint> track, double distanceM) {
    return grids(Set.of(p.villageCode())).compose(grids -> {
      GridRow grid = grids.stream().filter(g -> g.code().equals(p.gridCode())).findFirst().orElse(null);
      if (grid == null) {
        return Future.succeededFuture(null);
      }
      return roads(Set.of(p.villageCode())).compose(roads -> buildings(Set.of(p.gridCode())).compose(buildings ->
          vertx.executeBlocking(() -> {
            double[] lonLat = new double[track.size() * 2];
            for (int i = 0; i < track.size(); i++) {
              lonLat[i * 2] = track.get(i).lon();
              lonLat[i * 2 + 1] = track.get(i).lat();
            }
            Coverage coverage = Coverage.of(List.of(new Coverage.Track(p.worker(), lonLat)), distanceM);
            return coverage.grid(new Coverage.GridInput(grid.code(), grid.polygon(),
                roads.getOrDefault(p.villageCode(), List.of()), buildings.getOrDefault(p.gridCode(), List.of())));
          }, false)));
    });
  }

  // ---------------------------------------------------------------- a region and period

  Future<Map<String, Object>> stats(String region, OffsetDateTime from, OffsetDateTime to, double distanceM) {
    long started = System.nanoTime();
    return period(from, to).compose(period -> regions().compose(tree -> {
      boolean oneGrid = region != null && region.length() == 15;
      if (region != null && !oneGrid && !tree.containsKey(region)) {
        throw PatrolException.notFound("no region '" + region + "'");
      }
      Set<String> villages = new LinkedHashSet<>();
      for (RegionRow r : tree.values()) {
        if ("village".equals(r.level()) && (region == null || oneGrid && region.startsWith(r.code())
            || under(tree, r.code(), region))) {
          villages.add(r.code());
        }
      }
      return grids(villages).compose(allGrids -> {
        List<GridRow> grids = oneGrid ? allGrids.stream().filter(g -> g.code().equals(region)).toList() : allGrids;
        if (oneGrid && grids.isEmpty()) {
          throw PatrolException.notFound("no published grid '" + region + "'");
        }
        Set<String> codes = new LinkedHashSet<>();
        Envelope box = new Envelope();
        grids.forEach(g -> {
          codes.add(g.code());
          box.expandToInclude(g.polygon().getEnvelopeInternal());
        });
        double[] grown = grow(box, distanceM);
        return roads(villages).compose(roads -> buildings(codes).compose(buildings -> assignments(codes)
            .compose(assigned -> store.inPeriod(period[0], period[1], List.of()).compose(patrols -> store
                .tracks(period[0], period[1], grown).compose(tracks -> vertx.executeBlocking(() -> {
                  long read = System.nanoTime();
                  Coverage coverage = Coverage.of(tracks, distanceM);
                  List<Coverage.GridCoverage> results = grids.parallelStream().map(g -> coverage.grid(
                      new Coverage.GridInput(g.code(), g.polygon(), roads.getOrDefault(g.village(), List.of()),
                          buildings.getOrDefault(g.code(), List.of())))).toList();
                  Map<String, Object> out = figures(region, tree, grids, results, assigned, patrols, period,
                      distanceM);
                  out.put("tracks", tracks.size());
                  out.put("segments", coverage.segments());
                  out.put("readInMs", (read - started) / 1_000_000);
                  out.put("computedInMs", (System.nanoTime() - started) / 1_000_000);
                  return out;
                }, false))))));
      });
    }));
  }

  private Future<OffsetDateTime[]> period(OffsetDateTime from, OffsetDateTime to) {
    if (from != null && to != null) {
      if (to.isBefore(from)) {
        throw PatrolException.invalid("to", "'to' lies before 'from'");
      }
      return Future.succeededFuture(new OffsetDateTime[] {from, to});
    }
    return store.latest().map(latest -> {
      OffsetDateTime end = to != null ? to
          : latest.orElse(OffsetDateTime.now(ZoneOffset.UTC)).withOffsetSameInstant(ZoneOffset.UTC);
      OffsetDateTime start = from != null ? from : end.minusDays(DEFAULT_DAYS);
      return new OffsetDateTime[] {start, end};
    });
  }

  private static double[] grow(Envelope box, double metres) {
    if (box.isNull()) {
      return new double[] {0, 0, -1, -1};
    }
    double[] deg = GroundFrame.at(box.centre().x, box.centre().y).degrees(metres * 1.1);
    return new double[] {box.getMinX() - deg[0], box.getMinY() - deg[1], box.getMaxX() + deg[0],
        box.getMaxY() + deg[1]};
  }

  private static boolean under(Map<String, RegionRow> tree, String code, String ancestor) {
    Set<String> seen = new LinkedHashSet<>();
    for (String c = code; c != null && seen.add(c); c = tree.containsKey(c) ? tree.get(c).parent() : null) {
      if (c.equals(ancestor)) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Object> figures(String region, Map<String, RegionRow> tree, List<GridRow> grids,
      List<Coverage.GridCoverage> results, Map<String, Set<String>> assigned, List<Patrol> patrols,
      OffsetDateTime[] period, double distanceM) {
    Map<String, GridRow> gridByCode = new HashMap<>();
    grids.forEach(g -> gridByCode.put(g.code(), g));
    Map<String, Coverage.GridCoverage> byGrid = new HashMap<>();
    results.forEach(r -> byGrid.put(r.code(), r));
    // patrols per grid and per worker (those started in the region's grids)
    Map<String, int[]> patrolsPerGrid = new HashMap<>();
    Map<String, double[]> perWorker = new TreeMap<>(); // patrols, distance
    Map<String, Set<String>> workerGrids = new TreeMap<>();
    assigned.forEach((worker, codes) -> workerGrids.computeIfAbsent(worker, k -> new LinkedHashSet<>()).addAll(codes));
    for (Patrol p : patrols) {
      if (!gridByCode.containsKey(p.gridCode())) {
        continue;
      }
      patrolsPerGrid.computeIfAbsent(p.gridCode(), k -> new int[2])[0]++;
      double[] w = perWorker.computeIfAbsent(p.worker(), k -> new double[2]);
      w[0]++;
      w[1] += p.distanceM();
      workerGrids.computeIfAbsent(p.worker(), k -> new LinkedHashSet<>()).add(p.gridCode());
    }
    Sum total = new Sum();
    Map<String, Sum> regionSums = new LinkedHashMap<>();
    List<Object> gridList = new ArrayList<>();
    for (GridRow g : grids) {
      Coverage.GridCoverage c = byGrid.get(g.code());
      int count = patrolsPerGrid.getOrDefault(g.code(), new int[1])[0];
      total.add(c);
      total.patrols += count;
      for (String r = g.village(); r != null && !r.equals(region); r = tree.containsKey(r) ? tree.get(r).parent()
          : null) {
        Sum s = regionSums.computeIfAbsent(r, k -> new Sum());
        s.add(c);
        s.patrols += count;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("code", g.code());
      item.put("village", g.village());
      Sum one = new Sum();
      one.add(c);
      one.patrols = count;
      one.put(item);
      item.remove("grids");
      item.remove("distanceM");
      gridList.add(item);
    }
    for (Patrol p : patrols) {
      if (gridByCode.containsKey(p.gridCode())) {
        total.distance += p.distanceM();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (region != null) {
      RegionRow r = tree.get(region);
      out.put("region", Map.of("code", region, "name", r == null ? region : r.name(),
          "level", r == null ? "grid" : r.level()));
    }
    out.put("from", PatrolJson.time(period[0]));
    out.put("to", PatrolJson.time(period[1]));
    out.put("distanceM", distanceM);
    Map<String, Object> totals = new LinkedHashMap<>();
    total.put(totals);
    totals.put("travelledM", totals.remove("distanceM"));
    out.put("summary", totals);
    List<Object> regionList = new ArrayList<>();
    regionSums.forEach((code, s) -> {
      RegionRow r = tree.get(code);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("code", code);
      item.put("name", r == null ? code : r.name());
      item.put("level", r == null ? "unknown" : r.level());
      item.put("parent", r == null ? null : r.parent());
      s.put(item);
      item.remove("distanceM");
      regionList.add(item);
    });
    out.put("regions", regionList);
    out.put("grids", gridList);
    List<Object> workers = new ArrayList<>();
    workerGrids.forEach((worker, codes) -> {
      Sum s = new Sum();
      for (String code : codes) {
        Coverage.GridCoverage c = byGrid.get(code);
        if (c == null) {
          continue;
        }
        s.road += c.roadLength();
        s.covered += c.roadByWorker().getOrDefault(worker, 0.0);
        s.buildings += c.buildings();
        s.coveredBuildings += c.buildingsByWorker().getOrDefault(worker, 0);
        s.grids++;
      }
      if (s.grids == 0) {
        return;
      }
      double[] w = perWorker.getOrDefault(worker, new double[2]);
      s.patrols = (int) w[0];
      s.distance = w[1];
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("worker", worker);
      s.put(item);
      item.put("travelledM", item.remove("distanceM"));
      workers.add(item);
    });
    out.put("workers", workers);
    return out;
  }

  // ---------------------------------------------------------------- reads

  private Future<Map<String, RegionRow>> regions() {
    return db.query("SELECT code, name, level, parent_code FROM region").map(rows -> {
      Map<String, RegionRow> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getString(0), new RegionRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
      }
      return out;
    });
  }

  private Future<List<GridRow>> grids(Set<String> villages) {
    return db.query("SELECT code, village_code, geom FROM grid WHERE status = 'published' ORDER BY code").map(rows -> {
      List<GridRow> out = new ArrayList<>();
      for (Row r : rows) {
        if (villages.contains(r.getString(1))) {
          out.add(new GridRow(r.getString(0), r.getString(1), Geometries.fromWkb(r.getBuffer(2))));
        }
      }
      return out;
    });
  }

  private Future<Map<String, List<Geometry>>> roads(Set<String> villages) {
    return db.query("SELECT village_code, geom FROM road").map(rows -> {
      Map<String, List<Geometry>> out = new HashMap<>();
      for (Row r : rows) {
        if (villages.contains(r.getString(0))) {
          out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(Geometries.fromWkb(r.getBuffer(1)));
        }
      }
      return out;
    });
  }

  private Future<Map<String, List<Geometry>>> buildings(Set<String> grids) {
    String where = grids.size() == 1 ? " WHERE grid_code = ?" : " WHERE grid_code IS NOT NULL";
    Tuple args = grids.size() == 1 ? Tuple.of(grids.iterator().next()) : Tuple.tuple();
    return db.query("SELECT grid_code, geom FROM building" + where, args).map(rows -> {
      Map<String, List<Geometry>> out = new HashMap<>();
      for (Row r : rows) {
        if (grids.contains(r.getString(0))) {
          out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(Geometries.fromWkb(r.getBuffer(1)));
        }
      }
      return out;
    });
  }

  /** Grid workers (not the organs' cadres) and their assigned grids among these. */
  private Future<Map<String, Set<String>>> assignments(Set<String> grids) {
    return db.query("SELECT wg.worker_id, wg.grid_code FROM worker_grid wg JOIN worker w ON w.id = wg.worker_id"
        + " WHERE w.type <> 'cadre'").map(rows -> {
          Map<String, Set<String>> out = new HashMap<>();
          for (Row r : rows) {
            if (grids.contains(r.getString(1))) {
              out.computeIfAbsent(r.getString(0), k -> new LinkedHashSet<>()).add(r.getString(1));
            }
          }
          return out;
        });
  }
}
