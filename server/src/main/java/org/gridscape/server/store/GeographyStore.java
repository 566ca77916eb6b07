package org.gridscape.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridscape.scene.model.GridKind;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/** Regions, unit grids and village plans in the database. */
public final class GeographyStore {

  /** A region of the hierarchy. */
  public record RegionRow(String code, String name, String fullName, String level, String parentCode, Geometry geom) {}

  /** A unit grid as stored. */
  public record GridRow(String code, String villageCode, String name, GridKind kind, String status, int version,
      Geometry geom, OffsetDateTime updatedAt, String updatedBy) {}

  /** A stored building footprint and its attributes. */
  public record BuildingRow(String id, String villageCode, String gridCode, Integer floors, Double height, String use,
      String structure, Integer year, String roof, Geometry geom) {}

  /** A stored road centre line. */
  public record RoadRow(String villageCode, String name, String roadClass, Geometry geom) {}

  /** A stored plan point. */
  public record PointRow(String villageCode, String kind, String name, Point point) {}

  /** A water or land-use area of a village plan ({@code layer} is {@code water} or {@code landuse}). */
  public record AreaRow(String villageCode, String layer, String kind, String name, Geometry geom) {}

  /**
   * A village with what the editor's district view colours it by: its live published grids, and its
   * draft (when one is open: its grids, when and by whom it was last written).
   */
  public record VillageOverviewRow(RegionRow village, int grids, int draftGrids, OffsetDateTime draftUpdatedAt,
      String draftUpdatedBy) {
    public boolean hasDraft() {
      return draftUpdatedAt != null;
    }
  }

  private static final String REGION_COLUMNS = "code, name, full_name, level, parent_code, geom";
  private static final String GRID_COLUMNS = "code, village_code, name, kind, status, version, geom, updated_at, updated_by";
  private static final String BUILDING_COLUMNS =
      "id, village_code, grid_code, floors, height, use_kind, structure, built_year, roof, geom";

  private final Sql sql;

  public GeographyStore(Sql sql) {
    this.sql = sql;
  }

  public GeographyStore on(Sql other) {
    return new GeographyStore(other);
  }

  // --- regions

