package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gridscape.server.DomainException;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.event.EventAttachments;
import org.gridscape.server.patrol.GroundFrame;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Grid workers' visits (入户走访; docs/FIELD.md): a check-in at a building of their own grids, the
 * position measured against the building's footprint, an optional photo. Idempotent by the phone's
 * id, like patrols, so the phone's outbox may send a check-in again.
 */
public final class VisitService {

  /** A position farther than this from the visited building's footprint is stored and flagged. */
  public static final double TOLERANCE_M = 50;
  /** Photos of visits: at most what an event's photo may have. */
  public static final long MAX_PHOTO_BYTES = EventAttachments.MAX_BYTES;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final GeometryFactory METRIC = new GeometryFactory();
  private static final String COLUMNS = "id, worker, grid_code, village_code, building_id, household_id, member_id,"
      + " patrol_id, visited_at, lon, lat, accuracy, distance_m, flagged, note, photo_type";

  /** What a check-in asks for; null fields are absent. */
  public record CheckIn(String id, String building, String household, double lon, double lat, Double accuracy,
      OffsetDateTime t, String note, String patrol) {}

  /** The answer to a check-in: the visit, and whether this request created it. */
  public record Recorded(Visit visit, boolean created) {}

  /** A visit's photo. */
  public record Photo(String contentType, byte[] bytes) {}

  private final Database db;
  private final Clock clock;

