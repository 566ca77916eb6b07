package org.gridscape.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.store.GeographyStore.AreaRow;
import org.gridscape.server.store.GeographyStore.BuildingRow;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.GeographyStore.PointRow;
import org.gridscape.server.store.GeographyStore.RoadRow;
import org.locationtech.jts.geom.Geometry;

/**
 * The working drafts of villages: one row in {@code village_draft} per village with a draft, and
 * the draft's whole grid set and, after a plan import, its whole village plan. Nothing here is read
 * by the published layers.
 */
public final class DraftStore {

  /**
   * A village's draft.
   *
   * @param baseGridsVersion the published grid-set version it started from
   * @param basePlanVersion the published plan version it started from
   * @param revision bumped by every write to the draft
   * @param hasPlan whether the draft holds a new village plan (else it keeps the published one)
   */
  public record DraftRow(String villageCode, int baseGridsVersion, int basePlanVersion, int revision,
      String gridsCrs, OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt, String updatedBy,
      boolean hasPlan, String planCrs) {}

  /** A village plan held by a draft. */
  public record DraftPlan(Geometry boundary, String sourceCrs, List<BuildingRow> buildings, List<RoadRow> roads,
      List<PointRow> points, List<AreaRow> areas) {}

  private static final String DRAFT_COLUMNS = "village_code, base_grids_version, base_plan_version, revision, "
      + "grids_crs, created_at, created_by, updated_at, updated_by, plan_crs, "
      + "CASE WHEN plan_boundary IS NULL THEN 0 ELSE 1 END AS has_plan";
  private static final String GRID_COLUMNS = "code, village_code, name, kind, 'draft' AS status, version, geom, "
      + "updated_at, updated_by";

  private final Sql sql;

  public DraftStore(Sql sql) {
    this.sql = sql;
  }

  public DraftStore on(Sql other) {
    return new DraftStore(other);
  }

  // --- the draft itself

  public Future<Optional<DraftRow>> draft(String villageCode) {
    return sql.query("SELECT " + DRAFT_COLUMNS + " FROM village_draft WHERE village_code = ?", Tuple.of(villageCode))
        .map(DraftStore::firstDraft);
  }

  /** The draft, locked until the caller's transaction ends (writers of one village's draft queue here). */
  public Future<Optional<DraftRow>> draftForUpdate(String villageCode) {
    return sql.query("SELECT " + DRAFT_COLUMNS + " FROM village_draft WHERE village_code = ? FOR UPDATE",
        Tuple.of(villageCode)).map(DraftStore::firstDraft);
  }

  /** Every draft, for overviews (which villages have work in progress). */
  public Future<List<DraftRow>> drafts() {
    return sql.query("SELECT " + DRAFT_COLUMNS + " FROM village_draft ORDER BY village_code").map(rows -> {
      List<DraftRow> out = new ArrayList<>();
      rows.forEach(row -> out.add(toDraft(row)));
      return out;
    });
  }

  /** Starts a draft whose grid set is a copy of the published one. */
  public Future<Void> createDraft(String villageCode, int baseGridsVersion, int basePlanVersion, OffsetDateTime now,
      String by) {
    return sql.query("INSERT INTO village_draft (village_code, base_grids_version, base_plan_version, revision, "
        + "created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 0, ?, ?, ?, ?)",
        Tuple.of(villageCode, baseGridsVersion, basePlanVersion, now, by, now, by))
        .compose(v -> sql.query("INSERT INTO draft_grid (code, village_code, name, kind, version, geom, minx, miny, "
            + "maxx, maxy, updated_at, updated_by) SELECT code, village_code, name, kind, version, geom, minx, miny, "
            + "maxx, maxy, updated_at, updated_by FROM grid WHERE village_code = ? AND status = 'published'",
            Tuple.of(villageCode)))
        .mapEmpty();
  }

  /** Records a write to the draft: a new revision, who and when. */
  public Future<Void> touch(String villageCode, OffsetDateTime now, String by) {
    return sql.query("UPDATE village_draft SET revision = revision + 1, updated_at = ?, updated_by = ? "
        + "WHERE village_code = ?", Tuple.of(now, by, villageCode)).mapEmpty();
  }

  /** Deletes the draft and everything in it; true when there was one. */
  public Future<Boolean> delete(String villageCode) {
    Tuple village = Tuple.of(villageCode);
    return sql.query("DELETE FROM draft_grid WHERE village_code = ?", village)
        .compose(v -> sql.query("DELETE FROM draft_building WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM draft_road WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM draft_plan_point WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM draft_land_area WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM village_draft WHERE village_code = ?", Tuple.of(villageCode)))
        .map(rows -> rows.rowCount() > 0);
  }

