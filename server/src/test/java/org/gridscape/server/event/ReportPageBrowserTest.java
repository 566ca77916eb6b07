package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The report page in headless Chromium on a phone-sized screen ({@code web-viewer/test/report-e2e.mjs}):
 * a grid worker signs in, switches the language, takes the location from the phone, adds a photo
 * (one over 10 MB is refused in the page) and sends a report, which is then read back from the
 * API: it landed in the worker's grid with the form's content and the photo, byte for byte. Without Chromium the test is skipped (and fails when CI=true).
 */
@Tag("slow")
class ReportPageBrowserTest {

  private static final Path WEB_VIEWER = BrowserScript.WEB_VIEWER;

  /** One server for both tests (CI time): the events tests' two-grid village. */
  private static EventFixture fx;

  @BeforeAll
  static void start() {
    BrowserScript.requireChromium("ReportPageBrowserTest");
    fx = new EventFixture(TestDatabases.Kind.H2);
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aGridWorkerReportsFromThePhone() throws Exception {
    {
      HttpResponse<String> page = fx.server.get("/report.html", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/js/report-app.js");

      String description = "电动车在楼道内充电 " + System.nanoTime();
      Process process = new ProcessBuilder("node", WEB_VIEWER.resolve("test/report-e2e.mjs").toString(),
          "--url", fx.server.uri("/report.html").toString(), "--user", "worker-west", "--password",
          EventFixture.PASSWORD, "--lon", String.valueOf(EventFixture.IN_WEST[0]), "--lat",
          String.valueOf(EventFixture.IN_WEST[1]), "--description", description)
          .directory(WEB_VIEWER.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
      JsonObject result = new JsonObject(last);
      assertThat(result.getString("result")).as(last).isEqualTo("ok");
      assertThat(result.getJsonArray("errors")).as(last).isEmpty();
      assertThat(result.getJsonArray("foreign")).as("requests that left the server").isEmpty();
      JsonObject titles = result.getJsonObject("titles");
      assertThat(titles.getString("zh")).isEqualTo("事件上报");
      assertThat(titles.getString("en")).isEqualTo("Report an event");
      assertThat(titles.getString("enCategory")).isEqualTo("Disputes");
      assertThat(titles.getString("back")).isEqualTo("事件上报");
      assertThat(result.getString("grid")).isEqualTo(EventFixture.WEST);

      String id = result.getJsonObject("receipt").getString("事件编号");
      assertThat(id).matches("R\\d{8}-\\d{4}");
      JsonObject event = new JsonObject(fx.server.get("/api/v1/events/" + id, fx.admin).body())
          .getJsonObject("properties");
      assertThat(event.getString("gridCode")).isEqualTo(EventFixture.WEST);
      assertThat(event.getString("category")).isEqualTo("fire_hazard");
      assertThat(event.getString("level")).isEqualTo("prominent");
      assertThat(event.getString("description")).isEqualTo(description);
      assertThat(event.getString("reporter")).isEqualTo("worker-west");
      assertThat(event.getString("step")).isEqualTo("dispatch");
      JsonObject photo = result.getJsonObject("photo");
      assertThat(photo.getString("tooBig")).as(last).contains("10 MB");
      assertThat(photo.getInteger("previewsAfterBig")).isZero();
      assertThat(photo.getInteger("previews")).isEqualTo(1);
      assertThat(photo.getInteger("previewWidth")).isEqualTo(16);
      assertThat(result.getJsonObject("receipt").getString("照片")).isEqualTo("1");
      String href = "/api/v1/events/" + id + "/attachments/1";
      assertThat(event.getJsonArray("attachments")).isEqualTo(new JsonArray().add(href));
      JsonObject stored = event.getJsonArray("photos").getJsonObject(0);
      assertThat(stored.getString("contentType")).isEqualTo("image/png");
      assertThat(stored.getLong("size")).isEqualTo(photo.getLong("size"));
      assertThat(stored.getString("sha256")).isEqualTo(photo.getString("sha256"));
      assertThat(stored.getString("uploadedBy")).isEqualTo("worker-west");
      HttpResponse<byte[]> bytes = fx.server.send(fx.server.request(href, fx.admin).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(bytes.statusCode()).isEqualTo(200);
      assertThat(EventAttachments.sha256(bytes.body())).isEqualTo(photo.getString("sha256"));
      assertThat(event.getDouble("lon")).isCloseTo(EventFixture.IN_WEST[0], org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  /**
   * A patrol with the network cut halfway ({@code web-viewer/test/patrol-e2e.mjs}): the page records
   * the walk (leaving out an inaccurate fix and a jump), keeps positions and a report in its outbox
   * through a reload without a network, and sends them once it is back. The server then holds every
   * position the page kept, once; the coverage it reports matches JTS on the same track (buffer by
   * 30 m, intersect with the grid's road, length ratio); the report is linked to the patrol; a check-in
   * at a building (走访) made without a network is on the server once, linked to the patrol.
   */
  @Test
  void aPatrolSurvivesLosingTheNetworkAndAReload() throws Exception {
    // north along the west grid's road (x = 118.702), 10 m west of it, about 13 m a step
    StringBuilder walk = new StringBuilder();
    int steps = 16;
    for (int i = 0; i < steps; i++) {
      walk.append(i == 0 ? "" : ";").append(String.format(java.util.Locale.ROOT, "%.7f,%.7f", 118.7019,
          24.9603 + i * 0.00012));
    }
    org.gridscape.server.testing.TestServer server = fx.server;
    JsonObject result = BrowserScript.run("patrol-e2e.mjs", Path.of("target", "browser"), java.time.Duration.ofSeconds(180),
        "--url", server.uri("/report.html").toString(), "--user", "worker-west", "--password", EventFixture.PASSWORD,
        "--grid", EventFixture.WEST, "--walk", walk.toString());
    System.out.println("patrol-e2e: " + result.encode());
    assertThat(result.getString("result")).as(result.encode()).isEqualTo("ok");
    assertThat(result.getJsonArray("errors")).as(result.encode()).isEmpty();
    assertThat(result.getJsonArray("foreign")).isEmpty();
    assertThat(result.getJsonObject("offline").getInteger("waiting")).isPositive();
    assertThat(result.getJsonObject("offline").getString("text")).contains("离线");
    assertThat(result.getBoolean("reloadedOffline")).isTrue();
    assertThat(result.getJsonObject("rejected").getInteger("accuracy")).isGreaterThanOrEqualTo(1);
    assertThat(result.getJsonObject("rejected").getInteger("jump")).isGreaterThanOrEqualTo(1);
    assertThat(result.getJsonObject("report").getString("linkedText")).contains(EventFixture.WEST);

    String id = result.getString("patrol");
    JsonObject feature = new JsonObject(fx.server.get("/api/v1/patrols/" + id, fx.admin).body());
    JsonObject p = feature.getJsonObject("properties");
    // every position the page kept, once, and nothing else
    java.util.List<Object> kept = result.getJsonArray("pointIds").getList();
    assertThat(kept).hasSize(steps);
    assertThat(p.getJsonArray("pointIds").getList()).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(p.getInteger("points")).isEqualTo(steps);
    assertThat(p.getString("status")).isEqualTo("ended");
    assertThat(p.getBoolean("flagged")).isFalse();

    // coverage: JTS on the same track, independently (buffer, intersect, ratio)
    JsonArray coordinates = feature.getJsonObject("geometry").getJsonArray("coordinates");
    double expected = jtsCoverage(coordinates, 30);
    double reported = p.getJsonObject("coverage").getDouble("roads");
    System.out.printf("patrol-e2e coverage: server %.4f, JTS buffer and intersection %.4f%n", reported, expected);
    assertThat(reported).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
    String shown = result.getJsonObject("summary").getString("patrol.coverage");
    assertThat(Double.parseDouble(shown.replace("%", "")) / 100).isCloseTo(reported,
        org.assertj.core.data.Offset.offset(0.001));
    // the figures of the grid for the patrol's hour agree too
    String from = p.getString("startedAt").replace("+", "%2B");
    String to = p.getString("endedAt").replace("+", "%2B");
    JsonObject stats = new JsonObject(fx.server.get("/api/v1/patrols/stats?region=" + EventFixture.WEST + "&from=" + from
        + "&to=" + to, fx.admin).body());
    assertThat(stats.getJsonArray("grids").getJsonObject(0).getDouble("coverage")).as(stats.encode())
        .isGreaterThanOrEqualTo(reported - 0.001);

    // the report made without a network arrived once, linked to the patrol
    assertThat(p.getJsonArray("events")).hasSize(1);
    String event = p.getJsonArray("events").getString(0);
    JsonObject e = new JsonObject(fx.server.get("/api/v1/events/" + event, fx.admin).body()).getJsonObject("properties");
    assertThat(e.getString("patrol")).isEqualTo(id);
    assertThat(e.getString("gridCode")).isEqualTo(EventFixture.WEST);
    assertThat(e.getString("category")).isEqualTo("sanitation");

    // the check-in made without a network (走访) was sent once the network was back, once, on the patrol
    JsonObject visit = result.getJsonObject("visit");
    assertThat(visit.getString("chosen")).isEqualTo("B1");
    assertThat(visit.getString("sent")).as(visit.encode()).isEqualTo(visit.getString("id"));
    io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> visits = fx.server.server().context().db().query(
        "SELECT id, building_id, patrol_id, worker FROM visit WHERE note = ?", io.vertx.sqlclient.Tuple.of(
            visit.getString("note"))).toCompletionStage().toCompletableFuture().get();
    assertThat(visits.size()).isEqualTo(1);
    io.vertx.sqlclient.Row row = visits.iterator().next();
    assertThat(row.getString(0)).isEqualTo(visit.getString("id"));
    assertThat(row.getString(1)).isEqualTo("B1");
    assertThat(row.getString(2)).isEqualTo(id);
    assertThat(row.getString(3)).isEqualTo("worker-west");
  }

  /**
   * 领导通 on a 390 px phone ({@code web-viewer/test/leader-e2e.mjs}): a district leader signs in
   * through the viewer's sign-in form and sees today's and this month's figures (as the events API
   * counts them), the appraisal ranking of the month (as the appraisal API ranks it), drills down the
   * region tree, opens a key event and switches the language; no console errors, nothing fetched from
   * elsewhere, nothing wider than the screen. The screenshot is kept in target/browser.
   */
  @Test
  void aLeaderReadsTheFiguresRankingAndAnEventOnThePhone() throws Exception {
    HttpResponse<String> reported = fx.report(fx.token("worker-west"), "sanitation", "general", EventFixture.IN_WEST, null);
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    assertThat(fx.server.get("/leader", null).body()).contains("/js/leader-app.js");
    Path out = Path.of("target", "browser");
    JsonObject result = BrowserScript.run("leader-e2e.mjs", out, java.time.Duration.ofSeconds(120),
        "--url", fx.server.uri("/leader").toString(), "--user", "leader-district", "--password", EventFixture.PASSWORD,
        "--out", out.toAbsolutePath().toString());
    System.out.println("leader-e2e: " + result.encode());
    assertThat(result.getString("result")).as(result.encode()).isEqualTo("ok");
    assertThat(result.getJsonArray("errors")).as(result.encode()).isEmpty();
    assertThat(result.getJsonArray("foreign")).isEmpty();
    assertThat(result.getString("title")).isEqualTo("领导通");
    assertThat(result.getString("en")).isEqualTo("Leader's view");
    assertThat(result.getInteger("width")).isLessThanOrEqualTo(390);
    // this month's figures are the events API's for the district
    String day = java.time.LocalDate.now(java.time.ZoneOffset.ofHours(8)).toString();
    JsonObject month = new JsonObject(fx.server.get("/api/v1/events/stats?region=350521000000&from=" + day.substring(0, 8)
        + "01&to=" + day, fx.admin).body());
    JsonObject shown = result.getJsonObject("figures").getJsonObject("month");
    assertThat(shown.getString("received")).isEqualTo(String.valueOf(month.getLong("received")));
    assertThat(shown.getString("overdue")).isEqualTo(String.valueOf(month.getLong("overdue")));
    // the ranking is the appraisal's township rows, best first; one level down are the villages
    JsonObject table = new JsonObject(fx.server.get("/api/v1/appraisal?period=" + day.substring(0, 7) + "&level=township",
        fx.admin).body());
    assertThat(result.getJsonArray("ranking").stream().map(r -> ((JsonObject) r).getString("code")).toList())
        .isEqualTo(table.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getString("code")).toList())
        .isNotEmpty();
    assertThat(result.getJsonArray("drill").stream().map(r -> ((JsonObject) r).getString("level")))
        .isNotEmpty().allMatch("village"::equals);
    JsonObject event = result.getJsonObject("event");
    assertThat(event).as(result.encode()).isNotNull();
    assertThat(event.getString("shown")).isEqualTo(event.getString("id"));
    assertThat(event.getInteger("steps")).isPositive();
    BrowserScript.assertNotBlank(out.resolve("leader-390.png"));
  }

  /**
   * The share of the west grid's road within {@code d} of the track, by plain JTS: both in the
   * equirectangular frame of the grid's envelope centre (docs/PATROLS.md), the track's LineString
   * buffered by d, intersected with the road clipped to the grid.
   */
  private static double jtsCoverage(JsonArray coordinates, double d) {
    org.locationtech.jts.geom.GeometryFactory f = new org.locationtech.jts.geom.GeometryFactory();
    double lon0 = (EventFixture.X0 + EventFixture.X1) / 2;
    double lat0 = (EventFixture.Y0 + EventFixture.Y1) / 2;
    double m = 6_371_008.8 * Math.PI / 180;
    double mx = m * Math.cos(Math.toRadians(lat0));
    java.util.function.BiFunction<Double, Double, org.locationtech.jts.geom.Coordinate> xy =
        (lon, lat) -> new org.locationtech.jts.geom.Coordinate((lon - lon0) * mx, (lat - lat0) * m);
    org.locationtech.jts.geom.Coordinate[] track = new org.locationtech.jts.geom.Coordinate[coordinates.size()];
    for (int i = 0; i < track.length; i++) {
      track[i] = xy.apply(coordinates.getJsonArray(i).getDouble(0), coordinates.getJsonArray(i).getDouble(1));
    }
    org.locationtech.jts.geom.Geometry grid = f.createPolygon(new org.locationtech.jts.geom.Coordinate[] {
        xy.apply(EventFixture.X0, EventFixture.Y0), xy.apply(EventFixture.X1, EventFixture.Y0),
        xy.apply(EventFixture.X1, EventFixture.Y1), xy.apply(EventFixture.X0, EventFixture.Y1),
        xy.apply(EventFixture.X0, EventFixture.Y0)});
    org.locationtech.jts.geom.Geometry road = f.createLineString(new org.locationtech.jts.geom.Coordinate[] {
        xy.apply(EventFixture.X1, EventFixture.Y0), xy.apply(EventFixture.X1, EventFixture.Y1)}).intersection(grid);
    org.locationtech.jts.geom.Geometry zone = f.createLineString(track).buffer(d, 32);
    return road.intersection(zone).getLength() / road.getLength();
  }
}
