package org.gridscape.server.imagery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.gridscape.server.testing.Gdal;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Orthophoto imports end to end over HTTP, on GeoTIFFs that GDAL makes from a generated image with
 * four coloured quadrants: one in CGCS2000 / Gauss-Kruger CM 120E (EPSG:4549), tiled, Deflate, with
 * overviews; one warped by gdalwarp to WGS84 (EPSG:4326), striped, RGBA. Expected bounds, zooms and
 * colours are worked out here from the inputs (proj4j, gdalinfo), not from the server's answers.
 * Run on H2 and on PostgreSQL by subclasses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ImageryApiContract {

  static final int WIDTH = 1200, HEIGHT = 800;
  static final double PIXEL = 0.5; // metres
  /** NW red, NE green, SW blue, SE yellow. */
  static final int[][] COLOURS = {{220, 30, 30}, {30, 200, 60}, {40, 60, 220}, {230, 220, 40}};

  private static final CoordinateTransformFactory TRANSFORMS = new CoordinateTransformFactory();
  private static final CRSFactory CRS = new CRSFactory();
  private static final CoordinateTransform GK_TO_WGS = TRANSFORMS.createTransform(CRS.createFromName("EPSG:4549"),
      CRS.createFromName("EPSG:4326"));
  private static final CoordinateTransform WGS_TO_GK = TRANSFORMS.createTransform(CRS.createFromName("EPSG:4326"),
      CRS.createFromName("EPSG:4549"));

  static TestServer server;
  static String admin;
  static Path dir;
  static double ulx, uly;
  static String gkLayer, wgsLayer;
  static JsonObject wgsInfo;

  static void startOn(TestDatabases.Kind kind) throws IOException {
    Gdal.require(ImageryApiContract.class.getSimpleName() + " on " + kind);
    server = TestServer.start(kind);
    admin = server.adminToken();
    dir = Files.createTempDirectory("gridscape-imagery-test-");
    // The upper-left corner near 118.70E 24.965N, on whole metres of the zone.
    double[] corner = transform(WGS_TO_GK, 118.700, 24.965);
    ulx = Math.round(corner[0]);
    uly = Math.round(corner[1]);
    writePpm(dir.resolve("quadrants.ppm"));
    String[] ullr = {"-a_ullr", plain(ulx), plain(uly), plain(ulx + WIDTH * PIXEL), plain(uly - HEIGHT * PIXEL)};
    gdal("gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:4549", ullr[0], ullr[1], ullr[2], ullr[3], ullr[4],
        "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "quadrants.ppm", "gk-tiled.tif");
    gdal("gdaladdo", "-q", "-r", "average", "gk-tiled.tif", "2", "4", "8");
    gdal("gdalwarp", "-q", "-t_srs", "EPSG:4326", "-r", "near", "-dstalpha", "-co", "TILED=NO", "gk-tiled.tif",
        "wgs-striped.tif");
    wgsInfo = Gdal.info(dir.resolve("wgs-striped.tif"));
    assertThat(wgsInfo.getJsonArray("bands")).hasSize(4);
    assertThat(Gdal.info(dir.resolve("gk-tiled.tif")).getJsonArray("bands").getJsonObject(0)
        .getJsonArray("overviews")).hasSize(3);

    gkLayer = importAndWait("gk-tiled.tif", "洛阳镇正射影像 2026", "GK test");
    wgsLayer = importAndWait("wgs-striped.tif", "WGS84 striped", null);
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // ----------------------------------------------------------------------------------- the tests

  @Test
  @Order(0)
  void eachImportedLayerIsInTheChangeFeed() {
    HttpResponse<String> page = server.get("/api/v1/changes?since=0&limit=1000", admin);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    List<String> imported = new JsonObject(page.body()).getJsonArray("changes").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("kind").equals("imagery")).map(e -> e.getString("id")).toList();
    assertThat(imported).containsExactlyInAnyOrder(gkLayer, wgsLayer);
  }

  @Test
  @Order(1)
  void theTileJsonBoundsAreTheImagesCornersReprojected() {
    JsonObject gk = tileJson(gkLayer);
    assertThat(gk.getString("tilejson")).isEqualTo("3.0.0");
    assertThat(gk.getString("name")).isEqualTo("洛阳镇正射影像 2026");
    assertThat(gk.getString("attribution")).isEqualTo("GK test");
    assertThat(gk.getJsonArray("tiles").getString(0)).endsWith("/imagery/" + gkLayer + "/{z}/{x}/{y}.png");
    double west = Double.MAX_VALUE, south = Double.MAX_VALUE, east = -Double.MAX_VALUE, north = -Double.MAX_VALUE;
    for (double[] c : new double[][] {{ulx, uly}, {ulx + WIDTH * PIXEL, uly}, {ulx, uly - HEIGHT * PIXEL},
        {ulx + WIDTH * PIXEL, uly - HEIGHT * PIXEL}}) {
      double[] lonLat = transform(GK_TO_WGS, c[0], c[1]);
      west = Math.min(west, lonLat[0]);
      east = Math.max(east, lonLat[0]);
      south = Math.min(south, lonLat[1]);
      north = Math.max(north, lonLat[1]);
    }
    assertBounds(gk.getJsonArray("bounds"), west, south, east, north, 1e-6);

    // gdalinfo's cornerCoordinates are rounded to 1e-7 degrees: work the corners out of its geoTransform
    JsonArray t = wgsInfo.getJsonArray("geoTransform"), size = wgsInfo.getJsonArray("size");
    assertThat(t.getDouble(2)).isZero();
    assertThat(t.getDouble(4)).isZero();
    assertBounds(tileJson(wgsLayer).getJsonArray("bounds"), t.getDouble(0),
        t.getDouble(3) + size.getInteger(1) * t.getDouble(5), t.getDouble(0) + size.getInteger(0) * t.getDouble(1),
        t.getDouble(3), 1e-9);
  }

  @Test
  @Order(2)
  void theMaxZoomMatchesTheImagesResolution() {
    double lat = centre()[1];
    JsonObject gk = tileJson(gkLayer);
    assertThat(gk.getInteger("maxzoom")).isEqualTo(zoomFor(PIXEL, lat));
    JsonArray transform = wgsInfo.getJsonArray("geoTransform");
    double metresPerDegree = Math.PI / 180 * 6378137.0;
    double metres = Math.min(transform.getDouble(1) * metresPerDegree * Math.cos(Math.toRadians(lat)),
        Math.abs(transform.getDouble(5)) * metresPerDegree);
    JsonObject wgs = tileJson(wgsLayer);
    assertThat(wgs.getInteger("maxzoom")).isEqualTo(zoomFor(metres, lat));
    // min zoom: the deepest at which the whole image fits one tile
    for (JsonObject doc : List.of(gk, wgs)) {
      JsonArray b = doc.getJsonArray("bounds");
      int minZoom = doc.getInteger("minzoom");
      assertThat(minZoom).isBetween(doc.getInteger("maxzoom") - 6, doc.getInteger("maxzoom"));
      assertThat(tileX(b.getDouble(2), minZoom) - tileX(b.getDouble(0), minZoom)).isLessThanOrEqualTo(1);
      assertThat(tileX(b.getDouble(2), minZoom + 1) - tileX(b.getDouble(0), minZoom + 1)).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  @Order(3)
  void aTilePixelHasTheColourOfTheImageThere() throws IOException {
    for (String layer : List.of(gkLayer, wgsLayer)) {
      int maxZoom = tileJson(layer).getInteger("maxzoom");
      for (int quadrant = 0; quadrant < 4; quadrant++) {
        // the centre of the quadrant, in image pixels, to lon/lat
        double column = (quadrant % 2 == 0 ? 0.25 : 0.75) * WIDTH, row = (quadrant < 2 ? 0.25 : 0.75) * HEIGHT;
        double[] lonLat = transform(GK_TO_WGS, ulx + column * PIXEL, uly - row * PIXEL);
        assertThat(expectedColour(lonLat[0], lonLat[1])).isEqualTo(COLOURS[quadrant]);
        for (int z : new int[] {maxZoom, maxZoom - 2}) {
          int argb = pixelAt(layer, z, lonLat[0], lonLat[1]);
          assertThat(argb >>> 24).as("alpha of %s at z%d quadrant %d", layer, z, quadrant).isEqualTo(255);
          int[] rgb = {argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff};
          for (int i = 0; i < 3; i++) {
            assertThat(rgb[i]).as("colour %s of %s at z%d quadrant %d", java.util.Arrays.toString(rgb), layer, z,
                quadrant).isCloseTo(COLOURS[quadrant][i], within(3));
          }
        }
      }
    }
  }

  @Test
  @Order(4)
  void tilesOutsideTheImageAreTransparentAndOutsideTheZoomsAbsent() throws IOException {
    JsonObject doc = tileJson(gkLayer);
    int z = doc.getInteger("maxzoom");
    double west = doc.getJsonArray("bounds").getDouble(0), north = doc.getJsonArray("bounds").getDouble(3);
    HttpResponse<byte[]> beside = tile(gkLayer, z, tileX(west, z) - 3, tileY(north, z), null);
    assertThat(beside.statusCode()).isEqualTo(200);
    BufferedImage empty = ImageIO.read(new ByteArrayInputStream(beside.body()));
    assertThat(empty.getRGB(128, 128) >>> 24).isZero();
    // just west of the image's west edge, in the tile that holds that edge
    int argb = pixelAt(gkLayer, z, west - 0.00002, (north + doc.getJsonArray("bounds").getDouble(1)) / 2);
    assertThat(argb >>> 24).isZero();
    HttpResponse<byte[]> deeper = tile(gkLayer, z + 1, tileX(west, z + 1), tileY(north, z + 1), null);
    assertThat(deeper.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(new String(deeper.body(), StandardCharsets.UTF_8)).getString("error")).isEqualTo("not_found");
    assertThat(tile("ortho-0000000000", z, 0, 0, null).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void tilesAndTileJsonAnswer304ToTheirETag() {
    JsonObject doc = tileJson(gkLayer);
    int z = doc.getInteger("maxzoom");
    double[] c = centre();
    HttpResponse<byte[]> first = tile(gkLayer, z, tileX(c[0], z), tileY(c[1], z), null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(first.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = tile(gkLayer, z, tileX(c[0], z), tileY(c[1], z), etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<String> json = server.get("/imagery/" + gkLayer + ".json", admin);
    String tag = json.headers().firstValue("ETag").orElseThrow();
    assertThat(server.send(server.request("/imagery/" + gkLayer + ".json", admin).header("If-None-Match", tag)
        .GET().build()).statusCode()).isEqualTo(304);
  }

  @Test
  @Order(6)
  void badInputIsRefusedWithA4xxNamingWhatWasWrongAndLeavesNothingBehind() throws IOException {
    int before = layers().size();
    String[] ullr = {"-a_ullr", plain(ulx), plain(uly), plain(ulx + WIDTH * PIXEL), plain(uly - HEIGHT * PIXEL)};
    gdal("gdal_translate", "-q", "-of", "GTiff", "quadrants.ppm", "no-georeferencing.tif");
    gdal("gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:3395", "-a_ullr", "13213000", "2870000", "13213600",
        "2869600", "quadrants.ppm", "world-mercator.tif");
    gdal("gdal_translate", "-q", "-of", "GTiff", "-ot", "UInt16", "-a_srs", "EPSG:4549", ullr[0], ullr[1], ullr[2],
        ullr[3], ullr[4], "quadrants.ppm", "sixteen-bit.tif");
    gdal("gdal_translate", "-q", "-of", "GTiff", "-b", "1", "-a_srs", "EPSG:4549", ullr[0], ullr[1], ullr[2], ullr[3],
        ullr[4], "quadrants.ppm", "one-band.tif");
    Files.writeString(dir.resolve("not-a-tiff.tif"), "this is not an image\n");
    Files.write(dir.resolve("empty.tif"), new byte[0]);
    Object[][] cases = {
        {"not-a-tiff.tif", 400, "not_a_tiff", "not a TIFF"},
        {"empty.tif", 400, "empty_body", "empty"},
        {"quadrants.ppm", 400, "not_a_tiff", "not a TIFF"},
        {"no-georeferencing.tif", 422, "not_georeferenced", "not georeferenced"},
        {"world-mercator.tif", 422, "unsupported_crs", "EPSG:3395"},
        {"sixteen-bit.tif", 422, "unsupported_pixels", "16"},
        {"one-band.tif", 422, "unsupported_pixels", "1 band"},
    };
    for (Object[] c : cases) {
      HttpResponse<String> response = upload((String) c[0], "bad");
      assertThat(response.statusCode()).as("%s: %s", c[0], response.body()).isEqualTo(c[1]);
      JsonObject error = new JsonObject(response.body());
      assertThat(error.getString("error")).as(c[0].toString()).isEqualTo(c[2]);
      assertThat(error.getString("message")).as(c[0].toString()).contains((String) c[3]);
    }
    assertThat(layers()).hasSize(before);
    try (Stream<Path> left = Files.list(imageryDir())) {
      assertThat(left.map(p -> p.getFileName().toString()).toList())
          .as("what the refused imports left under the imagery directory")
          .containsExactlyInAnyOrder(gkLayer, wgsLayer);
    }
  }

  @Test
  @Order(7)
  void anImportThatFailsWhileTilingLeavesNothingBehind() throws IOException {
    int before = layers().size();
    // the directory (at the start of the file gdalwarp writes) is whole; the last 40% of the strips are cut off
    byte[] whole = Files.readAllBytes(dir.resolve("wgs-striped.tif"));
    long directory = java.nio.ByteBuffer.wrap(whole, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    assertThat(directory).as("offset of the first directory").isLessThan(whole.length / 2);
    Files.write(dir.resolve("truncated.tif"), java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
    HttpResponse<String> accepted = upload("truncated.tif", "truncated");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    JsonObject job = new JsonObject(accepted.body());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!List.of("succeeded", "failed").contains(job.getString("state")) && System.nanoTime() < deadline) {
      sleep(100);
      job = new JsonObject(server.get(location, admin).body());
    }
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("failed");
    assertThat(job.getString("error")).contains("cannot be decoded");
    assertThat(layers()).hasSize(before);
    try (Stream<Path> left = Files.list(imageryDir())) {
      assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(gkLayer, wgsLayer);
    }
  }

  @Test
  @Order(8)
  void layersAreListedReorderedToggledRenamedAndRemoved() {
    List<JsonObject> listed = layers();
    assertThat(listed).extracting(l -> l.getString("id")).containsExactly(gkLayer, wgsLayer);
    for (JsonObject layer : listed) {
      assertThat(layer.getString("kind")).isEqualTo("orthophoto");
      assertThat(layer.getBoolean("visible")).isTrue();
      assertThat(layer.getString("tilejson")).isEqualTo("/imagery/" + layer.getString("id") + ".json");
      assertThat(layer.getJsonArray("bounds")).hasSize(4);
    }
    assertThat(listed.get(0).getInteger("order")).isLessThan(listed.get(1).getInteger("order"));

    HttpResponse<String> changed = server.send("PATCH", "/api/v1/imagery/" + gkLayer, admin, "application/json",
        new JsonObject().put("order", 99).put("visible", false).put("name", "renamed").encode());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(layers()).extracting(l -> l.getString("id")).containsExactly(wgsLayer, gkLayer);
    JsonObject moved = layers().get(1);
    assertThat(moved.getBoolean("visible")).isFalse();
    assertThat(moved.getString("name")).isEqualTo("renamed");
    HttpResponse<String> wrong = server.send("PATCH", "/api/v1/imagery/" + gkLayer, admin, "application/json",
        new JsonObject().put("visible", "yes").encode());
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(server.send("PATCH", "/api/v1/imagery/ortho-0000000000", admin, "application/json",
        new JsonObject().put("visible", true).encode()).statusCode()).isEqualTo(404);

    assertThat(server.send("DELETE", "/api/v1/imagery/" + gkLayer, admin, null, null).statusCode()).isEqualTo(204);
    assertThat(layers()).extracting(l -> l.getString("id")).containsExactly(wgsLayer);
    assertThat(server.get("/imagery/" + gkLayer + ".json", admin).statusCode()).isEqualTo(404);
    assertThat(Files.exists(imageryDir().resolve(gkLayer))).isFalse();
    assertThat(server.send("DELETE", "/api/v1/imagery/" + gkLayer, admin, null, null).statusCode()).isEqualTo(404);
  }

  // --------------------------------------------------------------------------------- the helpers

  static String importAndWait(String file, String name, String attribution) {
    HttpResponse<String> accepted = upload(file, name + (attribution == null ? "" : "&attribution=" + attribution));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonObject job = new JsonObject(accepted.body());
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/api/v1/imagery/jobs/" + job.getString("jobId"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!List.of("succeeded", "failed").contains(job.getString("state")) && System.nanoTime() < deadline) {
      sleep(100);
      job = new JsonObject(server.get(location, admin).body());
    }
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
    assertThat(job.getString("phase")).isEqualTo("published");
    assertThat(job.getLong("tilesTotal")).isPositive();
    assertThat(job.getLong("tilesDone")).isEqualTo(job.getLong("tilesTotal"));
    return job.getString("layerId");
  }

  static HttpResponse<String> upload(String file, String nameAndMore) {
    try {
      String query = "?name=" + java.net.URLEncoder.encode(nameAndMore, StandardCharsets.UTF_8).replace("%26", "&")
          .replace("%3D", "=");
      return server.send(server.request("/api/v1/imports/imagery" + query, admin).header("Content-Type", "image/tiff")
          .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve(file))).build());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject tileJson(String layer) {
    HttpResponse<String> response = server.get("/imagery/" + layer + ".json", admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** The orthophotos of the listing (which always begins with the district's own base map). */
  static List<JsonObject> layers() {
    HttpResponse<String> response = server.get("/imagery", admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonObject> all = new JsonObject(response.body()).getJsonArray("layers").stream().map(JsonObject.class::cast)
        .toList();
    assertThat(all.get(0).getString("id")).isEqualTo("base");
    assertThat(all.get(0).getString("tilejson")).isEqualTo("/imagery/base.json");
    return all.stream().filter(l -> "orthophoto".equals(l.getString("kind"))).toList();
  }

  static HttpResponse<byte[]> tile(String layer, int z, int x, int y, String ifNoneMatch) {
    HttpRequest.Builder request = server.request("/imagery/" + layer + "/" + z + "/" + x + "/" + y + ".png", admin);
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return server.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The ARGB pixel of a layer's tile at a lon/lat. */
  static int pixelAt(String layer, int z, double lon, double lat) throws IOException {
    double world = 256.0 * (1 << z);
    double x = (lon + 180) / 360 * world;
    double sin = Math.sin(Math.toRadians(lat));
    double y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * world;
    HttpResponse<byte[]> response = tile(layer, z, (int) (x / 256), (int) (y / 256), null);
    assertThat(response.statusCode()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
    assertThat(image.getWidth()).isEqualTo(256);
    return image.getRGB((int) x % 256, (int) y % 256);
  }

  static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  static int tileY(double lat, int z) {
    double sin = Math.sin(Math.toRadians(lat));
    return (int) Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * (1 << z));
  }

  /** The Web Mercator zoom whose pixel is nearest, in ratio, to the image's ground resolution. */
  static int zoomFor(double metresPerPixel, double lat) {
    double zoom0 = 2 * Math.PI * 6378137.0 * Math.cos(Math.toRadians(lat)) / 256;
    double z = Math.log(zoom0 / metresPerPixel) / Math.log(2);
    assertThat(Math.abs(z - Math.floor(z) - 0.5)).as("zoom %f is not on a rounding edge", z).isGreaterThan(0.05);
    return (int) Math.round(z);
  }

  /** The colour of the generated image at a lon/lat. */
  static int[] expectedColour(double lon, double lat) {
    double[] gk = transform(WGS_TO_GK, lon, lat);
    double column = (gk[0] - ulx) / PIXEL, row = (uly - gk[1]) / PIXEL;
    return COLOURS[(column < WIDTH / 2.0 ? 0 : 1) + (row < HEIGHT / 2.0 ? 0 : 2)];
  }

  static double[] centre() {
    return transform(GK_TO_WGS, ulx + WIDTH * PIXEL / 2, uly - HEIGHT * PIXEL / 2);
  }

  static void assertBounds(JsonArray bounds, double west, double south, double east, double north, double tolerance) {
    assertThat(bounds.getDouble(0)).isCloseTo(west, within(tolerance));
    assertThat(bounds.getDouble(1)).isCloseTo(south, within(tolerance));
    assertThat(bounds.getDouble(2)).isCloseTo(east, within(tolerance));
    assertThat(bounds.getDouble(3)).isCloseTo(north, within(tolerance));
  }

  static Path imageryDir() {
    return server.server().context().config().dataDir().toAbsolutePath().resolve("imagery");
  }

  static double[] transform(CoordinateTransform transform, double x, double y) {
    ProjCoordinate out = new ProjCoordinate();
    transform.transform(new ProjCoordinate(x, y), out);
    return new double[] {out.x, out.y};
  }

  static void writePpm(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(("P6\n" + WIDTH + " " + HEIGHT + "\n255\n").getBytes(StandardCharsets.US_ASCII));
      byte[] row = new byte[WIDTH * 3];
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int[] c = COLOURS[(x < WIDTH / 2 ? 0 : 1) + (y < HEIGHT / 2 ? 0 : 2)];
          row[3 * x] = (byte) c[0];
          row[3 * x + 1] = (byte) c[1];
          row[3 * x + 2] = (byte) c[2];
        }
        out.write(row);
      }
    }
  }

  static void gdal(String... command) {
    Gdal.run(dir, command);
  }

  static String plain(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