  // --- the draft's grid set

  public Future<Void> setGridsCrs(String villageCode, String gridsCrs) {
    return sql.query("UPDATE village_draft SET grids_crs = ? WHERE village_code = ?", Tuple.of(gridsCrs, villageCode))
        .mapEmpty();
  }

  /** The draft's grids in code order (status "draft"; callers compare with the published rows). */
  public Future<List<GridRow>> grids(String villageCode) {
    return sql.query("SELECT " + GRID_COLUMNS + " FROM draft_grid WHERE village_code = ? ORDER BY code",
        Tuple.of(villageCode)).map(DraftStore::grids);
  }

  public Future<Optional<GridRow>> grid(String code) {
    return sql.query("SELECT " + GRID_COLUMNS + " FROM draft_grid WHERE code = ?", Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(GeographyStore.toGrid(rows.iterator().next())));
  }

  public Future<Void> insertGrid(GridRow grid) {
    Object[] env = Geometries.envelope(grid.geom());
    return sql.query("INSERT INTO draft_grid (code, village_code, name, kind, version, geom, minx, miny, maxx, maxy, "
        + "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.of(grid.code(), grid.villageCode(), grid.name(), grid.kind().code(), grid.version(),
            Geometries.toWkb(grid.geom()), env[0], env[1]).addValue(env[2]).addValue(env[3])
            .addValue(grid.updatedAt()).addString(grid.updatedBy())).mapEmpty();
  }

  /** Writes the new state when the draft's version is still {@code expectedVersion}; false when stale. */
  public Future<Boolean> updateGrid(GridRow grid, int expectedVersion) {
    Object[] env = Geometries.envelope(grid.geom());
    return sql.query("UPDATE draft_grid SET name = ?, kind = ?, version = ?, geom = ?, minx = ?, miny = ?, maxx = ?, "
        + "maxy = ?, updated_at = ?, updated_by = ? WHERE code = ? AND version = ?",
        Tuple.of(grid.name(), grid.kind().code(), grid.version(), Geometries.toWkb(grid.geom()), env[0], env[1],
            env[2], env[3]).addValue(grid.updatedAt()).addString(grid.updatedBy()).addString(grid.code())
            .addInteger(expectedVersion))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Takes a grid out of the draft when its version is still {@code expectedVersion}; false when stale. */
  public Future<Boolean> deleteGrid(String code, int expectedVersion) {
    return sql.query("DELETE FROM draft_grid WHERE code = ? AND version = ?", Tuple.of(code, expectedVersion))
        .map(rows -> rows.rowCount() == 1);
  }

  // --- the draft's village plan

  /** Puts a new village plan into the draft, replacing one it held before. */
  public Future<Void> setPlan(String villageCode, DraftPlan plan) {
    Tuple village = Tuple.of(villageCode);
    List<Tuple> buildingRows = new ArrayList<>(plan.buildings().size());
    for (BuildingRow b : plan.buildings()) {
      Object[] env = Geometries.envelope(b.geom());
      buildingRows.add(Tuple.of(villageCode, b.id(), b.floors(), b.height(), b.use(), b.structure(), b.year(),
          b.roof()).addValue(Geometries.toWkb(b.geom())).addValue(env[0]).addValue(env[1]).addValue(env[2])
          .addValue(env[3]));
    }
    List<Tuple> roadRows = new ArrayList<>(plan.roads().size());
    for (RoadRow r : plan.roads()) {
      Object[] env = Geometries.envelope(r.geom());
      roadRows.add(Tuple.of(villageCode, r.name(), r.roadClass(), Geometries.toWkb(r.geom()), env[0], env[1], env[2],
          env[3]));
    }
    List<Tuple> pointRows = new ArrayList<>(plan.points().size());
    for (PointRow p : plan.points()) {
      pointRows.add(Tuple.of(villageCode, p.kind() == null ? "point" : p.kind(), p.name(), p.point().getX(),
          p.point().getY()));
    }
    return sql.query("DELETE FROM draft_building WHERE village_code = ?", village)
        .compose(v -> sql.query("DELETE FROM draft_road WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM draft_plan_point WHERE village_code = ?", village))
        .compose(v -> sql.query("DELETE FROM draft_land_area WHERE village_code = ?", village))
        .compose(v -> sql.batch("INSERT INTO draft_land_area (village_code, layer, kind, name, geom, minx, miny, maxx, "
            + "maxy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", GeographyStore.areaTuples(villageCode, plan.areas())))
        .compose(v -> sql.batch("INSERT INTO draft_building (village_code, id, floors, height, use_kind, structure, "
            + "built_year, roof, geom, minx, miny, maxx, maxy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            buildingRows))
        .compose(v -> sql.batch("INSERT INTO draft_road (village_code, name, road_class, geom, minx, miny, maxx, maxy) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", roadRows))
        .compose(v -> sql.batch("INSERT INTO draft_plan_point (village_code, kind, name, lon, lat) "
            + "VALUES (?, ?, ?, ?, ?)", pointRows))
        .compose(v -> sql.query("UPDATE village_draft SET plan_boundary = ?, plan_crs = ? WHERE village_code = ?",
            Tuple.of(Geometries.toWkb(plan.boundary()), plan.sourceCrs(), villageCode)))
        .mapEmpty();
  }

  /** Ids of the draft plan's buildings that a published building of another village already has. */
  public Future<List<String>> buildingIdsTakenElsewhere(String villageCode, int limit) {
    return sql.query("SELECT d.id AS id FROM draft_building d JOIN building b ON b.id = d.id "
        + "WHERE d.village_code = ? AND b.village_code <> ? ORDER BY d.id LIMIT " + limit,
        Tuple.of(villageCode, villageCode)).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.getString("id")));
          return out;
        });
  }

  /** The plan the draft holds; empty when it has none (the published plan stands). */
  public Future<Optional<DraftPlan>> plan(String villageCode) {
    Tuple village = Tuple.of(villageCode);
    return sql.query("SELECT plan_boundary, plan_crs FROM village_draft WHERE village_code = ? "
        + "AND plan_boundary IS NOT NULL", village).compose(head -> {
          if (head.size() == 0) {
            return Future.succeededFuture(Optional.<DraftPlan>empty());
          }
          Row row = head.iterator().next();
          Geometry boundary = Geometries.fromWkb(row.getBuffer("plan_boundary"));
          String crs = row.getString("plan_crs");
          return sql.query("SELECT id, village_code, floors, height, use_kind, structure, built_year, roof, geom "
              + "FROM draft_building WHERE village_code = ? ORDER BY id", village).compose(b -> sql.query(
                  "SELECT village_code, name, road_class, geom FROM draft_road WHERE village_code = ? ORDER BY id",
                  village).compose(r -> sql.query("SELECT village_code, kind, name, lon, lat FROM draft_plan_point "
                      + "WHERE village_code = ? ORDER BY id", village).compose(p -> sql.query("SELECT village_code, layer, "
                      + "kind, name, geom FROM draft_land_area WHERE village_code = ? ORDER BY id", village).map(a -> {
                        List<BuildingRow> buildings = new ArrayList<>();
                        b.forEach(x -> buildings.add(new BuildingRow(x.getString("id"), x.getString("village_code"),
                            null, x.getInteger("floors"), x.getDouble("height"), x.getString("use_kind"),
                            x.getString("structure"), x.getInteger("built_year"), x.getString("roof"),
                            Geometries.fromWkb(x.getBuffer("geom")))));
                        List<RoadRow> roads = new ArrayList<>();
                        r.forEach(x -> roads.add(GeographyStore.toRoad(x)));
                        List<PointRow> points = new ArrayList<>();
                        p.forEach(x -> points.add(GeographyStore.toPoint(x)));
                        List<AreaRow> areas = new ArrayList<>();
                        a.forEach(x -> areas.add(GeographyStore.toArea(x)));
                        return Optional.of(new DraftPlan(boundary, crs, buildings, roads, points, areas));
                      }))));
        });
  }

  private static List<GridRow> grids(RowSet<Row> rows) {
    List<GridRow> out = new ArrayList<>();
    rows.forEach(row -> out.add(GeographyStore.toGrid(row)));
    return out;
  }

  private static Optional<DraftRow> firstDraft(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toDraft(rows.iterator().next()));
  }

  private static DraftRow toDraft(Row row) {
    return new DraftRow(row.getString("village_code"), row.getInteger("base_grids_version"),
        row.getInteger("base_plan_version"), row.getInteger("revision"), row.getString("grids_crs"),
        row.getOffsetDateTime("created_at"),
        row.getString("created_by"), row.getOffsetDateTime("updated_at"), row.getString("updated_by"),
        row.getInteger("has_plan") == 1, row.getString("plan_crs"));
  }
}
