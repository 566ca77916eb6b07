package org.gridscape.server.event;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The district's readiness (平战转换): its peacetime or wartime mode, who switched it and why, and
 * the emergency resources (shelter spaces, supply depots, support bases) that wartime puts on the
 * map. Split from {@link EventService}, which reads the mode when a report arrives.
 */
public final class DistrictReadiness {

  private static final Logger LOG = LoggerFactory.getLogger(DistrictReadiness.class);

  /** The district mode and who set it when. */
  public record ModeState(DistrictMode mode, OffsetDateTime since, String changedBy, String reason) {
    public Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mode", mode.code());
      out.put("since", EventJson.time(since));
      out.put("changedBy", changedBy);
      out.put("reason", reason);
      out.put("deadlineFactor", mode == DistrictMode.WARTIME ? 0.5 : 1.0);
      out.put("majorRiskRouting", mode == DistrictMode.WARTIME ? "district" : "grid");
      return out;
    }
  }

  private final Database db;
  private final Supplier<OffsetDateTime> clock;

  DistrictReadiness(Database db, Supplier<OffsetDateTime> clock) {
    this.db = db;
    this.clock = clock;
  }

  public Future<ModeState> mode() {
    return db.query("SELECT mode, since, changed_by, reason FROM district_mode WHERE id = 'district'").map(rows -> {
      if (rows.size() == 0) {
        return new ModeState(DistrictMode.PEACETIME, EventService.BEGINNING, null, null);
      }
      Row r = rows.iterator().next();
      return new ModeState(DistrictMode.parse(r.getString(0)), r.getOffsetDateTime(1), r.getString(2), r.getString(3));
    });
  }

  /**
   * Switches the district between peacetime and wartime: leaders of the whole district (or
   * admins) only; every switch is written to the audit log.
   */
  public Future<ModeState> setMode(Principal who, DistrictMode mode, String reason, String remote) {
    if (!who.has(Role.ADMIN) && !(who.has(Role.LEADER) && who.scopes().isEmpty())) {
      return Future.failedFuture(EventException.forbidden("only district leaders switch between peacetime and wartime"));
    }
    if (reason != null && reason.length() > 500) {
      return Future.failedFuture(EventException.badRequest("a reason has at most 500 characters"));
    }
    OffsetDateTime now = clock.get();
    return mode().compose(before -> db.inTransaction(tx -> tx.query("UPDATE district_mode SET mode = ?, since = ?,"
        + " changed_by = ?, reason = ? WHERE id = 'district'", Tuple.of(mode.code(), now, who.username(), reason))
        .compose(v -> tx.query("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote)"
            + " VALUES (?, ?, ?, ?, ?, ?)", Tuple.of(now, who.username(), "district.mode", "district",
            before.mode().code() + " -> " + mode.code() + (reason == null ? "" : ": " + reason),
            remote == null ? null : remote.substring(0, Math.min(64, remote.length())))))
        .compose(v -> ChangeLog.append(tx, Change.mode()))
        .map(v -> {
          LOG.info("District mode {} -> {} by {}", before.mode().code(), mode.code(), who.username());
          return new ModeState(mode, now, who.username(), reason);
        })));
  }

  /**
   * Emergency resources as GeoJSON: imported spaces and supplies, and the party service and
   * neighbourhood centres of the village plans, which become support bases. Shown on the map in
   * wartime; in peacetime only leaders and admins see them (to prepare), others get none.
   */
  public Future<Map<String, Object>> resources(Principal who) {
    return mode().compose(mode -> {
      boolean exposed = mode.mode() == DistrictMode.WARTIME || who.hasAny(Role.ADMIN, Role.LEADER);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", "FeatureCollection");
      out.put("mode", mode.mode().code());
      out.put("exposed", exposed);
      List<Object> features = new ArrayList<>();
      out.put("features", features);
      if (!exposed) {
        return Future.succeededFuture(out);
      }
      return db.query("SELECT id, kind, name, lon, lat, grid_code, capacity, supplies FROM emergency_resource ORDER BY id")
          .compose(rows -> {
            for (Row r : rows) {
              Map<String, Object> p = new LinkedHashMap<>();
              p.put("id", r.getString(0));
              p.put("kind", r.getString(1));
              p.put("name", r.getString(2));
              p.put("gridCode", r.getString(5));
              p.put("capacity", r.getInteger(6));
              p.put("supplies", supplies(r.getString(7)));
              p.put("source", "resource");
              features.add(point(r.getString(0), r.getDouble(3), r.getDouble(4), p));
            }
            return db.query("SELECT id, kind, name, lon, lat, village_code FROM plan_point"
                + " WHERE kind IN ('party_service_centre', 'neighbourhood_centre') ORDER BY id");
          }).map(rows -> {
            for (Row r : rows) {
              Map<String, Object> p = new LinkedHashMap<>();
              String id = "plan-" + r.getLong(0);
              p.put("id", id);
              p.put("kind", "space");
              p.put("name", r.getString(2));
              p.put("villageCode", r.getString(5));
              p.put("source", r.getString(1));
              features.add(point(id, r.getDouble(3), r.getDouble(4), p));
            }
            out.put("numberReturned", features.size());
            return out;
          });
    });
  }

  private static Map<String, Object> point(String id, double lon, double lat, Map<String, Object> properties) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Feature");
    f.put("id", id);
    f.put("geometry", Map.of("type", "Point", "coordinates", List.of(lon, lat)));
    f.put("properties", properties);
    return f;
  }

  static Map<String, Integer> supplies(String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(";")) {
      String[] kv = pair.split(":", 2);
      if (kv.length == 2 && !kv[0].isBlank()) {
        out.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
      }
    }
    return out;
  }

  /**
   * Imports emergency resources from CSV {@code id,kind,name,lon,lat,grid_code,capacity,supplies}
   * (kind space or supply; supplies as {@code tent:20;bed:50}), all or nothing, replacing rows
   * with the same id.
   */
  public Future<Map<String, Object>> importResources(byte[] csv) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try {
      EventCsv.parse(new String(csv, java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", ""), records, lines);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(EventException.unprocessable(e.getMessage(), List.of()));
    }
    if (records.isEmpty()) {
      return Future.failedFuture(EventException.unprocessable("the file is empty", List.of()));
    }
    List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    List<String> columns = List.of("id", "kind", "name", "lon", "lat", "grid_code", "capacity", "supplies");
    for (String c : List.of("id", "kind", "name", "lon", "lat")) {
      if (!header.contains(c)) {
        return Future.failedFuture(EventException.unprocessable("missing column '" + c + "'", List.of()));
      }
    }
    List<Tuple> rows = new ArrayList<>();
    List<Map<String, Object>> problems = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> f = records.get(r);
      Map<String, String> v = new HashMap<>();
      for (String c : columns) {
        int i = header.indexOf(c);
        String s = i < 0 || i >= f.size() ? null : f.get(i).trim();
        v.put(c, s == null || s.isEmpty() ? null : s);
      }
      try {
        if (v.get("id") == null || v.get("name") == null) {
          throw new IllegalArgumentException("id and name are required");
        }
        if (!"space".equals(v.get("kind")) && !"supply".equals(v.get("kind"))) {
          throw new IllegalArgumentException("kind is space or supply");
        }
        double lon = Double.parseDouble(v.get("lon"));
        double lat = Double.parseDouble(v.get("lat"));
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
          throw new IllegalArgumentException("lon/lat out of range");
        }
        supplies(v.get("supplies"));
        rows.add(Tuple.tuple().addValue(v.get("id")).addValue(v.get("kind")).addValue(v.get("name")).addValue(lon)
            .addValue(lat).addValue(v.get("grid_code"))
            .addValue(v.get("capacity") == null ? null : Integer.parseInt(v.get("capacity"))).addValue(v.get("supplies")));
      } catch (RuntimeException e) {
        problems.add(Map.of("line", lines.get(r), "message", String.valueOf(e.getMessage())));
      }
    }
    if (!problems.isEmpty()) {
      return Future.failedFuture(EventException.unprocessable(problems.size() + " rows are wrong; nothing was imported",
          problems));
    }
    return db.inTransaction(tx -> tx.batch("DELETE FROM emergency_resource WHERE id = ?",
            rows.stream().map(t -> Tuple.of(t.getString(0))).toList())
        .compose(v -> tx.batch("INSERT INTO emergency_resource (id, kind, name, lon, lat, grid_code, capacity, supplies)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)))
        .map(v -> Map.<String, Object>of("imported", rows.size()));
  }
}
