package org.gridscape.server.imagery.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.gridscape.server.grid.edit.SmallVillage;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /imagery/base.json} and its tiles over HTTP: TileJSON, PNG, ETag/304, bad input, API keys. */
class BaseMapApiTest {

  private static TestServer server;
  private static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    token = server.adminToken();
    SmallVillage.load(server, token);
    assertThat(server.postJson("/api/v1/users", token, new JsonObject().put("username", "citygis")
        .put("password", "citygis-password").put("roles", new JsonArray().add("apiclient"))).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tileJsonDescribesTheRasterLayerOverTheDistrict() {
    HttpResponse<String> r = server.get("/imagery/base.json", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject doc = new JsonObject(r.body());
    assertThat(doc.getString("tilejson")).isEqualTo("3.0.0");
    assertThat(doc.getJsonArray("tiles").getString(0)).isEqualTo(server.uri("/").toString().replaceAll("/$", "")
        + "/imagery/base/{z}/{x}/{y}.png");
    assertThat(doc.getInteger("minzoom")).isEqualTo(BaseMapService.MIN_ZOOM);
    assertThat(doc.getInteger("maxzoom")).isEqualTo(BaseMapService.MAX_ZOOM);
    // the one village of the fixture spans 118.900-118.904 E, 25.000-25.003 N
    JsonArray bounds = doc.getJsonArray("bounds");
    assertThat(bounds.getDouble(0)).isCloseTo(118.900, within(1e-9));
    assertThat(bounds.getDouble(1)).isCloseTo(25.000, within(1e-9));
    assertThat(bounds.getDouble(2)).isCloseTo(118.904, within(1e-9));
    assertThat(bounds.getDouble(3)).isCloseTo(25.003, within(1e-9));
    assertThat(doc.containsKey("vector_layers")).as("a raster TileJSON has no vector layers").isFalse();
  }

  @Test
  void aTileIsAPngServedWithItsETagAndRevalidatedWith304() throws Exception {
    String path = "/imagery/base/16/" + tileX(118.902, 16) + "/" + tileY(25.0015, 16) + ".png";
    HttpResponse<byte[]> first = bytes(server.request(path, token).GET().build());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
    assertThat(image.getWidth()).isEqualTo(256);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = bytes(server.request(path, token).header("If-None-Match", etag).GET().build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void badTileRequestsAreClearErrors() {
    HttpResponse<String> low = server.get("/imagery/base/3/6/3.png", token);
    assertThat(low.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(low.body()).getString("message")).contains("zoom " + BaseMapService.MIN_ZOOM);
    HttpResponse<String> outside = server.get("/imagery/base/10/5000/1.png", token);
    assertThat(outside.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(outside.body()).getString("message")).contains("x and y must be between 0 and 1023");
    assertThat(server.get("/imagery/base/ten/1/1.png", token).statusCode()).isEqualTo(400);
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/imagery/base.json")).GET().build()).statusCode())
        .as("signed out").isEqualTo(401);
  }

  @Test
  void anApiKeyReadsTheBaseMapOnlyWhenItNamesIt() {
    String tile = "/imagery/base/16/" + tileX(118.902, 16) + "/" + tileY(25.0015, 16) + ".png";
    String base = key(new JsonArray().add("base"));
    String gridsOnly = key(new JsonArray().add("grids"));
    assertThat(withKey("/imagery/base.json", base).statusCode()).isEqualTo(200);
    assertThat(withKey(tile, base).statusCode()).isEqualTo(200);
    assertThat(withKey("/imagery/base.json", gridsOnly).statusCode()).isEqualTo(403);
    assertThat(withKey(tile, gridsOnly).statusCode()).isEqualTo(403);
  }

  private static String key(JsonArray layers) {
    HttpResponse<String> created = server.postJson("/api/v1/api-keys", token, new JsonObject().put("username", "citygis")
        .put("layers", layers).put("ratePerMinute", 1000));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("apiKey");
  }

  private static HttpResponse<String> withKey(String path, String key) {
    return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-API-Key", key).GET().build());
  }

  private static HttpResponse<byte[]> bytes(HttpRequest request) {
    return server.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  private static int tileY(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }
}
