package org.gridscape.server.editor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.gridscape.server.grid.edit.SmallVillage;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The grid editor in headless Chromium ({@code web-viewer/test/editor-e2e.mjs}) against a real server
 * holding a hand-drawn village: sign-in through the form, a grid drawn by mouse clicks (terra-draw)
 * and saved, one of its vertices dragged and saved, the base map drawn from our vector tiles, split
 * and merge, a conflicting save explained, auto-partition proposed, validated live and saved.
 * Everything the page claims is checked here again through the API. Without Chromium the test is
 * skipped visibly (and fails when CI=true).
 */
@Tag("slow")
class EditorBrowserTest {

  private static final Path CHROMIUM = BrowserScript.CHROMIUM;
  private static final Path WEB_VIEWER = BrowserScript.WEB_VIEWER;
  private static final Path OUT = Path.of("target", "editor-e2e").toAbsolutePath();
  /** A second village east of the small one, with a boundary but no grids: the place to draw. */
  private static final String EMPTY_VILLAGE = "350521104202";
  /** Found in the picker by its pinyin initials: luo yang cun. */
  private static final String EMPTY_VILLAGE_NAME = "洛阳村";
  private static final String EMPTY_VILLAGE_INITIALS = "lyc";
  /** A third village, east of the empty one, with two published grids: where the review steps work. */
  private static final String REVIEW_VILLAGE = "350521104203";
  private static final String SECOND_PLANNER = "planner-two";
  private static final String SECOND_PASSWORD = "second-planner-password";
  /** The review village's workers: one in its first grid, one to be assigned there in the side panel. */
  private static final String[][] REVIEW_WORKERS = {{"RW1", "复核甲", "comprehensive"}, {"RW2", "复核乙", "police"}};
  private static final String REVIEW_BRANCH = "复核西网格党支部";