  public Future<Optional<RegionRow>> region(String code) {
    return sql.query("SELECT " + REGION_COLUMNS + " FROM region WHERE code = ?", Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRegion(rows.iterator().next())));
  }

  public Future<List<RegionRow>> children(String parentCode) {
    return sql.query("SELECT " + REGION_COLUMNS + " FROM region WHERE parent_code = ? ORDER BY code",
        Tuple.of(parentCode)).map(rows -> {
          List<RegionRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toRegion(row)));
          return out;
        });
  }

  public Future<List<RegionRow>> regions() {
    return sql.query("SELECT " + REGION_COLUMNS + " FROM region ORDER BY code").map(rows -> {
      List<RegionRow> out = new ArrayList<>();
      rows.forEach(row -> out.add(toRegion(row)));
      return out;
    });
  }

  /** Every village with its grid and draft figures, in one query (the district view of the editor). */
  public Future<List<VillageOverviewRow>> villageOverview() {
    return sql.query("SELECT r.code, r.name, r.full_name, r.level, r.parent_code, r.geom, "
        + "COALESCE(g.n, 0) AS grids, COALESCE(dg.n, 0) AS draft_grids, d.updated_at AS draft_at, "
        + "d.updated_by AS draft_by FROM region r "
        + "LEFT JOIN (SELECT village_code, COUNT(*) AS n FROM grid WHERE status <> 'retired' GROUP BY village_code) g "
        + "ON g.village_code = r.code "
        + "LEFT JOIN village_draft d ON d.village_code = r.code "
        + "LEFT JOIN (SELECT village_code, COUNT(*) AS n FROM draft_grid GROUP BY village_code) dg "
        + "ON dg.village_code = r.code "
        + "WHERE r.level = 'village' ORDER BY r.code").map(rows -> {
          List<VillageOverviewRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(new VillageOverviewRow(toRegion(row), ((Number) row.getValue("grids")).intValue(),
              ((Number) row.getValue("draft_grids")).intValue(), row.getOffsetDateTime("draft_at"),
              row.getString("draft_by"))));
          return out;
        });
  }

  /** Inserts new regions and updates existing ones (parents must come before children). */
  public Future<Void> upsertRegions(List<RegionRow> regions) {
    return sql.query("SELECT code FROM region").compose(rows -> {
      Set<String> existing = new HashSet<>();
      rows.forEach(row -> existing.add(row.getString("code")));
      List<Tuple> inserts = new ArrayList<>();
      List<Tuple> updates = new ArrayList<>();
      for (RegionRow r : regions) {
        Object[] env = r.geom() == null ? new Object[4] : Geometries.envelope(r.geom());
        Buffer wkb = r.geom() == null ? null : Geometries.toWkb(r.geom());
        if (existing.contains(r.code())) {
          updates.add(Tuple.of(r.name(), r.fullName(), r.level(), r.parentCode(), wkb, env[0], env[1], env[2])
              .addValue(env[3]).addString(r.code()));
        } else {
          inserts.add(Tuple.of(r.code(), r.name(), r.fullName(), r.level(), r.parentCode(), wkb, env[0], env[1])
              .addValue(env[2]).addValue(env[3]));
        }
      }
      return sql.batch("INSERT INTO region (code, name, full_name, level, parent_code, geom, minx, miny, maxx, maxy) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
          .compose(v -> sql.batch("UPDATE region SET name = ?, full_name = ?, level = ?, parent_code = ?, geom = ?, "
              + "minx = ?, miny = ?, maxx = ?, maxy = ? WHERE code = ?", updates));
    });
  }

  // --- grids

  public Future<Optional<GridRow>> grid(String code) {
    return sql.query("SELECT " + GRID_COLUMNS + " FROM grid WHERE code = ?", Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toGrid(rows.iterator().next())));
  }

  /** The grids of a village (retired ones only when asked), in code order. */
  public Future<List<GridRow>> gridsOfVillage(String villageCode, boolean includeRetired) {
    return sql.query("SELECT " + GRID_COLUMNS + " FROM grid WHERE village_code = ?"
        + (includeRetired ? "" : " AND status <> 'retired'") + " ORDER BY code", Tuple.of(villageCode))
        .map(rows -> {
          List<GridRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toGrid(row)));
          return out;
        });
  }

  /** Grids whose envelope meets the box, not retired. */
  public Future<List<GridRow>> gridsInBox(double minx, double miny, double maxx, double maxy, int limit) {
    return sql.query("SELECT " + GRID_COLUMNS + " FROM grid WHERE status <> 'retired' AND maxx >= ? AND minx <= ? "
        + "AND maxy >= ? AND miny <= ? ORDER BY code LIMIT ?", Tuple.of(minx, maxx, miny, maxy, limit))
        .map(rows -> {
          List<GridRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toGrid(row)));
          return out;
        });
  }

  public Future<Void> insertGrid(GridRow grid) {
    Object[] env = Geometries.envelope(grid.geom());
    return sql.query("INSERT INTO grid (code, village_code, name, kind, status, version, geom, minx, miny, maxx, maxy, "
        + "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.of(grid.code(), grid.villageCode(), grid.name(), grid.kind().code(), grid.status(), grid.version(),
            Geometries.toWkb(grid.geom()), env[0]).addValue(env[1]).addValue(env[2]).addValue(env[3])
            .addValue(grid.updatedAt()).addString(grid.updatedBy()))
        .compose(v -> history(grid, "created"));
  }

  /** Writes the new state when the stored version is still {@code expectedVersion}; false when stale. */
  public Future<Boolean> updateGrid(GridRow grid, int expectedVersion, String change) {
    Object[] env = Geometries.envelope(grid.geom());
    return sql.query("UPDATE grid SET name = ?, kind = ?, status = ?, version = ?, geom = ?, minx = ?, miny = ?, "
        + "maxx = ?, maxy = ?, updated_at = ?, updated_by = ? WHERE code = ? AND version = ?",
        Tuple.of(grid.name(), grid.kind().code(), grid.status(), grid.version(), Geometries.toWkb(grid.geom()),
            env[0], env[1], env[2]).addValue(env[3]).addValue(grid.updatedAt()).addString(grid.updatedBy())
            .addString(grid.code()).addInteger(expectedVersion))
        .compose(rows -> rows.rowCount() == 1 ? history(grid, change).map(true) : Future.succeededFuture(false));
  }

  private Future<Void> history(GridRow grid, String change) {
    return sql.query("INSERT INTO grid_history (code, version, change_kind, name, kind, status, geom, changed_at, "
        + "changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Tuple.of(grid.code(), grid.version(), change, grid.name(),
            grid.kind().code(), grid.status(), Geometries.toWkb(grid.geom()), grid.updatedAt())
            .addString(grid.updatedBy()))
        .mapEmpty();
  }

  public Future<List<Tuple>> gridHistory(String code) {
    return sql.query("SELECT version, change_kind, status, changed_at, changed_by FROM grid_history WHERE code = ? "
        + "ORDER BY id", Tuple.of(code)).map(rows -> {
          List<Tuple> out = new ArrayList<>();
          rows.forEach(row -> out.add(Tuple.of(row.getInteger("version"), row.getString("change_kind"),
              row.getString("status"), row.getValue("changed_at"), row.getString("changed_by"))));
          return out;
        });
  }

  // --- village plans

  public Future<List<BuildingRow>> buildingsOfVillage(String villageCode) {
    return sql.query("SELECT " + BUILDING_COLUMNS + " FROM building WHERE village_code = ? ORDER BY id",
        Tuple.of(villageCode)).map(rows -> {
          List<BuildingRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toBuilding(row)));
          return out;
        });
  }

  public Future<List<BuildingRow>> buildingsOfGrid(String gridCode) {
    return sql.query("SELECT " + BUILDING_COLUMNS + " FROM building WHERE grid_code = ? ORDER BY id",
        Tuple.of(gridCode)).map(rows -> {
          List<BuildingRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toBuilding(row)));
          return out;
        });
  }

  public Future<Optional<BuildingRow>> building(String id) {
    return sql.query("SELECT " + BUILDING_COLUMNS + " FROM building WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toBuilding(rows.iterator().next())));
  }

  /** Residents per building of a village, from the people tables (empty before people are imported). */
  public Future<java.util.Map<String, Integer>> residentsPerBuilding(String villageCode) {
    return sql.query("SELECT h.building_id AS building_id, COUNT(*) AS n FROM resident r "
        + "JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id "
        + "WHERE b.village_code = ? GROUP BY h.building_id", Tuple.of(villageCode)).map(rows -> {
          java.util.Map<String, Integer> out = new java.util.HashMap<>();
          rows.forEach(row -> out.put(row.getString("building_id"), row.getLong("n").intValue()));
          return out;
        });
  }

  public Future<List<RoadRow>> roadsOfVillage(String villageCode) {
    return sql.query("SELECT village_code, name, road_class, geom FROM road WHERE village_code = ? ORDER BY id",
        Tuple.of(villageCode)).map(rows -> {
          List<RoadRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toRoad(row)));
          return out;
        });
  }

  public Future<List<PointRow>> pointsOfVillage(String villageCode) {
    return sql.query("SELECT village_code, kind, name, lon, lat FROM plan_point WHERE village_code = ? ORDER BY id",
        Tuple.of(villageCode)).map(rows -> {
          List<PointRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toPoint(row)));
          return out;
        });
  }

  public Future<List<AreaRow>> areasOfVillage(String villageCode) {
    return sql.query("SELECT village_code, layer, kind, name, geom FROM land_area WHERE village_code = ? ORDER BY id",
        Tuple.of(villageCode)).map(rows -> {
          List<AreaRow> out = new ArrayList<>();
          rows.forEach(row -> out.add(toArea(row)));
          return out;
        });
  }

  public Future<Set<String>> buildingIdsOfVillage(String villageCode) {
    return sql.query("SELECT id FROM building WHERE village_code = ?", Tuple.of(villageCode)).map(rows -> {
      Set<String> ids = new HashSet<>();
      rows.forEach(row -> ids.add(row.getString("id")));
      return ids;
    });
  }

  /** Replaces a village's buildings (update kept ids, insert new, delete missing), roads, points and areas. */
  public Future<Void> replacePlan(String villageCode, List<BuildingRow> buildings, List<RoadRow> roads,
      List<PointRow> points, List<AreaRow> areas) {
    return buildingIdsOfVillage(villageCode).compose(existing -> {
      Set<String> incoming = new HashSet<>();
      List<Tuple> inserts = new ArrayList<>();
      List<Tuple> updates = new ArrayList<>();
      for (BuildingRow b : buildings) {
        incoming.add(b.id());
        Object[] env = Geometries.envelope(b.geom());
        Buffer wkb = Geometries.toWkb(b.geom());
        if (existing.contains(b.id())) {
          updates.add(Tuple.of(b.gridCode(), b.floors(), b.height(), b.use(), b.structure(), b.year(), b.roof(), wkb)
              .addValue(env[0]).addValue(env[1]).addValue(env[2]).addValue(env[3]).addString(b.id()));
        } else {
          inserts.add(Tuple.of(b.id(), villageCode, b.gridCode(), b.floors(), b.height(), b.use(), b.structure(),
              b.year()).addValue(b.roof()).addValue(wkb).addValue(env[0]).addValue(env[1]).addValue(env[2])
              .addValue(env[3]));
        }
      }
      List<Tuple> deletes = new ArrayList<>();
      existing.stream().filter(id -> !incoming.contains(id)).sorted().forEach(id -> deletes.add(Tuple.of(id)));
      List<Tuple> roadRows = new ArrayList<>();
      for (RoadRow r : roads) {
        Object[] env = Geometries.envelope(r.geom());
        roadRows.add(Tuple.of(villageCode, r.name(), r.roadClass(), Geometries.toWkb(r.geom()), env[0], env[1],
            env[2], env[3]));
      }
      List<Tuple> pointRows = new ArrayList<>();
      for (PointRow p : points) {
        pointRows.add(Tuple.of(villageCode, p.kind() == null ? "point" : p.kind(), p.name(), p.point().getX(),
            p.point().getY()));
      }
      return sql.batch("DELETE FROM building WHERE id = ?", deletes)
          .compose(v -> sql.batch("UPDATE building SET grid_code = ?, floors = ?, height = ?, use_kind = ?, "
              + "structure = ?, built_year = ?, roof = ?, geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ? WHERE id = ?",
              updates))
          .compose(v -> sql.batch("INSERT INTO building (id, village_code, grid_code, floors, height, use_kind, "
              + "structure, built_year, roof, geom, minx, miny, maxx, maxy) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts))
          .compose(v -> sql.query("DELETE FROM road WHERE village_code = ?", Tuple.of(villageCode)))
          .compose(v -> sql.batch("INSERT INTO road (village_code, name, road_class, geom, minx, miny, maxx, maxy) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", roadRows))
          .compose(v -> sql.query("DELETE FROM plan_point WHERE village_code = ?", Tuple.of(villageCode)))
          .compose(v -> sql.batch("INSERT INTO plan_point (village_code, kind, name, lon, lat) VALUES (?, ?, ?, ?, ?)",
              pointRows))
          .compose(v -> sql.query("DELETE FROM land_area WHERE village_code = ?", Tuple.of(villageCode)))
          .compose(v -> sql.batch("INSERT INTO land_area (village_code, layer, kind, name, geom, minx, miny, maxx, maxy) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", areaTuples(villageCode, areas)));
    });
  }

  /** Sets each building's grid (null for none). */
  public Future<Void> assignBuildingsToGrids(List<Tuple> gridCodeThenId) {
    return sql.batch("UPDATE building SET grid_code = ? WHERE id = ?", gridCodeThenId);
  }

  // --- village state

  public Future<int[]> villageVersions(String villageCode) {
    return sql.query("SELECT plan_version, grids_version FROM village_state WHERE village_code = ?",
        Tuple.of(villageCode)).map(rows -> rows.size() == 0 ? new int[] {0, 0}
            : new int[] {rows.iterator().next().getInteger("plan_version"),
                rows.iterator().next().getInteger("grids_version")});
  }

  /** Bumps the plan or grid-set version of a village and records the source CRS; returns the new version. */
  public Future<Integer> bumpVillageVersion(String villageCode, boolean plan, String sourceCrs) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return villageVersions(villageCode).compose(versions -> {
      boolean exists = versions[0] > 0 || versions[1] > 0;
      int next = (plan ? versions[0] : versions[1]) + 1;
      Future<?> write;
      if (!exists) {
        write = sql.query("INSERT INTO village_state (village_code, plan_version, plan_crs, plan_at, grids_version, "
            + "grids_crs, grids_at) VALUES (?, ?, ?, ?, ?, ?, ?)", plan
                ? Tuple.of(villageCode, next, sourceCrs, now, 0, null, null)
                : Tuple.of(villageCode, 0, null, null, next, sourceCrs, now));
      } else if (plan) {
        write = sql.query("UPDATE village_state SET plan_version = ?, plan_crs = ?, plan_at = ? WHERE village_code = ?",
            Tuple.of(next, sourceCrs, now, villageCode));
      } else {
        write = sql.query("UPDATE village_state SET grids_version = ?, grids_crs = ?, grids_at = ? "
            + "WHERE village_code = ?", Tuple.of(next, sourceCrs, now, villageCode));
      }
      return write.map(next);
    });
  }

  /** Marks grids' scenes for rebuilding. */
  public Future<Void> markDirty(Set<String> gridCodes) {
    if (gridCodes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    gridCodes.stream().sorted().forEach(code -> rows.add(Tuple.of(code, now)));
    List<Tuple> codes = new ArrayList<>();
    gridCodes.stream().sorted().forEach(code -> codes.add(Tuple.of(code)));
    return sql.batch("DELETE FROM scene_dirty WHERE grid_code = ?", codes)
        .compose(v -> sql.batch("INSERT INTO scene_dirty (grid_code, since) VALUES (?, ?)", rows));
  }

  static RegionRow toRegion(Row row) {
    Buffer wkb = row.getBuffer("geom");
    return new RegionRow(row.getString("code"), row.getString("name"), row.getString("full_name"),
        row.getString("level"), row.getString("parent_code"), wkb == null ? null : Geometries.fromWkb(wkb));
  }

  static GridRow toGrid(Row row) {
    return new GridRow(row.getString("code"), row.getString("village_code"), row.getString("name"),
        GridKind.parse(row.getString("kind")), row.getString("status"), row.getInteger("version"),
        Geometries.fromWkb(row.getBuffer("geom")), row.getOffsetDateTime("updated_at"), row.getString("updated_by"));
  }

  /** Insert rows (village, layer, kind, name, geom, envelope) for the land_area tables. */
  public static List<Tuple> areaTuples(String villageCode, List<AreaRow> areas) {
    List<Tuple> out = new ArrayList<>(areas.size());
    for (AreaRow a : areas) {
      Object[] env = Geometries.envelope(a.geom());
      out.add(Tuple.of(villageCode, a.layer(), a.kind(), a.name(), Geometries.toWkb(a.geom()), env[0], env[1], env[2])
          .addValue(env[3]));
    }
    return out;
  }

  static AreaRow toArea(Row row) {
    return new AreaRow(row.getString("village_code"), row.getString("layer"), row.getString("kind"),
        row.getString("name"), Geometries.fromWkb(row.getBuffer("geom")));
  }

  static RoadRow toRoad(Row row) {
    return new RoadRow(row.getString("village_code"), row.getString("name"), row.getString("road_class"),
        Geometries.fromWkb(row.getBuffer("geom")));
  }

  static PointRow toPoint(Row row) {
    return new PointRow(row.getString("village_code"), row.getString("kind"), row.getString("name"),
        Geometries.FACTORY.createPoint(new org.locationtech.jts.geom.Coordinate(row.getDouble("lon"),
            row.getDouble("lat"))));
  }

  static BuildingRow toBuilding(Row row) {
    return new BuildingRow(row.getString("id"), row.getString("village_code"), row.getString("grid_code"),
        row.getInteger("floors"), row.getDouble("height"), row.getString("use_kind"), row.getString("structure"),
        row.getInteger("built_year"), row.getString("roof"), Geometries.fromWkb(row.getBuffer("geom")));
  }
}
