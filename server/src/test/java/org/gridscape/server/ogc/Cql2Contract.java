package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.gridscape.server.ogc.filter.Queryables;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.junit.jupiter.api.Test;

/**
 * OGC API - Features Part 3 (queryables, filter) with CQL2 text and JSON over HTTP, on the small
 * district of {@link LayerData} and the server of {@link OgcApiContract} (nested in its H2 and
 * PostgreSQL tests, so no server or data of its own). The cases follow the examples of the CQL2
 * standard (OGC 21-065r2, Annex A and clause 7) adapted to these layers; every expected answer is
 * worked out here, independently of the server: by a predicate in Java over the features fetched
 * without a filter (geometries with JTS), or by a count by hand on the fixture where noted.
 */
abstract class Cql2Contract {

  private static final String ITEMS = "/ogc/collections/%s/items?limit=10000";

  /** A filter and, in Java, which unfiltered features it must return. */
  private record Case(String layer, String filter, Predicate<JsonObject> expected) {}

  static JsonObject page(String path) {
    HttpResponse<String> response = OgcApiContract.server.get(path, OgcApiContract.token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static List<JsonObject> features(JsonObject page) {
    List<JsonObject> out = new ArrayList<>();
    page.getJsonArray("features").forEach(f -> out.add((JsonObject) f));
    return out;
  }

  static List<JsonObject> all(String layer) {
    return features(page(String.format(ITEMS, layer)));
  }

  /** The ids a filter returns (one page holds them all; numberMatched must agree). */
  static List<String> filtered(String layer, String filter, String more) {
    JsonObject page = page(String.format(ITEMS, layer) + "&filter=" + OgcApiContract.enc(filter) + more);
    List<String> ids = features(page).stream().map(f -> f.getString("id")).toList();
    assertThat(page.getLong("numberMatched")).as(filter).isEqualTo(ids.size());
    return ids;
  }

  static List<String> expected(String layer, Predicate<JsonObject> predicate) {
    return all(layer).stream().filter(predicate).map(f -> f.getString("id")).toList();
  }

  static Object prop(JsonObject feature, String name) {
    return feature.getJsonObject("properties").getValue(name);
  }

  static long num(JsonObject feature, String name) {
    return ((Number) prop(feature, name)).longValue();
  }

  static double real(JsonObject feature, String name) {
    return ((Number) prop(feature, name)).doubleValue();
  }

  static String str(JsonObject feature, String name) {
    return (String) prop(feature, name);
  }

  static Instant time(JsonObject feature, String name) {
    String value = str(feature, name);
    return value == null ? null : Instant.parse(value);
  }

  static Geometry geometry(JsonObject feature) {
    try {
      return new GeoJsonReader().read(feature.getJsonObject("geometry").encode());
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  static String wkt(Geometry g) {
    return new WKTWriter().write(g);
  }

  private void check(List<Case> cases) {
    int nonEmpty = 0;
    for (Case c : cases) {
      List<String> expected = expected(c.layer(), c.expected());
      assertThat(filtered(c.layer(), c.filter(), "")).as(c.layer() + ": " + c.filter())
          .containsExactlyElementsOf(expected);
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    // the cases are not all trivially empty
    assertThat(nonEmpty).isGreaterThan(cases.size() / 2);
  }

  // --- queryables and conformance

  @Test
  void everyCollectionHasQueryablesOfItsPublishedPropertiesOnly() {
    for (Layer layer : Layers.ALL) {
      String path = "/ogc/collections/" + layer.id() + "/queryables";
      HttpResponse<String> response = OgcApiContract.server.get(path, OgcApiContract.token);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith(Queryables.MEDIA_TYPE));
      JsonObject schema = new JsonObject(response.body());
      assertThat(schema.getString("$schema")).isEqualTo(Queryables.SCHEMA);
      assertThat(schema.getString("$id")).endsWith(path);
      assertThat(schema.getBoolean("additionalProperties")).isFalse();
      List<String> names = new ArrayList<>(schema.getJsonObject("properties").fieldNames());
      List<String> published = new ArrayList<>(List.of("geometry"));
      layer.properties().forEach(p -> published.add(p.name()));
      assertThat(names).containsExactlyInAnyOrderElementsOf(published);
      assertThat(schema.getJsonObject("properties").getJsonObject("geometry").getString("x-ogc-role"))
          .isEqualTo("primary-geometry");
      JsonObject collection = OgcApiContract.json("/ogc/collections/" + layer.id(), "application/json");
      JsonObject link = OgcApiContract.linkNamed(collection.getJsonArray("links"), OgcRoutes.REL_QUERYABLES);
      assertThat(link.getString("href")).endsWith(path);
    }
    JsonObject grids = page("/ogc/collections/grids/queryables").getJsonObject("properties");
    assertThat(grids.getJsonObject("kind").getJsonArray("enum").getList())
        .containsExactly("standard", "resettlement", "residential_compound", "enterprise");
    assertThat(grids.getJsonObject("updated_at").getString("format")).isEqualTo("date-time");
    assertThat(grids.getJsonObject("version").getString("type")).isEqualTo("integer");
    JsonObject buildings = page("/ogc/collections/buildings/queryables").getJsonObject("properties");
    assertThat(buildings.getJsonObject("safety_grade").getJsonArray("enum").getList())
        .containsExactly("A", "B", "C", "D", "unknown");
    JsonObject events = page("/ogc/collections/events/queryables").getJsonObject("properties");
    assertThat(events.getJsonObject("step").getJsonArray("enum").getList()).contains("dispatch", "closed");
    assertThat(events.fieldNames()).doesNotContain("reporter_name", "reporter", "description", "title", "assignee");
  }

  @Test
  void conformanceDeclaresFilteringAndCql2Classes() {
    JsonArray classes = OgcApiContract.json("/ogc/conformance", "application/json").getJsonArray("conformsTo");
    assertThat(classes.getList()).containsAll(OgcRoutes.CONFORMANCE_FILTER);
    assertThat(classes.getList()).doesNotContain("http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/functions");
  }

  // --- CQL2 text, by conformance class

  @Test
  void basicCql2() {
    check(List.of(
        new Case("buildings", "floors > 3", f -> num(f, "floors") > 3),
        new Case("buildings", "floors >= 3 AND height < 12.5", f -> num(f, "floors") >= 3 && real(f, "height") < 12.5),
        new Case("buildings", "floors = 1 or floors = 5", f -> num(f, "floors") == 1 || num(f, "floors") == 5),
        new Case("buildings", "NOT (floors <= 2)", f -> !(num(f, "floors") <= 2)),
        new Case("buildings", "safety_grade = 'C'", f -> "C".equals(str(f, "safety_grade"))),
        new Case("buildings", "safety_grade <> 'unknown' AND illegal_construction = 'remediated'",
            f -> !"unknown".equals(str(f, "safety_grade")) && "remediated".equals(str(f, "illegal_construction"))),
        new Case("buildings", "inspected_on IS NULL", f -> prop(f, "inspected_on") == null),
        new Case("buildings", "inspected_on IS NOT NULL", f -> prop(f, "inspected_on") != null),
        new Case("buildings", "inspected_on >= '2025-01-01'", f -> str(f, "inspected_on") != null
            && str(f, "inspected_on").compareTo("2025-01-01") >= 0),
        new Case("grids", "kind <> 'standard'", f -> !"standard".equals(str(f, "kind"))),
        new Case("grids", "status = 'published' AND village_code = '" + LayerData.VILLAGE_A + "'",
            f -> "published".equals(str(f, "status")) && LayerData.VILLAGE_A.equals(str(f, "village_code"))),
        new Case("events", "supervised = true", f -> Boolean.TRUE.equals(prop(f, "supervised"))),
        new Case("events", "supervised = FALSE and step = 'dispatch'",
            f -> Boolean.FALSE.equals(prop(f, "supervised")) && "dispatch".equals(str(f, "step"))),
        new Case("events", "reported_at > TIMESTAMP('2020-01-01T00:00:00Z')",
            f -> time(f, "reported_at").isAfter(Instant.parse("2020-01-01T00:00:00Z"))),
        new Case("events", "closed_at < DATE('2030-01-01')", f -> time(f, "closed_at") != null),
        new Case("events", "TRUE", f -> true),
        new Case("roads", "\"road_class\" = 'county'", f -> "county".equals(str(f, "road_class")))));
    // by hand on the fixture: B000 is graded C last, B002 A; 28 buildings in all
    assertThat(filtered("buildings", "safety_grade = 'C'", "")).containsExactly("B000");
    assertThat(filtered("buildings", "inspected_on IS NOT NULL", "")).containsExactly("B000", "B002");
    assertThat(filtered("buildings", "FALSE", "")).isEmpty();
  }

  @Test
  void advancedComparisonOperators() {
    check(List.of(
        new Case("buildings", "id LIKE 'B00%'", f -> f.getString("id").startsWith("B00")),
        new Case("buildings", "id LIKE 'B_1_'", f -> f.getString("id").matches("B.1.")),
        new Case("buildings", "id NOT LIKE 'B0%'", f -> !f.getString("id").startsWith("B0")),
        new Case("buildings", "id NOT LIKE '%\\%%'", f -> !f.getString("id").contains("%")),
        new Case("buildings", "floors BETWEEN 2 AND 4", f -> num(f, "floors") >= 2 && num(f, "floors") <= 4),
        new Case("buildings", "floors NOT BETWEEN 2 AND 4", f -> num(f, "floors") < 2 || num(f, "floors") > 4),
        new Case("buildings", "safety_grade IN ('A', 'B', 'C')", f -> List.of("A", "B", "C").contains(str(f, "safety_grade"))),
        new Case("buildings", "illegal_construction NOT IN ('none')", f -> !"none".equals(str(f, "illegal_construction"))),
        new Case("grids", "kind IN ('resettlement', 'enterprise')",
            f -> List.of("resettlement", "enterprise").contains(str(f, "kind"))),
        new Case("roads", "name LIKE '%路'", f -> str(f, "name").endsWith("路"))));
    assertThat(filtered("buildings", "id LIKE 'B-%'", "")).containsExactlyInAnyOrder("B-east", "B-tiny", "B-west");
  }

  @Test
  void caseAndAccentInsensitiveComparison() {
    check(List.of(
        new Case("buildings", "CASEI(id) = casei('b-TINY')", f -> f.getString("id").equalsIgnoreCase("b-tiny")),
        new Case("buildings", "CASEI(id) LIKE CASEI('b-e%')", f -> f.getString("id").toLowerCase(Locale.ROOT)
            .startsWith("b-e")),
        new Case("events", "CASEI(step) IN (CASEI('DISPATCH'), CASEI('Handling'))",
            f -> List.of("dispatch", "handling").contains(str(f, "step"))),
        new Case("roads", "ACCENTI(road_class) = ACCENTI('cóuñty')", f -> "county".equals(str(f, "road_class"))),
        new Case("roads", "ACCENTI(CASEI(road_class)) = ACCENTI(CASEI('VÍLLAGE'))", f -> "village".equals(str(f, "road_class"))),
        new Case("grids", "ACCENTI(kind) LIKE ACCENTI('réséttlement')", f -> "resettlement".equals(str(f, "kind")))));
    assertThat(filtered("buildings", "id = 'b-tiny'", "")).isEmpty();
  }

  @Test
  void arithmeticAndPropertyPropertyComparisons() {
    check(List.of(
        new Case("buildings", "height / floors = 3", f -> real(f, "height") / num(f, "floors") == 3),
        new Case("buildings", "floors * 3 = height", f -> num(f, "floors") * 3 == real(f, "height")),
        new Case("buildings", "floors + 1 > 5", f -> num(f, "floors") + 1 > 5),
        new Case("buildings", "floors - 2 * 2 >= 0", f -> num(f, "floors") - 4 >= 0),
        new Case("buildings", "floors % 2 = 0", f -> num(f, "floors") % 2 == 0),
        new Case("buildings", "floors div 2 = 1", f -> num(f, "floors") / 2 == 1),
        new Case("buildings", "floors ^ 2 >= 16", f -> num(f, "floors") * num(f, "floors") >= 16),
        new Case("buildings", "(floors + 1) * 2 = 6", f -> (num(f, "floors") + 1) * 2 == 6),
        new Case("buildings", "floors / 0 = 1", f -> false),
        new Case("buildings", "height > floors", f -> real(f, "height") > num(f, "floors")),
        new Case("buildings", "built_year - floors > 1995", f -> num(f, "built_year") - num(f, "floors") > 1995),
        new Case("grids", "village_code <> code", f -> !str(f, "village_code").equals(str(f, "code"))),
        new Case("events", "5 > 3", f -> true)));
  }

  @Test
  void spatialFunctions() {
    double x = LayerData.X0;
    double y = LayerData.Y0;
    // the first two rows of five buildings of grid A1, and a bit of the third row
    Geometry area = LayerData.box(x + 0.00005, y + 0.00005, x + 0.0016, y + 0.00045);
    Geometry inside = LayerData.buildingShape(7).getCentroid();
    Geometry line = LayerData.line(x, y + 0.00015, x + 0.0017, y + 0.00015);
    Geometry grid0 = LayerData.gridShape(0);
    Geometry halfOfGrid0 = LayerData.box(x + 0.001, y, x + 0.003, y + 0.002);
    Geometry crossRoad = LayerData.line(x + 0.0015, y + 0.0005, x + 0.0025, y + 0.0005);
    org.locationtech.jts.geom.GeometryFactory factory = area.getFactory();
    Geometry points = factory.createMultiPoint(new org.locationtech.jts.geom.Point[] {
        (org.locationtech.jts.geom.Point) inside, LayerData.buildingShape(13).getCentroid()});
    Geometry collection = factory.createGeometryCollection(new Geometry[] {line, LayerData.buildingShape(24).getCentroid()});
    Geometry polygons = factory.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
        LayerData.box(x + 0.0001, y + 0.0001, x + 0.0002, y + 0.0002), LayerData.box(x + 0.0045, y + 0.0001, x + 0.0046,
            y + 0.0002)});
    check(List.of(
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(area) + ")", f -> geometry(f).intersects(area)),
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(inside) + ")", f -> geometry(f).intersects(inside)),
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(line) + ")", f -> geometry(f).intersects(line)),
        new Case("buildings", "S_INTERSECTS(geometry, BBOX(" + (x + 0.00005) + ", " + (y + 0.00005) + ", "
            + (x + 0.0016) + ", " + (y + 0.00045) + "))", f -> geometry(f).intersects(area)),
        new Case("buildings", "S_WITHIN(geometry, " + wkt(area) + ")", f -> geometry(f).within(area)),
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(points) + ")", f -> geometry(f).intersects(points)),
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(collection) + ")", f -> geometry(f).intersects(collection)),
        new Case("grids", "S_INTERSECTS(geometry, " + wkt(polygons) + ")", f -> geometry(f).intersects(polygons)),
        new Case("buildings", "S_DISJOINT(geometry, " + wkt(area) + ")", f -> geometry(f).disjoint(area)),
        new Case("buildings", "NOT S_INTERSECTS(geometry, " + wkt(area) + ") AND floors > 2",
            f -> !geometry(f).intersects(area) && num(f, "floors") > 2),
        new Case("buildings", "S_INTERSECTS(geometry, " + wkt(area) + ") OR id LIKE 'B-%'",
            f -> geometry(f).intersects(area) || f.getString("id").startsWith("B-")),
        new Case("buildings", "S_CONTAINS(" + wkt(area) + ", geometry)", f -> area.contains(geometry(f))),
        new Case("grids", "S_CONTAINS(geometry, " + wkt(inside) + ")", f -> geometry(f).contains(inside)),
        new Case("grids", "S_OVERLAPS(geometry, " + wkt(halfOfGrid0) + ")", f -> geometry(f).overlaps(halfOfGrid0)),
        new Case("roads", "S_CROSSES(geometry, " + wkt(crossRoad) + ")", f -> geometry(f).crosses(crossRoad)),
        new Case("neighbourhood-centres", "S_WITHIN(geometry, " + wkt(grid0) + ")", f -> geometry(f).within(grid0)),
        new Case("events", "S_INTERSECTS(geometry, " + wkt(grid0) + ") AND supervised = false",
            f -> geometry(f).intersects(grid0) && Boolean.FALSE.equals(prop(f, "supervised")))));
    // by hand: grid A1 is gridShape(0), A2 shares its east edge, B1 is further east
    assertThat(filtered("grids", "S_EQUALS(geometry, " + wkt(grid0) + ")", "")).containsExactly(LayerData.GRID_A1);
    assertThat(filtered("grids", "S_TOUCHES(geometry, " + wkt(grid0) + ")", "")).containsExactly(LayerData.GRID_A2);
    assertThat(filtered("grids", "S_INTERSECTS(geometry, geometry)", "")).hasSize(3);
    // building 7 is in the second row: rows 0 and 1 (ten buildings) meet the area
    assertThat(filtered("buildings", "S_INTERSECTS(geometry, " + wkt(inside) + ")", "")).containsExactly("B007");
  }

  @Test
  void temporalFunctions() {
    List<JsonObject> events = all("events");
    assertThat(events).hasSize(2);
    String reported = str(events.get(0), "reported_at");
    Instant at = Instant.parse(reported);
    Instant y2020 = Instant.parse("2020-01-01T00:00:00Z");
    check(List.of(
        new Case("events", "T_AFTER(reported_at, TIMESTAMP('2020-01-01T00:00:00Z'))", f -> time(f, "reported_at").isAfter(y2020)),
        new Case("events", "T_BEFORE(reported_at, DATE('2020-01-01'))", f -> time(f, "reported_at").isBefore(y2020)),
        new Case("events", "T_DURING(reported_at, INTERVAL('2020-01-01T00:00:00Z', '..'))",
            f -> time(f, "reported_at").isAfter(y2020)),
        new Case("events", "T_INTERSECTS(reported_at, INTERVAL('..', '2020-01-01'))", f -> false),
        new Case("events", "T_DISJOINT(reported_at, INTERVAL('..', '2020-01-01'))", f -> true),
        new Case("events", "T_EQUALS(reported_at, TIMESTAMP('" + reported + "'))", f -> time(f, "reported_at").equals(at)),
        new Case("events", "T_BEFORE(reported_at, deadline)", f -> time(f, "reported_at").isBefore(time(f, "deadline"))),
        new Case("events", "T_AFTER(closed_at, DATE('2000-01-01'))", f -> time(f, "closed_at") != null),
        new Case("events", "T_DURING(INTERVAL(reported_at, deadline), INTERVAL('2020-01-01', '..'))",
            f -> time(f, "reported_at").isAfter(y2020)),
        new Case("grids", "T_INTERSECTS(updated_at, INTERVAL('2020-01-01', '2100-12-31'))",
            f -> time(f, "updated_at").isAfter(y2020))));
  }

  // --- CQL2 JSON: the same tree as the text

  @Test
  void cql2JsonGivesTheSameAnswersAsText() {
    Geometry grid0 = LayerData.gridShape(0);
    JsonObject geo = new JsonObject(org.gridscape.server.ogc.GeoJsonGeometry.of(grid0).encode());
    Map<String, String> pairs = Map.of(
        "floors BETWEEN 2 AND 4 AND NOT id LIKE 'B-%'",
        "{\"op\":\"and\",\"args\":[{\"op\":\"between\",\"args\":[{\"property\":\"floors\"},2,4]},"
            + "{\"op\":\"not\",\"args\":[{\"op\":\"like\",\"args\":[{\"property\":\"id\"},\"B-%\"]}]}]}",
        "safety_grade IN ('A','C') OR inspected_on IS NULL",
        "{\"op\":\"or\",\"args\":[{\"op\":\"in\",\"args\":[{\"property\":\"safety_grade\"},[\"A\",\"C\"]]},"
            + "{\"op\":\"isNull\",\"args\":[{\"property\":\"inspected_on\"}]}]}",
        "CASEI(id) = CASEI('b-TINY')",
        "{\"op\":\"=\",\"args\":[{\"op\":\"casei\",\"args\":[{\"property\":\"id\"}]},"
            + "{\"op\":\"casei\",\"args\":[\"b-TINY\"]}]}",
        "floors * 3 = height",
        "{\"op\":\"=\",\"args\":[{\"op\":\"*\",\"args\":[{\"property\":\"floors\"},3]},{\"property\":\"height\"}]}",
        "S_WITHIN(geometry, " + wkt(grid0) + ")",
        "{\"op\":\"s_within\",\"args\":[{\"property\":\"geometry\"}," + geo.encode() + "]}",
        "S_INTERSECTS(geometry, BBOX(118.7, 24.96, 118.7004, 24.9604))",
        "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[118.7,24.96,118.7004,24.9604]}]}");
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      List<String> text = filtered("buildings", pair.getKey(), "");
      assertThat(text).as(pair.getKey()).isNotEmpty();
      assertThat(filtered("buildings", pair.getValue(), "&filter-lang=cql2-json")).as(pair.getValue())
          .containsExactlyElementsOf(text);
    }
    assertThat(filtered("events", "{\"op\":\"t_after\",\"args\":[{\"property\":\"reported_at\"},"
        + "{\"timestamp\":\"2020-01-01T00:00:00Z\"}]}", "&filter-lang=cql2-json")).hasSize(2);
    assertThat(filtered("events", "{\"op\":\"t_during\",\"args\":[{\"property\":\"reported_at\"},"
        + "{\"interval\":[\"..\",\"2020-01-01\"]}]}", "&filter-lang=cql2-json")).isEmpty();
  }

  // --- with the other parameters

  @Test
  void filterCombinesWithBboxDatetimePagingAndCrs() {
    double x = LayerData.X0;
    double y = LayerData.Y0;
    Geometry area = LayerData.box(x, y, x + 0.0016, y + 0.00095);
    // an attribute filter and a spatial one, each paged three at a time through the next links
    for (String filter : List.of("floors >= 2 AND floors <= 5", "S_INTERSECTS(geometry, " + wkt(area) + ") AND floors > 1")) {
      List<String> expected = filtered("buildings", filter, "&bbox=" + x + "," + y + "," + (x + 0.0012) + "," + (y + 0.002));
      List<String> walked = new ArrayList<>();
      String next = "/ogc/collections/buildings/items?limit=3&filter=" + OgcApiContract.enc(filter) + "&bbox=" + x + ","
          + y + "," + (x + 0.0012) + "," + (y + 0.002);
      while (next != null) {
        JsonObject page = page(next);
        assertThat(page.getLong("numberMatched")).isEqualTo(expected.size());
        features(page).forEach(f -> walked.add(f.getString("id")));
        JsonObject link = OgcApiContract.linkNamed(page.getJsonArray("links"), "next");
        next = link == null ? null : OgcApiContract.path(link.getString("href"));
        if (next != null) {
          assertThat(next).contains("filter=").contains("bbox=");
        }
      }
      assertThat(walked).as(filter).containsExactlyElementsOf(expected);
      // independently: the box (columns 0-3 of the 5, every row) and the filter, in Java
      List<String> byJava = expected("buildings", f -> geometry(f).intersects(LayerData.box(x, y, x + 0.0012, y + 0.002))
          && (filter.startsWith("floors") ? num(f, "floors") >= 2 && num(f, "floors") <= 5
              : geometry(f).intersects(area) && num(f, "floors") > 1));
      assertThat(expected).as(filter).isNotEmpty().containsExactlyElementsOf(byJava);
    }
    // datetime and a filter
    assertThat(filtered("events", "supervised = true", "&datetime=2020-01-01T00:00:00Z/..")).containsExactly("E2");
    assertThat(filtered("events", "supervised = true", "&datetime=../2020-01-01T00:00:00Z")).isEmpty();
    // filter-crs EPSG:4490 (latitude first) gives the same answer as CRS84
    String crs84 = "S_INTERSECTS(geometry, POLYGON((" + x + " " + y + ", " + (x + 0.0016) + " " + y + ", " + (x + 0.0016)
        + " " + (y + 0.001) + ", " + x + " " + (y + 0.001) + ", " + x + " " + y + ")))";
    String latLon = "S_INTERSECTS(geometry, POLYGON((" + y + " " + x + ", " + y + " " + (x + 0.0016) + ", " + (y + 0.001)
        + " " + (x + 0.0016) + ", " + (y + 0.001) + " " + x + ", " + y + " " + x + ")))";
    assertThat(filtered("buildings", latLon, "&filter-crs=" + OgcApiContract.enc(OgcApiContract.EPSG_4490)))
        .isNotEmpty().containsExactlyElementsOf(filtered("buildings", crs84, ""));
  }

  @Test
  void sortbyAndProperties() {
    JsonObject page = page("/ogc/collections/buildings/items?limit=5&filter=" + OgcApiContract.enc("id LIKE 'B0%'")
        + "&sortby=-floors,%2Bid&properties=floors,safety_grade");
    List<JsonObject> got = features(page);
    // by hand: B000-B024 have 1 + i % 6 floors, so B005, B011, B017 and B023 have 6; then B004 has 5
    assertThat(got.stream().map(f -> f.getString("id")).toList()).containsExactly("B005", "B011", "B017", "B023", "B004");
    for (JsonObject f : got) {
      assertThat(f.getJsonObject("properties").fieldNames()).containsExactlyInAnyOrder("floors", "safety_grade");
    }
    JsonObject next = OgcApiContract.linkNamed(page.getJsonArray("links"), "next");
    assertThat(next.getString("href")).contains("sortby=").contains("properties=").contains("filter=");
    HttpResponse<String> unknown = OgcApiContract.server.get("/ogc/collections/events/items?sortby=reporter_name",
        OgcApiContract.token);
    assertThat(unknown.statusCode()).isEqualTo(400);
  }

  // --- errors

  static JsonObject refused(String layer, String query) {
    HttpResponse<String> response = OgcApiContract.server.get("/ogc/collections/" + layer + "/items?" + query,
        OgcApiContract.token);
    assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
    return new JsonObject(response.body());
  }

  @Test
  void badSyntaxIsRefusedWithItsPosition() {
    JsonObject error = refused("buildings", "filter=" + OgcApiContract.enc("floors > > 3"));
    assertThat(error.getString("error")).isEqualTo("invalid_filter");
    assertThat(error.getJsonArray("details").getJsonObject(0).getInteger("position")).isEqualTo(10);
    assertThat(error.getString("message")).contains("character 10");
    JsonObject unclosed = refused("buildings", "filter=" + OgcApiContract.enc("id = 'B000"));
    assertThat(unclosed.getJsonArray("details").getJsonObject(0).getInteger("position")).isEqualTo(6);
    JsonObject json = refused("buildings", "filter-lang=cql2-json&filter="
        + OgcApiContract.enc("{\"op\":\"=\",\"args\":[{\"property\":\"floors\"}]}"));
    assertThat(json.getJsonArray("details").getJsonObject(0).getString("pointer")).isEqualTo("/args");
    refused("buildings", "filter-lang=cql3&filter=floors%3D1");
    refused("buildings", "filter-crs=EPSG:3857&filter=floors%3D1");
  }

  @Test
  void unpublishedPropertiesAreRefusedExactlyLikeUnknownOnes() {
    // columns of the event table that are personal or free text, and a name that exists nowhere
    String hidden = refused("events", "filter=" + OgcApiContract.enc("reporter_name = '" + LayerData.REPORTER_NAME + "'"))
        .getString("message");
    String missing = refused("events", "filter=" + OgcApiContract.enc("no_such_col = '" + LayerData.REPORTER_NAME + "'"))
        .getString("message");
    assertThat(hidden.replace("reporter_name", "X")).isEqualTo(missing.replace("no_such_col", "X"));
    assertThat(hidden).contains("character 1").doesNotContain(LayerData.REPORTER_NAME);
    for (String column : List.of("description", "title", "assignee", "reporter")) {
      refused("events", "filter=" + OgcApiContract.enc(column + " LIKE '%'"));
    }
    refused("buildings", "filter=" + OgcApiContract.enc("S_INTERSECTS(inspector, POINT(0 0))"));
  }

  @Test
  void typeMismatchesAreRefusedWithTheirPosition() {
    JsonObject error = refused("buildings", "filter=" + OgcApiContract.enc("floors = 'three'"));
    assertThat(error.getString("message")).contains("'floors' (a number)").contains("a string");
    assertThat(error.getJsonArray("details").getJsonObject(0).getInteger("position")).isEqualTo(8);
    refused("buildings", "filter=" + OgcApiContract.enc("id LIKE 3"));
    refused("buildings", "filter=" + OgcApiContract.enc("floors BETWEEN 'a' AND 'b'"));
    refused("buildings", "filter=" + OgcApiContract.enc("S_INTERSECTS(floors, POINT(118.7 24.96))"));
    refused("events", "filter=" + OgcApiContract.enc("T_AFTER(step, DATE('2020-01-01'))"));
    refused("buildings", "filter=" + OgcApiContract.enc("floors + 'a' > 1"));
  }

  @Test
  void valuesAreBoundNeverSpliced() {
    // a quote in a literal is data: no row has this id, and the layer's rows stay unchanged
    assertThat(filtered("buildings", "id = 'x'' OR ''1''=''1'", "")).isEmpty();
    assertThat(filtered("buildings", "id = 'B000''; DROP TABLE building; --'", "")).isEmpty();
    assertThat(all("buildings")).hasSize(28);
  }
}
