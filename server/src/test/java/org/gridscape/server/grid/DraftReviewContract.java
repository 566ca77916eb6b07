package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridscape.server.grid.GridApiContract.Y0;
import static org.gridscape.server.grid.GridApiContract.Y1;
import static org.gridscape.server.grid.GridApiContract.feature;
import static org.gridscape.server.grid.GridApiContract.plannerToken;
import static org.gridscape.server.grid.GridApiContract.ring;
import static org.gridscape.server.grid.GridApiContract.server;
import static org.gridscape.server.grid.GridApiContract.village;
import static org.gridscape.server.grid.GridApiContract.x0;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The editor's review steps over HTTP on the grid API tests' server (no server of its own): the draft
 * compared with the published grids (added, removed, reshaped with areas, recoded, and the residents
 * moving between grids), the village's published versions, and the import preview (nothing stored;
 * a suggested and a chosen field mapping, then the import with the mapping). Villages 7 and 8 of
 * {@link GridApiContract}; run on H2 and PostgreSQL by the classes that run it.
 */
interface DraftReviewContract {

  /** Metres per degree of latitude, and of longitude at the villages' latitude (spherical earth). */
  double M_PER_DEG_LAT = Math.PI / 180 * 6_371_008.8;
  double M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos(Math.toRadians((Y0 + Y1) / 2));

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> post(String path, String token, String type, String body) {
    return server().send("POST", path, token, type, body);
  }

  private static String collection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  private static double areaM2(double x0, double y0, double x1, double y1) {
    return (x1 - x0) * M_PER_DEG_LON * (y1 - y0) * M_PER_DEG_LAT;
  }

  @Test
  default void draftDiffNamesEveryChangeAndTheResidentsThatMove() {
    String v = village(7);
    String planner = plannerToken();
    String admin = server().adminToken();
    double x0 = x0(7);
    double x1 = x0 + 0.002;
    double x2 = x0 + 0.004;
    double ym = (Y0 + Y1) / 2;
    // Published: the west half (holding house 1) and the east half cut north/south (house 2 lies south).
    ok(post("/api/v1/imports/grids?village=" + v, planner, "application/geo+json", collection(
        feature("{\"code\":\"" + v + "001\",\"name\":\"西\"}", ring(x0, Y0, x1, Y1)),
        feature("{\"code\":\"" + v + "002\",\"name\":\"东北\"}", ring(x1, ym, x2, Y1)),
        feature("{\"code\":\"" + v + "003\",\"name\":\"东南\"}", ring(x1, Y0, x2, ym)))), 201);
    JsonObject nothing = ok(server().get("/api/v1/villages/" + v + "/draft/diff", planner), 200);
    assertThat(nothing.getJsonObject("counts").getInteger("added")).as("a draft against nothing published").isEqualTo(3);
    ok(post("/api/v1/villages/" + v + "/publish", planner, null, null), 200);
    ok(post("/api/v1/imports/households", admin, "text/csv", "household_id,building_id,size\n"
        + "H" + v + "-1,B" + v + "-1,2\nH" + v + "-2,B" + v + "-2,3\n"), 200);
    ok(post("/api/v1/imports/residents", admin, "text/csv",
        "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags\n"
            + "R" + v + "-1,H" + v + "-1,,,,male,1970,head,\nR" + v + "-2,H" + v + "-1,,,,female,1972,spouse,\n"
            + "R" + v + "-3,H" + v + "-2,,,,male,1960,head,\nR" + v + "-4,H" + v + "-2,,,,female,1961,spouse,\n"
            + "R" + v + "-5,H" + v + "-2,,,,male,1990,child,\n"), 200);

    // Draft: 001 shrinks to its west strip (house 1 now in the new 004), 003's outline gets code 005,
    // 002 is dropped.
    double xm = x0 + 0.0004;
    ok(post("/api/v1/imports/grids?village=" + v, planner, "application/geo+json", collection(
        feature("{\"code\":\"" + v + "001\",\"name\":\"西\"}", ring(x0, Y0, xm, Y1)),
        feature("{\"code\":\"" + v + "004\",\"name\":\"西二\"}", ring(xm, Y0, x1, Y1)),
        feature("{\"code\":\"" + v + "005\",\"name\":\"东南\"}", ring(x1, Y0, x2, ym)))), 201);

    JsonObject diff = ok(server().get("/api/v1/villages/" + v + "/draft/diff", planner), 200);
    assertThat(diff.getBoolean("draft")).isTrue();
    assertThat(diff.getJsonObject("counts").getMap()).containsEntry("added", 1).containsEntry("removed", 1)
        .containsEntry("reshaped", 1).containsEntry("recoded", 1).containsEntry("renamed", 0);
    Map<String, JsonObject> byKind = new LinkedHashMap<>();
    diff.getJsonArray("changes").forEach(c -> byKind.put(((JsonObject) c).getString("change"), (JsonObject) c));
    assertThat(byKind.get("added").getString("code")).isEqualTo(v + "004");
    assertThat(byKind.get("removed").getString("code")).isEqualTo(v + "002");
    assertThat(byKind.get("recoded").getString("code")).isEqualTo(v + "005");
    assertThat(byKind.get("recoded").getString("previousCode")).isEqualTo(v + "003");
    JsonObject reshaped = byKind.get("reshaped");
    assertThat(reshaped.getString("code")).isEqualTo(v + "001");
    double before = areaM2(x0, Y0, x1, Y1);
    double after = areaM2(x0, Y0, xm, Y1);
    assertThat(reshaped.getDouble("areaBefore")).isCloseTo(before, within(before * 0.01));
    assertThat(reshaped.getDouble("areaAfter")).isCloseTo(after, within(after * 0.01));
    assertThat(reshaped.getDouble("areaChange")).isCloseTo(after - before, within(before * 0.01));
    // House 1 (2 residents) moves from 001 to 004; house 2 (3 residents) from 003 to its new code 005.
    assertThat(diff.getInteger("residentsMoving")).isEqualTo(5);
    assertThat(diff.getJsonArray("moves").getList()).containsExactlyInAnyOrder(
        Map.of("from", v + "001", "to", v + "004", "residents", 2, "buildings", 1),
        Map.of("from", v + "003", "to", v + "005", "residents", 3, "buildings", 1));
    assertThat(diff.encode()).as("counts only, nobody named").doesNotContain("R" + v + "-1").doesNotContain("1970");
    // The map gets one feature per change, and the published outline of the reshaped grid.
    assertThat(diff.getJsonObject("features").getJsonArray("features")).hasSize(5);

    // Published versions: one publish so far, by the planner, with what it created.
    JsonObject versions = ok(server().get("/api/v1/villages/" + v + "/versions", planner), 200);
    assertThat(versions.getInteger("current")).isEqualTo(1);
    JsonObject first = versions.getJsonArray("versions").getJsonObject(0);
    assertThat(first.getString("by")).isEqualTo("planner1");
    assertThat(first.getInteger("created")).isEqualTo(3);

    // Domain errors: an unknown village 404, a malformed code 400, in the API's error shape.
    JsonObject missing = ok(server().get("/api/v1/villages/350521104298/draft/diff", admin), 404);
    assertThat(missing.getString("message")).contains("350521104298");
    ok(server().get("/api/v1/villages/12345/draft/diff", admin), 400);
  }

