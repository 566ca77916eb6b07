package org.gridscape.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.layer.LayerFigures;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.SceneBuildOverHttp;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 3D viewer in a real browser against a real server: the sample district is imported and its
 * scenes built, then {@code web-viewer/test/viewer-e2e.mjs} drives headless Chromium (sign-in
 * through the form, tiles loaded, fly to a grid, pick a building, switch the housing-safety theme).
 * Checked here: the picked building's tile metadata equals the database, the pixel under it
 * changes colour with the theme, the screenshots are not blank, the dashboard shows the API's
 * figures, a grid worker's patrol tracks of a day drawn from the grid card are the database's (the
 * script compares every line and marker with the API), no request left the server, and the viewer
 * follows mode switches made outside it (the change feed). Then a second viewer (another session) opens beside the first and both follow an
 * event closed and reopened through the API: card and dashboard figures change without a page load.
 * Load times and delays are printed as a benchmark, not asserted (live-bench.mjs measures the 1 s).
 * Without Chromium the test is skipped (and fails when CI=true).
 */
@Tag("slow")
class ViewerBrowserTest {

  private static final Path CHROMIUM = BrowserScript.CHROMIUM;
  private static final Path WEB_VIEWER = BrowserScript.WEB_VIEWER;
  private static final Path OUT = Path.of("target", "viewer-e2e").toAbsolutePath();
  private static final String LEADER = "viewer-e2e-leader";
  private static final String LEADER_PASSWORD = "viewer-e2e-Leader-2026";

  @Test
  void officialSignsInPicksABuildingAndSwitchesTheSafetyTheme() throws Exception {
    BrowserScript.requireChromium("ViewerBrowserTest");
    TestServer server = SampleDistrict.server();
    String admin = server.adminToken();
    assertThat(new SceneBuildOverHttp(server, admin).buildScenes(Duration.ofMinutes(5)))
        .as("scene build through POST /api/v1/scenes/build").isTrue();
    BrowserScript.createLeader(server, admin, LEADER, LEADER_PASSWORD);

    JsonObject result = runBrowser(server, admin);
    assertThat(result.getString("result")).as("viewer-e2e: %s", result.encode()).isEqualTo("ok");
    System.out.printf("viewer benchmark: tiles loaded %d ms after sign-in; grid fly-to with tiles loaded %d ms%n",
        result.getJsonObject("timings").getLong("tilesLoadedMs"),
        result.getJsonObject("timings").getLong("gridFlyToMs"));

    assertPickedBuildingMatchesDatabase(server, result.getJsonObject("picked"));
    assertColourChanged(result);
    for (Object path : result.getJsonArray("screenshots")) {
      BrowserScript.assertNotBlank(Path.of(String.valueOf(path)));
    }
    assertDashboardShowsApiFigures(server, admin, result.getJsonObject("kpis"));
    assertPatrolTracksAreTheDatabases(server, result.getJsonObject("patrolTracks"));
    assertThat(result.getJsonArray("foreignRequests")).as("requests that left the server").isEmpty();
    // the change feed: the viewer followed writes made outside it (timings printed, not asserted)
    System.out.printf("viewer change feed: mode switches made elsewhere shown after %s ms%n",
        result.getJsonObject("resources").getJsonArray("changeFeedMs").encode());
    assertTwoViewersFollowedTheEventWrites(server, admin, result.getJsonObject("live"));
  }

