package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.ingest.IngestOptions;

/**
 * A small district for scene tests: one township with two villages, two grids each, six buildings
 * per grid, as the files a planner would upload (regions, village plans, grid sets) and a few
 * layer rows. Loaded through the public services, so the scene sees what an import writes.
 */
final class SceneFixture {

  static final String DISTRICT = "350521000000";
  static final String TOWNSHIP = "350521104000";
  static final String VILLAGE_1 = "350521104201";
  static final String VILLAGE_2 = "350521104202";
  static final List<String> VILLAGES = List.of(VILLAGE_1, VILLAGE_2);
  static final String GRID_11 = VILLAGE_1 + "001";
  static final String GRID_12 = VILLAGE_1 + "002";
  static final String GRID_21 = VILLAGE_2 + "001";
  static final String GRID_22 = VILLAGE_2 + "002";
  static final List<String> GRIDS = List.of(GRID_11, GRID_12, GRID_21, GRID_22);

  static final Principal ADMIN = new Principal("scene-test", EnumSet.of(Role.ADMIN), List.of());

  private static final double WEST = 118.700;
  private static final double SOUTH = 24.900;
  private static final double GRID_WIDTH = 0.002;
  private static final double HEIGHT = 0.003;

  private SceneFixture() {}

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Imports regions, both villages' plans and grids, and publishes both villages. */
  static void load(GridService grids) {
    await(grids.importRegions(regions()));
    for (String village : VILLAGES) {
      await(grids.importPlan(village, plan(village), "application/geo+json", IngestOptions.defaults(), ADMIN));
      await(grids.importGrids(village, gridSet(village), "application/geo+json", IngestOptions.defaults(), ADMIN));
      await(grids.publish(village, ADMIN));
    }
  }

  static double villageWest(String village) {
    return WEST + VILLAGES.indexOf(village) * 2 * GRID_WIDTH;
  }

  static byte[] regions() {
    JsonArray features = new JsonArray()
        .add(feature(box(WEST, SOUTH, WEST + 4 * GRID_WIDTH, SOUTH + HEIGHT), new JsonObject()
            .put("code", DISTRICT).put("name", "泉州台商投资区").put("level", "district").putNull("parent")))
        .add(feature(box(WEST, SOUTH, WEST + 4 * GRID_WIDTH, SOUTH + HEIGHT), new JsonObject()
            .put("code", TOWNSHIP).put("name", "洛阳镇").put("level", "township").put("parent", DISTRICT)));
    for (String village : VILLAGES) {
      double west = villageWest(village);
      features.add(feature(box(west, SOUTH, west + 2 * GRID_WIDTH, SOUTH + HEIGHT), new JsonObject()
          .put("code", village).put("name", "村" + village.substring(9)).put("level", "village")
          .put("parent", TOWNSHIP)));
    }
    return collection(features);
  }

  /** Boundary and six buildings per grid, ids {@code B<grid>-<n>}. */
  static byte[] plan(String village) {
    double west = villageWest(village);
    JsonArray features = new JsonArray().add(feature(box(west, SOUTH, west + 2 * GRID_WIDTH, SOUTH + HEIGHT),
        new JsonObject().put("layer", "boundary").put("code", village).put("name", "村" + village.substring(9))));
    for (int g = 0; g < 2; g++) {
      String grid = village + String.format(Locale.ROOT, "%03d", g + 1);
      double gridWest = west + g * GRID_WIDTH;
      for (int n = 0; n < 6; n++) {
        double x = gridWest + 0.0002 + (n % 3) * 0.0006;
        double y = SOUTH + 0.0004 + (n / 3) * 0.0012;
        features.add(feature(box(x, y, x + 0.0002, y + 0.00015), new JsonObject().put("layer", "building")
            .put("id", buildingId(grid, n)).put("floors", 2 + n).put("height", 3.0 * (2 + n))
            .put("use", n == 5 ? "commercial" : "residential").put("structure", "frame").put("year", 2000 + n)));
      }
    }
    return collection(features);
  }

  static String buildingId(String grid, int n) {
    return "B" + grid + "-" + n;
  }

  static byte[] gridSet(String village) {
    double west = villageWest(village);
    JsonArray features = new JsonArray();
    for (int g = 0; g < 2; g++) {
      String grid = village + String.format(Locale.ROOT, "%03d", g + 1);
      double gridWest = west + g * GRID_WIDTH;
      features.add(feature(box(gridWest, SOUTH, gridWest + GRID_WIDTH, SOUTH + HEIGHT), new JsonObject()
          .put("code", grid).put("name", "网格" + grid.substring(12)).put("kind", g == 1 ? "enterprise" : "standard")));
    }
    return collection(features);
  }

  /** Two households (three residents) in the first building of GRID_11. */
  static final String HOUSEHOLDS = "household_id,building_id,size\n"
      + "H1," + buildingId(GRID_11, 0) + ",2\n"
      + "H2," + buildingId(GRID_11, 0) + ",1\n";

  static final String RESIDENTS = "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags\n"
      + "R1,H1,张三,350521198001011234,13812345678,male,1980,head,\n"
      + "R2,H1,李四,350521198203021246,13912345679,female,1982,spouse,\n"
      + "R3,H2,王五,350521194001011219,13712345670,male,1940,head,elderly_alone\n";

  /** An inspection grading a building of {@code grid}. */
  static String inspection(String grid, int building, String grade, String date) {
    return "building_id,inspected_on,grade,inspector\n" + buildingId(grid, building) + "," + date + "," + grade
        + ",WM1\n";
  }

  private static JsonObject feature(JsonArray geometry, JsonObject properties) {
    return new JsonObject().put("type", "Feature").put("properties", properties)
        .put("geometry", new JsonObject().put("type", "Polygon").put("coordinates", geometry));
  }

  private static JsonArray box(double x0, double y0, double x1, double y1) {
    List<double[]> ring = List.of(new double[] {x0, y0}, new double[] {x1, y0}, new double[] {x1, y1},
        new double[] {x0, y1}, new double[] {x0, y0});
    JsonArray coordinates = new JsonArray();
    for (double[] c : ring) {
      coordinates.add(new JsonArray().add(round(c[0])).add(round(c[1])));
    }
    return new JsonArray().add(coordinates);
  }

  private static double round(double v) {
    return Math.round(v * 1e7) / 1e7;
  }

  private static byte[] collection(JsonArray features) {
    return new JsonObject().put("type", "FeatureCollection").put("features", features).encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** All codes of the fixture's regions, for assertions. */
  static List<String> regionCodes() {
    List<String> out = new ArrayList<>(List.of(DISTRICT, TOWNSHIP));
    out.addAll(VILLAGES);
    return out;
  }
}