  @Test
  default void importPreviewStoresNothingAndTheImportTakesTheChosenMapping() throws Exception {
    String v = village(8);
    String planner = plannerToken();
    double x0 = x0(8);
    double x1 = x0 + 0.002;
    double x2 = x0 + 0.004;
    // Attribute names no importer knows: the preview has to suggest them from the values.
    String upload = collection(
        feature("{\"BM\":\"" + v + "011\",\"MC\":\"河西片\",\"LX\":\"安置小区\",\"BZ\":\"旧编号A\"}", ring(x0, Y0, x1, Y1)),
        feature("{\"BM\":\"" + v + "012\",\"MC\":\"河东片\",\"LX\":\"普通网格\",\"BZ\":\"旧编号B\"}", ring(x1, Y0, x2, Y1)));
    // Not change_log: the scene builder appends to it in the background when other tests' grids are rebuilt.
    List<String> tables = List.of("grid", "grid_history", "village_draft", "draft_grid", "village_publication");
    Map<String, Long> counts = counts(tables);

    JsonObject preview = ok(post("/api/v1/imports/grids/preview?village=" + v, planner, "application/geo+json",
        upload), 200);
    assertThat(preview.getJsonObject("suggestedMapping").getMap())
        .isEqualTo(Map.of("code", "BM", "name", "MC", "kind", "LX"));
    assertThat(preview.getString("sourceCrs")).isEqualTo("EPSG:4326");
    assertThat(preview.getJsonObject("encoding").getString("charset")).isEqualTo("UTF-8");
    assertThat(preview.getJsonObject("features").getJsonArray("features")).hasSize(2);
    assertThat(preview.getJsonArray("attributes").stream().map(a -> ((JsonObject) a).getString("name")))
        .containsExactly("BM", "MC", "LX", "BZ");
    JsonArray grids = preview.getJsonObject("grids").getJsonArray("grids");
    assertThat(grids.getJsonObject(0).getMap()).containsEntry("code", v + "011").containsEntry("name", "河西片")
        .containsEntry("kind", "resettlement");
    assertThat(preview.getJsonObject("validation").getBoolean("ok")).as(preview.encode()).isTrue();

    // A chosen mapping: names from BZ, no code field (codes assigned west to east).
    JsonObject chosen = ok(post("/api/v1/imports/grids/preview?village=" + v + "&code=&name=BZ&kind=LX", planner,
        "application/geo+json", upload), 200);
    assertThat(chosen.getJsonObject("grids").getJsonArray("assignedCodes")).containsExactly(v + "001", v + "002");
    JsonObject east = chosen.getJsonObject("grids").getJsonArray("grids").getJsonObject(1);
    assertThat(east.getString("name")).isEqualTo("旧编号B");
    assertThat(east.getString("code")).as("numbered west to east").isEqualTo(v + "002");
    // A field the upload does not have is refused, naming the fields it has.
    JsonObject bad = ok(post("/api/v1/imports/grids/preview?village=" + v + "&code=NOPE", planner,
        "application/geo+json", upload), 422);
    assertThat(bad.getString("message")).contains("NOPE").contains("BM");
    assertThat(counts(tables)).as("the preview stored nothing").isEqualTo(counts);

    // The import with the chosen mapping.
    ok(post("/api/v1/imports/grids?village=" + v + "&code=BM&name=BZ&kind=LX", planner, "application/geo+json",
        upload), 201);
    JsonArray draft = ok(server().get("/api/v1/grids?village=" + v + "&revision=draft", planner), 200)
        .getJsonArray("features");
    Map<String, String> names = new LinkedHashMap<>();
    draft.forEach(f -> names.put(((JsonObject) f).getJsonObject("properties").getString("code"),
        ((JsonObject) f).getJsonObject("properties").getString("name")));
    assertThat(names).isEqualTo(Map.of(v + "011", "旧编号A", v + "012", "旧编号B"));
  }