  /**
   * Two viewers (two sessions) showed an event's grid and the dashboard while the event was closed
   * and reopened through the API: both showed each new pair of figures without a page load. The
   * delays are printed (and in result.json); the 1 s target is measured by live-bench.mjs.
   */
  private static void assertTwoViewersFollowedTheEventWrites(TestServer server, String admin, JsonObject live) {
    JsonArray rounds = live.getJsonArray("rounds");
    assertThat(rounds.stream().map(r -> ((JsonObject) r).getString("action"))).containsExactly("close", "reopen");
    List<String> delays = new ArrayList<>();
    for (Object r : rounds) {
      JsonObject round = (JsonObject) r;
      int delta = round.getString("action").equals("close") ? 1 : -1;
      JsonArray viewers = round.getJsonArray("viewers");
      assertThat(viewers).hasSize(2);
      for (Object v : viewers) {
        JsonObject viewer = (JsonObject) v;
        JsonObject before = viewer.getJsonObject("before");
        JsonObject after = viewer.getJsonObject("after");
        assertThat(viewer.getBoolean("reloaded")).as("page reloaded: %s", viewer.encode()).isFalse();
        assertThat(after.getInteger("navigations")).isEqualTo(1);
        assertThat(after.getInteger("batches")).as("change feed batches").isGreaterThan(before.getInteger("batches"));
        assertThat(after.getInteger("cardOpenEvents")).isEqualTo(before.getInteger("cardOpenEvents") - delta);
        assertThat(after.getInteger("dashboardClosed")).isEqualTo(before.getInteger("dashboardClosed") + delta);
        delays.add(round.getString("action") + " " + viewer.getLong("shownMs"));
      }
    }
    // the figures the viewers ended on are the database's: the event is open again
    String event = rounds.getJsonObject(1).getString("event");
    JsonObject stored = new JsonObject(server.get("/api/v1/events/" + event, admin).body());
    assertThat(stored.encode()).contains("\"step\":\"handling\"");
    JsonObject stats = new JsonObject(server.get("/api/v1/stats", admin).body());
    assertThat(rounds.getJsonObject(1).getJsonArray("viewers").getJsonObject(0).getJsonObject("after")
        .getLong("dashboardClosed")).isEqualTo(stats.getJsonObject("events").getLong("closed"));
    System.out.printf("viewer change feed: two viewers showed an event closed and reopened elsewhere after %s ms%n",
        delays);

    // A grid renamed through /ogc (a publish): both cards showed the new name without a page load; the
    // script renamed it back.
    JsonObject rename = live.getJsonObject("rename");
    assertThat(rename).as("the rename step ran").isNotNull();
    assertThat(rename.getBoolean("reloaded")).as("page reloaded: %s", rename.encode()).isFalse();
    assertThat(rename.getJsonArray("shownMs")).hasSize(2);
    JsonObject grid = new JsonObject(server.get("/ogc/collections/grids/items/" + rename.getString("grid"), admin).body());
    assertThat(grid.getJsonObject("properties").getString("name")).isEqualTo(rename.getString("from"));
    System.out.printf("viewer change feed: two viewers showed a grid renamed elsewhere after %s ms%n",
        rename.getJsonArray("shownMs").encode());
  }

