package org.gridscape.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.SceneBuildOverHttp;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The 3D map stands on the ground: in a real browser on the sample district, straight-down views
 * at district, village and grid zoom (each from a height that frames the region like the viewer's
 * fly-to: 0.5, 0.9 and 0.9 times its width) each have no colour over 30% of the map area, and at village
 * zoom the pixels under a pond are water and those under an arterial road are road. The pond, the
 * road and the views are worked out here from the sample's plan files, not from the server.
 */
@Tag("slow")
class BaseMapBrowserTest {

  private static final Path OUT = Path.of("target", "basemap-e2e").toAbsolutePath();
  private static final String LEADER = "basemap-e2e-leader";
  private static final String LEADER_PASSWORD = "basemap-e2e-Leader-2026";
  /** The arterial fill of the base map's style (BaseMapStyle.ARTERIAL). */
  private static final int[] ARTERIAL = {0xFB, 0xE3, 0xA8};

  @Test
  void groundIsDrawnAtEveryZoomWithRoadsAndWaterUnderfoot() throws Exception {
    BrowserScript.requireChromium("BaseMapBrowserTest");
    TestServer server = SampleDistrict.server();
    String admin = server.adminToken();
    assertThat(new SceneBuildOverHttp(server, admin).buildScenes(Duration.ofMinutes(5))).isTrue();
    var created = server.postJson("/api/v1/users", admin, new JsonObject().put("username", LEADER)
        .put("password", LEADER_PASSWORD).put("roles", new JsonArray().add("leader")).put("scopes", new JsonArray()));
    assertThat(created.statusCode()).as(created.body()).isIn(201, 409);

    Sample sample = Sample.read(SampleDistrict.files());
    JsonArray views = new JsonArray()
        .add(view("district", sample.district.getInteriorPoint(), 0.5 * metresWide(sample.district)))
        .add(view("village", sample.pondVillage.getInteriorPoint(), 0.9 * metresWide(sample.pondVillage)))
        .add(view("grid", sample.grid.getInteriorPoint(), Math.max(300, 0.9 * metresWide(sample.grid))));
    Point pond = sample.pond.getInteriorPoint();
    JsonArray roadPoints = new JsonArray();
    // five points 15 m apart about the middle of the longest arterial (the view centres on the middle one)
    double metre = 1 / 111_320.0;
    for (int i = -2; i <= 2; i++) {
      Coordinate c = along(sample.arterial, sample.arterial.getLength() / 2 + i * 15 * metre);
      roadPoints.add(new JsonArray().add(c.x).add(c.y));
    }
    JsonObject result = BrowserScript.run("basemap-e2e.mjs", OUT, Duration.ofMinutes(8),
        "--url", server.uri("/").toString(), "--user", LEADER, "--password", LEADER_PASSWORD,
        "--out", OUT.toString(), "--chromium", BrowserScript.CHROMIUM.toString(), "--timeout-seconds", "240",
        "--views", views.encode(), "--water", new JsonArray().add(pond.getX()).add(pond.getY()).add(600).encode(),
        "--road", new JsonObject().put("height", 600).put("points", roadPoints).encode());
    assertThat(result.getString("result")).as("basemap-e2e: %s", result.encode()).isEqualTo("ok");

    assertThat(result.getJsonArray("imagery").getJsonObject(0).getString("id")).isEqualTo("base");
    assertThat(result.getJsonArray("imagery").getJsonObject(0).getValue("error")).isNull();
    for (Object v : result.getJsonArray("views")) {
      JsonObject shot = (JsonObject) v;
      assertThat(shot.getDouble("topShare")).as("share of the most common colour (%s) at %s zoom, see %s",
          shot.getString("topColour"), shot.getString("name"), shot.getString("file")).isLessThanOrEqualTo(0.30);
    }
    JsonArray water = result.getJsonArray("water").getJsonArray(0);
    assertThat(water.getInteger(2)).as("blue under the pond %s", water)
        .isGreaterThan(water.getInteger(0) + 30).isGreaterThan(water.getInteger(1));
    int onRoad = 0;
    for (Object p : result.getJsonArray("road")) {
      JsonArray rgb = (JsonArray) p;
      if (rgb != null && close(rgb, ARTERIAL, 40)) {
        onRoad++;
      }
    }
    assertThat(onRoad).as("points on the arterial drawn in its colour: %s", result.getJsonArray("road"))
        .isGreaterThanOrEqualTo(3);
    assertThat(result.getJsonArray("foreignRequests")).as("requests that left the server").isEmpty();
  }