  @Test
  default void importPreviewSaysWhichEncodingAShapefileWasReadWith() throws Exception {
    String v = village(8);
    double x0 = x0(8);
    var factory = new org.locationtech.jts.geom.GeometryFactory();
    var square = new org.locationtech.jts.io.WKTReader(factory).read("POLYGON((" + x0 + " " + Y0 + ", " + (x0 + 0.004)
        + " " + Y0 + ", " + (x0 + 0.004) + " " + Y1 + ", " + x0 + " " + Y1 + ", " + x0 + " " + Y0 + "))");
    var layer = new org.gridscape.server.ingest.FeatureLayer("grids", null, List.of(new org.gridscape.server.ingest
        .SourceFeature(0, null, square, Map.of("BM", v + "031", "MC", "河西片"))));
    byte[] withCpg = org.gridscape.server.ingest.shapefile.ShapefileZip.write(List.of(layer),
        java.nio.charset.Charset.forName("GB18030"));
    // The same files without the .cpg: the reader has to tell GB18030 from UTF-8 by itself.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(withCpg));
        var out = new java.util.zip.ZipOutputStream(bytes)) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.getName().endsWith(".cpg")) {
          out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    for (var upload : Map.of("cpg", withCpg, "detected", bytes.toByteArray()).entrySet()) {
      HttpResponse<String> r = server().send(server().request("/api/v1/imports/grids/preview?village=" + v,
          plannerToken()).header("Content-Type", "application/zip")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(upload.getValue())).build());
      JsonObject preview = ok(r, 200);
      assertThat(preview.getJsonObject("encoding").getMap()).as(upload.getKey())
          .isEqualTo(Map.of("charset", "GB18030", "source", upload.getKey()));
      assertThat(preview.getJsonArray("attributes").encode()).as("names decoded").contains("河西片");
      assertThat(preview.getJsonObject("suggestedMapping").getString("name")).isEqualTo("MC");
    }
  }

  private static Map<String, Long> counts(List<String> tables) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : tables) {
      // Table names come from the test's own list, never from input.
      out.put(table, server().server().context().db().query("SELECT COUNT(*) FROM " + table)
          .map(rows -> ((Number) rows.iterator().next().getValue(0)).longValue())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    return out;
  }
}