  public VisitService(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  static void requireId(String id, String field) {
    if (id == null || !ID.matcher(id).matches()) {
      throw FieldException.invalid(field, "'" + field + "' is required: the phone's id, 1-64 letters, digits or . _ : -");
    }
  }

  /** Metres from a position to a footprint (lon/lat), in the ground frame at the position; 0 inside. */
  public static double distanceM(Geometry footprint, double lon, double lat) {
    GroundFrame frame = GroundFrame.at(lon, lat);
    return frame.toMetres(footprint).distance(METRIC.createPoint(new Coordinate(frame.x(lon), frame.y(lat))));
  }

  /**
   * Records a check-in at a building of one of the caller's grids: 403 elsewhere, 422 for a building
   * that is in no published grid, a household of another building or a patrol that does not exist.
   * The same id again answers the stored visit (another worker's id: 409).
   */
  public Future<Recorded> checkIn(Principal who, CheckIn in) {
    FieldAccess.requireRecorder(who, "visits");
    requireId(in.id(), "id");
    if (in.building() == null || in.building().isBlank() || in.building().length() > 40) {
      throw FieldException.invalid("building", "'building' is required: the id of the building visited");
    }
    if (in.lon() < -180 || in.lon() > 180 || in.lat() < -90 || in.lat() > 90) {
      throw FieldException.invalid(in.lon() < -180 || in.lon() > 180 ? "lon" : "lat",
          "'lon' and 'lat' must be WGS84 degrees");
    }
    if (in.accuracy() != null && !(in.accuracy() >= 0 && in.accuracy() < 100_000)) {
      throw FieldException.invalid("accuracy", "'accuracy' must be metres, 0 or more");
    }
    if (in.note() != null && in.note().length() > 2000) {
      throw FieldException.invalid("note", "'note' holds at most 2000 characters");
    }
    OffsetDateTime at = in.t() == null ? now() : in.t();
    if (at.getYear() < 2000 || at.isAfter(now().plusMinutes(10))) {
      throw FieldException.invalid("t", "'t' must lie between 2000 and now, got " + at);
    }
    return find(db, in.id()).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(existing(who, found.get(), in));
      }
      return prepare(who, in, at).compose(visit -> db.inTransaction(tx -> insert(tx, visit)
              .compose(v -> ChangeLog.append(tx, Change.visit(visit.id(), visit.gridCode()))))
          .map(v -> new Recorded(visit, true))
          // the same check-in twice at once: the other one stored it
          .recover(e -> find(db, in.id()).map(again -> again.map(v -> existing(who, v, in))
              .orElseThrow(() -> e instanceof RuntimeException re ? re : new IllegalStateException(e)))));
    });
  }

  private static Recorded existing(Principal who, Visit visit, CheckIn in) {
    if (!visit.worker().equals(who.username())) {
      throw FieldException.conflict("visit id '" + visit.id() + "' is taken; generate another");
    }
    if (!visit.buildingId().equals(in.building())) {
      throw FieldException.conflict("visit '" + visit.id() + "' was made at building " + visit.buildingId()
          + ", not " + in.building());
    }
    return new Recorded(visit, false);
  }

  /** Reads the building, checks the grid, household and patrol, and measures the distance. */
  private Future<Visit> prepare(Principal who, CheckIn in, OffsetDateTime at) {
    return db.query("SELECT b.grid_code, b.village_code, b.geom FROM building b JOIN grid g ON g.code = b.grid_code"
        + " WHERE b.id = ? AND g.status = 'published'", Tuple.of(in.building())).compose(rows -> {
          if (rows.size() == 0) {
            throw FieldException.refused("unknown_building", "no building '" + in.building() + "' in a published grid");
          }
          Row b = rows.iterator().next();
          String grid = b.getString(0);
          String village = b.getString(1);
          double distance = distanceM(Geometries.fromWkb(b.getBuffer(2)), in.lon(), in.lat());
          return FieldAccess.requireOwnGrid(db, who, grid)
              .compose(v -> checkHousehold(db, in.household(), in.building()))
              .compose(v -> checkPatrol(who, in.patrol()))
              .compose(v -> db.query("SELECT member_id FROM worker WHERE id = ?", Tuple.of(who.username())))
              .map(member -> new Visit(in.id(), who.username(), grid, village, in.building(), in.household(),
                  member.size() == 0 ? null : member.iterator().next().getString(0), in.patrol(), at, in.lon(),
                  in.lat(), in.accuracy(), distance, distance > TOLERANCE_M, in.note(), null));
        });
  }

  /** A household, when given, must live in the building (422 {@code unknown_household} otherwise). */
  static Future<Void> checkHousehold(Sql sql, String household, String building) {
    if (household == null) {
      return Future.succeededFuture();
    }
    return sql.query("SELECT building_id FROM household WHERE id = ?", Tuple.of(household)).map(rows -> {
      if (rows.size() == 0 || !building.equals(rows.iterator().next().getString(0))) {
        throw FieldException.refused("unknown_household", "no household '" + household + "' in building " + building);
      }
      return null;
    });
  }

  private Future<Void> checkPatrol(Principal who, String patrol) {
    if (patrol == null) {
      return Future.succeededFuture();
    }
    requireId(patrol, "patrol");
    return db.query("SELECT worker FROM patrol WHERE id = ?", Tuple.of(patrol)).map(rows -> {
      if (rows.size() == 0) {
        throw FieldException.refused("unknown_patrol", "no patrol '" + patrol + "'");
      }
      if (!who.username().equals(rows.iterator().next().getString(0))) {
        throw FieldException.forbidden("patrol " + patrol + " is another worker's");
      }
      return null;
    });
  }

  static Future<Void> insert(Sql sql, Visit v) {
    return sql.query("INSERT INTO visit (id, worker, grid_code, village_code, building_id, household_id, member_id,"
        + " patrol_id, visited_at, lon, lat, accuracy, distance_m, flagged, note, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Tuple.tuple().addValue(v.id()).addValue(v.worker())
        .addValue(v.gridCode()).addValue(v.villageCode()).addValue(v.buildingId()).addValue(v.householdId())
        .addValue(v.memberId()).addValue(v.patrolId()).addValue(v.visitedAt().withOffsetSameInstant(ZoneOffset.UTC))
        .addValue(v.lon()).addValue(v.lat()).addValue(v.accuracy() == null ? null : v.accuracy().floatValue())
        .addValue(v.distanceM()).addValue(v.flagged()).addValue(v.note())
        .addValue(OffsetDateTime.now(ZoneOffset.UTC))).mapEmpty();
  }

  static Future<Optional<Visit>> find(Sql sql, String id) {
    return sql.query("SELECT " + COLUMNS + " FROM visit WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toVisit(rows.iterator().next())));
  }

  private static Visit toVisit(Row r) {
    Object acc = r.getValue(11);
    return new Visit(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
        r.getString(6), r.getString(7), r.getOffsetDateTime(8), r.getDouble(9), r.getDouble(10),
        acc == null ? null : ((Number) acc).doubleValue(), r.getDouble(12), Boolean.TRUE.equals(r.getBoolean(13)),
        r.getString(14), r.getString(15));
  }

  /** A building near a position, for the phone's choice where to check in. */
  public record Nearby(String id, String gridCode, double distanceM, double lon, double lat, String use, Integer floors) {}

  /**
   * The buildings of the caller's own grids nearest to a position (within about 500 m), nearest
   * first: what the phone offers for a check-in.
   */
  public Future<List<Nearby>> nearby(Principal who, double lon, double lat, int limit) {
    FieldAccess.requireRecorder(who, "visits");
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw FieldException.invalid(lon < -180 || lon > 180 ? "lon" : "lat", "'lon' and 'lat' must be WGS84 degrees");
    }
    if (limit < 1 || limit > 50) {
      throw FieldException.invalid("limit", "'limit' must be 1..50");
    }
    double dLat = 500 / GroundFrame.METRES_PER_DEGREE;
    double dLon = dLat / Math.max(0.1, Math.cos(Math.toRadians(lat)));
    StringBuilder where = new StringBuilder(" WHERE g.status = 'published' AND b.maxx >= ? AND b.minx <= ?"
        + " AND b.maxy >= ? AND b.miny <= ?");
    Tuple args = Tuple.tuple().addValue(lon - dLon).addValue(lon + dLon).addValue(lat - dLat).addValue(lat + dLat);
    if (!who.has(Role.ADMIN)) {
      where.append(" AND (b.grid_code IN (SELECT grid_code FROM worker_grid WHERE worker_id = ?)");
      args.addValue(who.username());
      String scoped = Scopes.clause(who, "b.grid_code", args);
      if (scoped != null) {
        where.append(" OR ").append(scoped);
      }
      where.append(')');
    }
    return db.query("SELECT b.id, b.grid_code, b.geom, b.use_kind, b.floors FROM building b JOIN grid g"
        + " ON g.code = b.grid_code" + where, args).map(rows -> {
          List<Nearby> out = new ArrayList<>();
          for (Row r : rows) {
            Geometry footprint = Geometries.fromWkb(r.getBuffer(2));
            var c = footprint.getCentroid();
            out.add(new Nearby(r.getString(0), r.getString(1), distanceM(footprint, lon, lat), c.getX(), c.getY(),
                r.getString(3), r.getInteger(4)));
          }
          out.sort(java.util.Comparator.comparingDouble(Nearby::distanceM).thenComparing(Nearby::id));
          return out.subList(0, Math.min(limit, out.size()));
        });
  }

  // ---------------------------------------------------------------- photo

  /**
   * Stores the photo of the caller's own visit (sent again: replaced by the same bytes): 415 not a
   * JPEG or PNG by header and bytes, 413 over {@link #MAX_PHOTO_BYTES}.
   */
  public Future<Visit> photo(Principal who, String id, String contentType, byte[] bytes) {
    FieldAccess.requireRecorder(who, "visits");
    requireId(id, "id");
    String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    EventAttachments.ImageType type = EventAttachments.ImageType.ofMime(mime)
        .filter(t -> t != EventAttachments.ImageType.WEBP)
        .orElseThrow(() -> new FieldException(DomainException.Refusal.UNSUPPORTED_TYPE, "unsupported_media_type",
            "a visit's photo is sent as image/jpeg or image/png, not '" + (mime.isEmpty() ? "(none)" : mime) + "'",
            List.of(Map.of("contentType", mime))));
    if (bytes == null || bytes.length == 0) {
      throw FieldException.invalid("body", "send the photo's bytes as the request body");
    }
    if (bytes.length > MAX_PHOTO_BYTES) {
      throw new FieldException(DomainException.Refusal.TOO_LARGE, "payload_too_large", "a photo has at most "
          + MAX_PHOTO_BYTES / (1024 * 1024) + " MB; this one has " + bytes.length + " bytes",
          List.of(Map.of("size", bytes.length, "max", MAX_PHOTO_BYTES)));
    }
    if (!type.matches(bytes)) {
      throw new FieldException(DomainException.Refusal.UNSUPPORTED_TYPE, "unsupported_media_type",
          "the body is not a " + type.extension.toUpperCase(Locale.ROOT) + " image although Content-Type says "
              + type.mime, List.of(Map.of("contentType", type.mime)));
    }
    return find(db, id).compose(found -> {
      Visit v = found.orElseThrow(() -> FieldException.notFound("no visit '" + id + "'"));
      if (!v.worker().equals(who.username())) {
        throw FieldException.forbidden("visit " + id + " is another worker's; you add photos to your own");
      }
      return db.query("UPDATE visit SET photo_type = ?, photo = ? WHERE id = ?",
          Tuple.of(type.mime, Buffer.buffer(bytes), id)).map(r -> new Visit(v.id(), v.worker(), v.gridCode(),
              v.villageCode(), v.buildingId(), v.householdId(), v.memberId(), v.patrolId(), v.visitedAt(), v.lon(),
              v.lat(), v.accuracy(), v.distanceM(), v.flagged(), v.note(), type.mime));
    });
  }

  /** The photo of a visit the caller may read. */
  public Future<Photo> readPhoto(Principal who, String id) {
    return get(who, id).compose(v -> db.query("SELECT photo_type, photo FROM visit WHERE id = ?", Tuple.of(id)))
        .map(rows -> {
          Row r = rows.iterator().next();
          if (r.getValue(1) == null) {
            throw FieldException.notFound("visit " + id + " has no photo");
          }
          return new Photo(r.getString(0), r.getBuffer(1).getBytes());
        });
  }

  // ---------------------------------------------------------------- reads

  /** A visit says where a person was and when: its worker, leaders of its grid and administrators read it. */
  public Future<Visit> get(Principal who, String id) {
    requireReader(who);
    requireId(id, "id");
    return find(db, id).map(found -> {
      Visit v = found.orElseThrow(() -> FieldException.notFound("no visit '" + id + "'"));
      if (!who.username().equals(v.worker()) && !FieldAccess.oversees(who, v.gridCode())) {
        throw FieldException.forbidden("visit " + id + " is not yours to read");
      }
      return v;
    });
  }

  private static void requireReader(Principal who) {
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.GRIDWORKER)) {
      throw FieldException.forbidden("visits are read by their workers, leaders and administrators");
    }
  }

  /** Visits the caller may read, newest first: administrators all, leaders their areas', grid workers their own. */
  public Future<List<Visit>> list(Principal who, String grid, String worker, OffsetDateTime from, OffsetDateTime to,
      int limit) {
    requireReader(who);
    if (limit < 1 || limit > 1000) {
      throw FieldException.invalid("limit", "'limit' must be 1..1000");
    }
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    String onlyWorker = worker;
    if (who.has(Role.ADMIN)) {
      // everything
    } else if (who.has(Role.LEADER)) {
      if (grid != null && !who.covers(grid)) {
        throw FieldException.forbidden("grid " + grid + " is outside your areas");
      }
      Scopes.restrict(who, "grid_code", where, args);
    } else {
      if (worker != null && !worker.equals(who.username())) {
        throw FieldException.forbidden("grid workers read only their own visits");
      }
      onlyWorker = who.username();
    }
    if (grid != null) {
      where.append(" AND grid_code = ?");
      args.addValue(grid);
    }
    if (onlyWorker != null) {
      where.append(" AND worker = ?");
      args.addValue(onlyWorker);
    }
    if (from != null) {
      where.append(" AND visited_at >= ?");
      args.addValue(from.withOffsetSameInstant(ZoneOffset.UTC));
    }
    if (to != null) {
      where.append(" AND visited_at < ?");
      args.addValue(to.withOffsetSameInstant(ZoneOffset.UTC));
    }
    args.addInteger(limit);
    return db.query("SELECT " + COLUMNS + " FROM visit" + where + " ORDER BY visited_at DESC, id LIMIT ?", args)
        .map(rows -> {
          List<Visit> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(toVisit(r)));
          return out;
        });
  }
}
