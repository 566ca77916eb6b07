package org.gridscape.server.tileset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridscape.server.testing.TwoGridVillage.feature;
import static org.gridscape.server.testing.TwoGridVillage.ring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gridscape.scene.testing.SceneValidators;
import org.gridscape.server.testing.MeshTileset;
import org.gridscape.server.testing.MeshTileset.Footprint;
import org.gridscape.server.testing.MeshTileset.Options;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Imports of zipped 3D Tiles tilesets end to end over HTTP, on tilesets that
 * {@code web-viewer/test/mesh-tileset.mjs} writes with @gltf-transform/core (a textured heightfield
 * over a bounding box, two footprints raised): what is stored, listed, served and where it is
 * attached; and every refusal names the problem and leaves no row and no file behind. Expected
 * bounds, hashes and bytes are worked out here from the inputs and the generated files. Run on H2
 * and on PostgreSQL by subclasses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TilesetApiContract {

  static final String VILLAGE = TwoGridVillage.VILLAGE;
  static final String TOWNSHIP = "350521104000";
  /** Inside the village 洛阳村 (118.700-118.704 E, 24.960-24.9627 N). */
  static final double[] BBOX = {118.7005, 24.9605, 118.7035, 24.9622};
  /** Inside the township, outside the village. */
  static final double[] TOWNSHIP_BBOX = {118.7500, 24.9500, 118.7520, 24.9512};
  static final List<Footprint> FOOTPRINTS = List.of(Footprint.box(118.7010, 24.9610, 118.7015, 24.9615, 12),
      Footprint.ofWkt("POLYGON ((118.7025 24.9610, 118.7028 24.9610, 118.7028 24.9613, 118.7025 24.9613, "
          + "118.7025 24.9610))", 30));

  static TestServer server;
  static String admin;
  static Path work;
  static Path stored;
  static Map<String, byte[]> mesh;
  static final AtomicInteger CHANGES = new AtomicInteger();
  static JsonObject first;

  static void startOn(TestDatabases.Kind kind) throws IOException {
    MeshTileset.require(TilesetApiContract.class.getSimpleName() + " on " + kind);
    server = TestServer.start(kind);
    admin = server.adminToken();
    HttpResponse<String> regions = server.send("POST", "/api/v1/imports/regions", admin, "application/geo+json",
        regions());
    assertThat(regions.statusCode()).as(regions.body()).isEqualTo(201);
    ImportedTilesets tilesets = server.server().context().tilesets();
    tilesets.setOnChange(CHANGES::incrementAndGet);
    stored = tilesets.directory();
    work = Files.createTempDirectory("gridscape-tileset-test-");
    MeshTileset.write(work.resolve("mesh"), BBOX, FOOTPRINTS, Options.DEFAULT);
    mesh = MeshTileset.files(work.resolve("mesh"));
    assertThat(mesh.keySet()).containsExactly("tile.glb", "tileset.json");
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String regions() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"350521000000\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1))
        + "," + feature("{\"code\":\"" + TOWNSHIP + "\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":"
            + "\"350521000000\"}", ring(118.6, 24.9, 118.8, 25.0))
        + "," + feature("{\"code\":\"350521105000\",\"name\":\"东园镇\",\"level\":\"township\",\"parent\":"
            + "\"350521000000\"}", ring(118.8, 24.9, 118.9, 25.0))
        + "," + feature("{\"code\":\"" + VILLAGE + "\",\"name\":\"洛阳村\",\"level\":\"village\",\"parent\":\""
            + TOWNSHIP + "\"}", ring(TwoGridVillage.X0, TwoGridVillage.Y0, TwoGridVillage.X2, TwoGridVillage.Y1))
        + "]}";
  }

  // ----------------------------------------------------------------------------------- the tests

  @Test
  @Order(1)
  void theGeneratedMeshPassesTheKhronosValidatorAndTheTilesetTheSchema() throws Exception {
    assertThat(khronosValidator(work.resolve("mesh/tile.glb"))).isZero();
    SceneValidators.assertValidTileset("tileset.json", mesh.get("tileset.json"));
  }

  @Test
  @Order(2)
  void aGoodImportIsStoredServedListedAndAttachedToItsVillage() {
    int changes = CHANGES.get();
    first = MeshTileset.importInto(server, admin, "洛阳村倾斜摄影 2026", MeshTileset.zip(mesh, null));
    assertThat(first.getString("id")).matches("mesh-[0-9a-f]{10}");
    assertThat(first.getString("name")).isEqualTo("洛阳村倾斜摄影 2026");
    assertThat(first.getJsonObject("region")).isEqualTo(new JsonObject().put("code", VILLAGE).put("name", "洛阳村")
        .put("level", "village"));
    assertBounds(first.getJsonArray("bounds"), BBOX, 1e-6);
    assertThat(first.getDouble("minHeight")).isCloseTo(0, within(1e-9));
    assertThat(first.getDouble("maxHeight")).isCloseTo(30, within(1e-9));
    JsonObject generated = new JsonObject(new String(mesh.get("tileset.json"), StandardCharsets.UTF_8));
    assertThat(first.getDouble("geometricError")).isEqualTo(generated.getDouble("geometricError"));
    assertThat(first.getString("createdBy")).isEqualTo("admin");
    assertThat(first.getLong("files")).isEqualTo(2);
    assertThat(CHANGES.get()).isEqualTo(changes + 1);

    // the root JSON: named by its hash, the generated one with its content URI pointing at the stored glb
    String glbName = sha16(mesh.get("tile.glb")) + ".glb";
    String uri = first.getString("uri");
    assertThat(uri).matches("/3dtiles/imported/[0-9a-f]{16}\\.json");
    HttpResponse<byte[]> root = getBytes(uri, admin, null);
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(root.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    assertThat(uri).endsWith("/" + sha16(root.body()) + ".json");
    JsonObject served = new JsonObject(new String(root.body(), StandardCharsets.UTF_8));
    generated.getJsonObject("root").getJsonObject("content").put("uri", glbName);
    assertThat(served).isEqualTo(generated);
    SceneValidators.assertValidTileset(uri, root.body());
    assertThat(first.getLong("bytes")).isEqualTo(root.body().length + mesh.get("tile.glb").length);

    // the glb: the generated bytes, immutable, with its ETag answered by 304
    HttpResponse<byte[]> glb = getBytes("/3dtiles/imported/" + glbName, admin, null);
    assertThat(glb.statusCode()).isEqualTo(200);
    assertThat(glb.headers().firstValue("Content-Type")).hasValue("model/gltf-binary");
    assertThat(glb.body()).isEqualTo(mesh.get("tile.glb"));
    String etag = glb.headers().firstValue("ETag").orElseThrow();
    assertThat(getBytes("/3dtiles/imported/" + glbName, admin, etag).statusCode()).isEqualTo(304);
    assertThat(getBytes("/3dtiles/imported/" + glbName, null, null).statusCode()).isEqualTo(401);
    assertThat(storedFiles()).containsExactlyInAnyOrder(glbName, uri.substring(uri.lastIndexOf('/') + 1));

    // listed, and through the Java API the scene publisher reads
    JsonArray listed = new JsonObject(server.get("/api/v1/tilesets", admin).body()).getJsonArray("tilesets");
    assertThat(listed).contains(first);
    List<ImportedTileset> list = await(server.server().context().tilesets().list());
    ImportedTileset record = list.stream().filter(t -> t.id().equals(first.getString("id"))).findFirst().orElseThrow();
    assertThat(record.regionCode()).isEqualTo(VILLAGE);
    assertThat(record.uri()).isEqualTo(uri);
    assertThat(record.west()).isCloseTo(BBOX[0], within(1e-6));
    assertThat(record.north()).isCloseTo(BBOX[3], within(1e-6));

    // in the change feed, with the village it covers
    HttpResponse<String> feed = server.get("/api/v1/changes?since=0&limit=1000", admin);
    assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
    List<JsonObject> entries = new JsonObject(feed.body()).getJsonArray("changes").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("kind").equals("tileset") && e.getString("id").equals(first.getString("id")))
        .toList();
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).getString("region")).isEqualTo(VILLAGE);
  }

  @Test
  @Order(3)
  void theSameTilesetImportedAgainIsStoredOnce() {
    Set<String> before = storedFiles();
    JsonObject again = MeshTileset.importInto(server, admin, "again", MeshTileset.zip(mesh, "export"));
    assertThat(again.getString("id")).isNotEqualTo(first.getString("id"));
    assertThat(again.getString("uri")).isEqualTo(first.getString("uri"));
    assertThat(storedFiles()).isEqualTo(before);
    assertThat(rows()).hasSize(2);
  }

  @Test
  @Order(4)
  void externalTilesetsAreFollowedAndABoxIsPlacedThroughItsTransform() {
    byte[] zip = MeshTileset.zip(TOWNSHIP_BBOX, List.of(Footprint.box(118.7505, 24.9502, 118.7510, 24.9506, 20)),
        Options.DEFAULT.withVolume("box").withExternal(true));
    JsonObject imported = MeshTileset.importInto(server, admin, "镇区", zip);
    assertThat(imported.getJsonObject("region").getString("code")).isEqualTo(TOWNSHIP);
    assertThat(imported.getLong("files")).isEqualTo(3);
    // the box's corners cover the area, a little more (the ground curves below the east-north plane)
    JsonArray b = imported.getJsonArray("bounds");
    assertThat(b.getDouble(0)).isBetween(TOWNSHIP_BBOX[0] - 1e-5, TOWNSHIP_BBOX[0] + 1e-9);
    assertThat(b.getDouble(1)).isBetween(TOWNSHIP_BBOX[1] - 1e-5, TOWNSHIP_BBOX[1] + 1e-9);
    assertThat(b.getDouble(2)).isBetween(TOWNSHIP_BBOX[2] - 1e-9, TOWNSHIP_BBOX[2] + 1e-5);
    assertThat(b.getDouble(3)).isBetween(TOWNSHIP_BBOX[3] - 1e-9, TOWNSHIP_BBOX[3] + 1e-5);
    assertThat(imported.getDouble("maxHeight")).isBetween(20.0, 20.5);
    // root -> external tileset -> glb, every link a stored file
    JsonObject root = new JsonObject(server.get(imported.getString("uri"), admin).body());
    String external = root.getJsonObject("root").getJsonObject("content").getString("uri");
    assertThat(external).matches("[0-9a-f]{16}\\.json");
    JsonObject detail = new JsonObject(server.get("/3dtiles/imported/" + external, admin).body());
    String glb = detail.getJsonObject("root").getJsonObject("content").getString("uri");
    assertThat(glb).matches("[0-9a-f]{16}\\.glb");
    assertThat(getBytes("/3dtiles/imported/" + glb, admin, null).statusCode()).isEqualTo(200);
    assertThat(server.send("DELETE", "/api/v1/tilesets/" + imported.getString("id"), admin, null, null).statusCode())
        .isEqualTo(204);
    assertThat(storedFiles()).doesNotContain(external, glb);
  }

  @Test
  @Order(5)
  void b3dmContentIsAcceptedAndServedAsOctetStream() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    JsonObject tileset = new JsonObject(new String(mesh.get("tileset.json"), StandardCharsets.UTF_8));
    tileset.put("asset", new JsonObject().put("version", "1.0"));
    tileset.getJsonObject("root").put("content", new JsonObject().put("url", "data/tile.b3dm"));
    files.put("tileset.json", tileset.toBuffer().getBytes());
    byte[] b3dm = b3dm(mesh.get("tile.glb"), false);
    files.put("data/tile.b3dm", b3dm);
    JsonObject imported = MeshTileset.importInto(server, admin, "b3dm", MeshTileset.zip(files, null));
    JsonObject root = new JsonObject(server.get(imported.getString("uri"), admin).body());
    String name = root.getJsonObject("root").getJsonObject("content").getString("url");
    assertThat(name).isEqualTo(sha16(b3dm) + ".b3dm");
    HttpResponse<byte[]> served = getBytes("/3dtiles/imported/" + name, admin, null);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(served.body()).isEqualTo(b3dm);
    assertThat(server.send("DELETE", "/api/v1/tilesets/" + imported.getString("id"), admin, null, null).statusCode())
        .isEqualTo(204);
    assertThat(storedFiles()).doesNotContain(name);
  }

  @Test
  @Order(6)
  void aBodyThatIsNotAZipIsRefused() {
    assertRefused(mesh.get("tile.glb"), 400, "not_a_zip", "not a readable zip");
  }

  @Test
  @Order(7)
  void aZipWithoutATilesetIsRefused() {
    assertRefused(MeshTileset.zip(Map.of("readme.txt", bytes("photos"), "models/a.glb", mesh.get("tile.glb")), null),
        422, "no_tileset", "no tileset.json at the root of the zip or in its single top-level folder");
    assertRefused(MeshTileset.zip(Map.of("tileset.json", bytes("{\"hello\": 1}")), null), 422, "invalid_tileset",
        "tileset.json: asset.version is missing");
    assertRefused(MeshTileset.zip(Map.of("tileset.json", bytes("{\"asset\": {\"version\": \"1.1\"}, ")), null), 422,
        "invalid_tileset", "tileset.json: is not JSON");
    JsonObject noVolume = new JsonObject(new String(mesh.get("tileset.json"), StandardCharsets.UTF_8));
    noVolume.getJsonObject("root").put("boundingVolume", new JsonObject().put("box", new JsonArray().add(1).add(2)));
    assertRefused(MeshTileset.zip(Map.of("tileset.json", noVolume.toBuffer().getBytes(), "tile.glb",
        mesh.get("tile.glb")), null), 422, "invalid_tileset", "tile root boundingVolume box must be 12 numbers");
  }

  @Test
  @Order(8)
  void aTilesetWithAMissingContentFileIsRefused() {
    JsonObject error = assertRefused(MeshTileset.zip(Map.of("tileset.json", mesh.get("tileset.json")), "mesh"), 422,
        "missing_content", "mesh/tileset.json: tile root content tile.glb is not in the zip (looked for mesh/tile.glb)");
    assertThat(error.getJsonArray("details").getJsonObject(0).getString("file")).isEqualTo("mesh/tileset.json");
  }

  @Test
  @Order(9)
  void aTilesetOutsideTheDistrictIsRefusedNamingItsBounds() {
    double[] away = {BBOX[0] + 1, BBOX[1], BBOX[2] + 1, BBOX[3]};
    assertRefused(MeshTileset.zip(away, FOOTPRINTS), 422, "outside_district", String.format(Locale.ROOT,
        "the tileset lies outside the district: its bounds [%.6f, %.6f, %.6f, %.6f]", away[0], away[1], away[2],
        away[3]));
  }

  @Test
  @Order(10)
  void aZipSlipEntryIsRefused() {
    Map<String, byte[]> files = new LinkedHashMap<>(mesh);
    files.put("../evil.txt", bytes("outside"));
    assertRefused(MeshTileset.zip(files, null), 422, "unsafe_zip_entry", "../evil.txt: the zip holds an entry whose "
        + "path leaves the folder");
    files.remove("../evil.txt");
    files.put("/etc/cron.d/evil", bytes("outside"));
    assertRefused(MeshTileset.zip(files, null), 422, "unsafe_zip_entry", "absolute path");
  }

  @Test
  @Order(11)
  void aGlbWithAnExternalImageIsRefused() {
    Map<String, byte[]> files = new LinkedHashMap<>(mesh);
    files.put("tile.glb", withExternalImage(mesh.get("tile.glb")));
    files.put("texture.png", bytes("not really"));
    assertRefused(MeshTileset.zip(files, null), 422, "external_resource",
        "tile.glb: the glb's image 0 refers to the external file 'texture.png'");
  }

  @Test
  @Order(12)
  void brokenAndUnsupportedContentIsRefused() {
    Map<String, byte[]> files = new LinkedHashMap<>(mesh);
    byte[] b3dm = b3dm(mesh.get("tile.glb"), true);
    JsonObject tileset = new JsonObject(new String(mesh.get("tileset.json"), StandardCharsets.UTF_8));
    tileset.getJsonObject("root").getJsonObject("content").put("uri", "tile.b3dm");
    files.put("tileset.json", tileset.toBuffer().getBytes());
    files.put("tile.b3dm", b3dm);
    assertRefused(MeshTileset.zip(files, null), 422, "invalid_content", "tile.b3dm: the b3dm header's byteLength is");
    tileset.getJsonObject("root").getJsonObject("content").put("uri", "cloud.pnts");
    files.put("tileset.json", tileset.toBuffer().getBytes());
    files.put("cloud.pnts", bytes("pnts and some points"));
    assertRefused(MeshTileset.zip(files, null), 422, "unsupported_content", "cloud.pnts: is point cloud (pnts) content");
  }

  @Test
  @Order(13)
  void requestsWithoutANameOrWithAnotherBodyAreRefused() {
    // a small body: a refusal before the body is read closes the connection, which a client still
    // sending a large body may only notice at its timeout
    byte[] zip = MeshTileset.zip(Map.of("tileset.json", bytes("{}")), null);
    HttpResponse<String> noName = server.send(server.request("/api/v1/imports/3dtiles", admin)
        .header("Content-Type", "application/zip").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(zip))
        .build());
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noName.body()).getString("error")).isEqualTo("bad_parameter");
    HttpResponse<String> json = server.send("POST", "/api/v1/imports/3dtiles?name=x", admin, "application/json", "{}");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(rows()).hasSize(2);
  }

  @Test
  @Order(14)
  void deletingKeepsFilesAnotherTilesetUsesAndRemovesTheLastCopy() {
    JsonArray before = rows();
    assertThat(before).hasSize(2);
    Set<String> files = storedFiles();
    String uri = first.getString("uri");
    int changes = CHANGES.get();
    assertThat(server.send("DELETE", "/api/v1/tilesets/" + first.getString("id"), admin, null, null).statusCode())
        .isEqualTo(204);
    assertThat(CHANGES.get()).isEqualTo(changes + 1);
    assertThat(storedFiles()).isEqualTo(files); // the re-import still uses them
    assertThat(server.get(uri, admin).statusCode()).isEqualTo(200);
    String other = rows().getJsonObject(0).getString("id");
    assertThat(server.send("DELETE", "/api/v1/tilesets/" + other, admin, null, null).statusCode()).isEqualTo(204);
    assertThat(storedFiles()).isEmpty();
    HttpResponse<String> gone = server.get(uri, admin);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(gone.body()).getString("error")).isEqualTo("not_found");
    HttpResponse<String> again = server.send("DELETE", "/api/v1/tilesets/" + other, admin, null, null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(server.get("/3dtiles/imported/..%2Ftileset.json", admin).statusCode()).isEqualTo(404);
    assertThat(server.get("/3dtiles/imported/0123456789abcdef.pnts", admin).statusCode()).isEqualTo(404);
  }

  // ----------------------------------------------------------------------------------- helpers

  /** Posts the zip, expects the refusal, and checks that no row and no file (nor a leftover) was added. */
  static JsonObject assertRefused(byte[] zip, int status, String code, String message) {
    JsonArray rowsBefore = rows();
    Set<String> before = allEntries();
    int changes = CHANGES.get();
    HttpResponse<String> response = MeshTileset.upload(server, admin, "refused", zip);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonObject error = new JsonObject(response.body());
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("message")).contains(message);
    assertThat(rows()).isEqualTo(rowsBefore);
    assertThat(allEntries()).isEqualTo(before);
    assertThat(CHANGES.get()).isEqualTo(changes);
    return error;
  }

  static JsonArray rows() {
    HttpResponse<String> response = server.get("/api/v1/tilesets", admin);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("tilesets");
  }

  /** The stored files (not the hidden upload and staging entries). */
  static Set<String> storedFiles() {
    Set<String> out = new TreeSet<>(allEntries());
    out.removeIf(name -> name.startsWith("."));
    return out;
  }

  static Set<String> allEntries() {
    try (Stream<Path> files = Files.list(stored)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static HttpResponse<byte[]> getBytes(String path, String token, String ifNoneMatch) {
    var request = server.request(path, token).GET();
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return server.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static void assertBounds(JsonArray bounds, double[] expected, double tolerance) {
    assertThat(bounds).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(bounds.getDouble(i)).as("bounds[%d]", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  /** A b3dm (version 1) around the glb with a feature table {"BATCH_LENGTH":0}; {@code wrongLength}: header lies. */
  static byte[] b3dm(byte[] glb, boolean wrongLength) {
    byte[] table = padded("{\"BATCH_LENGTH\":0}", 28);
    ByteBuffer out = ByteBuffer.allocate(28 + table.length + glb.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(bytes("b3dm")).putInt(1).putInt(out.capacity() + (wrongLength ? 8 : 0)).putInt(table.length).putInt(0)
        .putInt(0).putInt(0).put(table).put(glb);
    return out.array();
  }

  /** The JSON padded with spaces so that what follows it starts on 8 bytes after {@code offset}. */
  static byte[] padded(String json, int offset) {
    StringBuilder text = new StringBuilder(json);
    while ((offset + text.length()) % 8 != 0) {
      text.append(' ');
    }
    return bytes(text.toString());
  }

  /** The glb with its first image moved out to "texture.png" (the JSON chunk rewritten, the BIN chunk kept). */
  static byte[] withExternalImage(byte[] glb) {
    ByteBuffer in = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
    int jsonLength = in.getInt(12);
    JsonObject gltf = new JsonObject(new String(glb, 20, jsonLength, StandardCharsets.UTF_8));
    JsonObject image = gltf.getJsonArray("images").getJsonObject(0);
    image.remove("bufferView");
    image.put("uri", "texture.png");
    byte[] json = padded(gltf.encode(), 0);
    byte[] rest = java.util.Arrays.copyOfRange(glb, 20 + jsonLength, glb.length);
    ByteBuffer out = ByteBuffer.allocate(20 + json.length + rest.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(bytes("glTF")).putInt(2).putInt(out.capacity()).putInt(json.length).put(bytes("JSON")).put(json).put(rest);
    return out.array();
  }

  /**
   * Runs the Khronos glTF validator (scene-builder's validate-glb.cjs, npm gltf-validator) on one
   * GLB and asserts 0 errors; its warnings. (SceneValidators.assertValidGlbs also validates a
   * meshopt-decoded copy, which for a GLB without meshopt comes out with an empty extensionsUsed.)
   */
  static int khronosValidator(Path glb) throws IOException, InterruptedException {
    SceneValidators.requireGltfValidator();
    Path root = SceneValidators.repoRoot();
    Process process = new ProcessBuilder("node", root.resolve("scene-builder/src/test/node/validate-glb.cjs").toString(),
        root.resolve("web-viewer/node_modules").toString(), glb.toAbsolutePath().toString()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    JsonObject report = new JsonArray(out).getJsonObject(0);
    assertThat(report.getInteger("numErrors")).as("glTF validator on %s: %s %s", glb, report, err).isZero();
    assertThat(process.exitValue()).isZero();
    return report.getInteger("numWarnings");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha16(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
