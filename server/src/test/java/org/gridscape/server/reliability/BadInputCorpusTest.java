package org.gridscape.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input at every endpoint: each operation of the OpenAPI description of /api/v1 (so a new
 * endpoint is covered without editing this test) plus /3dtiles, /tiles, /ogc and the static web apps
 * gets malformed JSON and GeoJSON, huge and deeply nested payloads, invalid geometries, wrong types,
 * SQL and script injection strings, path traversal and odd Unicode. Every answer must be a 4xx JSON
 * error with {@code error} and {@code message}, within a bounded time, and the database must hold
 * exactly what it held before (row counts and versions of every table).
 */
class BadInputCorpusTest {

  /** Small enough that the oversized bodies stay cheap to send. */
  private static final long MAX_UPLOAD = 1L << 20;
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static TestServer server;
  private static SmallVillage village;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2, c -> new ServerConfig(c.host(), c.port(), c.dataDir(), c.dbUrl(),
        c.adminPassword(), c.tokenTtl(), MAX_UPLOAD, c.corsOrigins(), c.dbPoolSize()));
    village = SmallVillage.load(server);
    village.buildScene();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ------------------------------------------------------------------ the corpus

  /** Values for path parameters and identifier-like query parameters that no endpoint may accept. */
  static final List<String> BAD_IDS = List.of(
      "' OR '1'='1",
      "1; DROP TABLE grid; --",
      "350521104201001' --",
      "<script>alert(1)</script>",
      "\"><img src=x onerror=alert(1)>",
      "../../../../etc/passwd",
      "..\\..\\windows\\win.ini",
      "%00",
      "x".repeat(4000),
      "-1",
      "99999999999999999999999999",
      "\u202e\u0000\u200b",
      "\ud83d\ude00\ud83d\ude00",
      "\uff13\uff15\uff10\uff15\uff12\uff11\uff11\uff10\uff14\uff12\uff10\uff11", // full-width digits of a village code
      "\ufffe\uffff");

  /** Raw (already percent-encoded) path segments: encoded traversal, invalid UTF-8, NUL. */
  static final List<String> BAD_RAW_SEGMENTS = List.of("..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "%C0%AF",
      "%FF%FE%FD", "%E0%80%80", "a%00b", "%ED%A0%80");

  /** Request bodies that no endpoint may accept; each with a name and a content type. */
  record Body(String name, String contentType, byte[] bytes, boolean geoJson) {
    static Body json(String name, String text) {
      return new Body(name, "application/json", text.getBytes(StandardCharsets.UTF_8), false);
    }

    static Body geo(String name, String text) {
      return new Body(name, "application/json", text.getBytes(StandardCharsets.UTF_8), true);
    }
  }

  /** Every field name some endpoint reads, each set to a value of the wrong type. */
  static JsonObject wrongTypes() {
    return new JsonObject().put("username", new JsonObject()).put("password", 1).put("roles", "admin")
        .put("scopes", 5).put("category", 7).put("level", new JsonArray()).put("lon", "east").put("lat", true)
        .put("action", 3).put("version", "v1").put("mode", new JsonObject()).put("categories", "fire")
        .put("type", 12).put("features", "none").put("properties", "x").put("geometry", "x").put("grids", "x")
        .put("codes", 1).put("line", 5).put("layers", "all").put("user", 9).put("description", new JsonArray())
        .put("title", new JsonObject()).put("step", 4).put("orgs", "x").put("members", 1).put("links", true)
        .put("rateLimit", "fast").put("reason", new JsonArray()).put("to", 3).put("note", new JsonObject())
        .put("assignee", 42).put("attachments", "a.jpg").put("boundaries", 1).put("village", 350521104201L)
        .put("tolerance", "far").put("target", 0);
  }

  /** Every field name some endpoint reads, each set to an injection string or odd Unicode where an id is expected. */
  static JsonObject hostileStrings(String s) {
    JsonObject props = new JsonObject().put("code", s).put("village", s).put("kind", s).put("name", s);
    return new JsonObject().put("username", s).put("password", s).put("roles", new JsonArray().add(s))
        .put("scopes", new JsonArray().add(s)).put("category", s).put("level", s).put("lon", s).put("lat", s)
        .put("action", s).put("version", s).put("mode", s).put("categories", new JsonArray().add(s)).put("type", s)
        .put("features", new JsonArray().add(s)).put("properties", props).put("geometry", s)
        .put("grids", new JsonArray().add(s)).put("codes", new JsonArray().add(s)).put("line", s)
        .put("layers", new JsonArray().add(s)).put("user", s).put("step", s).put("to", s).put("assignee", s)
        .put("village", s).put("target", s).put("orgs", new JsonArray().add(new JsonObject().put("org_id", s)
            .put("kind", s)));
  }

  static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  static String featureCollection(String geometry, String properties) {
    return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":" + properties
        + ",\"geometry\":" + geometry + "}]}";
  }

  static List<Body> bodies() {
    List<Body> out = new ArrayList<>();
    out.add(Body.json("truncated JSON", "{\"username\": \"a"));
    out.add(Body.json("not JSON", "{bad"));
    out.add(Body.json("array", "[1,2,3]"));
    out.add(Body.json("null", "null"));
    out.add(Body.json("string", "\"hello\""));
    out.add(Body.json("number", "12345"));
    out.add(Body.json("trailing garbage", "{\"mode\": \"all\"} trailing"));
    out.add(Body.json("duplicate keys", "{\"mode\": 1, \"mode\": {}}"));
    out.add(Body.json("deeply nested object", nested(100_000)));
    out.add(Body.json("deeply nested array", "[".repeat(200_000) + "]".repeat(200_000)));
    out.add(Body.json("wrong types", wrongTypes().encode()));
    for (String s : List.of("' OR 1=1 --", "'); DROP TABLE grid; --", "<script>alert(1)</script>",
        "../../../../etc/passwd", "\u0000\u202e\ud83d\ude00", "\uff13\uff15\uff10", "x".repeat(100_000))) {
      out.add(Body.json("hostile strings " + abbreviate(s), hostileStrings(s).encode()));
    }
    out.add(Body.json("lone surrogate", "{\"mode\": \"\\ud800\", \"username\": \"\\udfff\", \"category\": \"\\ud800\"}"));
    out.add(new Body("invalid UTF-8", "application/json", new byte[] {'{', '"', 'm', 'o', 'd', 'e', '"', ':', '"',
        (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '"', '}'}, false));
    // GeoJSON: wrong structure and invalid geometries (sent where a body is GeoJSON or an object)
    String p = "{\"code\":\"350521104201009\",\"village\":\"350521104201\",\"name\":\"x\",\"kind\":\"standard\",\"layer\":\"building\",\"id\":\"Bx\",\"level\":\"village\"}";
    out.add(Body.geo("features not an array", "{\"type\":\"FeatureCollection\",\"features\":\"none\"}"));
    out.add(Body.geo("feature without geometry", featureCollection("null", p)));
    out.add(Body.geo("bow-tie polygon", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.70,24.96],[118.702,24.9627],[118.702,24.96],[118.70,24.9627],[118.70,24.96]]]}", p)));
    out.add(Body.geo("unclosed ring", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.70,24.96],[118.702,24.96],[118.702,24.9627]]]}", p)));
    out.add(Body.geo("coordinates out of range", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[500,500],[501,500],[501,501],[500,500]]]}", p)));
    out.add(Body.geo("NaN and huge coordinates", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[\"NaN\",1e400],[1e308,-1e308],[0,\"x\"],[\"NaN\",1e400]]]}", p)));
    out.add(Body.geo("empty coordinates", featureCollection("{\"type\":\"Polygon\",\"coordinates\":[]}", p)));
    out.add(Body.geo("coordinates not numbers", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[\"a\",\"b\"],[true,null],[{},[]],[\"a\",\"b\"]]]}", p)));
    out.add(Body.geo("unknown geometry type", featureCollection("{\"type\":\"Hexagon\",\"coordinates\":[1,2]}", p)));
    out.add(Body.geo("point where a polygon is needed", featureCollection(
        "{\"type\":\"Point\",\"coordinates\":[118.701,24.961]}", p)));
    out.add(Body.geo("properties not an object", featureCollection(
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.70,24.96],[118.702,24.96],[118.702,24.9627],[118.70,24.96]]]}", "\"x\"")));
    out.add(Body.geo("a single feature with bad geometry", "{\"type\":\"Feature\",\"properties\":" + p
        + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}"));
    StringBuilder many = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < 20_000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}");
    }
    out.add(Body.geo("20,000 empty features (under the size limit)", many.append("]}").toString()));
    // other formats
    out.add(new Body("malformed CSV", "text/csv", "a,b,c\n\"unterminated,2,3\n,,,,,,,\n".getBytes(StandardCharsets.UTF_8),
        false));
    out.add(new Body("CSV with injection ids", "text/csv", ("household_id,building_id,size\n'; DROP TABLE household;--,"
        + "<script>,-5\n../../etc/passwd,B1,1e9\n").getBytes(StandardCharsets.UTF_8), false));
    byte[] noise = new byte[64 * 1024];
    new Random(42).nextBytes(noise);
    out.add(new Body("random bytes", "application/octet-stream", noise, false));
    out.add(new Body("broken zip", "application/zip", concat(new byte[] {'P', 'K', 3, 4}, noise), false));
    out.add(new Body("broken GeoPackage", "application/geopackage+sqlite3",
        concat("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), noise), false));
    out.add(new Body("XML", "application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
        .getBytes(StandardCharsets.UTF_8), false));
    out.add(new Body("over the size limit", "application/json", ("{\"a\":\"" + "x".repeat((int) MAX_UPLOAD + 10) + "\"}")
        .getBytes(StandardCharsets.UTF_8), false));
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String abbreviate(String s) {
    String shown = s.length() > 24 ? s.substring(0, 24) + "...(" + s.length() + ")" : s;
    StringBuilder out = new StringBuilder();
    shown.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.toString();
  }

  /** Bad values of query parameters by name; unknown names get the identifier corpus. */
  static List<String> badQueryValues(String name) {
    List<String> out = new ArrayList<>(List.of("' OR '1'='1", "<script>alert(1)</script>", "\u202e\ud83d\ude00",
        "x".repeat(4000)));
    switch (name) {
      case "bbox" -> out.addAll(List.of("1,2,3", "a,b,c,d", "NaN,NaN,NaN,NaN", "1e400,0,1,1", "10,10,0,0",
          "-500,-500,500,500", "1,2,3,4,5,6,7"));
      case "limit", "offset" -> out.addAll(List.of("-1", "abc", "1e10", "99999999999999999999", "0x10"));
      case "lon", "lat" -> out.addAll(List.of("abc", "NaN", "Infinity", "1e400", "999"));
      case "datetime" -> out.addAll(List.of("yesterday", "2026-13-45T99:99:99Z", "../..", "2026-01-01/"));
      case "full" -> out.addAll(List.of("maybe", "1"));
      default -> { }
    }
    return out;
  }

  /** A real value for a path parameter, so that a bad body or query reaches the handler. */
  static String goodParameter(String path, String name) {
    return switch (name) {
      case "code" -> path.startsWith("/grids/") ? SmallVillage.WEST : SmallVillage.VILLAGE;
      case "id" -> path.startsWith("/events/") ? village.eventId : path.startsWith("/buildings/") ? "B1"
          : path.startsWith("/residents/") ? "R1" : "1";
      case "username" -> SmallVillage.DEPARTMENT;
      default -> "x";
    };
  }

  // ------------------------------------------------------------------ the test

  record Op(String method, String path, List<String> query) {}

  /** The slowest answer of the corpus, reported with the figures. */
  private static long slowest;

  /** Operations that take no input at all (a body or query is ignored by design), with why. */
  static final Map<String, String> NO_INPUT = Map.of(
      "post /auth/logout", "signs the caller out whatever is sent (and would end the test's session)",
      "post /villages/{code}/publish", "publishing takes no body; only its path parameter is checked",
      "post /villages/{code}/auto-partition", "proposes a partition of the saved plan (saves nothing); takes no body");

  /** Query parameters that are free-text search terms: a value that matches nothing is an empty 200 page. */
  static final Map<String, List<String>> FREE_TEXT_QUERY = Map.of("get /audit", List.of("actor", "action"));

  /**
   * The validation of proposed grids, and the preview of a grid import, answer a well-formed GeoJSON
   * proposal with 200 and the list of its errors (invalid, empty or non-polygon geometry) by design:
   * reporting them is their job (the preview stores nothing).
   */
  static boolean reportsErrorsByDesign(String key, Body body) {
    return (key.equals("post /villages/{code}/validation") || key.equals("post /imports/grids/preview"))
        && body.geoJson();
  }

  /** Operations whose only input is their query: a body is ignored by design (the query is still checked). */
  static final Map<String, String> QUERY_ONLY = Map.of("post /party-members/points/award",
      "awards the visits not yet in a ledger within ?region=; takes no body");

  @Test
  void everyEndpointAnswersBadInputWith4xxJsonAndChangesNothing() {
    String token = village.admin;
    List<Op> ops = operations(token);
    assertThat(ops).as("operations in the OpenAPI description").hasSizeGreaterThan(40);
    List<String> failures = new ArrayList<>();
    Map<String, Integer> requests = new LinkedHashMap<>();
    DatabaseSnapshot before = DatabaseSnapshot.of(server.server().context().db());
    long auditBefore = maxAuditId();
    List<Body> bodies = bodies();
    for (Op op : ops) {
      String key = op.method() + " " + op.path();
      int sent = 0;
      // 1. bad path parameters (every body-less or body method), raw and percent-encoded
      if (op.path().contains("{")) {
        for (String bad : BAD_IDS) {
          sent += check(failures, key + " path=" + abbreviate(bad), op.method(), "/api/v1" + fill(op.path(),
              encode(bad)), token, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        for (String raw : BAD_RAW_SEGMENTS) {
          sent += check(failures, key + " rawpath=" + raw, op.method(), "/api/v1" + fill(op.path(), raw), token,
              "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
      }
      String real = "/api/v1" + fillGood(op.path());
      // 2. bad query parameters, one at a time (the documented ones and a village filter)
      List<String> names = new ArrayList<>(op.query());
      for (String name : names) {
        for (String value : badQueryValues(name)) {
          if (NO_INPUT.containsKey(key) || op.method().equals("delete")
              || FREE_TEXT_QUERY.getOrDefault(key, List.of()).contains(name)) {
            continue;
          }
          String sep = real.contains("?") ? "&" : "?";
          sent += check(failures, key + " ?" + name + "=" + abbreviate(value), op.method(),
              real + sep + name + "=" + encode(value), token, null, null, Map.of());
        }
      }
      // 3. bad bodies on the real resource
      if ((op.method().equals("post") || op.method().equals("put")) && !NO_INPUT.containsKey(key)
          && !QUERY_ONLY.containsKey(key)) {
        for (Body body : bodies) {
          if (op.path().equals("/scenes/build") && body.geoJson()) {
            continue; // an object without "mode" is a valid build request (all grids)
          }
          if (reportsErrorsByDesign(key, body)) {
            continue;
          }
          // the current version, so that the body is what gets refused
          Map<String, String> headers = op.method().equals("put") && op.path().equals("/grids/{code}")
              ? Map.of("If-Match", etag(token)) : Map.of();
          String target = real + (op.query().contains("village") ? "?village=" + SmallVillage.VILLAGE : "");
          sent += check(failures, key + " body=" + body.name(), op.method(), target, token, body.contentType(),
              body.bytes(), headers);
        }
      }
      // 4. bad preconditions where versions are checked
      if (op.path().equals("/grids/{code}") && !op.method().equals("get")) {
        for (String etag : List.of("\"abc\"", "W/\"1\"", "\"-5\"", "\"99999999999999999999\"", "*, \"1\"", "' OR 1=1")) {
          sent += check(failures, key + " If-Match=" + etag, op.method(), real, token, "application/json",
              TwoGridVillage.feature("{\"name\":\"x\"}", TwoGridVillage.ring(SmallVillage.X0, SmallVillage.Y0,
                  SmallVillage.X1, SmallVillage.Y1)).getBytes(StandardCharsets.UTF_8), Map.of("If-Match", etag));
        }
      }
      requests.put(key, sent);
      DatabaseSnapshot after = DatabaseSnapshot.of(server.server().context().db());
      for (String diff : before.differences(after)) {
        failures.add(key + ": the database changed: " + diff);
      }
      before = after;
    }
    assertThat(requests.values().stream().mapToInt(Integer::intValue).sum()).as("requests sent")
        .isGreaterThan(1000);
    // Every write attempt is audited (refused ones too); none of those recorded may have succeeded.
    SmallVillage.sleep(500);
    List<String> accepted = new ArrayList<>();
    for (io.vertx.sqlclient.Row row : DatabaseSnapshot.await(server.server().context().db().query(
        "SELECT method, path, status FROM audit_log WHERE id > ? AND status < 400 AND path IS NOT NULL",
        io.vertx.sqlclient.Tuple.of(auditBefore)))) {
      accepted.add(row.getString(0) + " " + row.getString(1) + " -> " + row.getValue(2));
    }
    assertThat(maxAuditId()).as("refused writes are audited").isGreaterThan(auditBefore);
    System.out.printf("bad-input corpus: %d operations from the OpenAPI description, %d requests, %d bodies, slowest "
        + "answer %d ms, %d writes audited as refused%n", ops.size(), requests.values().stream()
        .mapToInt(Integer::intValue).sum(), bodies.size(), slowest, maxAuditId() - auditBefore);
    assertThat(accepted).as("writes that the audit log records as accepted").isEmpty();
    assertThat(failures).as("bad input that was not refused with a 4xx JSON error").isEmpty();
  }

  /** Paths outside /api/v1: 3D Tiles, vector tiles, OGC API and the static web apps, traversal included. */
  @Test
  void tilesOgcAndStaticPathsRefuseBadInput() {
    String token = village.admin;
    assertThat(server.get("/3dtiles/tileset.json", token).statusCode()).as("a scene is served").isEqualTo(200);
    DatabaseSnapshot before = DatabaseSnapshot.of(server.server().context().db());
    List<String> failures = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (String prefix : List.of("/3dtiles/", "/tiles/", "/ogc/collections/", "/", "/editor/", "/js/", "/assets/")) {
      for (String traversal : List.of("../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
          "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..%5c..%5c..%5cetc%5cpasswd", "%252e%252e%252fetc%252fpasswd",
          "....//....//etc/passwd", "..;/..;/etc/passwd", "../db/gridscape.mv.db", "../../pom.xml",
          "%2e%2e%2f%2e%2e%2fdb%2fgridscape.mv.db", "scenes/../../db/gridscape.mv.db", "a%00.json", "%C0%AE%C0%AE/",
          "tileset.json%00.glb", "content/..%2F..%2Fcurrent")) {
        paths.add(prefix + traversal);
      }
    }
    paths.addAll(List.of("/3dtiles/nothing.json", "/3dtiles/content/" + "f".repeat(64) + ".glb",
        "/3dtiles/" + "a/".repeat(500) + "tileset.json", "/3dtiles/%FF%FE.json",
        "/tiles/nope.json", "/tiles/grids/99/1/1.mvt", "/tiles/grids/14/-1/5.mvt", "/tiles/grids/14/a/b.mvt",
        "/tiles/grids/3/100/100.mvt", "/tiles/grids/14/99999999999999999999/1.mvt", "/tiles/%3Cscript%3E.json",
        "/tiles/grids/NaN/0/0.mvt", "/tiles/grids/1e3/0/0.mvt",
        "/ogc/collections/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/ogc/collections/'%20OR%20'1'%3D'1/items",
        "/ogc/collections/grids/items/'%20OR%201%3D1--", "/ogc/collections/grids/items/" + "9".repeat(5000),
        "/ogc/collections/grids/items?limit=-1", "/ogc/collections/grids/items?limit=abc",
        "/ogc/collections/grids/items?limit=99999999999999999999", "/ogc/collections/grids/items?offset=-3",
        "/ogc/collections/grids/items?bbox=a,b,c,d", "/ogc/collections/grids/items?bbox=1,2,3",
        "/ogc/collections/grids/items?bbox=NaN,NaN,NaN,NaN", "/ogc/collections/grids/items?bbox=10,10,0,0",
        "/ogc/collections/grids/items?bbox-crs=EPSG:9999", "/ogc/collections/grids/items?crs=%3Cscript%3E",
        "/ogc/collections/grids/items?datetime=yesterday", "/ogc/collections/grids/items?datetime=2026-13-99",
        "/ogc/collections/grids/items?f=%3Cscript%3E", "/ogc/collections/grids/items?limit=1&limit=2",
        "/ogc/collections/events/items?datetime=../..", "/ogc?f=exe", "/ogc/conformance?f=xml",
        "/editor.html%00", "/index.html/..%2F..%2F..%2Fpom.xml", "/%2e%2e/%2e%2e/etc/passwd",
        "/" + "x".repeat(6000)));
    long start = System.nanoTime();
    for (String path : paths) {
      failures.addAll(rawGet(path, token));
    }
    System.out.printf("bad paths: %d requests outside /api/v1 in %d ms%n", paths.size(),
        (System.nanoTime() - start) / 1_000_000);
    assertThat(before.differences(DatabaseSnapshot.of(server.server().context().db()))).isEmpty();
    assertThat(paths).hasSizeGreaterThan(100);
    assertThat(failures).as("bad paths not refused with a 4xx JSON error").isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private static List<Op> operations(String token) {
    HttpResponse<String> response = server.get("/api/v1/openapi.json", token);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject paths = new JsonObject(response.body()).getJsonObject("paths");
    List<Op> ops = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        List<String> query = new ArrayList<>();
        JsonArray parameters = operation.getJsonArray("parameters", new JsonArray());
        for (int i = 0; i < parameters.size(); i++) {
          JsonObject parameter = parameters.getJsonObject(i);
          if ("query".equals(parameter.getString("in"))) {
            query.add(parameter.getString("name"));
          }
        }
        ops.add(new Op(method, path, query));
      }
    }
    return ops;
  }

  private static long maxAuditId() {
    return ((Number) DatabaseSnapshot.await(server.server().context().db().query(
        "SELECT COALESCE(MAX(id), 0) FROM audit_log")).iterator().next().getValue(0)).longValue();
  }

  private static String etag(String token) {
    return server.get("/api/v1/grids/" + SmallVillage.WEST, token).headers().firstValue("ETag").orElseThrow();
  }

  private static String fill(String path, String value) {
    return path.replaceAll("\\{[A-Za-z]+}", java.util.regex.Matcher.quoteReplacement(value));
  }

  private static String fillGood(String path) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(goodParameter(path, m.group(1))));
    }
    return m.appendTail(out).toString();
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends one request; returns 1, and adds a failure when the answer is not a bounded 4xx JSON error. */
  private static int check(List<String> failures, String what, String method, String path, String token,
      String contentType, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server().port() + path))
          .timeout(BOUND.plusSeconds(5));
    } catch (IllegalArgumentException e) {
      failures.add(what + ": the test could not build the URI: " + e.getMessage());
      return 0;
    }
    builder.header("Authorization", "Bearer " + token);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    builder.method(method.toUpperCase(java.util.Locale.ROOT), body == null || method.equals("get")
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // the server may close the connection after answering 413 before reading the whole body
      if (body != null && body.length > MAX_UPLOAD) {
        return 1;
      }
      failures.add(what + ": no answer (" + e + ") after " + (System.nanoTime() - start) / 1_000_000 + " ms");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    slowest = Math.max(slowest, millis);
    String problem = problem(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body(), millis);
    if (problem != null) {
      failures.add(what + ": " + problem);
    }
    return 1;
  }

  /** What is wrong with an answer to bad input, or null when it is a bounded 4xx JSON error. */
  static String problem(int status, String contentType, String body, long millis) {
    String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    if (status < 400 || status > 499) {
      return "status " + status + " " + shown;
    }
    if (millis > BOUND.toMillis()) {
      return "answered after " + millis + " ms";
    }
    if (status == 414 || status == 431) {
      return null; // the HTTP decoder refuses an over-long request line or headers before any route runs
    }
    if (!contentType.contains("json")) {
      return "status " + status + " with Content-Type '" + contentType + "'";
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      return "status " + status + " with a body that is not a JSON object: " + shown;
    }
    if (json.getString("error", "").isBlank() || json.getString("message", "").isBlank()) {
      return "status " + status + " without error and message: " + shown;
    }
    if (body.contains("Exception") || body.contains("\tat ") || body.contains("org.gridscape")) {
      return "status " + status + " leaks internals: " + shown;
    }
    return null;
  }

  /** A GET with the path sent byte for byte (no client-side normalisation of '..' or escapes). */
  private static List<String> rawGet(String path, String token) {
    List<String> failures = new ArrayList<>();
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout((int) BOUND.plusSeconds(5).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      long millis = (System.nanoTime() - start) / 1_000_000;
      // ISO-8859-1 keeps one char per byte, so chunk sizes hold; the body is decoded as UTF-8 afterwards
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.") || headerEnd < 0) {
        failures.add(abbreviate(path) + ": not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        return failures;
      }
      int status = Integer.parseInt(text.substring(9, 12));
      String head = text.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
      String contentType = head.lines().filter(l -> l.startsWith("content-type:")).map(l -> l.substring(13).strip())
          .findFirst().orElse("");
      String body = text.substring(headerEnd + 4);
      if (head.contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      String problem = problem(status, contentType, body, millis);
      if (problem != null) {
        failures.add("GET " + abbreviate(path) + ": " + problem);
      }
      if (body.contains("root:x:0:0") || body.contains("<modelVersion>")) {
        failures.add("GET " + abbreviate(path) + ": served a file outside the served directories");
      }
    } catch (IOException e) {
      failures.add("GET " + abbreviate(path) + ": no answer (" + e + ")");
    }
    return failures;
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
