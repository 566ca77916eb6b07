package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.gridscape.server.event.EventFixture.EAST;
import static org.gridscape.server.event.EventFixture.VILLAGE;
import static org.gridscape.server.event.EventFixture.WEST;
import static org.gridscape.server.event.EventFixture.X1;
import static org.gridscape.server.event.EventFixture.Y0;
import static org.gridscape.server.event.EventFixture.Y1;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.gridscape.server.store.Database;
import org.junit.jupiter.api.Test;

/**
 * The appraisal (效能督导) and the duty-points ledger (修分争星) over HTTP on the events tests' server
 * ({@link EventApiContract#fx}): a hand-made March 2025 of patrols, visits and events with known
 * times, whose figures are worked out here, and a member's ledger through awards, activities, refused
 * and concurrent spends. Run on H2 and PostgreSQL by the classes that run {@link EventApiContract}.
 */
interface AppraisalApiContract {

  /** China time; the fixture's month lies long before anything the other tests write. */
  ZoneOffset CST = ZoneOffset.ofHours(8);
  OffsetDateTime T0 = OffsetDateTime.of(2025, 3, 10, 9, 0, 0, 0, CST);
  /** Metres per degree of latitude in the coverage's equirectangular frame (docs/PATROLS.md). */
  double M_PER_DEG = 6_371_008.8 * Math.PI / 180;

  private static EventFixture fx() {
    return EventApiContract.fx;
  }

  private static Database db() {
    return fx().server.server().context().db();
  }