  @Test
  void plannerDrawsSplitsMergesMeetsAConflictAndAutoPartitions() throws Exception {
    BrowserScript.requireChromium("EditorBrowserTest");
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      String token = server.adminToken();
      SmallVillage.load(server, token);
      addEmptyVillage(server, token);
      addReviewVillage(server, token);

      JsonObject result = runBrowser(server, token);

      assertThat(result.getString("result")).as(result.encodePrettily()).isEqualTo("ok");
      assertThat(result.getJsonArray("browserErrors")).as("browser errors").isEmpty();
      assertThat(result.getString("chineseTitle")).isEqualTo("网格编辑器");

      // Before sign-in: the shared, styled sign-in card; nothing failed (the /auth/me probe answers 200).
      JsonObject before = result.getJsonObject("beforeSignIn");
      assertThat(before.getJsonArray("consoleErrors")).as(before.encode()).isEmpty();
      assertThat(before.getJsonArray("failed")).as(before.encode()).isEmpty();
      assertThat(result.getJsonObject("signInCard").getString("title")).isEqualTo("网格三维管理平台");
      assertThat(result.getJsonObject("signInCard").getBoolean("backdrop")).isTrue();

      // The district view: both villages drawn in the colour of their state (one published, one in draft).
      JsonObject district = result.getJsonObject("district");
      assertThat(district.getString("view")).isEqualTo("district");
      assertThat(district.getJsonObject("drawn").getJsonObject(SmallVillage.VILLAGE).getString("state")).isEqualTo("published");
      assertThat(district.getJsonObject("drawn").getJsonObject(EMPTY_VILLAGE).getString("state")).startsWith("draft");
      assertThat(district.getString("legend")).contains("已发布").contains("尚无网格");

      // Found by the pinyin initials of 洛阳村, opened from the list: the URL holds it.
      JsonObject search = result.getJsonObject("search");
      assertThat(search.getJsonArray("found").getString(0)).isEqualTo(EMPTY_VILLAGE);
      assertThat(search.getString("url")).isEqualTo("#village=" + EMPTY_VILLAGE);

      // Two grids drawn over each other: the overlap on the map and in the list, a click zooms to it.
      JsonObject overlap = result.getJsonObject("overlap");
      assertThat(overlap.getJsonArray("listed")).as(overlap.encode()).isNotEmpty();
      assertThat(overlap.getInteger("onMap")).isPositive();
      assertThat(overlap.getDouble("zoomAfter")).isGreaterThan(overlap.getDouble("zoomBefore"));
      // ... listed already while the second grid was being drawn, before it was finished
      JsonObject whileDrawing = overlap.getJsonObject("whileDrawing");
      assertThat(whileDrawing).as(overlap.encode()).isNotNull();
      assertThat(whileDrawing.getInteger("grids")).isEqualTo(2);
      assertThat(whileDrawing.getInteger("listed")).isPositive();

      // The side panel showed the grid's figures; the reload came back to the village and the grid; Back too.
      JsonObject panel = result.getJsonObject("panel");
      assertThat(panel.getString("kind")).isEqualTo("普通网格");
      assertThat(panel.getString("area")).as(panel.encode()).matches("[0-9.]+ (m²|公顷)");
      JsonObject reload = result.getJsonObject("reload");
      assertThat(reload.getString("village")).isEqualTo(EMPTY_VILLAGE);
      assertThat(reload.getString("url")).endsWith("#village=" + EMPTY_VILLAGE + "&grid=" + reload.getString("grid"));
      assertThat(reload.getString("title")).contains(reload.getString("grid")).contains("E2E改名");
      assertThat(result.getJsonObject("back").getString("village")).isEqualTo(EMPTY_VILLAGE);
      assertThat(result.getString("englishTitle")).isEqualTo("Grid editor");

      // The drawn grid is stored, inside its village, around the clicked centre, with the typed name.
      JsonArray drawn = grids(server, token, EMPTY_VILLAGE);
      assertThat(drawn).hasSize(1);
      JsonObject grid = drawn.getJsonObject(0);
      // named when drawn, renamed in the side panel: the rename is in the draft
      assertThat(grid.getJsonObject("properties").getString("name")).isEqualTo("E2E改名");
      assertThat(grid.getJsonObject("properties").getString("code")).startsWith(EMPTY_VILLAGE);
      JsonArray centre = result.getJsonObject("drawn").getJsonArray("centre");
      var polygon = polygon(grid.getJsonObject("geometry"));
      assertThat(polygon.contains(point(centre))).isTrue();
    // The dragged vertex moved the north-east corner out: the grid now reaches a point beyond the drawn square.
    JsonObject edited = result.getJsonObject("edited");
    assertThat(grid.getJsonObject("properties").getInteger("version")).isGreaterThanOrEqualTo(2);
    assertThat(polygon.contains(point(edited.getJsonArray("inside")))).as(grid.encode()).isTrue();
    assertThat(polygon.getCoordinates()).anySatisfy(c -> {
      assertThat(c.x).isCloseTo(edited.getJsonArray("movedTo").getDouble(0), org.assertj.core.data.Offset.offset(2e-5));
      assertThat(c.y).isCloseTo(edited.getJsonArray("movedTo").getDouble(1), org.assertj.core.data.Offset.offset(2e-5));
    });

    // The base map came from /tiles: buildings and roads of the small village were drawn, no tile request failed.
    JsonObject baseMap = result.getJsonObject("baseMap");
    assertThat(baseMap.getInteger("buildings")).as(baseMap.encode()).isPositive();
    assertThat(baseMap.getInteger("roads")).as(baseMap.encode()).isPositive();
    assertThat(baseMap.getJsonObject("requests").getInteger("tileJson")).isGreaterThanOrEqualTo(4);
    assertThat(baseMap.getJsonObject("requests").getJsonArray("failed")).isEmpty();

      // Split made one more grid; merge retired the new part and restored the count.
      JsonObject split = result.getJsonObject("split");
      assertThat(split.getJsonArray("parts")).hasSize(2);
      String retired = split.getJsonArray("parts").stream().map(String::valueOf)
          .filter(c -> !c.equals(SmallVillage.VILLAGE + "001")).findFirst().orElseThrow();
      // The part merged away never reached the published set (a code reserved only once published).
      assertThat(server.get("/api/v1/grids/" + retired, token).statusCode()).as("never published").isEqualTo(404);

      // The conflicting save was explained and nothing of the stale edit was written.
      assertThat(result.getInteger("otherSave")).isEqualTo(200);
      assertThat(result.getString("conflictText")).contains("已被他人修改");

      // While the editor showed the draft (the other planner's rename), the published grid kept its name.
      // The empty village's plan was imported into its draft only: the editor draws it and says so.
      JsonObject draftPlan = result.getJsonObject("draftPlan");
      assertThat(draftPlan.getString("state")).as(draftPlan.encode()).contains("新村庄规划");
      assertThat(draftPlan.getInteger("features")).as("boundary of the draft plan").isEqualTo(1);
      JsonObject sideBySide = result.getJsonObject("draftVsPublished");
      assertThat(sideBySide.getString("editorName")).isEqualTo("别人改的");
      assertThat(sideBySide.getString("publishedName")).isEqualTo("西网格");
      assertThat(sideBySide.getString("draftState")).contains("草稿未发布");

      // The auto-partition proposal passed live validation, was saved, and the stored set passes too.
      JsonObject auto = result.getJsonObject("autoPartition");
      assertThat(auto.getBoolean("ok")).as(auto.encode()).isTrue();
      JsonObject validation = new JsonObject(server.get("/api/v1/villages/" + SmallVillage.VILLAGE + "/validation", token)
          .body());
      assertThat(validation.getBoolean("ok")).as(validation.encode()).isTrue();
      assertThat(grids(server, token, SmallVillage.VILLAGE)).hasSize(auto.getInteger("grids"));

      // The village's grids when it was opened: those that share a boundary (more than a corner) were
      // drawn in different fills; the grids were labelled.
      JsonObject fills = result.getJsonObject("fills").getJsonObject("fill");
      JsonArray saved = result.getJsonObject("fills").getJsonArray("grids");
      int neighbours = 0;
      for (int i = 0; i < saved.size(); i++) {
        for (int j = i + 1; j < saved.size(); j++) {
          var a = polygon(saved.getJsonObject(i).getJsonObject("geometry"));
          var b = polygon(saved.getJsonObject(j).getJsonObject("geometry"));
          // about 1 m of shared boundary
          if (a.buffer(1e-6).intersection(b.buffer(1e-6)).getArea() > 1e-11) {
            neighbours++;
            String ca = saved.getJsonObject(i).getJsonObject("properties").getString("code");
            String cb = saved.getJsonObject(j).getJsonObject("properties").getString("code");
            assertThat(fills.getString(ca)).as(ca + " and " + cb + ": " + fills.encode()).isNotNull()
                .isNotEqualTo(fills.getString(cb));
          }
        }
      }
      assertThat(neighbours).as("the proposal has neighbouring grids").isPositive();
      assertThat(result.getInteger("labels")).isPositive();

      assertReview(result.getJsonObject("review"), server, token);
    }
  }

  /**
   * Working safely, in the review village: a split undone and redone by keyboard, a rename undone and
   * redone, the comparison before publishing (the split grid reshaped, its new part added), the
   * published versions, a second planner who sees the first one's draft and whose stale save is
   * refused, and an import previewed with a chosen field mapping.
   */
  private static void assertReview(JsonObject review, TestServer server, String token) {
    assertThat(review).as("review steps ran").isNotNull();
    System.out.println("review steps: " + review.encode());
    // Opened by a click on the district map: the URL and the breadcrumb name it, as from the picker.
    JsonObject mapOpen = review.getJsonObject("mapOpen");
    assertThat(mapOpen.getString("hash")).isEqualTo("#village=" + REVIEW_VILLAGE);
    assertThat(mapOpen.getString("crumb")).contains(REVIEW_VILLAGE);
    // The side panel named the first grid's worker and Party branch (never a phone), listed the village's
    // workers as ticks, and the tick assigned the second worker: the API has both in the grid.
    JsonObject workers = review.getJsonObject("workers");
    String typeZh = "综治";
    assertThat(workers.getJsonObject("before").getString("workers")).isEqualTo(typeZh + " " + REVIEW_WORKERS[0][1]);
    assertThat(workers.getJsonObject("before").getString("partyBranches")).isEqualTo(REVIEW_BRANCH);
    assertThat(workers.getJsonArray("ticks")).containsExactly(typeZh + " " + REVIEW_WORKERS[0][1], "警务 " + REVIEW_WORKERS[1][1]);
    assertThat(workers.encode()).doesNotContain("1709999000");
    assertThat(workers.getJsonObject("after").getString("workers"))
        .isEqualTo(typeZh + " " + REVIEW_WORKERS[0][1] + "、警务 " + REVIEW_WORKERS[1][1]);
    JsonObject assigned = new JsonObject(server.get("/api/v1/grids/" + REVIEW_VILLAGE + "001/workers", token).body());
    assertThat(assigned.getJsonArray("workers").stream().map(w -> ((JsonObject) w).getString("id")))
        .containsExactly(REVIEW_WORKERS[0][0], REVIEW_WORKERS[1][0]);
    System.out.println("map open " + mapOpen.getLong("ms") + " ms, worker step " + workers.getLong("ms") + " ms");
    assertThat(review.getBoolean("undoDisabledAtStart")).isTrue();
    assertThat(review.getJsonObject("afterUndo").getInteger("grids")).isEqualTo(2);
    assertThat(review.getJsonObject("afterUndo").getBoolean("redoEnabled")).isTrue();
    assertThat(review.getJsonObject("afterRedo").getInteger("grids")).isEqualTo(3);
    assertThat(review.getString("nameAfterUndo")).isEqualTo(review.getString("oldName"));
    assertThat(review.getString("nameAfterRedo")).isEqualTo("复核改名");
    JsonArray compare = review.getJsonArray("compare");
    assertThat(compare.stream().map(c -> ((JsonObject) c).getString("change") + " " + ((JsonObject) c).getString("code")))
        .as(compare.encodePrettily())
        .contains("reshaped " + REVIEW_VILLAGE + "001", "renamed " + REVIEW_VILLAGE + "002")
        .anyMatch(c -> c.startsWith("added " + REVIEW_VILLAGE));
    assertThat(review.getInteger("compareDrawn")).as("changes drawn on the map: " + review.encode()).isGreaterThanOrEqualTo(4);
    // Published twice: when the village was set up, and from the compare panel.
    assertThat(review.getJsonArray("versions")).hasSize(2);
    // the print button brought the published village's map as a PDF
    JsonObject printed = review.getJsonObject("printed");
    assertThat(printed.getInteger("status")).as(printed.encode()).isEqualTo(200);
    assertThat(printed.getString("type")).startsWith("application/pdf");
    assertThat(review.getJsonArray("versions").getString(0)).startsWith("第 2 版").contains("admin");
    assertThat(review.getString("presence")).startsWith("草稿由 admin 于").contains("打开");
    assertThat(review.getJsonObject("staleSave").getString("text")).contains("已被他人修改");
    assertThat(review.getJsonObject("staleSave").getJsonArray("buttons")).contains("重新载入");
    JsonObject preview = review.getJsonObject("preview");
    assertThat(preview.getJsonObject("suggested").getMap()).isEqualTo(java.util.Map.of("code", "BM", "name", "MC", "kind", "LX"));
    assertThat(preview.getJsonObject("chosen").getString("name")).isEqualTo("BZ");
    assertThat(preview.getJsonObject("facts").getString("previewCrs")).contains("EPSG:4326");
    assertThat(preview.getJsonObject("facts").getString("previewEncoding")).contains("UTF-8");
    assertThat(preview.getInteger("drawn")).isEqualTo(2);
    // Imported with the chosen mapping: codes from BM, names from BZ, kinds from LX.
    JsonArray stored = grids(server, token, REVIEW_VILLAGE);
    assertThat(stored.stream().map(f -> ((JsonObject) f).getJsonObject("properties"))
        .map(p -> p.getString("code") + " " + p.getString("name") + " " + p.getString("kind")))
        .containsExactlyInAnyOrder(REVIEW_VILLAGE + "021 旧西 standard", REVIEW_VILLAGE + "022 旧东 resettlement");
  }

  /** 400 m x 333 m east of the empty village, a plan with a row of houses, two grids published; a second planner. */
  private static void addReviewVillage(TestServer server, String token) {
    // Its region came with the empty village's (addEmptyVillage).
    JsonArray plan = new JsonArray().add(SmallVillage.feature(new JsonObject().put("layer", "boundary")
        .put("code", REVIEW_VILLAGE).put("name", "复核村"), SmallVillage.box(118.908, 25.000, 118.912, 25.003)));
    for (int i = 0; i < 6; i++) {
      double x = 118.9085 + i * 0.0006;
      plan.add(SmallVillage.feature(new JsonObject().put("layer", "building").put("id", "R" + REVIEW_VILLAGE + "-" + i)
          .put("floors", 2), SmallVillage.box(x, 25.0014, x + 0.0001, 25.0015)));
    }
    var response = server.send("POST", "/api/v1/imports/village-plan?village=" + REVIEW_VILLAGE, token,
        "application/geo+json", SmallVillage.collection(plan).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonArray grids = new JsonArray()
        .add(SmallVillage.grid(REVIEW_VILLAGE + "001", "复核西", 118.908, 25.000, 118.910, 25.003))
        .add(SmallVillage.grid(REVIEW_VILLAGE + "002", "复核东", 118.910, 25.000, 118.912, 25.003));
    response = server.send("POST", "/api/v1/imports/grids?village=" + REVIEW_VILLAGE, token, "application/geo+json",
        SmallVillage.collection(grids).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    response = server.send("POST", "/api/v1/villages/" + REVIEW_VILLAGE + "/publish", token, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    // Its workers (phones that the editor must never show) and the first grid's Party branch.
    JsonArray workers = new JsonArray();
    for (int i = 0; i < REVIEW_WORKERS.length; i++) {
      workers.add(new JsonObject().put("worker_id", REVIEW_WORKERS[i][0]).put("name", REVIEW_WORKERS[i][1])
          .put("type", REVIEW_WORKERS[i][2]).put("phone", "1709999000" + i).put("village_code", REVIEW_VILLAGE)
          .put("grid_codes", i == 0 ? new JsonArray().add(REVIEW_VILLAGE + "001") : new JsonArray()));
    }
    response = server.send("POST", "/api/v1/imports/workers", token, "application/json", workers.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    response = server.send("POST", "/api/v1/imports/party-orgs", token, "application/json", new JsonArray()
        .add(new JsonObject().put("org_id", "RB1").put("kind", "grid_branch").put("name", REVIEW_BRANCH)
            .put("region_code", REVIEW_VILLAGE + "001")).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    response = server.postJson("/api/v1/users", token, new JsonObject().put("username", SECOND_PLANNER)
        .put("password", SECOND_PASSWORD).put("roles", new JsonArray().add("planner")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static JsonArray grids(TestServer server, String token, String village) {
    return new JsonObject(server.get("/api/v1/grids?village=" + village + "&revision=draft", token).body())
        .getJsonArray("features");
  }

  private static org.locationtech.jts.geom.Point point(JsonArray lonLat) {
    return new GeometryFactory().createPoint(new Coordinate(lonLat.getDouble(0), lonLat.getDouble(1)));
  }

  private static org.locationtech.jts.geom.Polygon polygon(JsonObject geometry) {
    JsonArray ring = geometry.getJsonArray("coordinates").getJsonArray(0);
    Coordinate[] coords = new Coordinate[ring.size()];
    for (int i = 0; i < ring.size(); i++) {
      coords[i] = new Coordinate(ring.getJsonArray(i).getDouble(0), ring.getJsonArray(i).getDouble(1));
    }
    return new GeometryFactory().createPolygon(coords);
  }

  /** A village of 300 m x 333 m east of the small one (same work area), with a plan and no grids. */
  private static void addEmptyVillage(TestServer server, String token) {
    JsonArray regions = new JsonArray()
        .add(SmallVillage.region("350521000000", "测试区", "district", null, 118.89, 24.99, 118.91, 25.01))
        .add(SmallVillage.region("350521104000", "测试镇", "township", "350521000000", 118.89, 24.99, 118.91, 25.01))
        .add(SmallVillage.region("350521104W01", "第一片", "workarea", "350521104000", 118.89, 24.99, 118.91, 25.01))
        .add(SmallVillage.region(EMPTY_VILLAGE, EMPTY_VILLAGE_NAME, "village", "350521104W01", 118.904, 25.000, 118.907, 25.003))
        .add(SmallVillage.region(REVIEW_VILLAGE, "复核村", "village", "350521104W01", 118.908, 25.000, 118.912, 25.003));
    var response = server.send("POST", "/api/v1/imports/regions", token, "application/geo+json",
        SmallVillage.collection(regions).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonArray plan = new JsonArray().add(SmallVillage.feature(new JsonObject().put("layer", "boundary")
        .put("code", EMPTY_VILLAGE).put("name", EMPTY_VILLAGE_NAME), SmallVillage.box(118.904, 25.000, 118.907, 25.003)));
    response = server.send("POST", "/api/v1/imports/village-plan?village=" + EMPTY_VILLAGE, token,
        "application/geo+json", SmallVillage.collection(plan).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** Runs the browser script; see {@link BrowserScript}. */
  private static JsonObject runBrowser(TestServer server, String token) throws IOException, InterruptedException {
    return BrowserScript.run("editor-e2e.mjs", OUT, Duration.ofMinutes(5),
        "--url", server.uri("/").toString(), "--user", "admin", "--password", TestServer.ADMIN_PASSWORD,
        "--token", token, "--empty-village", EMPTY_VILLAGE, "--village", SmallVillage.VILLAGE,
        "--split-grid", SmallVillage.VILLAGE + "001", "--search", EMPTY_VILLAGE_INITIALS, "--out", OUT.toString(),
        "--chromium", CHROMIUM.toString(),
        "--review-village", REVIEW_VILLAGE, "--second-user", SECOND_PLANNER, "--second-password", SECOND_PASSWORD,
        "--assign-worker", REVIEW_WORKERS[1][0]);
  }
}
