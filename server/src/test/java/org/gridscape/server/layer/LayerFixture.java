package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.Role;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestServer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

/**
 * A tiny district written straight into the database: two villages, three grids, five buildings and
 * a neighbourhood centre; plus the layer tables as CSV text and users of each role.
 */
public final class LayerFixture {

  static final String DISTRICT = "350521000000";
  static final String TOWNSHIP = "350521104000";
  static final String VILLAGE_A = "350521104201";
  static final String VILLAGE_B = "350521104203";
  static final String GRID_A1 = "350521104201001";
  static final String GRID_A2 = "350521104201002";
  static final String GRID_B1 = "350521104203001";
  static final String PASSWORD = "layer-test-password";

  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private LayerFixture() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void seedGeography(Database db) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String region = "INSERT INTO region (code, name, level, parent_code) VALUES (?, ?, ?, ?)";
    await(db.batch(region, List.of(Tuple.of(DISTRICT, "泉州台商投资区", "district", null),
        Tuple.of(TOWNSHIP, "洛阳镇", "township", DISTRICT),
        Tuple.of(VILLAGE_A, "洛阳村", "village", TOWNSHIP),
        Tuple.of(VILLAGE_B, "上浦村", "village", TOWNSHIP))));
    String grid = "INSERT INTO grid (code, village_code, name, kind, status, version, geom, minx, miny, maxx, maxy,"
        + " updated_at) VALUES (?, ?, ?, 'standard', 'published', 1, ?, ?, ?, ?, ?, ?)";
    await(db.batch(grid, List.of(gridRow(GRID_A1, VILLAGE_A, "洛阳村第一网格", 118.700, now),
        gridRow(GRID_A2, VILLAGE_A, "洛阳村第二网格", 118.702, now),
        gridRow(GRID_B1, VILLAGE_B, "上浦村第一网格", 118.710, now))));
    String building = "INSERT INTO building (id, village_code, grid_code, floors, height, use_kind, geom, minx, miny,"
        + " maxx, maxy) VALUES (?, ?, ?, 3, 9.0, 'residential', ?, ?, ?, ?, ?)";
    await(db.batch(building, List.of(buildingRow("B1", VILLAGE_A, GRID_A1, 118.7002, 24.9002),
        buildingRow("B2", VILLAGE_A, GRID_A1, 118.7010, 24.9010),
        buildingRow("B3", VILLAGE_A, GRID_A2, 118.7030, 24.9005),
        buildingRow("B4", VILLAGE_B, GRID_B1, 118.7105, 24.9005),
        buildingRow("B5", VILLAGE_B, GRID_B1, 118.7110, 24.9010))));
    await(db.batch("INSERT INTO plan_point (village_code, kind, name, lon, lat) VALUES (?, ?, ?, ?, ?)", List.of(
        Tuple.of(VILLAGE_A, "neighbourhood_centre", "洛阳村党建+邻里中心", 118.7015, 24.9015),
        Tuple.of(VILLAGE_A, "party_service_centre", "洛阳村党群服务中心", 118.7031, 24.9015))));
  }

  private static Tuple gridRow(String code, String village, String name, double west, OffsetDateTime now) {
    Polygon p = box(west, 24.900, west + 0.002, 24.902);
    return Tuple.of(code, village, name, new WKBWriter().write(p), west, 24.900, west + 0.002, 24.902)
        .addValue(now);
  }

  private static Tuple buildingRow(String id, String village, String grid, double lon, double lat) {
    Polygon p = box(lon, lat, lon + 0.0002, lat + 0.0002);
    return Tuple.of(id, village, grid, new WKBWriter().write(p), lon, lat, lon + 0.0002, lat + 0.0002);
  }

  public static Polygon box(double x0, double y0, double x1, double y1) {
    return GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0),
        new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)});
  }

  /** A user with one role and scopes, signed in; returns the token. */
  static String user(TestServer server, String name, Role role, String... scopes) {
    await(server.server().context().auth().createUser(name, PASSWORD, EnumSet.of(role), List.of(scopes)));
    return server.login(name, PASSWORD);
  }

  static final String HOUSEHOLDS = """
      household_id,building_id,size
      H1,B1,3
      H2,B1,1
      H3,B2,2
      H4,B3,1
      H5,B4,2
      """;

  static final String RESIDENTS = """
      resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags
      R1,H1,张三,350521198001011234,13812345678,male,1980,head,
      R2,H1,李四,350521198203021246,13912345679,female,1982,spouse,
      R3,H1,张小明,350521201005051231,,male,2010,child,left_behind_child
      R4,H2,王老五,350521194001011219,13712345670,male,1940,head,elderly_alone;dibao
      R5,H3,陈六,350521199001011237,13612345671,female,1990,head,
      R6,H3,陈七,350521199201011235,13612345672,male,1992,spouse,veteran
      R7,H4,林八,350521198501011233,13512345673,male,1985,head,disabled
      R8,H5,黄九,350521197001011231,13412345674,male,1970,head,
      R9,H5,黄十,350521197201011239,13412345675,female,1972,spouse,
      """;

  static final String PARTY_ORGS = """
      org_id,kind,name,parent_org_id,region_code,formation
      PV1,village_org,洛阳村党委,,350521104201,alone
      PB1,grid_branch,洛阳村第一网格党支部,PV1,350521104201001,alone
      PV2,village_org,上浦村党委,,350521104203,alone
      PB2,grid_branch,上浦村第一网格党支部,PV2,350521104203001,joint
      """;

  static final String PARTY_MEMBERS = """
      member_id,resident_id,org_id,duty_points,stars
      M1,R1,PB1,92,5
      M2,R8,PB2,61,2
      """;

  static final String PARTY_LINKS = """
      member_id,household_id
      M1,H1
      M1,H2
      M1,H3
      M1,H4
      M2,H5
      """;

  static final String ASSISTANCE = """
      case_id,household_id,category,helper_member_id,status,visits,last_visit
      A1,H2,dibao,M1,active,5,2026-09-01
      A2,H2,elderly_alone,M1,active,5,2026-09-01
      A3,H4,disabled,M1,active,2,2026-08-15
      A4,H3,dibao_edge,M1,closed,9,2026-07-10
      """;

  static final String INSPECTIONS = """
      building_id,grade,inspected_on,inspector
      B1,C,2025-03-01,WM1
      B1,A,2026-05-01,WM1
      B2,D,2026-04-02,WM1
      B4,B,2026-06-03,WM2
      """;

  static final String ILLEGAL = """
      case_id,building_id,status,found_on
      IC1,B2,remediated,2025-02-01
      IC2,B2,open,2026-01-05
      IC3,B4,remediating,2025-11-11
      """;

  static final String ORGANS = """
      organ_id,name
      G1,泉州台商投资区党工委办公室
      """;

  static final String WORKERS = """
      worker_id,name,type,phone,organ,village_code,grid_codes
      WC1,郑一,comprehensive,17099000000,,350521104201,350521104201001;350521104201002
      WP1,郑二,police,17099000001,,350521104201,350521104201001
      WM1,郑三,community,17099000002,,350521104201,350521104201001
      WM2,郑四,community,17099000003,,350521104203,350521104203001
      WK1,郑五,cadre,17099000004,G1,350521104203,350521104203001
      """;
}
