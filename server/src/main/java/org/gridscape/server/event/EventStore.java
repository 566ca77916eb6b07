package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/** The event tables of V5: events, their steps and attachments, department sectors, the district mode. */
final class EventStore {

  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

  private static final String COLUMNS = "id, category, level, title, description, lon, lat, grid_code, step, escalation,"
      + " assignee, assignee_kind, handled_by, supervised, reopen_count, reporter, reporter_name, origin, reported_mode,"
      + " reported_at, deadline, closed_at, version";
  static final String INSERT = "INSERT INTO event (" + COLUMNS + ", village_code, reported_month, updated_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT_STEP = "INSERT INTO event_step (event_id, action, from_step, to_step, actor, actor_role,"
      + " note, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Sql sql;

  EventStore(Sql sql) {
    this.sql = sql;
  }

  EventStore on(Sql other) {
    return new EventStore(other);
  }

  static Tuple insertRow(Event e, OffsetDateTime now) {
    return Tuple.tuple().addValue(e.id()).addValue(e.category().code()).addValue(e.level().code())
        .addValue(e.title()).addValue(e.description()).addValue(e.lon()).addValue(e.lat()).addValue(e.gridCode())
        .addValue(e.step().code()).addValue(e.escalation().code()).addValue(e.assignee()).addValue(e.assigneeKind())
        .addValue(e.handledBy()).addValue(e.supervised()).addValue(e.reopenCount()).addValue(e.reporter())
        .addValue(e.reporterName()).addValue(e.origin()).addValue(e.reportedMode().code()).addValue(utc(e.reportedAt()))
        .addValue(utc(e.deadline())).addValue(utc(e.closedAt())).addValue(e.version()).addValue(e.villageCode())
        .addValue(e.reportedAt().atZoneSameInstant(CHINA).format(MONTH)).addValue(utc(now));
  }

  static Tuple stepRow(String eventId, EventStep s) {
    return Tuple.tuple().addValue(eventId).addValue(s.action()).addValue(s.fromStep() == null ? null : s.fromStep().code())
        .addValue(s.toStep().code()).addValue(s.actor()).addValue(s.actorRole()).addValue(s.note()).addValue(utc(s.at()));
  }

  static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  Future<Void> insert(Event event, List<String> attachments, List<EventStep> steps, OffsetDateTime now) {
    List<Tuple> attachmentRows = new ArrayList<>();
    for (int i = 0; i < attachments.size(); i++) {
      attachmentRows.add(Tuple.of(event.id(), i + 1, attachments.get(i)));
    }
    return sql.query(INSERT, insertRow(event, now))
        .compose(v -> sql.batch("INSERT INTO event_attachment (event_id, seq, ref) VALUES (?, ?, ?)", attachmentRows))
        .compose(v -> sql.batch(INSERT_STEP, steps.stream().map(s -> stepRow(event.id(), s)).toList()));
  }

  Future<Void> insertOrigin(String eventId, String reporter, String clientId, String patrol) {
    return sql.query("INSERT INTO event_origin (event_id, reporter, client_id, patrol_id) VALUES (?, ?, ?, ?)",
        Tuple.of(eventId, reporter, clientId, patrol)).mapEmpty();
  }

  Future<Optional<String>> byClientId(String reporter, String clientId) {
    return sql.query("SELECT event_id FROM event_origin WHERE reporter = ? AND client_id = ?",
        Tuple.of(reporter, clientId)).map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString(0)));
  }

  Future<Optional<EventOrigin>> origin(String eventId) {
    return sql.query("SELECT client_id, patrol_id FROM event_origin WHERE event_id = ?", Tuple.of(eventId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new EventOrigin(rows.iterator().next().getString(0),
            rows.iterator().next().getString(1), false)));
  }

  /** The worker of a patrol (V17), to link reports made on it. */
  Future<Optional<String>> patrolWorker(String patrolId) {
    return sql.query("SELECT worker FROM patrol WHERE id = ?", Tuple.of(patrolId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  /** The highest id with this prefix, to number the day's reports. */
  Future<Optional<String>> maxIdWithPrefix(String prefix) {
    return sql.query("SELECT MAX(id) FROM event WHERE id LIKE ?", Tuple.of(prefix + "%"))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getString(0)));
  }

  Future<Optional<Event>> find(String id) {
    return sql.query("SELECT " + COLUMNS + " FROM event WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toEvent(rows.iterator().next())));
  }

  Future<List<String>> attachments(String id) {
    return sql.query("SELECT ref FROM event_attachment WHERE event_id = ? ORDER BY seq", Tuple.of(id)).map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString(0)));
      return out;
    });
  }

  /** The uploaded photos of an event (V7 rows with a hash), in order. */
  Future<List<EventAttachments.StoredPhoto>> photos(String eventId) {
    return sql.query("SELECT seq, sha256, content_type, size_bytes, uploaded_by, uploaded_at FROM event_attachment"
        + " WHERE event_id = ? AND sha256 IS NOT NULL ORDER BY seq", Tuple.of(eventId)).map(rows -> {
          List<EventAttachments.StoredPhoto> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new EventAttachments.StoredPhoto(eventId, r.getInteger(0), r.getString(1).trim(), r.getString(2),
                ((Number) r.getValue(3)).longValue(), r.getString(4), r.getOffsetDateTime(5)));
          }
          return out;
        });
  }

  Future<List<EventStep>> steps(String id) {
    return sql.query("SELECT action, from_step, to_step, actor, actor_role, note, occurred_at FROM event_step"
        + " WHERE event_id = ? ORDER BY id", Tuple.of(id)).map(rows -> {
          List<EventStep> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new EventStep(r.getString(0), r.getString(1) == null ? null : Step.parse(r.getString(1)),
                Step.parse(r.getString(2)), r.getString(3), r.getString(4), r.getString(5), r.getOffsetDateTime(6)));
          }
          return out;
        });
  }

  /** Writes the new state when the stored version is still {@code expectedVersion}; false otherwise. */
  Future<Boolean> update(Event e, int expectedVersion, OffsetDateTime now) {
    return sql.query("UPDATE event SET step = ?, escalation = ?, assignee = ?, assignee_kind = ?, handled_by = ?,"
        + " supervised = ?, reopen_count = ?, closed_at = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
        Tuple.tuple().addValue(e.step().code()).addValue(e.escalation().code()).addValue(e.assignee())
            .addValue(e.assigneeKind()).addValue(e.handledBy()).addValue(e.supervised()).addValue(e.reopenCount())
            .addValue(utc(e.closedAt())).addValue(e.version()).addValue(utc(now)).addValue(e.id())
            .addValue(expectedVersion))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> addStep(String eventId, EventStep step) {
    return sql.query(INSERT_STEP, stepRow(eventId, step)).mapEmpty();
  }

  /**
   * Events matching the filter, newest first.
   *
   * @param gridPrefixes code prefixes of the caller's scope; empty for everywhere
   * @param sectorOrAssignee for department users: their categories, or events assigned to them
   */
  Future<List<Event>> list(EventFilter filter, List<String> gridPrefixes, Set<EventCategory> sectors, String assignee,
      int limit, int offset) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (filter.grid() != null) {
      where.append(" AND grid_code = ?");
      args.addValue(filter.grid());
    }
    if (filter.villagePrefix() != null) {
      where.append(" AND grid_code LIKE ?");
      args.addValue(filter.villagePrefix() + "%");
    }
    if (filter.category() != null) {
      where.append(" AND category = ?");
      args.addValue(filter.category().code());
    }
    if (filter.step() != null) {
      where.append(" AND step = ?");
      args.addValue(filter.step().code());
    }
    if (filter.open() != null) {
      where.append(filter.open() ? " AND closed_at IS NULL" : " AND closed_at IS NOT NULL");
    }
    if (filter.supervised() != null) {
      where.append(" AND supervised = ?");
      args.addValue(filter.supervised());
    }
    if (filter.overdueAt() != null) {
      where.append(" AND closed_at IS NULL AND deadline < ?");
      args.addValue(utc(filter.overdueAt()));
    }
    if (filter.bbox() != null) {
      where.append(" AND lon >= ? AND lat >= ? AND lon <= ? AND lat <= ?");
      for (double d : filter.bbox()) {
        args.addValue(d);
      }
    }
    // The caller's scope: one placeholder per prefix; the statement's shape depends only on counts.
    if (!gridPrefixes.isEmpty()) {
      where.append(" AND (");
      for (int i = 0; i < gridPrefixes.size(); i++) {
        where.append(i == 0 ? "" : " OR ").append("grid_code LIKE ?");
        args.addValue(gridPrefixes.get(i) + "%");
      }
      where.append(")");
    }
    if (sectors != null) {
      where.append(" AND (assignee = ?");
      args.addValue(assignee);
      for (EventCategory c : sectors) {
        where.append(" OR category = ?");
        args.addValue(c.code());
      }
      where.append(")");
    }
    args.addValue(limit).addValue(offset);
    return sql.query("SELECT " + COLUMNS + " FROM event" + where + " ORDER BY reported_at DESC, id LIMIT ? OFFSET ?", args)
        .map(rows -> {
          List<Event> out = new ArrayList<>();
          rows.forEach(r -> out.add(toEvent(r)));
          return out;
        });
  }

  /** Counts per village, category and month of report, for {@link EventStats}. */
  Future<List<EventStats.Cell>> cells(String gridCode, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now) {
    String where = " WHERE reported_at >= ? AND reported_at < ?" + (gridCode == null ? "" : " AND grid_code = ?");
    Tuple args = Tuple.tuple().addValue(utc(now)).addValue(utc(now)).addValue(utc(from)).addValue(utc(to));
    if (gridCode != null) {
      args.addValue(gridCode);
    }
    return sql.query("SELECT village_code, category, reported_month, COUNT(*),"
        + " SUM(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN closed_at IS NOT NULL AND closed_at <= deadline THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN closed_at IS NULL AND supervised THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN closed_at IS NULL AND deadline < ? THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN closed_at IS NULL AND supervised AND deadline < ? THEN 1 ELSE 0 END)"
        + " FROM event" + where + " GROUP BY village_code, category, reported_month", args).map(rows -> {
          List<EventStats.Cell> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new EventStats.Cell(r.getString(0), EventCategory.parse(r.getString(1)), r.getString(2),
                new EventStats.Counts(num(r, 3), num(r, 4), num(r, 5), num(r, 6), num(r, 7), num(r, 8))));
          }
          return out;
        });
  }

  private static long num(Row row, int i) {
    Object v = row.getValue(i);
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** The published grid whose polygon covers the point, if any. */
  Future<Optional<String>> publishedGridAt(double lon, double lat) {
    return sql.query("SELECT code, geom FROM grid WHERE status = 'published' AND minx <= ? AND maxx >= ?"
        + " AND miny <= ? AND maxy >= ? ORDER BY code", Tuple.of(lon, lon, lat, lat)).map(rows -> {
          Point point = Geometries.FACTORY.createPoint(new Coordinate(lon, lat));
          for (Row r : rows) {
            Geometry geom = Geometries.fromWkb(r.getBuffer(1));
            if (geom.covers(point)) {
              return Optional.of(r.getString(0));
            }
          }
          return Optional.<String>empty();
        });
  }

  Future<Set<EventCategory>> sectors(String username) {
    return sql.query("SELECT category FROM department_sector WHERE username = ?", Tuple.of(username)).map(rows -> {
      Set<EventCategory> out = EnumSet.noneOf(EventCategory.class);
      rows.forEach(r -> out.add(EventCategory.parse(r.getString(0))));
      return out;
    });
  }

  Future<Void> replaceSectors(String username, Set<EventCategory> categories) {
    return sql.query("DELETE FROM department_sector WHERE username = ?", Tuple.of(username))
        .compose(v -> sql.batch("INSERT INTO department_sector (username, category) VALUES (?, ?)",
            categories.stream().map(c -> Tuple.of(username, c.code())).toList()));
  }

  static Event toEvent(Row r) {
    return new Event(r.getString(0), EventCategory.parse(r.getString(1)), EventLevel.parse(r.getString(2)),
        r.getString(3), r.getString(4), r.getDouble(5), r.getDouble(6), r.getString(7), Step.parse(r.getString(8)),
        Escalation.parse(r.getString(9)), r.getString(10), r.getString(11), r.getString(12), r.getBoolean(13),
        r.getInteger(14), r.getString(15), r.getString(16), r.getString(17), DistrictMode.parse(r.getString(18)),
        r.getOffsetDateTime(19), r.getOffsetDateTime(20), r.getOffsetDateTime(21), r.getInteger(22));
  }
}
