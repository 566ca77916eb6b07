package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.layer.LayerFixture.GRID_A1;
import static org.gridscape.server.layer.LayerFixture.GRID_A2;
import static org.gridscape.server.layer.LayerFixture.GRID_B1;
import static org.gridscape.server.layer.LayerFixture.VILLAGE_A;
import static org.gridscape.server.layer.LayerFixture.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Imports over HTTP into a real server on H2 and PostgreSQL, then the figures computed from them. */
class LayerImportTest {

  /** The residents file as Excel on Chinese Windows saves it: GBK, Chinese headers and values. */
  static final String RESIDENTS_CHINESE = LayerFixture.RESIDENTS
      .replace("resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags",
          "人员编号,户编号,姓名,身份证号,电话,性别,出生年份,与户主关系,标签")
      .replace(",male,", ",男,").replace(",female,", ",女,").replace(",head,", ",户主,").replace(",spouse,", ",配偶,")
      .replace("elderly_alone;dibao", "独居老人;低保");

  static HttpResponse<String> post(TestServer server, String token, String path, byte[] body, String type) {
    return server.send(server.request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", type).build());
  }

  static HttpResponse<String> postCsv(TestServer server, String token, String layer, String csv) {
    return post(server, token, "/api/v1/imports/" + layer, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
  }

  /** Imports every layer of the fixture (residents as GBK with Chinese headers); asserts each succeeded. */
  static void importAll(TestServer server, String admin) {
    String[][] files = {{"households", LayerFixture.HOUSEHOLDS}, {"party-orgs", LayerFixture.PARTY_ORGS},
        {"organs", LayerFixture.ORGANS}, {"workers", LayerFixture.WORKERS},
        {"inspections", LayerFixture.INSPECTIONS}, {"illegal-construction", LayerFixture.ILLEGAL}};
    for (String[] file : files) {
      HttpResponse<String> r = postCsv(server, admin, file[0], file[1]);
      assertThat(r.statusCode()).as(file[0] + ": " + r.body()).isEqualTo(200);
    }
    HttpResponse<String> residents = post(server, admin, "/api/v1/imports/residents",
        RESIDENTS_CHINESE.getBytes(TextDecoding.GBK), "text/csv");
    assertThat(residents.statusCode()).as(residents.body()).isEqualTo(200);
    assertThat(new JsonObject(residents.body()).getString("charset")).isEqualTo("GBK");
    // Members and links through the combined Party upload, assistance after them.
    JsonObject party = new JsonObject()
        .put("members", csvToJson(LayerFixture.PARTY_MEMBERS)).put("links", csvToJson(LayerFixture.PARTY_LINKS));
    HttpResponse<String> partyResponse = server.postJson("/api/v1/imports/party", admin, party);
    assertThat(partyResponse.statusCode()).as(partyResponse.body()).isEqualTo(200);
    HttpResponse<String> assistance = postCsv(server, admin, "assistance", LayerFixture.ASSISTANCE);
    assertThat(assistance.statusCode()).as(assistance.body()).isEqualTo(200);
  }

  static JsonArray csvToJson(String csv) {
    List<CsvParser.Record> records = CsvParser.parse(csv);
    JsonArray out = new JsonArray();
    for (CsvParser.Record r : records.subList(1, records.size())) {
      JsonObject item = new JsonObject();
      for (int i = 0; i < r.fields().size(); i++) {
        item.put(records.get(0).fields().get(i), r.fields().get(i));
      }
      out.add(item);
    }
    return out;
  }

  static long count(Database db, String sql) {
    return ((Number) await(db.query(sql)).iterator().next().getValue(0)).longValue();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void importsEveryLayerAndComputesTheFigures(TestDatabases.Kind kind) {
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      LayerFixture.seedGeography(db);
      String admin = server.adminToken();

      HttpResponse<String> households = postCsv(server, admin, "households", LayerFixture.HOUSEHOLDS);
      assertThat(households.statusCode()).as(households.body()).isEqualTo(200);
      JsonObject result = new JsonObject(households.body());
      assertThat(result.getInteger("rows")).isEqualTo(5);
      assertThat(result.getJsonArray("dirtyGrids").getList()).containsExactly(GRID_A1, GRID_A2, GRID_B1);
      importAll(server, admin);

      assertThat(count(db, "SELECT COUNT(*) FROM resident")).isEqualTo(9);
      assertThat(count(db, "SELECT COUNT(*) FROM worker_grid")).isEqualTo(6);
      assertThat(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'layer.import' AND actor = 'admin'"))
          .isEqualTo(11);
      // Decoded from GBK and mapped from Chinese values.
      Row r4 = await(db.query("SELECT name, gender, relation, tags FROM resident WHERE id = 'R4'")).iterator().next();
      assertThat(r4.getString(0)).isEqualTo("王老五");
      assertThat(r4.getString(1)).isEqualTo("male");
      assertThat(r4.getString(2)).isEqualTo("head");
      assertThat(r4.getString(3)).isEqualTo("elderly_alone;dibao");

      Map<String, BuildingFigures> a1 = await(new LayerFigures(db).figuresForGrid(GRID_A1));
      assertThat(a1).containsOnlyKeys("B1", "B2");
      BuildingFigures b1 = a1.get("B1");
      assertThat(b1.residents()).isEqualTo(4);
      assertThat(b1.households()).isEqualTo(2);
      assertThat(b1.partyMembers()).isEqualTo(1);
      assertThat(b1.partyLinkedHouseholds()).isEqualTo(2);
      assertThat(b1.assistanceHouseholds()).isEqualTo(1);
      assertThat(b1.assistanceByCategory()).containsEntry(AssistanceCategory.DIBAO, 1)
          .containsEntry(AssistanceCategory.ELDERLY_ALONE, 1).doesNotContainKey(AssistanceCategory.DISABLED);
      assertThat(b1.safetyGrade()).as("the latest inspection counts").isEqualTo(HousingGrade.A);
      assertThat(b1.inspectedOn()).isEqualTo(LocalDate.of(2026, 5, 1));
      assertThat(b1.illegalConstruction()).isEqualTo(IllegalConstruction.NONE);
      BuildingFigures b2 = a1.get("B2");
      assertThat(b2.assistanceHouseholds()).as("closed cases do not count").isZero();
      assertThat(b2.safetyGrade()).isEqualTo(HousingGrade.D);
      assertThat(b2.illegalConstruction()).as("worst case wins").isEqualTo(IllegalConstruction.OPEN);
      assertThat(b2.illegalConstructionOpenFlag()).isEqualTo(1);
      Map<String, Map<String, BuildingFigures>> many = await(new LayerFigures(db).figuresForGrids(
          List.of(GRID_A2, GRID_B1)));
      assertThat(many.get(GRID_A2).get("B3").safetyGrade()).isEqualTo(HousingGrade.UNKNOWN);
      assertThat(many.get(GRID_B1).get("B5")).isEqualTo(BuildingFigures.empty("B5", GRID_B1));
      assertThat(many.get(GRID_B1).get("B4").illegalConstruction()).isEqualTo(IllegalConstruction.REMEDIATING);

      HttpResponse<String> village = server.get("/api/v1/regions/" + VILLAGE_A + "/stats", admin);
      assertThat(village.statusCode()).as(village.body()).isEqualTo(200);
      JsonObject v = new JsonObject(village.body());
      assertThat(v.getString("level")).isEqualTo("village");
      assertThat(v.getLong("residents")).isEqualTo(7);
      assertThat(v.getLong("households")).isEqualTo(4);
      assertThat(v.getLong("partyMembers")).isEqualTo(1);
      assertThat(v.getLong("linkedHouseholds")).isEqualTo(4);
      assertThat(v.getInteger("grids")).isEqualTo(2);
      assertThat(v.getInteger("partyBranches")).isEqualTo(1);
      assertThat(v.getJsonObject("assistanceHouseholds").getMap()).containsEntry("total", 2).containsEntry("dibao", 1)
          .containsEntry("elderly_alone", 1).containsEntry("disabled", 1).containsEntry("dibao_edge", 0);
      assertThat(v.getJsonObject("safetyGrades").getMap()).containsEntry("A", 1).containsEntry("D", 1)
          .containsEntry("unknown", 1).containsEntry("B", 0);
      assertThat(v.getJsonObject("illegalConstruction").getMap()).containsEntry("open", 1)
          .containsEntry("remediated", 1).containsEntry("remediating", 0);
      assertThat(v.getJsonObject("workers").getMap()).containsEntry("comprehensive", 1).containsEntry("police", 1)
          .containsEntry("community", 1).containsEntry("cadre", 0).containsEntry("total", 3);

      JsonObject grid = new JsonObject(server.get("/api/v1/regions/" + GRID_B1 + "/stats", admin).body());
      assertThat(grid.getString("level")).isEqualTo("grid");
      assertThat(grid.getLong("residents")).isEqualTo(2);
      assertThat(grid.getJsonObject("workers").getMap()).containsEntry("cadre", 1).containsEntry("total", 2);
      assertThat(server.get("/api/v1/regions/350521999999/stats", admin).statusCode()).isEqualTo(404);

      HttpResponse<String> districtResponse = server.get("/api/v1/stats", admin);
      assertThat(districtResponse.statusCode()).as(districtResponse.body()).isEqualTo(200);
      JsonObject district = new JsonObject(districtResponse.body());
      assertThat(district.getString("code")).isEqualTo(LayerFixture.DISTRICT);
      assertThat(district.getInteger("townships")).isEqualTo(1);
      assertThat(district.getInteger("villages")).isEqualTo(2);
      assertThat(district.getInteger("grids")).isEqualTo(3);
      assertThat(district.getLong("residents")).isEqualTo(9);
      assertThat(district.getLong("households")).isEqualTo(5);
      assertThat(district.getLong("partyBranches")).isEqualTo(2);
      assertThat(district.getLong("partyMembers")).isEqualTo(2);
      assertThat(district.getLong("linkedHouseholds")).isEqualTo(5);
      assertThat(district.getJsonObject("workers").getInteger("total")).isEqualTo(5);
      assertThat(district.getJsonObject("events").getLong("received")).isZero();

      // a worker who is a Party member (党员网格员): the optional member_id, checked like every reference
      String memberWorker = "worker_id,name,type,phone,organ,village_code,grid_codes,党员编号\n"
          + "WM1,郑三,community,17099000002,,350521104201,350521104201001,M1\n";
      HttpResponse<String> linked = postCsv(server, admin, "workers", memberWorker);
      assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
      Row workerRow = await(db.query("SELECT id, member_id FROM worker WHERE member_id IS NOT NULL")).iterator().next();
      assertThat(workerRow.getString(0) + " " + workerRow.getString(1)).isEqualTo("WM1 M1");
      HttpResponse<String> unknown = postCsv(server, admin, "workers", memberWorker.replace(",M1", ",M9"));
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
      assertThat(new JsonObject(unknown.body()).getJsonArray("details").getJsonObject(0).getMap())
          .containsEntry("column", "member_id").containsEntry("rule", "reference.unresolved");
      assertThat(count(db, "SELECT COUNT(*) FROM worker WHERE member_id = 'M1'")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void rejectsRowsThatDoNotResolveWithTheirLinesAndWritesNothing(TestDatabases.Kind kind) {
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      LayerFixture.seedGeography(db);
      String admin = server.adminToken();
      String planner = LayerFixture.user(server, "planner1", org.gridscape.server.auth.Role.PLANNER);

      String households = LayerFixture.HOUSEHOLDS + "H6,B99,2\nH7,B1,x\nH1,B2,1\n";
      HttpResponse<String> r = postCsv(server, admin, "households", households);
      assertThat(r.statusCode()).isEqualTo(422);
      JsonObject error = new JsonObject(r.body());
      assertThat(error.getString("error")).isEqualTo("invalid_rows");
      JsonArray details = error.getJsonArray("details");
      assertThat(details).hasSize(3);
      assertThat(details.getJsonObject(0).getMap()).containsEntry("line", 7).containsEntry("column", "building_id")
          .containsEntry("rule", "reference.unresolved");
      assertThat(details.getJsonObject(1).getMap()).containsEntry("line", 8).containsEntry("column", "size");
      assertThat(details.getJsonObject(2).getMap()).containsEntry("line", 9).containsEntry("rule", "key.duplicate");
      assertThat(count(db, "SELECT COUNT(*) FROM household")).as("all or nothing").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM scene_dirty")).isZero();

      assertThat(postCsv(server, admin, "households", LayerFixture.HOUSEHOLDS).statusCode()).isEqualTo(200);
      HttpResponse<String> residents = postCsv(server, admin, "residents", LayerFixture.RESIDENTS
          + "R10,H77,某某,,,,,,\n");
      assertThat(residents.statusCode()).isEqualTo(422);
      assertThat(new JsonObject(residents.body()).getJsonArray("details").getJsonObject(0).getMap())
          .containsEntry("line", 11).containsEntry("column", "household_id");
      assertThat(count(db, "SELECT COUNT(*) FROM resident")).isZero();

      // JSON rows are reported by item; a missing required column by name.
      HttpResponse<String> json = post(server, admin, "/api/v1/imports/inspections",
          "[{\"building_id\":\"B1\",\"grade\":\"E\",\"inspected_on\":\"2026-01-01\"},{\"building_id\":\"B2\"}]"
              .getBytes(StandardCharsets.UTF_8), "application/json");
      assertThat(json.statusCode()).isEqualTo(422);
      JsonArray jsonDetails = new JsonObject(json.body()).getJsonArray("details");
      assertThat(jsonDetails.getJsonObject(0).getMap()).containsEntry("item", 1).containsEntry("column", "grade");
      assertThat(jsonDetails.getJsonObject(1).getMap()).containsEntry("item", 2).containsEntry("rule", "value.missing");

      assertThat(postCsv(server, admin, "households", "household_id,size\nH9,2\n").statusCode()).isEqualTo(422);
      assertThat(post(server, admin, "/api/v1/imports/households", new byte[] {1, 2}, "image/png").statusCode())
          .isEqualTo(415);
      assertThat(postCsv(server, admin, "households", "household_id,building_id\n\"H1,B1\n").statusCode())
          .isEqualTo(400);
      assertThat(postCsv(server, planner, "households", LayerFixture.HOUSEHOLDS).statusCode()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void importsAFileInPartsAndNamesTheLinesOfTheFile(TestDatabases.Kind kind) throws Exception {
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      LayerFixture.seedGeography(db);
      LayerImporter importer = new LayerImporter(server.server().context().vertx(), db);
      org.gridscape.server.auth.Principal who = new org.gridscape.server.auth.Principal("loader",
          java.util.EnumSet.of(org.gridscape.server.auth.Role.ADMIN), List.of());
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parts");
      java.nio.file.Path households = java.nio.file.Files.writeString(dir.resolve("households.csv"),
          LayerFixture.HOUSEHOLDS);
      java.nio.file.Path residents = java.nio.file.Files.writeString(dir.resolve("residents.csv"),
          LayerFixture.RESIDENTS);

      ImportResult h = await(importer.importCsvFile(LayerKind.HOUSEHOLDS, households, 2, who));
      assertThat(h.rows()).isEqualTo(5);
      assertThat(h.dirtyGrids()).containsExactly(GRID_A1, GRID_A2, GRID_B1);
      ImportResult r = await(importer.importCsvFile(LayerKind.RESIDENTS, residents, 4, who));
      assertThat(r.rows()).isEqualTo(9);
      assertThat(count(db, "SELECT COUNT(*) FROM resident")).isEqualTo(9);
      // The same figures as one upload of the whole file (importsEveryLayerAndComputesTheFigures).
      assertThat(count(db, "SELECT SUM(birth_year) FROM resident")).isEqualTo(
          java.util.Arrays.stream(LayerFixture.RESIDENTS.split("\n")).skip(1).mapToLong(l -> Long.parseLong(
              l.split(",", -1)[6])).sum());

      // A bad row in the third part: the first two parts stay, the error names the file's line.
      String bad = LayerFixture.RESIDENTS.replace("R", "S") + "S10,H1,某某,,,,,,\nS11,H77,某某,,,,,,\n";
      java.nio.file.Path badFile = java.nio.file.Files.writeString(dir.resolve("bad.csv"), bad);
      LayerImportException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> await(importer.importCsvFile(LayerKind.RESIDENTS, badFile, 4, who)), LayerImportException.class);
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.position()).isEqualTo(12);
        assertThat(p.column()).isEqualTo("household_id");
      });
      assertThat(e.getMessage()).contains("from line 10");
      assertThat(count(db, "SELECT COUNT(*) FROM resident")).isEqualTo(9 + 8);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void upsertReplacesByKeyAndReplaceModeEmptiesTheTable(TestDatabases.Kind kind) {
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      LayerFixture.seedGeography(db);
      String admin = server.adminToken();
      assertThat(postCsv(server, admin, "households", LayerFixture.HOUSEHOLDS).statusCode()).isEqualTo(200);

      // H5 moves from B4 (grid B1) to B3 (grid A2): both grids change.
      HttpResponse<String> moved = postCsv(server, admin, "households", "household_id,building_id,size\nH5,B3,2\n");
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      assertThat(new JsonObject(moved.body()).getInteger("replaced")).isEqualTo(1);
      assertThat(count(db, "SELECT COUNT(*) FROM household")).isEqualTo(5);
      assertThat(count(db, "SELECT COUNT(*) FROM household WHERE id = 'H5' AND building_id = 'B3'")).isEqualTo(1);
      assertThat(new JsonObject(moved.body()).getJsonArray("dirtyGrids").getList()).containsExactly(GRID_A2, GRID_B1);

      HttpResponse<String> replaced = postCsv(server, admin, "households?mode=replace",
          "household_id,building_id,size\nH1,B1,3\n");
      assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
      assertThat(count(db, "SELECT COUNT(*) FROM household")).isEqualTo(1);
      assertThat(postCsv(server, admin, "households?mode=sideways", LayerFixture.HOUSEHOLDS).statusCode())
          .isEqualTo(400);
    }
  }
}
