package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * OGC API - Features Part 1 over HTTP, checked against the standard's requirements (links with rel
 * and type, content types, paging, bbox, errors) and against the database. Run on H2 and PostgreSQL.
 */
abstract class OgcApiContract {

  static TestServer server;
  static String token;
  static Database db;

  static void startOn(TestDatabases.Kind kind) {
    server = TestServer.start(kind);
    token = server.adminToken();
    db = server.server().context().db();
    LayerData.seed(db);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static JsonObject json(String path, String expectedType) {
    HttpResponse<String> response = server.get(path, token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
        type -> assertThat(type).startsWith(expectedType));
    return new JsonObject(response.body());
  }

  static JsonObject linkNamed(JsonArray links, String rel) {
    for (Object o : links) {
      JsonObject link = (JsonObject) o;
      if (link.getString("rel").equals(rel)) {
        return link;
      }
    }
    return null;
  }

  /** Every link has href, rel and type (OGC API - Features /rec/core/link-header, /req/core/fc-links). */
  static void assertLinksComplete(JsonArray links) {
    assertThat(links).isNotEmpty();
    for (Object o : links) {
      JsonObject link = (JsonObject) o;
      assertThat(link.getString("href")).startsWith("http://");
      assertThat(link.getString("rel")).isNotBlank();
      assertThat(link.getString("type")).isNotBlank();
    }
  }

  static String path(String href) {
    return href.substring(href.indexOf("/ogc"));
  }

  static List<String> ids(String sql) {
    List<String> out = new ArrayList<>();
    for (Row row : LayerData.await(db.query(sql, Tuple.tuple()))) {
      out.add(String.valueOf(row.getValue(0)));
    }
    return out;
  }

  @Test
  void landingPageLinksToApiConformanceAndData() {
    JsonObject landing = json("/ogc", "application/json");
    assertLinksComplete(landing.getJsonArray("links"));
    assertThat(linkNamed(landing.getJsonArray("links"), "service-desc").getString("type"))
        .isEqualTo("application/vnd.oai.openapi+json;version=3.0");
    assertThat(linkNamed(landing.getJsonArray("links"), "conformance").getString("href")).endsWith("/ogc/conformance");
    assertThat(linkNamed(landing.getJsonArray("links"), "data").getString("href")).endsWith("/ogc/collections");
    assertThat(linkNamed(landing.getJsonArray("links"), "self")).isNotNull();
  }

  @Test
  void conformanceDeclaresCoreGeoJsonOpenApiAndCrs() {
    JsonArray classes = json("/ogc/conformance", "application/json").getJsonArray("conformsTo");
    assertThat(classes.getList()).contains(OgcRoutes.CONFORMANCE_CORE, OgcRoutes.CONFORMANCE_GEOJSON,
        OgcRoutes.CONFORMANCE_OAS30, "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
  }

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG_4490 = "http://www.opengis.net/def/crs/EPSG/0/4490";

  static String enc(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void collectionsOfferCrs84AndCgcs2000() {
    JsonObject grids = json("/ogc/collections/grids", "application/json");
    assertThat(grids.getJsonArray("crs").getList()).containsExactly(CRS84, EPSG_4490);
    assertThat(grids.getString("storageCrs")).isEqualTo(CRS84);
    assertThat(grids.getJsonObject("extent").getJsonObject("spatial").getString("crs")).isEqualTo(CRS84);
    for (Object c : json("/ogc/collections", "application/json").getJsonArray("collections")) {
      assertThat(((JsonObject) c).getJsonArray("crs").getList()).as(((JsonObject) c).getString("id"))
          .contains(CRS84, EPSG_4490);
    }
  }

  @Test
  void crsParameterSwapsAxesForEpsg4490AndNamesTheCrsInTheHeader() {
    String item = "/ogc/collections/grids/items/" + LayerData.GRID_A2;
    HttpResponse<String> plain = server.get(item, token);
    assertThat(plain.headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
    HttpResponse<String> cgcs = server.get(item + "?crs=" + enc(EPSG_4490), token);
    assertThat(cgcs.statusCode()).as(cgcs.body()).isEqualTo(200);
    assertThat(cgcs.headers().firstValue("Content-Crs")).hasValue("<" + EPSG_4490 + ">");
    JsonArray lonLat = new JsonObject(plain.body()).getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    JsonArray latLon = new JsonObject(cgcs.body()).getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    assertThat(latLon.size()).isEqualTo(lonLat.size());
    for (int i = 0; i < lonLat.size(); i++) {
      assertThat(latLon.getJsonArray(i).getDouble(0)).isEqualTo(lonLat.getJsonArray(i).getDouble(1));
      assertThat(latLon.getJsonArray(i).getDouble(1)).isEqualTo(lonLat.getJsonArray(i).getDouble(0));
    }
    // The first corner is a latitude (about 24.96), not the longitude 118.70.
    assertThat(latLon.getJsonArray(0).getDouble(0)).isBetween(24.9, 25.0);

    HttpResponse<String> page = server.get("/ogc/collections/events/items?limit=1&crs=" + enc(EPSG_4490), token);
    assertThat(page.headers().firstValue("Content-Crs")).hasValue("<" + EPSG_4490 + ">");
    JsonObject events = new JsonObject(page.body());
    assertThat(events.getJsonArray("features").getJsonObject(0).getJsonObject("geometry").getJsonArray("coordinates")
        .getDouble(0)).isBetween(24.9, 25.0);
    // Paging keeps the CRS.
    assertThat(linkNamed(events.getJsonArray("links"), "next").getString("href")).contains("crs=" + enc(EPSG_4490));
  }

  @Test
  void bboxCrsTakesLatitudeFirstBoxesInEpsg4490() {
    double minx = LayerData.X0 + 0.0025;
    double miny = LayerData.Y0 + 0.0005;
    double maxx = LayerData.X0 + 0.0035;
    double maxy = LayerData.Y0 + 0.0015;
    JsonObject latLon = json("/ogc/collections/grids/items?bbox=" + miny + "," + minx + "," + maxy + "," + maxx
        + "&bbox-crs=" + enc(EPSG_4490), "application/geo+json");
    assertThat(latLon.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactly(LayerData.GRID_A2);
    // Read as CRS84 the same numbers have a latitude of 118 degrees.
    assertThat(server.get("/ogc/collections/grids/items?bbox=" + miny + "," + minx + "," + maxy + "," + maxx, token)
        .statusCode()).isEqualTo(400);
    assertThat(linkNamed(latLon.getJsonArray("links"), "self").getString("href")).contains("bbox-crs=" + enc(EPSG_4490));
    // Longitude first, as PROJ-based clients send it, is understood where the numbers leave no doubt.
    JsonObject lonLat = json("/ogc/collections/grids/items?bbox=" + minx + "," + miny + "," + maxx + "," + maxy
        + "&bbox-crs=" + enc(EPSG_4490), "application/geo+json");
    assertThat(lonLat.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactly(LayerData.GRID_A2);
  }

  @Test
  void unsupportedCrsIs400() {
    for (String query : new String[] {"crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857"), "crs=EPSG:4490",
        "bbox=1,2,3,4&bbox-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/4528")}) {
      HttpResponse<String> response = server.get("/ogc/collections/grids/items?" + query, token);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("message")).as(query).contains("not supported");
    }
    assertThat(server.get("/ogc/collections/grids/items/" + LayerData.GRID_A1 + "?crs=" + enc("urn:x"), token)
        .statusCode()).isEqualTo(400);
  }

  @Test
  void buildingsCarryTheirHousingSafetyGradeAndIllegalConstructionStatus() throws InterruptedException {
    JsonObject b0 = json("/ogc/collections/buildings/items/B000", "application/geo+json").getJsonObject("properties");
    assertThat(b0.getString("safety_grade")).isEqualTo("C");
    assertThat(b0.getString("inspected_on")).isEqualTo("2025-06-01");
    assertThat(b0.getString("illegal_construction")).isEqualTo("none");
    JsonObject b1 = json("/ogc/collections/buildings/items/B001", "application/geo+json").getJsonObject("properties");
    assertThat(b1.getString("safety_grade")).isEqualTo("unknown");
    assertThat(b1.getValue("inspected_on")).isNull();
    assertThat(b1.getString("illegal_construction")).isEqualTo("open");
    JsonObject b2 = json("/ogc/collections/buildings/items/B002", "application/geo+json").getJsonObject("properties");
    assertThat(b2.getString("safety_grade")).isEqualTo("A");
    assertThat(b2.getString("illegal_construction")).isEqualTo("remediated");
    // The same for every building of the page, read from the database.
    for (Object o : json("/ogc/collections/buildings/items?limit=100", "application/geo+json").getJsonArray("features")) {
      JsonObject p = ((JsonObject) o).getJsonObject("properties");
      assertThat(p.getString("safety_grade")).isIn("A", "B", "C", "D", "unknown");
      assertThat(p.getString("illegal_construction")).isIn("none", "open", "remediating", "remediated");
    }
    // An appraisal imported later is served within seconds (the buildings' signature watches inspections).
    LayerData.await(db.query("INSERT INTO inspection (building_id, inspected_on, grade, inspector) VALUES (?, ?, ?, ?)",
        Tuple.of("B001", java.time.LocalDate.of(2026, 1, 10), "D", LayerData.INSPECTOR_NAME)));
    try {
      String grade = null;
      for (int i = 0; i < 100 && !"D".equals(grade); i++) {
        Thread.sleep(100);
        grade = json("/ogc/collections/buildings/items/B001", "application/geo+json").getJsonObject("properties")
            .getString("safety_grade");
      }
      assertThat(grade).isEqualTo("D");
    } finally {
      LayerData.await(db.query("DELETE FROM inspection WHERE building_id = 'B001'", Tuple.tuple()));
    }
  }

  @Test
  void apiDefinitionIsOpenApi30WithTheCollectionPaths() {
    JsonObject api = json("/ogc/api", "application/vnd.oai.openapi+json;version=3.0");
    assertThat(api.getString("openapi")).startsWith("3.0");
    assertThat(api.getJsonObject("paths").fieldNames()).contains("/", "/conformance", "/collections",
        "/collections/{collectionId}", "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}");
    JsonArray parameters = api.getJsonObject("paths").getJsonObject("/collections/{collectionId}/items")
        .getJsonObject("get").getJsonArray("parameters");
    JsonObject limit = parameters.stream().map(JsonObject.class::cast).filter(p -> p.getString("name").equals("limit"))
        .findFirst().orElseThrow();
    assertThat(limit.getJsonObject("schema").getInteger("minimum")).isEqualTo(1);
    assertThat(limit.getJsonObject("schema").getInteger("maximum")).isEqualTo(10000);
    assertThat(limit.getJsonObject("schema").getInteger("default")).isEqualTo(10);
  }

  @Test
  void collectionsListEveryLayerWithLinksAndExtent() {
    JsonObject doc = json("/ogc/collections", "application/json");
    assertLinksComplete(doc.getJsonArray("links"));
    List<String> ids = new ArrayList<>();
    for (Object o : doc.getJsonArray("collections")) {
      JsonObject c = (JsonObject) o;
      ids.add(c.getString("id"));
      assertLinksComplete(c.getJsonArray("links"));
      assertThat(linkNamed(c.getJsonArray("links"), "items").getString("type")).isEqualTo("application/geo+json");
    }
    assertThat(ids).containsExactly("townships", "workareas", "villages", "grids", "buildings", "roads", "water",
        "landuse", "events", "neighbourhood-centres");
    // Each collection of the test district (the one LayerDemoServer serves to the CITE suite) has a
    // feature that can be read by its id in both CRSs: the suite requests /items/{first id} of every
    // collection and fails (404 on an empty id) where a collection is empty.
    for (String id : ids) {
      JsonObject first = json("/ogc/collections/" + id + "/items?limit=1", "application/geo+json");
      assertThat(first.getJsonArray("features")).as("features of %s", id).hasSize(1);
      String featureId = String.valueOf(first.getJsonArray("features").getJsonObject(0).getValue("id"));
      for (String crs : List.of(CRS84, EPSG_4490)) {
        HttpResponse<String> one = server.get("/ogc/collections/" + id + "/items/" + featureId + "?crs=" + crs, token);
        assertThat(one.statusCode()).as("%s/items/%s in %s: %s", id, featureId, crs, one.body()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Crs")).hasValue("<" + crs + ">");
      }
    }
    JsonObject grids = json("/ogc/collections/grids", "application/json");
    JsonArray bbox = grids.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
    // The retired grid (the fourth) is not part of the layer.
    assertThat(bbox.getDouble(0)).isCloseTo(LayerData.X0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(bbox.getDouble(2)).isCloseTo(LayerData.X0 + 0.006, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void itemsPageThroughEveryFeatureWithNextAndPrevLinks() {
    List<String> expected = ids("SELECT id FROM building ORDER BY id");
    JsonObject page = json("/ogc/collections/buildings/items", "application/geo+json");
    assertThat(page.getString("type")).isEqualTo("FeatureCollection");
    assertThat(page.getString("timeStamp")).isNotBlank();
    assertThat(page.getLong("numberMatched")).isEqualTo(expected.size());
    assertThat(page.getInteger("numberReturned")).isEqualTo(10).isEqualTo(page.getJsonArray("features").size());
    assertThat(linkNamed(page.getJsonArray("links"), "prev")).isNull();
    List<String> seen = new ArrayList<>();
    int pages = 0;
    while (true) {
      assertLinksComplete(page.getJsonArray("links"));
      page.getJsonArray("features").forEach(f -> seen.add(((JsonObject) f).getString("id")));
      pages++;
      JsonObject next = linkNamed(page.getJsonArray("links"), "next");
      if (next == null) {
        break;
      }
      assertThat(next.getString("type")).isEqualTo("application/geo+json");
      page = json(path(next.getString("href")), "application/geo+json");
      assertThat(linkNamed(page.getJsonArray("links"), "prev")).isNotNull();
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo((expected.size() + 9) / 10);

    JsonObject small = json("/ogc/collections/buildings/items?limit=3&offset=4", "application/geo+json");
    assertThat(small.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactlyElementsOf(expected.subList(4, 7));
    assertThat(path(linkNamed(small.getJsonArray("links"), "prev").getString("href")))
        .isEqualTo("/ogc/collections/buildings/items?limit=3&offset=1");
  }

  @Test
  void featuresCarryGeometryAndPropertiesFromTheDatabase() {
    JsonObject grid = json("/ogc/collections/grids/items/" + LayerData.GRID_A2, "application/geo+json");
    assertThat(grid.getString("type")).isEqualTo("Feature");
    assertThat(grid.getString("id")).isEqualTo(LayerData.GRID_A2);
    assertThat(grid.getJsonObject("properties").getString("kind")).isEqualTo("resettlement");
    assertThat(grid.getJsonObject("properties").getString("name")).isEqualTo("洛阳村第二网格");
    assertThat(grid.getJsonObject("properties").getString("village_code")).isEqualTo(LayerData.VILLAGE_A);
    assertThat(grid.getJsonObject("properties").containsKey("updated_by")).isFalse();
    JsonObject geometry = grid.getJsonObject("geometry");
    assertThat(geometry.getString("type")).isEqualTo("Polygon");
    JsonArray ring = geometry.getJsonArray("coordinates").getJsonArray(0);
    assertThat(ring.size()).isEqualTo(5);
    Set<String> corners = new HashSet<>();
    ring.forEach(p -> corners.add(corner(((JsonArray) p).getDouble(0), ((JsonArray) p).getDouble(1))));
    assertThat(corners).containsExactlyInAnyOrder(corner(LayerData.X0 + 0.002, LayerData.Y0),
        corner(LayerData.X0 + 0.004, LayerData.Y0), corner(LayerData.X0 + 0.004, LayerData.Y0 + 0.002),
        corner(LayerData.X0 + 0.002, LayerData.Y0 + 0.002));
    // RFC 7946: exterior rings counter-clockwise.
    double area2 = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      area2 += ring.getJsonArray(i).getDouble(0) * ring.getJsonArray(i + 1).getDouble(1)
          - ring.getJsonArray(i + 1).getDouble(0) * ring.getJsonArray(i).getDouble(1);
    }
    assertThat(area2).isPositive();
    assertLinksComplete(grid.getJsonArray("links"));
    assertThat(linkNamed(grid.getJsonArray("links"), "collection")).isNotNull();

    JsonObject roads = json("/ogc/collections/roads/items", "application/geo+json");
    assertThat(roads.getJsonArray("features")).hasSize(2);
    assertThat(roads.getJsonArray("features").getJsonObject(0).getJsonObject("geometry").getString("type"))
        .isEqualTo("LineString");
    JsonObject centres = json("/ogc/collections/neighbourhood-centres/items", "application/geo+json");
    assertThat(centres.getLong("numberMatched")).isEqualTo(1);
    assertThat(centres.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getString("name"))
        .isEqualTo("洛阳村党建+邻里中心");
    assertThat(json("/ogc/collections/townships/items", "application/geo+json").getLong("numberMatched")).isEqualTo(1);
    assertThat(json("/ogc/collections/villages/items", "application/geo+json").getLong("numberMatched")).isEqualTo(2);
  }

  private static String corner(double x, double y) {
    return String.format(java.util.Locale.ROOT, "%.7f,%.7f", x, y);
  }

  @Test
  void retiredGridsAreLeftOut() {
    JsonObject grids = json("/ogc/collections/grids/items", "application/geo+json");
    assertThat(grids.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactly(LayerData.GRID_A1, LayerData.GRID_A2, LayerData.GRID_B1);
    assertThat(server.get("/ogc/collections/grids/items/" + LayerData.GRID_RETIRED, token).statusCode()).isEqualTo(404);
  }

  @Test
  void bboxSelectsIntersectingFeaturesIncludingAcrossTheAntimeridian() {
    // The box covers grid 2 only and touches no other grid's interior... except at shared edges, which intersect.
    JsonObject inner = json("/ogc/collections/grids/items?bbox=" + (LayerData.X0 + 0.0025) + "," + (LayerData.Y0 + 0.0005)
        + "," + (LayerData.X0 + 0.0035) + "," + (LayerData.Y0 + 0.0015), "application/geo+json");
    assertThat(inner.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactly(LayerData.GRID_A2);
    assertThat(inner.getLong("numberMatched")).isEqualTo(1);
    assertThat(path(linkNamed(inner.getJsonArray("links"), "self").getString("href"))).contains("bbox=");

    JsonObject across = json("/ogc/collections/buildings/items?bbox=179.9,9.9,-179.9,10.1", "application/geo+json");
    assertThat(across.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList())
        .containsExactly("B-east", "B-west");
    JsonObject empty = json("/ogc/collections/buildings/items?bbox=0,0,1,1", "application/geo+json");
    assertThat(empty.getLong("numberMatched")).isZero();
    assertThat(empty.getJsonArray("features")).isEmpty();
  }

  @Test
  void datetimeFiltersEventsByReportTimeAndKeepsTimelessFeatures() {
    String now = java.time.Instant.now().toString();
    assertThat(json("/ogc/collections/events/items?datetime=2020-01-01T00:00:00Z/..", "application/geo+json")
        .getLong("numberMatched")).isEqualTo(2);
    assertThat(json("/ogc/collections/events/items?datetime=../2020-01-01", "application/geo+json")
        .getLong("numberMatched")).isZero();
    assertThat(json("/ogc/collections/events/items?datetime=" + now + "/..", "application/geo+json")
        .getLong("numberMatched")).isZero();
    JsonObject grids = json("/ogc/collections/grids/items?limit=1&datetime=2020-01-01/..", "application/geo+json");
    assertThat(grids.getLong("numberMatched")).isEqualTo(3);
    assertThat(linkNamed(grids.getJsonArray("links"), "next").getString("href")).contains("datetime=2020-01-01%2F..");
    // Roads have no time: a filter keeps them all.
    assertThat(json("/ogc/collections/roads/items?datetime=2020-01-01", "application/geo+json")
        .getLong("numberMatched")).isEqualTo(2);
    for (String bad : new String[] {"yesterday", "../..", "2021-01-01/2020-01-01", "2020-13-01"}) {
      assertThat(server.get("/ogc/collections/events/items?datetime=" + bad, token).statusCode()).as(bad)
          .isEqualTo(400);
    }
  }

  @Test
  void badParametersAreJsonErrors() {
    for (String query : new String[] {"limit=0", "limit=10001", "limit=ten", "offset=-1", "bbox=1,2,3",
        "bbox=a,b,c,d", "bbox=0,10,1,5", "colour=red", "limit=5&limit=6", "f=html"}) {
      HttpResponse<String> response = server.get("/ogc/collections/grids/items?" + query, token);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).as(query).isEqualTo("bad_request");
    }
    assertThat(server.get("/ogc/collections?colour=red", token).statusCode()).isEqualTo(400);
    assertThat(server.get("/ogc/collections/residents/items", token).statusCode()).isEqualTo(404);
    assertThat(server.get("/ogc/collections/grids/items/350521104201999", token).statusCode()).isEqualTo(404);
    assertThat(server.get("/ogc/collections/roads/items/not-a-number", token).statusCode()).isEqualTo(404);
    assertThat(json("/ogc/collections/grids/items?limit=10000", "application/geo+json").getInteger("numberReturned"))
        .isEqualTo(3);
  }

  @Test
  void nothingPersonalLeavesThroughTheLayers() {
    for (Layer layer : Layers.ALL) {
      String body = server.get("/ogc/collections/" + layer.id() + "/items?limit=10000", token).body();
      assertThat(body).as(layer.id()).doesNotContain(LayerData.REPORTER_NAME).doesNotContain(LayerData.EVENT_TITLE)
          .doesNotContain("13800000000").doesNotContain("worker7").doesNotContain("planner1")
          .doesNotContain(LayerData.INSPECTOR_NAME);
    }
    JsonObject events = json("/ogc/collections/events/items", "application/geo+json");
    assertThat(events.getJsonArray("features").getJsonObject(0).getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("category", "level", "step", "escalation", "supervised", "grid_code",
            "village_code", "reported_at", "deadline", "closed_at");
  }

  @Test
  void signingInIsRequired() {
    assertThat(server.get("/ogc/collections", null).statusCode()).isEqualTo(401);
    assertThat(server.get("/ogc", null).statusCode()).isEqualTo(401);
  }

  @Test
  void cachedPagesFollowChangesInTheDatabase() throws InterruptedException {
    String path = "/ogc/collections/grids/items/" + LayerData.GRID_B1;
    assertThat(json(path, "application/geo+json").getJsonObject("properties").getString("name")).isEqualTo("上浦村第一网格");
    LayerData.await(db.query("UPDATE grid SET name = ?, version = version + 1 WHERE code = ?",
        Tuple.of("上浦村东网格", LayerData.GRID_B1)));
    try {
      assertThat(awaitName(path, "上浦村东网格")).isEqualTo("上浦村东网格");
    } finally {
      LayerData.await(db.query("UPDATE grid SET name = ?, version = version + 1 WHERE code = ?",
          Tuple.of("上浦村第一网格", LayerData.GRID_B1)));
      awaitName(path, "上浦村第一网格");
    }
  }

  /** Polls (the layer signature is re-read at most once a second) until the feature has the name, up to 10 s. */
  private static String awaitName(String path, String wanted) throws InterruptedException {
    String name = null;
    for (int i = 0; i < 100 && !wanted.equals(name); i++) {
      Thread.sleep(100);
      name = json(path, "application/geo+json").getJsonObject("properties").getString("name");
    }
    return name;
  }
}
