package org.gridscape.server.patrol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grid workers' patrols (巡查): start, batches of positions, end, reads and the coverage figures
 * (docs/PATROLS.md). Every write is idempotent by the phone's ids, so a queue on the phone can send
 * again whatever it is not sure arrived. Time comes from the injected clock.
 */
public final class PatrolService {

  private static final Logger LOG = LoggerFactory.getLogger(PatrolService.class);

  /** A position farther than this from every grid of its worker is stored and flagged. */
  public static final double OUTSIDE_TOLERANCE_M = 50;
  public static final int MAX_POINTS_PER_BATCH = 1000;
  static final Pattern PATROL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** How long a worker's grids are remembered for flagging positions. */
  private static final Duration OWN_GRIDS_TTL = Duration.ofSeconds(60);

  /** The answer to a start: the patrol, and whether this request created it (else it existed). */
  public record Started(Patrol patrol, boolean created) {}

  /** The answer to a batch: points received, newly stored, already there; the patrol after it. */
  public record Batch(int received, int stored, int duplicates, Patrol patrol) {}

  private record CachedGrids(OwnGrids grids, long loadedAtNanos) {}

  private final Vertx vertx;
  private final Database db;
  private final PatrolStore store;
  private final Clock clock;
  private final PatrolStats stats;
  private final Map<String, CachedGrids> ownGrids = new ConcurrentHashMap<>();

