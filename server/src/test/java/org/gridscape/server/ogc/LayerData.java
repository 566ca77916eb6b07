package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * A small district written straight into the database for the layer tests: a township, a work area,
 * two villages, three grids (plus a retired one), 25 buildings in grid 1 of village A (plus a 0.5 m
 * one and two at the antimeridian), two roads, a pond and a farmland parcel (so that every
 * collection has a feature: the CITE suite asks for one of each), a neighbourhood centre and two
 * events. Housing
 * safety: B000 was appraised B, then C; B002 is A; B001 has an open and a remediated
 * illegal-construction case, B002 a remediated one; the others have neither.
 */
public final class LayerData {

  public static final String DISTRICT = "350521000000";
  public static final String TOWNSHIP = "350521104000";
  public static final String WORKAREA = "350521104W01";
  public static final String VILLAGE_A = "350521104201";
  public static final String VILLAGE_B = "350521104202";
  public static final String GRID_A1 = "350521104201001";
  public static final String GRID_A2 = "350521104201002";
  public static final String GRID_B1 = "350521104202001";
  public static final String GRID_RETIRED = "350521104202002";
  /** A name in the event table that must never reach any layer output. */
  public static final String REPORTER_NAME = "王秀英";
  public static final String EVENT_TITLE = "楼道堆放杂物";
  /** The inspector of the housing-safety appraisals: a person's name, never published. */
  public static final String INSPECTOR_NAME = "陈建国";
  public static final int GRID_A1_BUILDINGS = 25;
  public static final String TINY_BUILDING = "B-tiny";
  public static final double X0 = 118.700;
  public static final double Y0 = 24.960;

  private LayerData() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Polygon box(double minx, double miny, double maxx, double maxy) {
    return Geometries.FACTORY.createPolygon(new Coordinate[] {new Coordinate(minx, miny), new Coordinate(maxx, miny),
        new Coordinate(maxx, maxy), new Coordinate(minx, maxy), new Coordinate(minx, miny)});
  }

  /** Grid n of the row: 0.002 degrees wide (about 200 m), starting at X0. */
  public static Polygon gridShape(int n) {
    return box(X0 + 0.002 * n, Y0, X0 + 0.002 * (n + 1), Y0 + 0.002);
  }

  public static Polygon buildingShape(int i) {
    double x = X0 + 0.0001 + (i % 5) * 0.0003;
    double y = Y0 + 0.0001 + (i / 5) * 0.0003;
    return box(x, y, x + 0.0001, y + 0.0001);
  }

