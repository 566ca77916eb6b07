package org.gridscape.server.patrol;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.store.Sql;

/** The patrol tables of V17: patrols, their points, and the events reported on them. */
final class PatrolStore {

  private static final String COLUMNS = "id, worker, grid_code, started_at, ended_at, points, outside_points,"
      + " distance_m, first_at, last_at, last_lon, last_lat, minx, miny, maxx, maxy";
  static final String INSERT_POINT = "INSERT INTO patrol_point (patrol_id, point_id, t, lon, lat, accuracy, outside)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT_PATROL = "INSERT INTO patrol (id, worker, grid_code, village_code, started_at, ended_at,"
      + " points, outside_points, distance_m, first_at, last_at, last_lon, last_lat, minx, miny, maxx, maxy, track,"
      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int POINT_COLUMNS = 7;
  /** Rows per multi-row insert: 3,500 parameters, well within what both databases take. */
  private static final int POINTS_PER_INSERT = 500;

  /** A patrol row with what a batch of points continues from: the last position and the track's envelope. */
  record PatrolRow(Patrol patrol, Double lastLon, Double lastLat, double[] envelope) {}

  /** A stored point. */
  record StoredPoint(String id, OffsetDateTime t, double lon, double lat, Double accuracy, boolean outside) {}

  /** What the list reads filter by; null fields do not filter. */
  record ListFilter(String grid, String worker, OffsetDateTime from, OffsetDateTime to, List<String> gridPrefixes,
      int limit) {}

  private final Sql sql;

  PatrolStore(Sql sql) {
    this.sql = sql;
  }

  PatrolStore on(Sql other) {
    return new PatrolStore(other);
  }

  static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  static Tuple patrolRow(Patrol p, Double lastLon, Double lastLat, double[] env, OffsetDateTime now) {
    return patrolRow(p, lastLon, lastLat, env, null, now);
  }

  static Tuple patrolRow(Patrol p, Double lastLon, Double lastLat, double[] env, byte[] track, OffsetDateTime now) {
    return Tuple.tuple().addValue(p.id()).addValue(p.worker()).addValue(p.gridCode()).addValue(p.villageCode())
        .addValue(utc(p.startedAt())).addValue(utc(p.endedAt())).addValue(p.points()).addValue(p.outsidePoints())
        .addValue(p.distanceM()).addValue(utc(p.firstAt())).addValue(utc(p.lastAt())).addValue(lastLon)
        .addValue(lastLat).addValue(env == null ? null : env[0]).addValue(env == null ? null : env[1])
        .addValue(env == null ? null : env[2]).addValue(env == null ? null : env[3])
        .addValue(track == null ? null : io.vertx.core.buffer.Buffer.buffer(track)).addValue(utc(now));
  }

  /** Positions (lon, lat interleaved) as little-endian int32 pairs of 1e-7 degrees. */
  static byte[] encode(double[] lonLat) {
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(lonLat.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (double v : lonLat) {
      out.putInt((int) Math.round(v * 1e7));
    }
    return out.array();
  }

  static double[] decode(byte[] track) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(track).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[track.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.getInt() / 1e7;
    }
    return out;
  }

  static Tuple pointRow(String patrolId, TrackPoint p, boolean outside) {
    return Tuple.tuple().addValue(patrolId).addValue(p.id()).addValue(utc(p.t())).addValue(p.lon()).addValue(p.lat())
        .addValue(p.accuracy() == null ? null : p.accuracy().floatValue()).addValue(outside);
  }

  Future<Void> insert(Patrol p, OffsetDateTime now) {
    return sql.query(INSERT_PATROL, patrolRow(p, null, null, null, now)).mapEmpty();
  }

  Future<Optional<PatrolRow>> find(String id) {
    return one("SELECT " + COLUMNS + " FROM patrol WHERE id = ?", id);
  }

  /** The patrol, its row locked until the transaction ends: batches of one patrol are written one after another. */
  Future<Optional<PatrolRow>> lock(String id) {
    return one("SELECT " + COLUMNS + " FROM patrol WHERE id = ? FOR UPDATE", id);
  }

  private Future<Optional<PatrolRow>> one(String query, String id) {
    return sql.query(query, Tuple.of(id)).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(toRow(rows.iterator().next())));
  }