  public PatrolService(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.store = new PatrolStore(db);
    this.clock = clock;
    this.stats = new PatrolStats(vertx, db, store);
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  // ---------------------------------------------------------------- writes

  private static void requireRecorder(Principal who) {
    if (!who.hasAny(Role.GRIDWORKER, Role.ADMIN)) {
      throw PatrolException.forbidden("patrols are recorded by grid workers");
    }
  }

  static void requireId(String id) {
    if (id == null || !PATROL_ID.matcher(id).matches()) {
      throw PatrolException.invalid("id", "'id' is required: the phone's id of the patrol, 1-64 letters, digits or . _ : -");
    }
  }

  /** Checks a time sent by the phone: not before 2000, not more than 10 minutes ahead of the server. */
  OffsetDateTime checkTime(OffsetDateTime t, String field) {
    if (t != null && (t.getYear() < 2000 || t.isAfter(now().plusMinutes(10)))) {
      throw PatrolException.invalid(field, "'" + field + "' must lie between 2000 and now, got " + t);
    }
    return t;
  }

  /**
   * Starts a patrol in one of the worker's grids (403 elsewhere, 422 for a grid that is not
   * published). The same id again: the patrol as it is (the phone retried), or 409 when another
   * worker's patrol has the id.
   *
   * @param startedAt when the phone started it (it may send the start later, from its queue); null: now
   */
  public Future<Started> start(Principal who, String id, String grid, OffsetDateTime startedAt) {
    requireRecorder(who);
    requireId(id);
    if (grid == null || !grid.matches("\\d{15}")) {
      throw PatrolException.invalid("grid", "'grid' is required: a 15-digit grid code");
    }
    OffsetDateTime start = checkTime(startedAt, "startedAt") == null ? now() : startedAt;
    return store.find(id).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(existing(who, found.get().patrol(), grid));
      }
      if (!who.covers(grid)) {
        throw PatrolException.forbidden("grid " + grid + " is not one of your grids");
      }
      return db.query("SELECT status FROM grid WHERE code = ?", Tuple.of(grid)).compose(rows -> {
        if (rows.size() == 0 || !"published".equals(rows.iterator().next().getString(0))) {
          throw PatrolException.refused("unknown_grid", "no published grid " + grid);
        }
        Patrol patrol = new Patrol(id, who.username(), grid, start, null, 0, 0, 0, null, null);
        return db.inTransaction(tx -> store.on(tx).insert(patrol, now())
                .compose(v -> ChangeLog.append(tx, Change.patrol(id, grid, false))))
            .map(v -> {
              LOG.debug("Patrol {} started in grid {}", id, grid);
              return new Started(patrol, true);
            })
            // the same start twice at once: the other one stored it
            .recover(e -> store.find(id).map(again -> again.map(r -> existing(who, r.patrol(), grid))
                .orElseThrow(() -> e instanceof RuntimeException re ? re : new IllegalStateException(e))));
      });
    });
  }

  private static Started existing(Principal who, Patrol patrol, String grid) {
    if (!patrol.worker().equals(who.username())) {
      throw PatrolException.conflict("patrol id '" + patrol.id() + "' is taken; generate another");
    }
    if (!patrol.gridCode().equals(grid)) {
      throw PatrolException.conflict("patrol '" + patrol.id() + "' was started in grid " + patrol.gridCode()
          + ", not " + grid);
    }
    return new Started(patrol, false);
  }

  /**
   * Stores a batch of positions of the caller's own patrol: each point once by its id (a batch sent
   * again stores nothing new), positions outside the worker's grids stored and flagged.
   */
  public Future<Batch> addPoints(Principal who, String id, List<TrackPoint> points) {
    requireRecorder(who);
    requireId(id);
    if (points.isEmpty() || points.size() > MAX_POINTS_PER_BATCH) {
      throw PatrolException.invalid("points", "'points' holds 1.." + MAX_POINTS_PER_BATCH + " positions, got "
          + points.size());
    }
    OffsetDateTime limit = now().plusMinutes(10);
    for (int i = 0; i < points.size(); i++) {
      if (points.get(i).t().isAfter(limit) || points.get(i).t().getYear() < 2000) {
        throw PatrolException.invalid("points[" + i + "].t", "'points[" + i + "].t' must lie between 2000 and now");
      }
    }
    return ownGrids(who).compose(own -> db.inTransaction(tx -> {
      PatrolStore txStore = store.on(tx);
      return txStore.lock(id).compose(found -> {
        PatrolStore.PatrolRow row = found.orElseThrow(() -> PatrolException.notFound("no patrol '" + id + "'"));
        requireOwner(who, row.patrol());
        Map<String, TrackPoint> unique = new LinkedHashMap<>();
        points.forEach(p -> unique.putIfAbsent(p.id(), p));
        return store(txStore, row, new ArrayList<>(unique.values()), own).map(stored -> new Batch(points.size(),
            stored.newPoints(), points.size() - stored.newPoints(), stored.patrol()));
      });
    }));
  }

  private static void requireOwner(Principal who, Patrol patrol) {
    if (!patrol.worker().equals(who.username())) {
      throw PatrolException.forbidden("patrol " + patrol.id() + " is another worker's; you write only your own");
    }
  }

  private record Stored(Patrol patrol, int newPoints) {}

  /**
   * Inserts the points the patrol does not hold yet (the database leaves out known ids) and brings
   * its figures up to date: by the batch alone when all of it was new and continues the track, else
   * from the whole stored track (a resent or out-of-order batch, the rare case).
   */
  private Future<Stored> store(PatrolStore txStore, PatrolStore.PatrolRow row, List<TrackPoint> batch, OwnGrids own) {
    Patrol p = row.patrol();
    List<Tuple> rows = new ArrayList<>(batch.size());
    int outside = 0;
    double[] env = row.envelope() == null ? null : row.envelope().clone();
    for (TrackPoint point : batch) {
      boolean out = own.outside(point.lon(), point.lat());
      outside += out ? 1 : 0;
      rows.add(PatrolStore.pointRow(p.id(), point, out));
      if (env == null) {
        env = new double[] {point.lon(), point.lat(), point.lon(), point.lat()};
      } else {
        env[0] = Math.min(env[0], point.lon());
        env[1] = Math.min(env[1], point.lat());
        env[2] = Math.max(env[2], point.lon());
        env[3] = Math.max(env[3], point.lat());
      }
    }
    List<TrackPoint> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(TrackPoint::t).thenComparing(TrackPoint::id));
    TrackPoint first = sorted.get(0);
    TrackPoint last = sorted.get(sorted.size() - 1);
    double[] bounds = env;
    int outsideTotal = p.outsidePoints() + outside;
    OffsetDateTime firstAt = p.firstAt() == null || first.t().isBefore(p.firstAt()) ? first.t() : p.firstAt();
    boolean continues = p.lastAt() == null || !first.t().isBefore(p.lastAt());
    return txStore.insertNew(rows).compose(inserted -> {
      if (inserted == 0) {
        return Future.succeededFuture(new Stored(p, 0));
      }
      if (inserted == batch.size() && continues) {
        // the usual case: the batch continues the track, whose length grows by the batch's own
        double distance = p.distanceM();
        Double lastLon = row.lastLon();
        Double lastLat = row.lastLat();
        for (TrackPoint point : sorted) {
          if (lastLon != null) {
            distance += metres(lastLon, lastLat, point.lon(), point.lat());
          }
          lastLon = point.lon();
          lastLat = point.lat();
        }
        Patrol after = new Patrol(p.id(), p.worker(), p.gridCode(), p.startedAt(), p.endedAt(),
            p.points() + inserted, outsideTotal, distance, firstAt, last.t());
        return txStore.updateFigures(after, last.lon(), last.lat(), bounds)
            .compose(v -> after.ended() ? txStore.keepTrack(after.id()) : Future.succeededFuture())
            .map(v -> new Stored(after, inserted));
      }
      // some points were there already, or came from before the last one: measure the whole track again
      return txStore.track(p.id()).compose(track -> {
        double distance = 0;
        int outsideStored = 0;
        double[] box = null;
        for (int i = 0; i < track.size(); i++) {
          PatrolStore.StoredPoint q = track.get(i);
          outsideStored += q.outside() ? 1 : 0;
          if (i > 0) {
            distance += metres(track.get(i - 1).lon(), track.get(i - 1).lat(), q.lon(), q.lat());
          }
          box = box == null ? new double[] {q.lon(), q.lat(), q.lon(), q.lat()} : new double[] {
              Math.min(box[0], q.lon()), Math.min(box[1], q.lat()), Math.max(box[2], q.lon()), Math.max(box[3], q.lat())};
        }
        PatrolStore.StoredPoint end = track.get(track.size() - 1);
        Patrol after = new Patrol(p.id(), p.worker(), p.gridCode(), p.startedAt(), p.endedAt(), track.size(),
            outsideStored, distance, track.get(0).t(), end.t());
        return txStore.updateFigures(after, end.lon(), end.lat(), box)
            .compose(v -> after.ended() ? txStore.keepTrack(after.id()) : Future.succeededFuture())
            .map(v -> new Stored(after, inserted));
      });
    });
  }

  /** Metres between two positions, in the {@link GroundFrame} of the first. */
  static double metres(double lonA, double latA, double lonB, double latB) {
    return GroundFrame.at(lonA, latA).distance(lonA, latA, lonB, latB);
  }

  /** The grids of a worker for flagging, remembered for a minute. */
  private Future<OwnGrids> ownGrids(Principal who) {
    if (who.has(Role.ADMIN) || who.scopes().isEmpty()) {
      return OwnGrids.load(db, List.of(), who.username(), OUTSIDE_TOLERANCE_M);
    }
    List<String> prefixes = who.scopes().stream().map(Principal::significantPrefix).distinct().sorted().toList();
    String key = who.username() + "|" + String.join(",", prefixes);
    CachedGrids cached = ownGrids.get(key);
    long now = System.nanoTime();
    if (cached != null && now - cached.loadedAtNanos() < OWN_GRIDS_TTL.toNanos()) {
      return Future.succeededFuture(cached.grids());
    }
    return OwnGrids.load(db, prefixes, who.username(), OUTSIDE_TOLERANCE_M).map(grids -> {
      if (ownGrids.size() > 10_000) {
        ownGrids.clear();
      }
      ownGrids.put(key, new CachedGrids(grids, now));
      return grids;
    });
  }

  /**
   * Ends the caller's own patrol (again: as it is) and answers its summary.
   *
   * @param endedAt when the phone ended it; null: the last position's time, else now
   */
  public Future<Map<String, Object>> end(Principal who, String id, OffsetDateTime endedAt) {
    requireRecorder(who);
    requireId(id);
    checkTime(endedAt, "endedAt");
    return db.inTransaction(tx -> {
      PatrolStore txStore = store.on(tx);
      return txStore.lock(id).compose(found -> {
        Patrol p = found.orElseThrow(() -> PatrolException.notFound("no patrol '" + id + "'")).patrol();
        requireOwner(who, p);
        if (p.ended()) {
          return Future.succeededFuture();
        }
        // without a time from the phone: its last position, or now when there is none after the start
        OffsetDateTime end = endedAt != null ? endedAt
            : p.lastAt() != null && !p.lastAt().isBefore(p.startedAt()) ? p.lastAt() : now();
        if (end.isBefore(p.startedAt())) {
          throw PatrolException.invalid("endedAt", "'endedAt' lies before the start " + p.startedAt());
        }
        return txStore.end(id, end).compose(v -> txStore.keepTrack(id))
            .compose(v -> ChangeLog.append(tx, Change.patrol(id, p.gridCode(), true)));
      });
    }).compose(v -> get(who, id));
  }

  // ---------------------------------------------------------------- reads

  /** Whether the caller may read the patrol's track: its worker, leaders of its grid, administrators. */
  static boolean mayRead(Principal who, Patrol p) {
    return who.has(Role.ADMIN) || who.username().equals(p.worker()) || who.has(Role.LEADER) && who.covers(p.gridCode());
  }

  /** The patrol as a GeoJSON Feature: its track with times, figures, its own coverage, the events reported on it. */
  public Future<Map<String, Object>> get(Principal who, String id) {
    return get(who, id, true);
  }

  /** As {@link #get(Principal, String)}; without the coverage (null) unless {@code withCoverage}. */
  public Future<Map<String, Object>> get(Principal who, String id, boolean withCoverage) {
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.GRIDWORKER)) {
      throw PatrolException.forbidden("patrols are read by their workers, leaders and administrators");
    }
    requireId(id);
    return store.find(id).compose(found -> {
      Patrol p = found.orElseThrow(() -> PatrolException.notFound("no patrol '" + id + "'")).patrol();
      if (!mayRead(who, p)) {
        throw PatrolException.forbidden("patrol " + id + " is not yours to read");
      }
      return store.track(id).compose(track -> store.events(id).compose(events -> (withCoverage
          ? stats.ofOne(p, track, Coverage.DEFAULT_DISTANCE_M) : Future.<Coverage.GridCoverage>succeededFuture(null))
          .map(coverage -> PatrolJson.feature(p, track, events, coverage))));
    });
  }

  /**
   * Patrols the caller may see, newest first: administrators all, leaders those in their areas,
   * grid workers their own.
   */
  public Future<List<Patrol>> list(Principal who, String grid, String worker, OffsetDateTime from, OffsetDateTime to,
      int limit) {
    if (limit < 1 || limit > 1000) {
      throw PatrolException.invalid("limit", "'limit' must be 1..1000");
    }
    List<String> prefixes = List.of();
    String onlyWorker = worker;
    if (who.has(Role.ADMIN)) {
      // everything
    } else if (who.has(Role.LEADER)) {
      if (grid != null && !who.covers(grid)) {
        throw PatrolException.forbidden("grid " + grid + " is outside your areas");
      }
      prefixes = who.scopes().stream().map(Principal::significantPrefix).distinct().toList();
    } else if (who.has(Role.GRIDWORKER)) {
      if (worker != null && !worker.equals(who.username())) {
        throw PatrolException.forbidden("grid workers read only their own patrols");
      }
      onlyWorker = who.username();
    } else {
      throw PatrolException.forbidden("patrols are read by their workers, leaders and administrators");
    }
    return store.list(new PatrolStore.ListFilter(grid, onlyWorker, from, to, prefixes, limit));
  }

  /** Coverage per grid, worker and region: see {@link PatrolStats#stats}. */
  public Future<Map<String, Object>> stats(Principal who, String region, OffsetDateTime from, OffsetDateTime to,
      double distanceM) {
    if (!who.hasAny(Role.ADMIN, Role.LEADER)) {
      throw PatrolException.forbidden("patrol figures are for leaders and administrators");
    }
    if (region == null && !who.scopes().isEmpty() && !who.has(Role.ADMIN)) {
      throw PatrolException.forbidden("give ?region= within your areas");
    }
    if (region != null && !who.covers(region)) {
      throw PatrolException.forbidden("'" + region + "' is outside your areas");
    }
    if (!(distanceM > 0 && distanceM <= 500)) {
      throw PatrolException.invalid("distance", "'distance' must be 0 < d <= 500 metres");
    }
    return stats.stats(region, from, to, distanceM);
  }

  // ---------------------------------------------------------------- import

  /**
   * Imports patrols in the sample's patrols.csv format (docs/DATA-FORMATS.md), one transaction per
   * call: patrols with their tracks, positions outside the worker's assigned grids flagged, one
   * {@code patrol} change entry each. An id already stored is skipped (the import can be repeated).
   */
  public Future<Map<String, Object>> importCsv(byte[] csv) {
    return PatrolImport.run(vertx, db, csv, now());
  }
}
