package org.gridscape.server.grid.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestServer;

/**
 * A one-village district drawn by hand for editor tests: village {@value #VILLAGE} of about
 * 400 m x 333 m (118.900-118.904 E, 25.000-25.003 N) cut by a cross of roads, 100 small houses,
 * and two grids, west ({@code 001}) and east ({@code 002}) of the north-south road at 118.902.
 */
public final class SmallVillage {

  public static final String VILLAGE = "350521104201";

  private SmallVillage() {
  }

  /** Imports regions, the village plan and its two grids through the API. */
  public static void load(TestServer server, String token) {
    JsonArray regions = new JsonArray()
        .add(region("350521000000", "测试区", "district", null, 118.89, 24.99, 118.91, 25.01))
        .add(region("350521104000", "测试镇", "township", "350521000000", 118.89, 24.99, 118.91, 25.01))
        .add(region("350521104W01", "第一片", "workarea", "350521104000", 118.89, 24.99, 118.91, 25.01))
        .add(region(VILLAGE, "测试村", "village", "350521104W01", 118.900, 25.000, 118.904, 25.003));
    expect(server.send("POST", "/api/v1/imports/regions", token, "application/geo+json",
        collection(regions).encode()), 201);
    JsonArray plan = planFeatures();
    expect(server.send("POST", "/api/v1/imports/village-plan?village=" + VILLAGE, token, "application/geo+json",
        collection(plan).encode()), 201);
    JsonArray grids = new JsonArray()
        .add(grid(VILLAGE + "001", "西网格", 118.900, 25.000, 118.902, 25.003))
        .add(grid(VILLAGE + "002", "东网格", 118.902, 25.000, 118.904, 25.003));
    expect(server.send("POST", "/api/v1/imports/grids?village=" + VILLAGE, token, "application/geo+json",
        collection(grids).encode()), 201);
    expect(server.send("POST", "/api/v1/villages/" + VILLAGE + "/publish", token, null, null), 200);
  }

  /** The village plan's features: boundary, the two roads and 100 houses of 10 m x 10 m on a 40 m x 30 m grid. */
  public static JsonArray planFeatures() {
    JsonArray plan = new JsonArray()
        .add(feature(new JsonObject().put("layer", "boundary").put("code", VILLAGE).put("name", "测试村"),
            box(118.900, 25.000, 118.904, 25.003)))
        .add(feature(new JsonObject().put("layer", "road").put("name", "东西路").put("class", "street"),
            line(118.8995, 25.0015, 118.9045, 25.0015)))
        .add(feature(new JsonObject().put("layer", "road").put("name", "南北路").put("class", "street"),
            line(118.902, 24.9995, 118.902, 25.0035)));
    int id = 0;
    for (double x = 118.9002; x < 118.904; x += 0.0004) {
      for (double y = 25.0002; y < 25.003; y += 0.0003) {
        plan.add(feature(new JsonObject().put("layer", "building").put("id", String.format("B%s%05d", VILLAGE, id++))
            .put("floors", 2).put("height", 6.0).put("use", "residential").put("structure", "frame").put("year", 2010),
            box(x - 0.00005, y - 0.00005, x + 0.00005, y + 0.00005)));
      }
    }
    return plan;
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }

  public static JsonObject collection(JsonArray features) {
    return new JsonObject().put("type", "FeatureCollection").put("features", features);
  }

  public static JsonObject region(String code, String name, String level, String parent, double x0, double y0,
      double x1, double y1) {
    return feature(new JsonObject().put("code", code).put("name", name).put("level", level).put("parent", parent),
        box(x0, y0, x1, y1));
  }

  public static JsonObject grid(String code, String name, double x0, double y0, double x1, double y1) {
    return feature(new JsonObject().put("code", code).put("name", name).put("kind", "standard"), box(x0, y0, x1, y1));
  }

  public static JsonObject feature(JsonObject properties, JsonObject geometry) {
    return new JsonObject().put("type", "Feature").put("properties", properties).put("geometry", geometry);
  }

  public static JsonObject box(double x0, double y0, double x1, double y1) {
    return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(new JsonArray().add(x0).add(y0)).add(new JsonArray().add(x1).add(y0)).add(new JsonArray().add(x1).add(y1))
        .add(new JsonArray().add(x0).add(y1)).add(new JsonArray().add(x0).add(y0))));
  }

  public static JsonObject line(double x0, double y0, double x1, double y1) {
    return new JsonObject().put("type", "LineString").put("coordinates", new JsonArray()
        .add(new JsonArray().add(x0).add(y0)).add(new JsonArray().add(x1).add(y1)));
  }
}