  private static RowSet<Row> sql(String sql, Object... args) {
    try {
      return db().query(sql, Tuple.from(args)).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static JsonObject body(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  /** An event as recorded by the loop: the report, then each step at its time. */
  private static void event(String id, String reporter, String grid, OffsetDateTime reported, OffsetDateTime deadline,
      String step, OffsetDateTime closed, int reopens, Object... steps) {
    sql("INSERT INTO event (id, category, level, title, lon, lat, grid_code, village_code, step, escalation, supervised,"
        + " reopen_count, reporter, origin, reported_mode, reported_at, reported_month, deadline, closed_at, updated_at,"
        + " version) VALUES (?, 'disputes', 'general', ?, 118.701, 24.961, ?, ?, ?, 'none', FALSE, ?, ?, 'report',"
        + " 'peacetime', ?, ?, ?, ?, ?, 1)", id, "appraisal fixture " + id, grid, VILLAGE, step, reopens, reporter,
        reported, reported.atZoneSameInstant(CST).toString().substring(0, 7), deadline, closed, reported);
    for (int i = 0; i < steps.length; i += 3) {
      sql("INSERT INTO event_step (event_id, action, to_step, actor, occurred_at) VALUES (?, ?, ?, ?, ?)", id,
          steps[i], steps[i + 1], reporter, steps[i + 2]);
    }
  }

  private static void visit(String id, String worker, String grid, OffsetDateTime at, String household, String member) {
    sql("INSERT INTO visit (id, worker, grid_code, village_code, building_id, household_id, member_id, visited_at, lon,"
        + " lat, distance_m, flagged, created_at) VALUES (?, ?, ?, ?, 'B1', ?, ?, ?, 118.7005, 24.9610, 0, FALSE, ?)",
        id, worker, grid, VILLAGE, household, member, at, at);
  }

  /** A patrol through the API, walking north along the road (x = X1) 1 m beside it, 0.0001 degrees a step. */
  private static double patrol(String worker, String grid, OffsetDateTime start, double lon, double fromLat, int steps) {
    String token = fx().token(worker);
    String id = "ap-" + worker + "-" + System.nanoTime();
    body(fx().server.postJson("/api/v1/patrols", token, new JsonObject().put("id", id).put("grid", grid)
        .put("startedAt", start.toString())), 201);
    JsonArray points = new JsonArray();
    for (int i = 0; i <= steps; i++) {
      points.add(new JsonObject().put("id", "p" + i).put("t", start.plusSeconds(15L * i).toString()).put("lon", lon)
          .put("lat", fromLat + i * 0.0001).put("accuracy", 5));
    }
    JsonObject stored = body(fx().server.postJson("/api/v1/patrols/" + id + "/points", token,
        new JsonObject().put("points", points)), 200);
    body(fx().server.postJson("/api/v1/patrols/" + id + "/end", token,
        new JsonObject().put("endedAt", start.plusSeconds(15L * steps).toString())), 200);
    return stored.getJsonObject("patrol").getDouble("distanceM");
  }

  private static JsonObject row(JsonObject table, String level, String code) {
    return table.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("level").equals(level) && r.getString("code").equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + level + " row " + code + " in " + table.encode()));
  }

  /** The figures of one row: reported, timely share, on-time share, first-pass share, overdue. */
  private static void assertEvents(JsonObject row, int reported, Double timely, Double onTime, Double firstPass,
      int overdue) {
    assertThat(row.getInteger("eventsReported")).as(row.encode()).isEqualTo(reported);
    assertThat(row.getDouble("timelyRate")).as(row.encode()).isCloseTo(timely, offset(1e-4));
    assertThat(row.getDouble("onTimeRate")).as(row.encode()).isCloseTo(onTime, offset(1e-4));
    assertThat(row.getDouble("firstPassRate")).as(row.encode()).isCloseTo(firstPass, offset(1e-4));
    assertThat(row.getInteger("overdue")).as(row.encode()).isEqualTo(overdue);
  }

  @Test
  default void theAppraisalOfAHandMadeMonthAddsUpPerWorkerGridVillageAndTownship() throws Exception {
    String admin = fx().admin;
    String tag = "A" + (System.nanoTime() % 1_000_000);
    OffsetDateTime h = T0;
    // worker-west, grid WEST: E1 submitted after 2 h, verified, closed by the deadline
    event(tag + "E1", "worker-west", WEST, h, h.plusDays(5), "closed", h.plusDays(3), 0,
        "report", "patrol", h, "submit", "dispatch", h.plusHours(2), "verify", "supervision", h.plusDays(2),
        "close", "closed", h.plusDays(3));
    // E2 submitted after 30 h (late), rejected once, closed after the deadline
    event(tag + "E2", "worker-west", WEST, h, h.plusDays(5), "closed", h.plusDays(6), 1,
        "report", "patrol", h, "submit", "dispatch", h.plusHours(30), "reject", "handling", h.plusDays(3),
        "verify", "supervision", h.plusDays(5), "close", "closed", h.plusDays(6));
    // E3 submitted after 1 h, still being handled, long past its deadline: overdue
    event(tag + "E3", "worker-west", WEST, h, h.plusDays(5), "handling", null, 0,
        "report", "patrol", h, "submit", "dispatch", h.plusHours(1));
    // worker-east, grid EAST: E4 reported straight to dispatch, verified, closed in time
    event(tag + "E4", "worker-east", EAST, h, h.plusDays(5), "closed", h.plusDays(1), 0,
        "report", "dispatch", h, "verify", "supervision", h.plusHours(20), "close", "closed", h.plusDays(1));
    // a leader's report in WEST: the grid's, no worker's; open, deadline far ahead
    event(tag + "E5", "leader-village", WEST, h, h.plusYears(100), "handling", null, 0, "report", "dispatch", h);
    // April: outside the period
    event(tag + "E6", "worker-west", WEST, h.plusMonths(1), h.plusMonths(1).plusDays(5), "handling", null, 0,
        "report", "dispatch", h.plusMonths(1));
    for (int i = 0; i < 3; i++) {
      visit(tag + "V" + i, "worker-west", WEST, h.plusDays(i), null, null);
    }
    visit(tag + "V3", "worker-east", EAST, h.plusDays(1), null, null);
    visit(tag + "V4", "worker-west", WEST, h.plusMonths(1), null, null);
    // worker-west walks the road's southern 0.0015 degrees; worker-east its northern 0.0003
    double westM = patrol("worker-west", WEST, h.plusDays(2), X1 - 0.00001, Y0, 15);
    double eastM = patrol("worker-east", EAST, h.plusDays(2), X1 + 0.00001, Y1 - 0.0003, 3);

    // scores from the event shares alone first: coverage weighs nothing
    body(fx().server.send("PUT", "/api/v1/appraisal/weights", admin, "application/json",
        new JsonObject().put("coverage", 0).put("timely", 20).put("onTime", 20).put("firstPass", 10).put("overdue", 10)
            .encode()), 200);
    JsonObject table = body(fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&period=2025-03",
        fx().token("leader-village")), 200);

    JsonObject west = row(table, "worker", "worker-west");
    // E1, E2, E3: timely E1 and E3; closed E1 and E2, on time E1; verified E1 and E2, first time E1; overdue E3
    assertEvents(west, 3, 2 / 3.0, 1 / 2.0, 1 / 2.0, 1);
    assertThat(west.getInteger("visits")).isEqualTo(3);
    assertThat(west.getInteger("patrols")).isEqualTo(1);
    assertThat(west.getDouble("distanceKm")).isEqualTo(Math.round(westM / 100) / 10.0);
    double westScore = (20 * 2 / 3.0 + 20 * 0.5 + 10 * 0.5 + 10 * (1 - 1 / 3.0)) / 60 * 100;
    assertThat(west.getDouble("score")).isCloseTo(westScore, offset(0.051));
    JsonObject east = row(table, "worker", "worker-east");
    assertEvents(east, 1, 1.0, 1.0, 1.0, 0);
    assertThat(east.getDouble("score")).isEqualTo(100.0);
    assertThat(east.getInteger("rank")).isEqualTo(1);
    assertThat(west.getInteger("rank")).isEqualTo(2);
    assertThat(east.getDouble("distanceKm")).isEqualTo(Math.round(eastM / 100) / 10.0);
    // the leader's report counts for the grid only
    assertThat(table.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getString("code")))
        .doesNotContain("leader-village");
    JsonObject westGrid = row(table, "grid", WEST);
    assertEvents(westGrid, 4, 3 / 4.0, 1 / 2.0, 1 / 2.0, 1);
    assertThat(westGrid.getInteger("visits")).isEqualTo(3);
    JsonObject village = row(table, "village", VILLAGE);
    assertEvents(village, 5, 4 / 5.0, 2 / 3.0, 2 / 3.0, 1);
    assertThat(village.getInteger("patrols")).isEqualTo(2);
    assertThat(village.getInteger("visits")).isEqualTo(4);
    assertEvents(row(table, "township", "350521104000"), 5, 4 / 5.0, 2 / 3.0, 2 / 3.0, 1);