  public static void seed(Database db) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String region = "INSERT INTO region (code, name, level, parent_code, geom, minx, miny, maxx, maxy) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    await(db.batch(region, List.of(
        regionRow(DISTRICT, "泉州台商投资区", "district", null, box(118.6, 24.8, 118.9, 25.1)),
        regionRow(TOWNSHIP, "洛阳镇", "township", DISTRICT, box(118.65, 24.9, 118.75, 25.0)),
        regionRow(WORKAREA, "第一工作片", "workarea", TOWNSHIP, box(118.69, 24.95, 118.72, 24.97)),
        regionRow(VILLAGE_A, "洛阳村", "village", WORKAREA, box(X0, Y0, X0 + 0.004, Y0 + 0.002)),
        regionRow(VILLAGE_B, "上浦村", "village", WORKAREA, box(X0 + 0.004, Y0, X0 + 0.008, Y0 + 0.002)))));
    String grid = "INSERT INTO grid (code, village_code, name, kind, status, version, geom, minx, miny, maxx, maxy,"
        + " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 'planner1')";
    await(db.batch(grid, List.of(
        gridRow(GRID_A1, VILLAGE_A, "洛阳村第一网格", "standard", "published", gridShape(0), now),
        gridRow(GRID_A2, VILLAGE_A, "洛阳村第二网格", "resettlement", "published", gridShape(1), now),
        gridRow(GRID_B1, VILLAGE_B, "上浦村第一网格", "standard", "draft", gridShape(2), now),
        gridRow(GRID_RETIRED, VILLAGE_B, "旧网格", "standard", "retired", gridShape(3), now))));
    String building = "INSERT INTO building (id, village_code, grid_code, floors, height, use_kind, structure, "
        + "built_year, geom, minx, miny, maxx, maxy) VALUES (?, ?, ?, ?, ?, 'residential', 'brick', 1998, ?, ?, ?, ?, ?)";
    List<Tuple> buildings = new ArrayList<>();
    for (int i = 0; i < GRID_A1_BUILDINGS; i++) {
      buildings.add(buildingRow(String.format("B%03d", i), VILLAGE_A, GRID_A1, 1 + i % 6, buildingShape(i)));
    }
    // About 0.2 m square: under half a tile unit at z14 (it rounds away), five units at z18.
    double tx = X0 + 0.0032;
    double ty = Y0 + 0.0015;
    buildings.add(buildingRow(TINY_BUILDING, VILLAGE_A, GRID_A2, 1, box(tx, ty, tx + 0.000002, ty + 0.000002)));
    buildings.add(buildingRow("B-east", VILLAGE_B, null, 2, box(179.9990, 10.0, 179.9995, 10.0005)));
    buildings.add(buildingRow("B-west", VILLAGE_B, null, 2, box(-179.9995, 10.0, -179.9990, 10.0005)));
    await(db.batch(building, buildings));
    String road = "INSERT INTO road (village_code, name, road_class, geom, minx, miny, maxx, maxy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    await(db.batch(road, List.of(
        roadRow(VILLAGE_A, "中街", "village", line(X0 + 0.002, Y0 - 0.001, X0 + 0.002, Y0 + 0.003)),
        roadRow(VILLAGE_B, "海滨路", "county", line(X0 + 0.004, Y0 + 0.001, X0 + 0.008, Y0 + 0.001)))));
    String land = "INSERT INTO land_area (village_code, layer, kind, name, geom, minx, miny, maxx, maxy) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    await(db.batch(land, List.of(
        landRow(VILLAGE_A, "water", "pond", "洛阳村水塘", box(X0 + 0.0030, Y0 + 0.0002, X0 + 0.0034, Y0 + 0.0005)),
        landRow(VILLAGE_B, "landuse", "farmland", null, box(X0 + 0.0050, Y0 + 0.0010, X0 + 0.0060, Y0 + 0.0018)))));
    await(db.batch("INSERT INTO plan_point (village_code, kind, name, lon, lat) VALUES (?, ?, ?, ?, ?)", List.of(
        Tuple.of(VILLAGE_A, "neighbourhood_centre", "洛阳村党建+邻里中心", X0 + 0.001, Y0 + 0.001),
        Tuple.of(VILLAGE_A, "party_service_centre", "洛阳村党群服务中心", X0 + 0.0011, Y0 + 0.001))));
    String event = "INSERT INTO event (id, category, level, title, description, lon, lat, grid_code, village_code, step, "
        + "escalation, assignee, assignee_kind, supervised, reopen_count, reporter, reporter_name, origin, reported_mode, "
        + "reported_at, reported_month, deadline, updated_at, version) VALUES (?, ?, 'general', ?, ?, ?, ?, ?, ?, ?, "
        + "'none', 'worker7', 'gridworker', ?, 0, 'worker7', ?, 'report', 'peacetime', ?, '2026-07', ?, ?, 1)";
    await(db.batch(event, List.of(
        Tuple.of("E1", "fire_hazard", EVENT_TITLE, "电话 13800000000", X0 + 0.0005, Y0 + 0.0005, GRID_A1, VILLAGE_A)
            .addValue("dispatch").addValue(false).addValue(REPORTER_NAME).addValue(now).addValue(now.plusDays(3))
            .addValue(now),
        Tuple.of("E2", "disputes", "邻里纠纷", "", X0 + 0.0045, Y0 + 0.0015, GRID_B1, VILLAGE_B)
            .addValue("handling").addValue(true).addValue(REPORTER_NAME).addValue(now).addValue(now.plusDays(3))
            .addValue(now))));
    await(db.batch("INSERT INTO inspection (building_id, inspected_on, grade, inspector) VALUES (?, ?, ?, ?)", List.of(
        Tuple.of("B000", java.time.LocalDate.of(2024, 3, 1), "B", INSPECTOR_NAME),
        Tuple.of("B000", java.time.LocalDate.of(2025, 6, 1), "C", INSPECTOR_NAME),
        Tuple.of("B002", java.time.LocalDate.of(2025, 1, 15), "A", INSPECTOR_NAME))));
    await(db.batch("INSERT INTO illegal_case (id, building_id, status, found_on) VALUES (?, ?, ?, ?)", List.of(
        Tuple.of("IC1", "B001", "remediated", java.time.LocalDate.of(2023, 5, 1)),
        Tuple.of("IC2", "B001", "open", java.time.LocalDate.of(2025, 9, 1)),
        Tuple.of("IC3", "B002", "remediated", java.time.LocalDate.of(2024, 2, 1)))));
    await(db.batch("INSERT INTO village_state (village_code, plan_version, grids_version) VALUES (?, 1, 1)",
        List.of(Tuple.of(VILLAGE_A), Tuple.of(VILLAGE_B))));
  }

  public static LineString line(double x0, double y0, double x1, double y1) {
    return Geometries.FACTORY.createLineString(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y1)});
  }

  private static Tuple regionRow(String code, String name, String level, String parent, Geometry g) {
    Object[] env = Geometries.envelope(g);
    return Tuple.of(code, name, level, parent, Geometries.toWkb(g), env[0], env[1], env[2]).addValue(env[3]);
  }

  private static Tuple gridRow(String code, String village, String name, String kind, String status, Geometry g,
      OffsetDateTime now) {
    Object[] env = Geometries.envelope(g);
    return Tuple.of(code, village, name, kind, status, Geometries.toWkb(g), env[0], env[1]).addValue(env[2])
        .addValue(env[3]).addValue(now);
  }

  private static Tuple buildingRow(String id, String village, String grid, int floors, Geometry g) {
    Object[] env = Geometries.envelope(g);
    return Tuple.of(id, village, grid, floors, floors * 3.0, Geometries.toWkb(g), env[0], env[1]).addValue(env[2])
        .addValue(env[3]);
  }

  private static Tuple landRow(String village, String layer, String kind, String name, Geometry g) {
    Object[] env = Geometries.envelope(g);
    return Tuple.of(village, layer, kind, name, Geometries.toWkb(g), env[0], env[1], env[2]).addValue(env[3]);
  }

  private static Tuple roadRow(String village, String name, String roadClass, Geometry g) {
    Object[] env = Geometries.envelope(g);
    return Tuple.of(village, name, roadClass, Geometries.toWkb(g), env[0], env[1], env[2], env[3]);
  }
}
