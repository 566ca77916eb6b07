package org.gridscape.server.patrol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Geometry;

/**
 * The bulk import of patrols in the sample's patrols.csv format (docs/DATA-FORMATS.md): one row per
 * patrol, {@code patrol_id,worker_id,grid_code,started_at,ended_at,track}, the track as
 * space-separated {@code seconds,lon,lat,accuracy} positions (seconds after the start; point ids are
 * their 1-based numbers). All or nothing per call; ids already stored are skipped.
 */
final class PatrolImport {

  private static final int ROWS_PER_BATCH = 5_000;

  private PatrolImport() {}

  private record Parsed(Patrol patrol, List<TrackPoint> points) {}

  static Future<Map<String, Object>> run(Vertx vertx, Database db, byte[] csv, OffsetDateTime now) {
    return vertx.executeBlocking(() -> parse(new String(csv, StandardCharsets.UTF_8)), false).compose(parsed -> {
      Set<String> workers = new LinkedHashSet<>();
      parsed.forEach(p -> workers.add(p.patrol().worker()));
      return ownGrids(db, workers).compose(own -> db.inTransaction(tx -> {
        List<String> ids = parsed.stream().map(p -> p.patrol().id()).toList();
        return existing(tx, ids).compose(present -> {
          List<Tuple> patrolRows = new ArrayList<>();
          List<Tuple> pointRows = new ArrayList<>();
          List<Change> changes = new ArrayList<>();
          for (Parsed p : parsed) {
            if (present.contains(p.patrol().id())) {
              continue;
            }
            OwnGrids grids = own.getOrDefault(p.patrol().worker(), OwnGrids.EVERYWHERE);
            int outside = 0;
            double distance = 0;
            double[] env = null;
            TrackPoint previous = null;
            for (TrackPoint point : p.points()) {
              boolean out = grids.outside(point.lon(), point.lat());
              outside += out ? 1 : 0;
              pointRows.add(PatrolStore.pointRow(p.patrol().id(), point, out));
              if (previous != null) {
                distance += PatrolService.metres(previous.lon(), previous.lat(), point.lon(), point.lat());
              }
              env = env == null ? new double[] {point.lon(), point.lat(), point.lon(), point.lat()}
                  : new double[] {Math.min(env[0], point.lon()), Math.min(env[1], point.lat()),
                      Math.max(env[2], point.lon()), Math.max(env[3], point.lat())};
              previous = point;
            }
            Patrol q = p.patrol();
            Patrol figures = new Patrol(q.id(), q.worker(), q.gridCode(), q.startedAt(), q.endedAt(), p.points().size(),
                outside, distance, p.points().isEmpty() ? null : p.points().get(0).t(),
                previous == null ? null : previous.t());
            double[] lonLat = new double[p.points().size() * 2];
            for (int i = 0; i < p.points().size(); i++) {
              lonLat[i * 2] = p.points().get(i).lon();
              lonLat[i * 2 + 1] = p.points().get(i).lat();
            }
            patrolRows.add(PatrolStore.patrolRow(figures, previous == null ? null : previous.lon(),
                previous == null ? null : previous.lat(), env, q.ended() ? PatrolStore.encode(lonLat) : null, now));
            changes.add(Change.patrol(q.id(), q.gridCode(), q.ended()));
          }
          Future<Void> chain = tx.batch(PatrolStore.INSERT_PATROL, patrolRows);
          for (int from = 0; from < pointRows.size(); from += ROWS_PER_BATCH) {
            List<Tuple> part = pointRows.subList(from, Math.min(pointRows.size(), from + ROWS_PER_BATCH));
            chain = chain.compose(v -> tx.batch(PatrolStore.INSERT_POINT, part));
          }
          int points = pointRows.size();
          return chain.compose(v -> ChangeLog.append(tx, changes)).map(v -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("imported", changes.size());
            out.put("skipped", parsed.size() - changes.size());
            out.put("points", points);
            return out;
          });
        });
      }));
    });
  }

  private static Future<Set<String>> existing(org.gridscape.server.store.Sql tx, List<String> ids) {
    Set<String> out = new HashSet<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      StringBuilder q = new StringBuilder("SELECT id FROM patrol WHERE id IN (");
      Tuple args = Tuple.tuple();
      for (int i = 0; i < part.size(); i++) {
        q.append(i == 0 ? "?" : ", ?");
        args.addValue(part.get(i));
      }
      q.append(')');
      chain = chain.compose(v -> tx.query(q.toString(), args).map(rows -> {
        rows.forEach(r -> out.add(r.getString(0)));
        return null;
      }));
    }
    return chain.map(v -> out);
  }

  /** Each worker's assigned grids (the worker table), to flag positions outside them. */
  private static Future<Map<String, OwnGrids>> ownGrids(Database db, Set<String> workers) {
    return db.query("SELECT wg.worker_id, g.geom FROM worker_grid wg JOIN grid g ON g.code = wg.grid_code"
        + " WHERE g.status = 'published'").map(rows -> {
          Map<String, List<Geometry>> grids = new HashMap<>();
          for (Row r : rows) {
            if (workers.contains(r.getString(0))) {
              grids.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(Geometries.fromWkb(r.getBuffer(1)));
            }
          }
          Map<String, OwnGrids> out = new HashMap<>();
          grids.forEach((worker, list) -> out.put(worker, OwnGrids.of(list, PatrolService.OUTSIDE_TOLERANCE_M)));
          return out;
        });
  }

  private static List<Parsed> parse(String text) {
    List<Parsed> out = new ArrayList<>();
    List<CsvParser.Record> records = CsvParser.parse(text);
    for (int i = 1; i < records.size(); i++) {
      CsvParser.Record r = records.get(i);
      List<String> f = r.fields();
      if (f.size() == 1 && f.get(0).isBlank()) {
        continue;
      }
      if (f.size() != 6) {
        throw PatrolException.invalid("line " + r.line(), "patrols.csv line " + r.line()
            + ": 6 columns expected (patrol_id,worker_id,grid_code,started_at,ended_at,track)");
      }
      try {
        PatrolService.requireId(f.get(0));
        OffsetDateTime start = OffsetDateTime.parse(f.get(3));
        OffsetDateTime end = f.get(4).isBlank() ? null : OffsetDateTime.parse(f.get(4));
        if (!f.get(2).matches("\\d{15}") || f.get(1).isBlank() || f.get(1).length() > 64) {
          throw new IllegalArgumentException("grid_code (15 digits) and worker_id (1-64 characters) are required");
        }
        List<TrackPoint> points = new ArrayList<>();
        int n = 0;
        for (String position : f.get(5).trim().split(" +")) {
          if (position.isEmpty()) {
            continue;
          }
          String[] v = position.split(",");
          if (v.length != 4) {
            throw new IllegalArgumentException("a track position is seconds,lon,lat,accuracy: '" + position + "'");
          }
          points.add(new TrackPoint(Integer.toString(++n), start.plusSeconds(Long.parseLong(v[0])),
              Double.parseDouble(v[1]), Double.parseDouble(v[2]), v[3].isEmpty() ? null : Double.parseDouble(v[3])));
        }
        out.add(new Parsed(new Patrol(f.get(0), f.get(1), f.get(2), start, end, 0, 0, 0, null, null), points));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw PatrolException.invalid("line " + r.line(), "patrols.csv line " + r.line() + ": " + e.getMessage());
      }
    }
    return out;
  }
}