    // coverage: the road (x = X1, Y0..Y1) lies on both grids; covered within 30 m of either walk
    double d = 30 / M_PER_DEG;
    double road = Y1 - Y0;
    double both = (0.0015 + d + 0.0003 + d) / road;
    assertThat(westGrid.getDouble("coverage")).isCloseTo(both, offset(0.01));
    assertThat(row(table, "grid", EAST).getDouble("coverage")).isCloseTo(both, offset(0.01));
    assertThat(village.getDouble("coverage")).isCloseTo(both, offset(0.01));
    assertThat(west.getDouble("coverage")).isCloseTo((0.0015 + d) / road, offset(0.01));
    assertThat(east.getDouble("coverage")).isCloseTo((0.0003 + d) / road, offset(0.01));

    // with coverage weighed in: the published formula on the same shares
    body(fx().server.send("PUT", "/api/v1/appraisal/weights", admin, "application/json",
        new JsonObject().put("coverage", 40).put("timely", 20).put("onTime", 20).put("firstPass", 10).put("overdue", 10)
            .encode()), 200);
    JsonObject weighted = body(fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&from=2025-03-01&to=2025-03-31"
        + "&level=worker", admin), 200);
    assertThat(weighted.getJsonArray("rows")).allMatch(r -> ((JsonObject) r).getString("level").equals("worker"));
    JsonObject west2 = row(weighted, "worker", "worker-west");
    double c = west2.getDouble("coverage");
    assertThat(west2.getDouble("score")).isCloseTo((40 * c + 20 * 2 / 3.0 + 20 * 0.5 + 10 * 0.5 + 10 * 2 / 3.0)
        / 100 * 100, offset(0.051));

    // the weights: administrators only, validated
    JsonObject badWeight = body(fx().server.send("PUT", "/api/v1/appraisal/weights", admin, "application/json",
        new JsonObject().put("coverage", -1).put("timely", 1).put("onTime", 1).put("firstPass", 1).put("overdue", 1)
            .encode()), 400);
    assertThat(badWeight.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("coverage");
    JsonObject zero = body(fx().server.send("PUT", "/api/v1/appraisal/weights", admin, "application/json",
        new JsonObject().put("coverage", 0).put("timely", 0).put("onTime", 0).put("firstPass", 0).put("overdue", 0)
            .encode()), 400);
    assertThat(zero.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("weights");
    body(fx().server.send("PUT", "/api/v1/appraisal/weights", fx().token("leader-district"), "application/json",
        new JsonObject().put("coverage", 1).put("timely", 1).put("onTime", 1).put("firstPass", 1).put("overdue", 1)
            .encode()), 403);
    assertThat(body(fx().server.get("/api/v1/appraisal/weights", admin), 200).getJsonObject("weights")
        .getDouble("coverage")).isEqualTo(40.0);

    // scopes and bad parameters
    body(fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&period=2025-03", fx().token("leader-other")), 403);
    body(fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&period=2025-03", fx().token("worker-west")), 403);
    assertThat(body(fx().server.get("/api/v1/appraisal?period=March", admin), 400).getJsonArray("details")
        .getJsonObject(0).getString("field")).isEqualTo("period");
    assertThat(body(fx().server.get("/api/v1/appraisal?period=2025-03&format=pdf", admin), 400).getJsonArray("details")
        .getJsonObject(0).getString("field")).isEqualTo("format");

    // the same table as CSV and XLSX
    HttpResponse<String> csv = fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&period=2025-03&format=csv", admin);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> lines = csv.body().replace("\uFEFF", "").lines().toList();
    JsonObject full = body(fx().server.get("/api/v1/appraisal?region=" + VILLAGE + "&period=2025-03", admin), 200);
    assertThat(lines).hasSize(1 + full.getJsonArray("rows").size());
    List<String> headers = List.of(lines.get(0).split(","));
    assertThat(headers).contains("巡查覆盖率(%)", "上报及时率(%)", "按时办结率(%)", "超期件数", "综合得分");
    String westLine = lines.stream().filter(l -> l.contains(",worker-west,")).findFirst().orElseThrow();
    List<String> cells = List.of(westLine.split(",", -1));
    assertThat(cells.get(headers.indexOf("上报及时率(%)"))).isEqualTo("66.7");
    assertThat(cells.get(headers.indexOf("超期件数"))).isEqualTo("1");
    assertThat(cells.get(headers.indexOf("层级"))).isEqualTo("网格员");

    HttpResponse<byte[]> xlsx = fx().server.send(fx().server.request("/api/v1/appraisal?region=" + VILLAGE
        + "&period=2025-03&format=xlsx", admin).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(xlsx.statusCode()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      Sheet sheet = book.getSheet("效能督导");
      assertThat(sheet).isNotNull();
      List<String> xHeaders = new ArrayList<>();
      sheet.getRow(1).forEach(cell -> xHeaders.add(cell.getStringCellValue()));
      assertThat(xHeaders).isEqualTo(headers);
      assertThat(sheet.getLastRowNum()).isEqualTo(1 + full.getJsonArray("rows").size());
      for (int r = 2; r <= sheet.getLastRowNum(); r++) {
        if (sheet.getRow(r).getCell(xHeaders.indexOf("编码")).getStringCellValue().equals("worker-west")) {
          assertThat(sheet.getRow(r).getCell(xHeaders.indexOf("上报及时率(%)")).getNumericCellValue()).isEqualTo(66.7);
          assertThat(sheet.getRow(r).getCell(xHeaders.indexOf("走访户次")).getNumericCellValue()).isEqualTo(3.0);
          assertThat(sheet.getRow(r).getCell(xHeaders.indexOf("综合得分")).getNumericCellValue())
              .isEqualTo(row(full, "worker", "worker-west").getDouble("score"));
        }
      }
    }
  }

  /**
   * A Party member {@code tag + "M"} of a new grid branch {@code tag + "B"} in {@code grid} with the
   * given points and stars; households {@code tag + household} of {@code size} people in building B1;
   * a link from the member to the first household; an active assistance case {@code tag + "C3"} of
   * the household {@code tag + "H3"}. Returns the member's id.
   */
  private static String memberWithHouseholds(String tag, String grid, String branchName, int points, int stars, int size,
                                      String category, String... households) throws Exception {
    String member = tag + "M";
    String branch = tag + "B";
    sql("INSERT INTO party_org (id, kind, name, region_code) VALUES (?, 'grid_branch', ?, ?)", branch, branchName, grid);
    sql("INSERT INTO party_member (id, resident_id, org_id, duty_points, stars) VALUES (?, 'R1', ?, ?, ?)", member,
        branch, points, stars);
    for (String household : households) {
      sql("INSERT INTO household (id, building_id, size) VALUES (?, 'B1', ?)", tag + household, size);
    }
    sql("INSERT INTO party_link (member_id, household_id) VALUES (?, ?)", member, tag + households[0]);
    sql("INSERT INTO assistance_case (id, household_id, category, status) VALUES (?, ?, ?, 'active')",
        tag + "C3", tag + "H3", category);
    return member;
  }

  @Test
  default void theDutyPointsLedgerNeverGoesNegativeAndAuditsEveryEntry() throws Exception {
    String tag = "P" + (System.nanoTime() % 1_000_000);
    String member = memberWithHouseholds(tag, WEST, "西片党支部", 65, 2, 3, "dibao", "H1", "H2", "H3");
    // two visits to the linked household earn points; one to a household not linked does not
    visit(tag + "V1", "worker-west", WEST, T0, tag + "H1", member);
    visit(tag + "V2", "worker-west", WEST, T0.plusDays(1), tag + "H1", member);
    visit(tag + "V3", "worker-west", WEST, T0.plusDays(1), tag + "H2", member);

    String leader = fx().token("leader-village");
    String path = "/api/v1/party-members/" + member + "/points";
    JsonObject ledger = body(fx().server.get(path, leader), 200);
    List<Integer> thresholds = ledger.getJsonObject("rule").getJsonArray("starThresholds").getList();
    int visitPoints = ledger.getJsonObject("rule").getInteger("visitPoints");
    java.util.function.IntUnaryOperator stars = b -> 1 + (int) thresholds.stream().filter(t -> b >= t).count();
    int balance = 65 + 2 * visitPoints;
    assertThat(ledger.getInteger("balance")).isEqualTo(balance);
    assertThat(ledger.getInteger("stars")).isEqualTo(stars.applyAsInt(balance));
    assertThat(ledger.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("kind")))
        .containsExactly("opening", "visit", "visit");
    // awarding is idempotent: reading again adds nothing
    assertThat(body(fx().server.get(path, leader), 200).getJsonArray("entries")).hasSize(3);

    JsonObject activity = new JsonObject().put("kind", "activity").put("points", 5).put("note", "义务巡河");
    body(fx().server.postJson(path, fx().token("worker-west"), activity), 403);
    body(fx().server.postJson(path, fx().token("leader-other"), activity), 403);
    balance += 5;
    assertThat(body(fx().server.postJson(path, leader, activity), 201).getInteger("balance")).isEqualTo(balance);

    // relief goods only for an assistance household, and never more than the balance
    JsonObject notAssisted = body(fx().server.postJson(path, leader, new JsonObject().put("kind", "relief_goods")
        .put("points", 10).put("household", tag + "H2")), 422);
    assertThat(notAssisted.getString("error")).isEqualTo("not_assisted");
    JsonObject overdraft = body(fx().server.postJson(path, leader, new JsonObject().put("kind", "relief_goods")
        .put("points", balance + 1).put("household", tag + "H3")), 422);
    assertThat(overdraft.getString("error")).isEqualTo("insufficient_points");
    assertThat(overdraft.getString("message")).contains(String.valueOf(balance));
    assertThat(overdraft.getJsonArray("details").getJsonObject(0).getInteger("balance")).isEqualTo(balance);

    // five spends of 20 at once: only as many as the balance holds go through
    int spend = 20;
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(pool.submit(() -> fx().server.postJson(path, leader, new JsonObject().put("kind", "relief_goods")
          .put("points", spend).put("household", tag + "H3").put("note", "大米一袋")).statusCode()));
    }
    int ok = 0;
    for (Future<Integer> a : answers) {
      int status = a.get();
      assertThat(status).isIn(201, 422);
      ok += status == 201 ? 1 : 0;
    }
    pool.shutdown();
    assertThat(ok).isEqualTo(balance / spend);
    balance -= ok * spend;
    JsonObject after = body(fx().server.get(path, leader), 200);
    assertThat(after.getInteger("balance")).isEqualTo(balance);
    int sum = 0;
    for (Object o : after.getJsonArray("entries")) {
      JsonObject e = (JsonObject) o;
      sum += e.getInteger("points");
      assertThat(e.getInteger("balance")).isEqualTo(sum).isNotNegative();
    }
    assertThat(sum).isEqualTo(balance);
    // the member's row follows the ledger; every entry is in the audit log
    Row cached = sql("SELECT duty_points, stars FROM party_member WHERE id = ?", member).iterator().next();
    assertThat(cached.getInteger(0)).isEqualTo(balance);
    assertThat(cached.getInteger(1)).isEqualTo(stars.applyAsInt(balance));
    long audited = ((Number) sql("SELECT COUNT(*) FROM audit_log WHERE action = 'party.points' AND target = ?",
        "party_member:" + member).iterator().next().getValue(0)).longValue();
    assertThat(audited).isEqualTo(after.getJsonArray("entries").size());

    // the grid card: the branch's points, with a visit not yet awarded counted, and nothing written by reading
    visit(tag + "V4", "worker-west", WEST, T0.plusDays(2), tag + "H1", member);
    JsonObject stats = body(fx().server.get("/api/v1/regions/" + WEST + "/stats", leader), 200);
    JsonObject card = stats.getJsonArray("partyPoints").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("org").equals(tag + "B")).findFirst().orElseThrow();
    assertThat(card.getLong("points")).isEqualTo(balance + visitPoints);
    assertThat(card.getLong("pendingVisits")).isEqualTo(1);
    assertThat(((Number) sql("SELECT COUNT(*) FROM duty_point_entry WHERE member_id = ?", member).iterator().next()
        .getValue(0)).intValue()).isEqualTo(after.getJsonArray("entries").size());
    Map<String, Object> award = body(fx().server.postJson("/api/v1/party-members/points/award?region=" + VILLAGE,
        fx().admin, new JsonObject()), 200).getMap();
    assertThat(((Number) award.get("entries")).intValue()).isGreaterThanOrEqualTo(1);
    assertThat(body(fx().server.get(path, leader), 200).getInteger("balance")).isEqualTo(balance + visitPoints);

    assertThat(body(fx().server.postJson(path, leader, new JsonObject().put("kind", "visit").put("points", 2)), 400)
        .getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("kind");
    body(fx().server.get("/api/v1/party-members/NO-SUCH/points", leader), 404);
  }

  /**
   * A ledger file (the sample's duty-points.csv) replayed through {@code DutyPoints.importRecorded}:
   * the ledger ends as the same entries recorded one by one at their times would leave it (the opening
   * balance, the visits made before each entry awarded at its time, the spend checked against the
   * balance then), each entry audited; a second import writes nothing; an overdraft or relief goods
   * for a household without an active case refuse the whole file.
   */
  @Test
  default void aLedgerFileReplaysAsTheEntriesRecordedOneByOneWould() throws Exception {
    String tag = "F" + (System.nanoTime() % 1_000_000);
    String member = memberWithHouseholds(tag, EAST, "东片党支部", 45, 1, 2, "tekun", "H1", "H3", "H4");
    visit(tag + "V1", "worker-east", EAST, T0, tag + "H1", member);
    visit(tag + "V2", "worker-east", EAST, T0.plusDays(3), tag + "H1", member);
    visit(tag + "V3", "worker-east", EAST, T0.plusDays(10), tag + "H1", member);
    String csv = "member_id,kind,points,household_id,note,recorded_by,recorded_at\n"
        + member + ",activity,2,,主题党日,leader-village," + T0.plusDays(1) + "\n"
        + member + ",relief_goods,30," + tag + "H3,冬衣一套,leader-village," + T0.plusDays(2) + "\n"
        + member + ",activity,5,,义务巡河,leader-village," + T0.plusDays(5) + "\n";
    var ledger = new org.gridscape.server.party.DutyPoints(db(), java.time.Clock.systemUTC());
    var admin = new org.gridscape.server.auth.Principal("ledger-admin",
        java.util.EnumSet.of(org.gridscape.server.auth.Role.ADMIN), List.of());
    var rows = org.gridscape.server.party.DutyPoints.readCsv(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(ledger.importRecorded(admin, rows).toCompletionStage().toCompletableFuture().get()).isEqualTo(6);

    List<String> written = new ArrayList<>();
    for (Row r : sql("SELECT kind, points, balance, recorded_by, recorded_at, visit_id FROM duty_point_entry"
        + " WHERE member_id = ? ORDER BY id", member)) {
      written.add(r.getString(0) + " " + r.getInteger(1) + " " + r.getInteger(2) + " " + r.getString(3) + " "
          + r.getOffsetDateTime(4).toInstant() + (r.getString(5) == null ? "" : " " + r.getString(5)));
    }
    assertThat(written).containsExactly(
        "opening 45 45 system " + T0.plusDays(1).toInstant(),
        "visit 2 47 system " + T0.plusDays(1).toInstant() + " " + tag + "V1",
        "activity 2 49 leader-village " + T0.plusDays(1).toInstant(),
        "relief_goods -30 19 leader-village " + T0.plusDays(2).toInstant(),
        "visit 2 21 system " + T0.plusDays(5).toInstant() + " " + tag + "V2",
        "activity 5 26 leader-village " + T0.plusDays(5).toInstant());
    Row cached = sql("SELECT duty_points, stars FROM party_member WHERE id = ?", member).iterator().next();
    assertThat(cached.getInteger(0)).isEqualTo(26);
    assertThat(cached.getInteger(1)).isEqualTo(1);
    List<String> audits = new ArrayList<>();
    sql("SELECT actor, detail FROM audit_log WHERE action = 'party.points' AND target = ? ORDER BY id",
        "party_member:" + member).forEach(r -> audits.add(r.getString(0) + ": " + r.getString(1)));
    assertThat(audits).hasSize(6).allMatch(a -> a.startsWith("ledger-admin: "));
    assertThat(audits.get(3)).contains("relief_goods -30 -> 19", "household " + tag + "H3",
        "recorded by leader-village");

    // the same file again writes nothing
    assertThat(ledger.importRecorded(admin, rows).toCompletionStage().toCompletableFuture().get()).isZero();
    // an overdraft, or relief goods for a household without an active case, refuse the whole file
    for (String[] bad : new String[][] {{"120", tag + "H3", "insufficient_points"}, {"5", tag + "H4", "not_assisted"}}) {
      String file = "member_id,kind,points,household_id,note,recorded_by,recorded_at\n"
          + member + ",activity,3,,政策宣传,leader-village," + T0.plusDays(6) + "\n"
          + member + ",relief_goods," + bad[0] + "," + bad[1] + ",大米一袋,leader-village," + T0.plusDays(7) + "\n";
      var refused = ledger.importRecorded(admin, org.gridscape.server.party.DutyPoints.readCsv(
          file.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toCompletionStage().toCompletableFuture();
      assertThat(refused).failsWithin(java.time.Duration.ofMinutes(1)).withThrowableOfType(
          java.util.concurrent.ExecutionException.class).satisfies(e -> assertThat(
              ((org.gridscape.server.DomainException) e.getCause()).code()).isEqualTo(bad[2]));
    }
    assertThat(sql("SELECT COUNT(*) FROM duty_point_entry WHERE member_id = ?", member).iterator().next().getValue(0)
        .toString()).isEqualTo("6");
    // the visit after the file's last entry is awarded when the ledger is next read
    JsonObject read = body(fx().server.get("/api/v1/party-members/" + member + "/points", fx().token("leader-village")), 200);
    assertThat(read.getInteger("balance")).isEqualTo(28);
  }
}
