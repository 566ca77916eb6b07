package org.gridscape.server.imagery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.testing.TwoGridVillage.feature;
import static org.gridscape.server.testing.TwoGridVillage.ring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.gridscape.server.config.SceneStoreConfig;
import org.gridscape.server.store.ObjectStore;
import org.gridscape.server.testing.Gdal;
import org.gridscape.server.testing.MeshTileset;
import org.gridscape.server.testing.MeshTileset.Footprint;
import org.gridscape.server.testing.S3Server;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The user files replicas share, on PostgreSQL with two in-process replicas A and B (own data
 * directories), the objects in the database and in a real S3-compatible server: an imported 3D
 * Tiles tileset, an imported orthophoto and an event photo, each stored through A, are served by B
 * byte for byte; a tileset or layer removed through A answers 404 on B within the few seconds B
 * trusts what it last read, and B's copies go. (In this package for the GeoTIFF of the imagery
 * contract; it covers all three kinds.)
 */
class ReplicatedFilesTest {

  enum Where { DATABASE, S3 }

  private static final String BUCKET = "gridscape-objects";
  /** Inside the village 洛阳村, as in the tileset contract. */
  private static final double[] BBOX = {118.7005, 24.9605, 118.7035, 24.9622};
  private static final List<Footprint> FOOTPRINTS = List.of(Footprint.box(118.7010, 24.9610, 118.7015, 24.9615, 12));

  private static Path work;
  private static S3Server s3;
  private static byte[] meshZip;

  private TestServer a;
  private TestServer b;