  private static PatrolRow toRow(Row r) {
    Patrol p = new Patrol(r.getString(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3),
        r.getOffsetDateTime(4), r.getInteger(5), r.getInteger(6), r.getDouble(7), r.getOffsetDateTime(8),
        r.getOffsetDateTime(9));
    double[] env = r.getValue(12) == null ? null
        : new double[] {r.getDouble(12), r.getDouble(13), r.getDouble(14), r.getDouble(15)};
    return new PatrolRow(p, r.getDouble(10), r.getDouble(11), env);
  }

  /** Inserts the points, leaving out those the patrol holds already; answers how many were new. */
  Future<Integer> insertNew(List<Tuple> rows) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (int from = 0; from < rows.size(); from += POINTS_PER_INSERT) {
      List<Tuple> part = rows.subList(from, Math.min(rows.size(), from + POINTS_PER_INSERT));
      StringBuilder q = new StringBuilder("INSERT INTO patrol_point (patrol_id, point_id, t, lon, lat, accuracy,"
          + " outside) VALUES ");
      Tuple args = Tuple.tuple();
      for (int i = 0; i < part.size(); i++) {
        q.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)");
        for (int c = 0; c < POINT_COLUMNS; c++) {
          args.addValue(part.get(i).getValue(c));
        }
      }
      q.append(" ON CONFLICT DO NOTHING");
      chain = chain.compose(n -> sql.query(q.toString(), args).map(r -> n + r.rowCount()));
    }
    return chain;
  }

  /** Keeps the track of an ended patrol in its row, for the coverage figures. */
  Future<Void> keepTrack(String id) {
    return track(id).compose(points -> {
      double[] lonLat = new double[points.size() * 2];
      for (int i = 0; i < points.size(); i++) {
        lonLat[i * 2] = points.get(i).lon();
        lonLat[i * 2 + 1] = points.get(i).lat();
      }
      return sql.query("UPDATE patrol SET track = ? WHERE id = ? AND ended_at IS NOT NULL",
          Tuple.of(io.vertx.core.buffer.Buffer.buffer(encode(lonLat)), id)).mapEmpty();
    });
  }

  /** Writes the running figures of a patrol after a batch. */
  Future<Void> updateFigures(Patrol p, Double lastLon, Double lastLat, double[] env) {
    return sql.query("UPDATE patrol SET points = ?, outside_points = ?, distance_m = ?, first_at = ?, last_at = ?,"
        + " last_lon = ?, last_lat = ?, minx = ?, miny = ?, maxx = ?, maxy = ? WHERE id = ?",
        Tuple.tuple().addValue(p.points()).addValue(p.outsidePoints()).addValue(p.distanceM())
            .addValue(utc(p.firstAt())).addValue(utc(p.lastAt())).addValue(lastLon).addValue(lastLat)
            .addValue(env == null ? null : env[0]).addValue(env == null ? null : env[1])
            .addValue(env == null ? null : env[2]).addValue(env == null ? null : env[3]).addValue(p.id()))
        .mapEmpty();
  }

  Future<Void> end(String id, OffsetDateTime endedAt) {
    return sql.query("UPDATE patrol SET ended_at = ? WHERE id = ? AND ended_at IS NULL", Tuple.of(utc(endedAt), id))
        .mapEmpty();
  }

  /** The track in time order (ties by point id). */
  Future<List<StoredPoint>> track(String patrolId) {
    return sql.query("SELECT point_id, t, lon, lat, accuracy, outside FROM patrol_point WHERE patrol_id = ?"
        + " ORDER BY t, point_id", Tuple.of(patrolId)).map(rows -> {
          List<StoredPoint> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            Object acc = r.getValue(4);
            out.add(new StoredPoint(r.getString(0), r.getOffsetDateTime(1), r.getDouble(2), r.getDouble(3),
                acc == null ? null : ((Number) acc).doubleValue(), Boolean.TRUE.equals(r.getBoolean(5))));
          }
          return out;
        });
  }

  Future<List<Patrol>> list(ListFilter f) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (f.grid() != null) {
      where.append(" AND grid_code = ?");
      args.addValue(f.grid());
    }
    if (f.worker() != null) {
      where.append(" AND worker = ?");
      args.addValue(f.worker());
    }
    if (f.from() != null) {
      where.append(" AND started_at >= ?");
      args.addValue(utc(f.from()));
    }
    if (f.to() != null) {
      where.append(" AND started_at < ?");
      args.addValue(utc(f.to()));
    }
    if (f.gridPrefixes() != null && !f.gridPrefixes().isEmpty()) {
      where.append(" AND (");
      for (int i = 0; i < f.gridPrefixes().size(); i++) {
        String prefix = f.gridPrefixes().get(i);
        where.append(i == 0 ? "" : " OR ").append("LEFT(grid_code, ?) = ?");
        args.addInteger(prefix.length()).addValue(prefix);
      }
      where.append(')');
    }
    args.addInteger(f.limit());
    return sql.query("SELECT " + COLUMNS + " FROM patrol" + where + " ORDER BY started_at DESC, id LIMIT ?", args)
        .map(rows -> {
          List<Patrol> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(toRow(r).patrol()));
          return out;
        });
  }

  /** The newest start or end of any patrol, for the default period of the figures. */
  Future<Optional<OffsetDateTime>> latest() {
    return sql.query("SELECT MAX(started_at), MAX(ended_at) FROM patrol").map(rows -> {
      Row r = rows.iterator().next();
      OffsetDateTime a = r.getOffsetDateTime(0);
      OffsetDateTime b = r.getOffsetDateTime(1);
      return Optional.ofNullable(a == null ? b : b == null || a.isAfter(b) ? a : b);
    });
  }

  /**
   * The tracks of patrols started in {@code [from, to]} whose envelope meets the box, each as its
   * worker and positions in time order: the kept track of an ended patrol (one row each), the points
   * of one under way.
   */
  Future<List<Coverage.Track>> tracks(OffsetDateTime from, OffsetDateTime to, double[] box) {
    String where = " WHERE p.started_at >= ? AND p.started_at <= ? AND p.maxx >= ? AND p.minx <= ? AND p.maxy >= ?"
        + " AND p.miny <= ?";
    Tuple args = Tuple.tuple().addValue(utc(from)).addValue(utc(to)).addValue(box[0]).addValue(box[2])
        .addValue(box[1]).addValue(box[3]);
    List<Coverage.Track> out = new ArrayList<>();
    return sql.query("SELECT p.worker, p.track FROM patrol p" + where + " AND p.track IS NOT NULL ORDER BY p.id", args)
        .compose(kept -> {
          for (Row r : kept) {
            out.add(new Coverage.Track(r.getString(0), decode(r.getBuffer(1).getBytes())));
          }
          return sql.query("SELECT p.worker, p.id, pt.lon, pt.lat FROM patrol p JOIN patrol_point pt"
              + " ON pt.patrol_id = p.id" + where + " AND p.track IS NULL ORDER BY p.id, pt.t, pt.point_id", args);
        }).map(rows -> {
          String current = null;
          String worker = null;
          double[] buffer = new double[256];
          int n = 0;
          for (Row r : rows) {
            String id = r.getString(1);
            if (!id.equals(current)) {
              if (current != null) {
                out.add(new Coverage.Track(worker, java.util.Arrays.copyOf(buffer, n)));
              }
              current = id;
              worker = r.getString(0);
              n = 0;
            }
            if (n + 2 > buffer.length) {
              buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[n++] = r.getDouble(2);
            buffer[n++] = r.getDouble(3);
          }
          if (current != null) {
            out.add(new Coverage.Track(worker, java.util.Arrays.copyOf(buffer, n)));
          }
          return out;
        });
  }

  /** Patrols started in the period within the grids of these prefixes (all: empty), per grid and worker. */
  Future<List<Patrol>> inPeriod(OffsetDateTime from, OffsetDateTime to, List<String> prefixes) {
    return list(new ListFilter(null, null, from, to.plusNanos(1000), prefixes, 1_000_000));
  }

  /** The events reported on a patrol, oldest first. */
  Future<List<String>> events(String patrolId) {
    return sql.query("SELECT o.event_id FROM event_origin o JOIN event e ON e.id = o.event_id WHERE o.patrol_id = ?"
        + " ORDER BY e.reported_at, o.event_id", Tuple.of(patrolId)).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }
}