  /**
   * A worker's patrol tracks of a day, opened from the grid card: the script checked the lines
   * and markers against the API; here the patrols and positions drawn are those the database holds
   * for that worker and China day, and the lines lie on the ground.
   */
  private static void assertPatrolTracksAreTheDatabases(TestServer server, JsonObject tracks) throws Exception {
    assertThat(tracks).as("the patrol tracks step ran").isNotNull();
    var db = server.server().context().db();
    java.time.OffsetDateTime from = java.time.LocalDate.parse(tracks.getString("day")).atStartOfDay()
        .atOffset(java.time.ZoneOffset.ofHours(8));
    List<String> ids = new ArrayList<>();
    long points = 0;
    for (Row r : await(db.query("SELECT p.id, (SELECT COUNT(*) FROM patrol_point pp WHERE pp.patrol_id = p.id)"
        + " FROM patrol p WHERE p.worker = ? AND p.started_at >= ? AND p.started_at < ? ORDER BY p.id",
        Tuple.of(tracks.getString("worker"), from, from.plusDays(1))))) {
      ids.add(r.getString(0));
      points += ((Number) r.getValue(1)).longValue();
    }
    assertThat(ids).isNotEmpty();
    assertThat(tracks.getJsonArray("ids").getList()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(tracks.getLong("points")).isEqualTo(points);
    assertThat(tracks.getBoolean("clamped")).as("lines clamped to the ground").isTrue();
    // ready with the lines built (drawn) or after the 5 s the viewer allows them: printed, not asserted
    System.out.printf("viewer patrol tracks: %s on %s, %d patrols with %d positions shown %d ms after the click"
        + " (lines drawn: %s; step %d ms); the day after: %s; the latest day through the picker: %s%n",
        tracks.getString("worker"), tracks.getString("day"), ids.size(), points, tracks.getLong("shownMs"),
        tracks.getValue("drawn"), tracks.getLong("ms"), tracks.getJsonObject("nextDay").encode(),
        tracks.getString("latest"));
  }

  /** Runs the browser script; see {@link BrowserScript}. */
  private static JsonObject runBrowser(TestServer server, String admin) throws IOException, InterruptedException {
    return BrowserScript.run("viewer-e2e.mjs", OUT, Duration.ofMinutes(10),
        "--url", server.uri("/").toString(), "--user", LEADER, "--password", LEADER_PASSWORD, "--admin-token", admin,
        "--out", OUT.toString(), "--chromium", CHROMIUM.toString(), "--timeout-seconds", "240");
  }

  private static void assertPickedBuildingMatchesDatabase(TestServer server, JsonObject picked) throws Exception {
    String id = picked.getString("buildingId");
    String grid = picked.getString("gridCode");
    assertThat(picked.getString("featureKind")).isEqualTo("BUILDING");
    var db = server.server().context().db();
    Row row = await(db.query("SELECT grid_code, floors, height, use_kind FROM building WHERE id = ?", Tuple.of(id)))
        .iterator().next();
    assertThat(grid).isEqualTo(row.getString("grid_code"));
    if (row.getInteger("floors") != null) {
      assertThat(picked.getInteger("floors")).isEqualTo(row.getInteger("floors"));
    }
    if (row.getDouble("height") != null) {
      assertThat(picked.getDouble("heightMeters")).isCloseTo(row.getDouble("height"), within(0.01));
    }
    if (row.getString("use_kind") != null) {
      assertThat(picked.getString("use")).isEqualTo(row.getString("use_kind"));
    }
    Map<String, BuildingFigures> figures = await(new LayerFigures(db).figuresForGrid(grid));
    BuildingFigures expected = figures.get(id);
    assertThat(expected).as("figures of %s in the database", id).isNotNull();
    assertThat(picked.getInteger("residents")).isEqualTo(expected.residents());
    assertThat(picked.getInteger("households")).isEqualTo(expected.households());
    assertThat(picked.getInteger("partyMembers")).isEqualTo(expected.partyMembers());
    assertThat(picked.getInteger("partyLinkedHouseholds")).isEqualTo(expected.partyLinkedHouseholds());
    assertThat(picked.getInteger("assistanceHouseholds")).isEqualTo(expected.assistanceHouseholds());
    assertThat(picked.getString("safetyGrade")).isEqualTo(expected.safetyGrade().name());
    assertThat(picked.getString("illegalConstruction")).isEqualTo(expected.illegalConstruction().name());
  }

  /** The pixel under the building before and after the safety theme differ clearly (RGB distance). */
  private static void assertColourChanged(JsonObject result) {
    JsonArray before = result.getJsonArray("pixelBefore");
    JsonArray after = result.getJsonArray("pixelAfter");
    double distance = 0;
    for (int i = 0; i < 3; i++) {
      double d = before.getInteger(i) - after.getInteger(i);
      distance += d * d;
    }
    assertThat(Math.sqrt(distance)).as("colour %s -> %s", before, after).isGreaterThan(25);
  }

  /** Every KPI tile shows the number the stats API gives (formatted with separators). */
  private static void assertDashboardShowsApiFigures(TestServer server, String admin, JsonObject kpis) {
    JsonObject stats = new JsonObject(server.get("/api/v1/stats", admin).body());
    List<String> mismatches = new ArrayList<>();
    check(mismatches, kpis, "grids", stats.getValue("grids"));
    check(mismatches, kpis, "residents", stats.getValue("residents"));
    check(mismatches, kpis, "households", stats.getValue("households"));
    check(mismatches, kpis, "partyMembers", stats.getValue("partyMembers"));
    check(mismatches, kpis, "linkedHouseholds", stats.getValue("linkedHouseholds"));
    JsonObject events = stats.getJsonObject("events");
    if (events != null) {
      check(mismatches, kpis, "eventsReceived", events.getValue("received"));
      check(mismatches, kpis, "eventsClosed", events.getValue("closed"));
    }
    assertThat(mismatches).isEmpty();
  }

  private static void check(List<String> mismatches, JsonObject kpis, String key, Object expected) {
    String shown = kpis.getString(key, "").replaceAll("[^0-9]", "");
    if (expected == null || !shown.equals(String.valueOf(((Number) expected).longValue()))) {
      mismatches.add(key + ": shown '" + kpis.getString(key) + "', API " + expected);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