  @BeforeAll
  static void prepare() throws Exception {
    Gdal.require(ReplicatedFilesTest.class.getSimpleName());
    MeshTileset.require(ReplicatedFilesTest.class.getSimpleName());
    work = Files.createTempDirectory("gridscape-replicated-");
    // the imagery contract's four-colour picture, placed over the village in WGS84
    ImageryApiContract.writePpm(work.resolve("quadrants.ppm"));
    Gdal.run(work, "gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:4326", "-a_ullr", "118.7000", "24.9627",
        "118.7040", "24.9600", "-co", "TILED=YES", "quadrants.ppm", "village.tif");
    meshZip = MeshTileset.zip(BBOX, FOOTPRINTS);
    s3 = S3Server.start(Files.createDirectories(work.resolve("s3")));
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void stop() {
    // the replica first: closing the primary drops the schema
    for (TestServer replica : new TestServer[] {b, a}) {
      if (replica != null) {
        replica.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Where.class)
  void whatOneReplicaStoresTheOtherServesAndARemovalReachesBoth(Where where) throws Exception {
    SceneStoreConfig store = where == Where.S3 ? s3.sceneStore(BUCKET, "district-" + System.nanoTime())
        : SceneStoreConfig.database();
    a = TestServer.start(TestDatabases.Kind.POSTGRESQL, config -> config.withSceneStore(store));
    b = TestServer.replicaOf(a, config -> config.withSceneStore(store));
    String adminA = a.adminToken();
    String adminB = b.adminToken();
    ObjectStore objects = a.server().context().sharedObjects().orElseThrow();
    village(adminA);

    // 3D Tiles: the root JSON and the mesh it references, the same bytes from both replicas
    JsonObject tileset = MeshTileset.importInto(a, adminA, "mesh", meshZip);
    String root = tileset.getString("uri");
    byte[] rootJson = sameFromBoth(root, adminA, adminB);
    String glb = "/3dtiles/imported/" + new JsonObject(new String(rootJson, java.nio.charset.StandardCharsets.UTF_8))
        .getJsonObject("root").getJsonObject("content").getString("uri");
    assertThat(sameFromBoth(glb, adminA, adminB)).hasSizeGreaterThan(100);
    assertThat(objects.names("tilesets/")).hasSize(2);
    Path copyOnB = dataDir(b).resolve("scenes/imported").resolve(glb.substring(glb.lastIndexOf('/') + 1));
    assertThat(copyOnB).exists();

    // an orthophoto: every stored tile and an empty one, the same bytes from both replicas
    String layer = importImagery(adminA);
    Path tilesOnA = dataDir(a).resolve("imagery").resolve(layer);
    List<String> tiles = new ArrayList<>();
    try (Stream<Path> files = Files.walk(tilesOnA)) {
      files.filter(Files::isRegularFile).forEach(f -> tiles.add(tilesOnA.relativize(f).toString().replace('\\', '/')));
    }
    assertThat(tiles).isNotEmpty();
    assertThat(objects.names("imagery/" + layer + "/")).hasSize(tiles.size());
    for (String tile : tiles) {
      assertThat(sameFromBoth("/imagery/" + layer + "/" + tile, adminA, adminB)).isEqualTo(
          Files.readAllBytes(tilesOnA.resolve(tile)));
    }
    // (the TileJSON names each replica's own origin)
    assertThat(status(b, "/imagery/" + layer + ".json", adminB)).isEqualTo(200);
    int z = Integer.parseInt(tiles.get(0).split("/")[0]);
    String empty = "/imagery/" + layer + "/" + z + "/0/0.png"; // far from the picture: transparent
    assertThat(sameFromBoth(empty, adminA, adminB)).isNotEmpty();

    // an event photo: uploaded through A, downloaded through B
    String event = report(adminA);
    byte[] photo = png();
    HttpResponse<String> uploaded = a.send(a.request("/api/v1/events/" + event + "/attachments", adminA)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    String href = new JsonObject(uploaded.body()).getString("href");
    assertThat(sameFromBoth(href, adminA, adminB)).isEqualTo(photo);
    assertThat(objects.names("attachments/")).hasSize(1);

    // removals through A: B answers 404 within the time it trusts its last reading, and drops its copies
    assertThat(a.send("DELETE", "/api/v1/tilesets/" + tileset.getString("id"), adminA, null, null).statusCode())
        .isEqualTo(204);
    assertThat(a.send("DELETE", "/api/v1/imagery/" + layer, adminA, null, null).statusCode()).isEqualTo(204);
    assertThat(status(a, root, adminA)).isEqualTo(404);
    assertThat(status(a, "/imagery/" + layer + "/" + tiles.get(0), adminA)).isEqualTo(404);
    eventually(() -> status(b, root, adminB) == 404 && status(b, glb, adminB) == 404
        && status(b, "/imagery/" + layer + "/" + tiles.get(0), adminB) == 404);
    eventually(() -> !Files.exists(copyOnB) && !Files.exists(dataDir(b).resolve("imagery").resolve(layer)));
    assertThat(objects.names("tilesets/")).isEmpty();
    assertThat(objects.names("imagery/")).isEmpty();
    // the photo stays with its event
    assertThat(sameFromBoth(href, adminA, adminB)).isEqualTo(photo);
  }

  /** GETs the path from A and from B: 200 from both with the same bytes, which it returns. */
  private byte[] sameFromBoth(String path, String tokenA, String tokenB) {
    HttpResponse<byte[]> fromA = a.send(a.request(path, tokenA).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> fromB = b.send(b.request(path, tokenB).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fromA.statusCode()).as("A " + path).isEqualTo(200);
    assertThat(fromB.statusCode()).as("B " + path).isEqualTo(200);
    assertThat(fromB.body()).as("B " + path).isEqualTo(fromA.body());
    return fromA.body();
  }

  private static int status(TestServer server, String path, String token) {
    return server.send(server.request(path, token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static Path dataDir(TestServer server) {
    return server.server().context().config().dataDir().toAbsolutePath();
  }

  /** The regions, plan and grids of the two-grid village, published (as the events tests set them up). */
  private void village(String admin) {
    String regions = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"350521000000\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1))
        + "," + feature("{\"code\":\"350521104000\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\"350521000000\"}",
            ring(118.6, 24.9, 118.8, 25.0))
        + "," + feature("{\"code\":\"" + TwoGridVillage.VILLAGE + "\",\"name\":\"洛阳村\",\"level\":\"village\","
            + "\"parent\":\"350521104000\"}", ring(TwoGridVillage.X0, TwoGridVillage.Y0, TwoGridVillage.X2,
            TwoGridVillage.Y1))
        + "]}";
    expect(a.send("POST", "/api/v1/imports/regions", admin, "application/geo+json", regions), 201);
    expect(a.send("POST", "/api/v1/imports/village-plan?village=" + TwoGridVillage.VILLAGE, admin,
        "application/geo+json", TwoGridVillage.plan()), 201);
    expect(a.send("POST", "/api/v1/imports/grids?village=" + TwoGridVillage.VILLAGE, admin, "application/geo+json",
        TwoGridVillage.grids()), 201);
    expect(a.send("POST", "/api/v1/villages/" + TwoGridVillage.VILLAGE + "/publish", admin, null, null), 200);
  }

  private String report(String admin) {
    JsonObject body = new JsonObject().put("category", "sanitation").put("level", "general").put("lon", 118.7010)
        .put("lat", 24.9615).put("description", "replicated photo").put("attachments", new JsonArray());
    HttpResponse<String> created = a.postJson("/api/v1/events", admin, body);
    expect(created, 201);
    return new JsonObject(created.body()).getJsonObject("properties").getString("id");
  }

  private String importImagery(String admin) throws IOException, InterruptedException {
    HttpResponse<String> accepted = a.send(a.request("/api/v1/imports/imagery?name=village", admin)
        .header("Content-Type", "image/tiff").POST(HttpRequest.BodyPublishers.ofFile(work.resolve("village.tif")))
        .build());
    expect(accepted, 202);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    JsonObject job = new JsonObject(accepted.body());
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Set.of("succeeded", "failed").contains(job.getString("state")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      job = new JsonObject(a.get(location, admin).body());
    }
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
    return job.getString("layerId");
  }

  private static byte[] png() throws IOException {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xff4d4f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static void expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }
}
