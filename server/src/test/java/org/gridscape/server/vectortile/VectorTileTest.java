package org.gridscape.server.vectortile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.gridscape.server.ogc.LayerData;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** Vector tiles over HTTP, decoded with the library's reader and compared with the database. */
class VectorTileTest {

  private static TestServer server;
  private static String token;
  private static Database db;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    token = server.adminToken();
    db = server.server().context().db();
    LayerData.seed(db);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // --- independent tile maths (not the production code)

  static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  static int tileY(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }

  /** A lon/lat position in tile units of tile z/x/y (y down). */
  static double[] pixel(double lon, double lat, int z, int x, int y) {
    double worldX = (lon + 180) / 360 * (1 << z);
    double r = Math.toRadians(lat);
    double worldY = (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z);
    return new double[] {(worldX - x) * 4096, (worldY - y) * 4096};
  }

  static HttpResponse<byte[]> fetch(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static JtsLayer decode(String path, String layer) throws IOException {
    HttpResponse<byte[]> response = fetch(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(TileRoutes.MVT_TYPE);
    JtsMvt mvt = MvtReader.loadMvt(new ByteArrayInputStream(response.body()), new GeometryFactory(),
        new TagKeyValueMapConverter(false, "mvt_id"), MvtReader.RING_CLASSIFIER_V2_1);
    assertThat(mvt.getLayersByName()).containsOnlyKeys(layer);
    assertThat(mvt.getLayer(layer).getExtent()).isEqualTo(4096);
    return mvt.getLayer(layer);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> tags(Geometry g) {
    return (Map<String, Object>) g.getUserData();
  }

  static String gridTile(int z) {
    double lon = LayerData.X0 + 0.001;
    double lat = LayerData.Y0 + 0.001;
    return z + "/" + tileX(lon, z) + "/" + tileY(lat, z);
  }

  @Test
  void tileJsonDescribesTheLayer() {
    HttpResponse<String> response = server.get("/tiles/grids.json", token);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject doc = new JsonObject(response.body());
    assertThat(doc.getString("tilejson")).isEqualTo("3.0.0");
    assertThat(doc.getJsonArray("tiles").getString(0)).endsWith("/tiles/grids/{z}/{x}/{y}.mvt")
        .startsWith("http://127.0.0.1:");
    assertThat(doc.getInteger("minzoom")).isEqualTo(10);
    assertThat(doc.getInteger("maxzoom")).isEqualTo(TileRoutes.ADVERTISED_MAX_ZOOM);
    assertThat(doc.getJsonArray("bounds").getDouble(0)).isCloseTo(LayerData.X0, within(1e-9));
    assertThat(doc.getJsonArray("bounds").getDouble(3)).isCloseTo(LayerData.Y0 + 0.002, within(1e-9));
    JsonObject layer = doc.getJsonArray("vector_layers").getJsonObject(0);
    assertThat(layer.getString("id")).isEqualTo("grids");
    assertThat(layer.getJsonObject("fields").fieldNames()).contains("code", "name", "kind", "status", "village_code");
    for (String id : new String[] {"townships", "villages", "buildings", "roads", "events"}) {
      assertThat(server.get("/tiles/" + id + ".json", token).statusCode()).as(id).isEqualTo(200);
    }
    assertThat(server.get("/tiles/workareas.json", token).statusCode()).isEqualTo(404);
  }

  @Test
  void gridTileHasTheGridsOfTheDatabaseWithTheirShapeAndAttributes() throws IOException {
    int z = 14;
    String tile = gridTile(z);
    String[] zxy = tile.split("/");
    int x = Integer.parseInt(zxy[1]);
    int y = Integer.parseInt(zxy[2]);
    JtsLayer layer = decode("/tiles/grids/" + tile + ".mvt", "grids");
    Map<String, Row> stored = new HashMap<>();
    for (Row row : LayerData.await(db.query("SELECT code, name, kind, status, village_code FROM grid "
        + "WHERE status <> 'retired'", Tuple.tuple()))) {
      stored.put(row.getString("code"), row);
    }
    List<String> codes = new ArrayList<>();
    for (Geometry g : layer.getGeometries()) {
      Map<String, Object> tags = tags(g);
      String code = (String) tags.get("code");
      codes.add(code);
      Row row = stored.get(code);
      assertThat(row).as(code).isNotNull();
      assertThat(tags.get("mvt_id")).isEqualTo(Long.parseLong(code));
      assertThat(tags.get("name")).isEqualTo(row.getString("name"));
      assertThat(tags.get("kind")).isEqualTo(row.getString("kind"));
      assertThat(tags.get("status")).isEqualTo(row.getString("status"));
      assertThat(tags.get("village_code")).isEqualTo(row.getString("village_code"));
      // Decoded with the 2.1 ring rules: a wrongly wound exterior would not come back as one polygon.
      assertThat(g).isInstanceOf(Polygon.class);
      int n = Integer.parseInt(code.substring(12)) - 1 + (code.startsWith(LayerData.VILLAGE_B) ? 2 : 0);
      Envelope shape = LayerData.gridShape(n).getEnvelopeInternal();
      double[] nw = pixel(shape.getMinX(), shape.getMaxY(), z, x, y);
      double[] se = pixel(shape.getMaxX(), shape.getMinY(), z, x, y);
      Envelope expected = new Envelope(Math.max(-64, nw[0]), Math.min(4160, se[0]), Math.max(-64, nw[1]),
          Math.min(4160, se[1]));
      Envelope actual = g.getEnvelopeInternal();
      assertThat(actual.getMinX()).as(code).isCloseTo(expected.getMinX(), within(1.0));
      assertThat(actual.getMaxX()).as(code).isCloseTo(expected.getMaxX(), within(1.0));
      assertThat(actual.getMinY()).as(code).isCloseTo(expected.getMinY(), within(1.0));
      assertThat(actual.getMaxY()).as(code).isCloseTo(expected.getMaxY(), within(1.0));
      assertThat(g.getArea()).as(code).isCloseTo(expected.getArea(), within(expected.getArea() * 0.02 + 4));
    }
    assertThat(codes).containsExactlyInAnyOrderElementsOf(stored.keySet()).doesNotContain(LayerData.GRID_RETIRED);
  }

  @Test
  void largePolygonsAreClippedToTheBufferedTile() throws IOException {
    // The township spans 0.1 degrees: at z16 it covers the whole tile, so the clip square is what remains.
    JtsLayer layer = decode("/tiles/townships/" + gridTile(16) + ".mvt", "townships");
    assertThat(layer.getGeometries()).hasSize(1);
    Geometry g = layer.getGeometries().iterator().next();
    assertThat(tags(g).get("code")).isEqualTo(LayerData.TOWNSHIP);
    assertThat(g.getEnvelopeInternal()).isEqualTo(new Envelope(-64, 4160, -64, 4160));
    for (Coordinate c : g.getCoordinates()) {
      assertThat(c.x).isBetween(-64.0, 4160.0);
      assertThat(c.y).isBetween(-64.0, 4160.0);
    }
  }

  @Test
  void pointsLandOnTheirPixelWithYPointingDown() throws IOException {
    int z = 15;
    double lon = LayerData.X0 + 0.0005;
    double lat = LayerData.Y0 + 0.0005;
    int x = tileX(lon, z);
    int y = tileY(lat, z);
    JtsLayer layer = decode("/tiles/events/" + z + "/" + x + "/" + y + ".mvt", "events");
    Geometry e1 = layer.getGeometries().stream().filter(g -> "E1".equals(tags(g).get("id"))).findFirst().orElseThrow();
    double[] expected = pixel(lon, lat, z, x, y);
    assertThat(((Point) e1).getX()).isCloseTo(expected[0], within(1.0));
    assertThat(((Point) e1).getY()).isCloseTo(expected[1], within(1.0));
    assertThat(tags(e1)).containsEntry("category", "fire_hazard").containsEntry("step", "dispatch")
        .doesNotContainKeys("reporter_name", "reporter", "title", "description", "assignee");
    assertThat(tags(e1).values()).doesNotContain(LayerData.REPORTER_NAME, LayerData.EVENT_TITLE, "worker7");
  }

  @Test
  void buildingsCarryTheirAttributesAndVanishWhenSmallerThanAUnit() throws IOException {
    int z = 14;
    String tile = gridTile(z);
    JtsLayer layer = decode("/tiles/buildings/" + tile + ".mvt", "buildings");
    Map<String, Integer> floors = new HashMap<>();
    for (Row row : LayerData.await(db.query("SELECT id, floors FROM building WHERE grid_code = ?",
        Tuple.of(LayerData.GRID_A1)))) {
      floors.put(row.getString("id"), row.getInteger("floors"));
    }
    Map<String, Geometry> byId = new HashMap<>();
    layer.getGeometries().forEach(g -> byId.put((String) tags(g).get("id"), g));
    assertThat(byId.keySet()).containsAll(floors.keySet()).doesNotContain(LayerData.TINY_BUILDING);
    floors.forEach((id, n) -> assertThat(((Number) tags(byId.get(id)).get("floors")).intValue()).as(id).isEqualTo(n));
    assertThat(tags(byId.get("B000"))).containsEntry("grid_code", LayerData.GRID_A1).containsEntry("use", "residential")
        .containsEntry("safety_grade", "C").containsEntry("illegal_construction", "none");
    assertThat(tags(byId.get("B001"))).containsEntry("safety_grade", "unknown").containsEntry("illegal_construction",
        "open");
    assertThat(tags(byId.get("B002"))).containsEntry("safety_grade", "A").containsEntry("illegal_construction",
        "remediated");

    int z18 = 18;
    double lon = LayerData.X0 + 0.0032;
    double lat = LayerData.Y0 + 0.0015;
    JtsLayer near = decode("/tiles/buildings/" + z18 + "/" + tileX(lon, z18) + "/" + tileY(lat, z18) + ".mvt",
        "buildings");
    assertThat(near.getGeometries().stream().map(g -> tags(g).get("id"))).contains(LayerData.TINY_BUILDING);
  }

  @Test
  void emptyTilesAre204AndBadCoordinates400() {
    assertThat(fetch("/tiles/grids/14/0/0.mvt").statusCode()).isEqualTo(204);
    assertThat(fetch("/tiles/buildings/5/" + tileX(LayerData.X0, 5) + "/" + tileY(LayerData.Y0, 5) + ".mvt")
        .statusCode()).as("below the layer's minimum zoom").isEqualTo(204);
    for (String bad : new String[] {"23/0/0", "3/8/0", "3/0/8", "a/0/0", "3/-1/0", "3/1.5/0"}) {
      HttpResponse<byte[]> response = fetch("/tiles/grids/" + bad + ".mvt");
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(new String(response.body())).getString("error")).isEqualTo("bad_request");
    }
    assertThat(fetch("/tiles/people/14/0/0.mvt").statusCode()).isEqualTo(404);
    assertThat(server.get("/tiles/grids/14/0/0.mvt", null).statusCode()).isEqualTo(401);
  }

  @Test
  void tilesHaveStrongETagsGzipAndCacheHeaders() throws IOException {
    String path = "/tiles/buildings/" + gridTile(14) + ".mvt";
    HttpResponse<byte[]> plain = fetch(path);
    String etag = plain.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(plain.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));
    assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(fetch(path, "If-None-Match", etag).statusCode()).isEqualTo(304);

    HttpResponse<byte[]> zipped = fetch(path, "Accept-Encoding", "gzip");
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
    assertThat(zippedTag).isNotEqualTo(etag);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    assertThat(fetch(path, "Accept-Encoding", "gzip", "If-None-Match", zippedTag).statusCode()).isEqualTo(304);
    assertThat(fetch(path, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
  }

  @Test
  void tilesFollowChangesInTheDatabase() throws Exception {
    String path = "/tiles/grids/" + gridTile(14) + ".mvt";
    String before = fetch(path).headers().firstValue("ETag").orElseThrow();
    LayerData.await(db.query("UPDATE grid SET name = ?, version = version + 1 WHERE code = ?",
        Tuple.of("洛阳村北网格", LayerData.GRID_A2)));
    try {
      assertThat(awaitName(path, "洛阳村北网格")).isEqualTo("洛阳村北网格");
      assertThat(fetch(path).headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(before));
    } finally {
      LayerData.await(db.query("UPDATE grid SET name = ?, version = version + 1 WHERE code = ?",
          Tuple.of("洛阳村第二网格", LayerData.GRID_A2)));
      // Leave the tile as the other tests expect it (the cache may serve the edit for up to a second).
      awaitName(path, "洛阳村第二网格");
    }
  }

  /** Polls the tile (the layer signature is re-read at most once a second) until grid 2 has the name, up to 10 s. */
  private static String awaitName(String path, String wanted) throws Exception {
    String name = null;
    for (int i = 0; i < 100 && !wanted.equals(name); i++) {
      Thread.sleep(100);
      name = decode(path, "grids").getGeometries().stream()
          .filter(g -> LayerData.GRID_A2.equals(tags(g).get("code")))
          .map(g -> (String) tags(g).get("name")).findFirst().orElseThrow();
    }
    return name;
  }
}