  private static boolean close(JsonArray rgb, int[] expected, int tolerance) {
    for (int i = 0; i < 3; i++) {
      if (Math.abs(rgb.getInteger(i) - expected[i]) > tolerance) {
        return false;
      }
    }
    return true;
  }

  private static JsonObject view(String name, Point centre, double height) {
    return new JsonObject().put("name", name).put("lon", centre.getX()).put("lat", centre.getY())
        .put("height", Math.round(height));
  }

  private static double metresWide(Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    return e.getWidth() * 111_320 * Math.cos(Math.toRadians(e.centre().y));
  }

  /** The point at {@code distance} (degrees) along the line. */
  private static Coordinate along(LineString line, double distance) {
    double target = distance;
    Coordinate[] cs = line.getCoordinates();
    for (int i = 1; i < cs.length; i++) {
      double d = cs[i - 1].distance(cs[i]);
      if (target <= d) {
        double t = d == 0 ? 0 : target / d;
        return new Coordinate(cs[i - 1].x + (cs[i].x - cs[i - 1].x) * t, cs[i - 1].y + (cs[i].y - cs[i - 1].y) * t);
      }
      target -= d;
    }
    return cs[cs.length - 1];
  }

  /** What the views are worked out from, read from the generated files with JTS's own GeoJSON reader. */
  private record Sample(Geometry district, Geometry pondVillage, Geometry pond, LineString arterial, Geometry grid) {

    static Sample read(Path dir) throws IOException {
      GeoJsonReader reader = new GeoJsonReader(new GeometryFactory());
      List<Geometry> villages = new ArrayList<>();
      JsonObject regions = new JsonObject(Files.readString(dir.resolve("regions.geojson")));
      for (Object f : regions.getJsonArray("features")) {
        JsonObject feature = (JsonObject) f;
        if ("village".equals(feature.getJsonObject("properties").getString("level"))) {
          villages.add(geometry(reader, feature));
        }
      }
      Geometry bestPond = null;
      Geometry pondVillage = null;
      LineString arterial = null;
      Geometry grid = null;
      try (DirectoryStream<Path> plans = Files.newDirectoryStream(dir.resolve("plans"), "*.geojson")) {
        for (Path plan : plans) {
          Geometry boundary = null;
          Geometry pond = null;
          for (Object f : new JsonObject(Files.readString(plan)).getJsonArray("features")) {
            JsonObject feature = (JsonObject) f;
            String layer = feature.getJsonObject("properties").getString("layer");
            if ("boundary".equals(layer)) {
              boundary = geometry(reader, feature);
            } else if ("water".equals(layer)) {
              Geometry g = geometry(reader, feature);
              pond = pond == null || g.getArea() > pond.getArea() ? g : pond;
            } else if ("road".equals(layer) && "arterial".equals(feature.getJsonObject("properties").getString("class"))) {
              Geometry g = geometry(reader, feature);
              if (g instanceof LineString line && (arterial == null || line.getLength() > arterial.getLength())) {
                arterial = line;
              }
            }
          }
          if (pond != null && (bestPond == null || pond.getArea() > bestPond.getArea())) {
            bestPond = pond;
            pondVillage = boundary;
            String code = plan.getFileName().toString().replace(".geojson", "");
            JsonArray grids = new JsonObject(Files.readString(dir.resolve("grids").resolve(code + ".geojson")))
                .getJsonArray("features");
            grid = geometry(reader, grids.getJsonObject(0));
          }
        }
      }
      assertThat(bestPond).as("a pond in the sample's plans").isNotNull();
      assertThat(arterial).as("an arterial road in the sample's plans").isNotNull();
      return new Sample(UnaryUnionOp.union(villages), pondVillage, bestPond, arterial, grid);
    }

    private static Geometry geometry(GeoJsonReader reader, JsonObject feature) {
      try {
        return reader.read(feature.getJsonObject("geometry").encode());
      } catch (org.locationtech.jts.io.ParseException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
