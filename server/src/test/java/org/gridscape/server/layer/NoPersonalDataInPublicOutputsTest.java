package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.scene.BuildMode;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No resident's name, ID number or phone number appears in any 3D tile, vector tile or OGC API
 * response of the sample district. Every such output is fetched or read and searched for every
 * value in the database: ID numbers and phones by their shapes, names (the sample's are surname +
 * 某 + number) by every token around a 某.
 */
@Tag("slow")
class NoPersonalDataInPublicOutputsTest {

  private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[\\dX]");
  private static final Pattern PHONE = Pattern.compile("1\\d{10}");
  private static final Pattern NAME = Pattern.compile("[\\x{4e00}-\\x{9fff}]{1,3}某\\d{1,7}");
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final List<String> TILE_LAYERS = List.of("townships", "villages", "grids", "buildings", "roads",
      "events");

  @Test
  void tilesVectorTilesAndOgcResponsesCarryNoPersonalData() throws Exception {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    Set<String> names = new HashSet<>();
    Set<String> idNumbers = new HashSet<>();
    Set<String> phones = new HashSet<>();
    var rows = server.server().context().db().query("SELECT name, id_number, phone FROM resident")
        .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    rows.forEach(row -> {
      names.add(row.getString("name"));
      idNumbers.add(row.getString("id_number"));
      phones.add(row.getString("phone"));
    });
    assertThat(idNumbers).hasSizeGreaterThan(200_000);
    List<String> hits = new ArrayList<>();
    int[] scanned = new int[3];

    // 3D Tiles: every tileset.json and GLB reachable from the served root
    server.server().context().scenes().build(BuildMode.ALL, "privacy-test").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES);
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of("tileset.json"));
    Set<String> seen = new HashSet<>(queue);
    while (!queue.isEmpty()) {
      String path = queue.poll();
      HttpResponse<byte[]> file = server.send(server.request("/3dtiles/" + path, token).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).as(path).isEqualTo(200);
      scan("3dtiles " + path, file.body(), names, idNumbers, phones, hits);
      scanned[0]++;
      if (path.endsWith(".json")) {
        Path base = Path.of(path).getParent();
        for (var uri : MAPPER.readTree(file.body()).findValues("uri")) {
          String next = (base == null ? Path.of(uri.asText()) : base.resolve(uri.asText())).normalize().toString();
          if (seen.add(next)) {
            queue.add(next);
          }
        }
      }
    }

    // Vector tiles: every z14 tile over the district, every layer
    for (String layer : TILE_LAYERS) {
      HttpResponse<String> tileJson = server.get("/tiles/" + layer + ".json", token);
      assertThat(tileJson.statusCode()).as(layer + ": " + tileJson.body()).isEqualTo(200);
      JsonArray bounds = new JsonObject(tileJson.body()).getJsonArray("bounds");
      int z = 14;
      int x0 = tileX(bounds.getDouble(0), z);
      int x1 = tileX(bounds.getDouble(2), z);
      int y0 = tileY(bounds.getDouble(3), z);
      int y1 = tileY(bounds.getDouble(1), z);
      for (int x = x0; x <= x1; x++) {
        for (int y = y0; y <= y1; y++) {
          HttpResponse<byte[]> tile = server.send(server.request("/tiles/" + layer + "/" + z + "/" + x + "/" + y
              + ".mvt", token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
          assertThat(tile.statusCode()).isIn(200, 204);
          scan("mvt " + layer + "/" + z + "/" + x + "/" + y, tile.body(), names, idNumbers, phones, hits);
          scanned[1]++;
        }
      }
    }

    // OGC API - Features: every item of every collection
    JsonArray collections = new JsonObject(server.get("/ogc/collections", token).body()).getJsonArray("collections");
    for (Object c : collections) {
      String id = ((JsonObject) c).getString("id");
      String next = "/ogc/collections/" + id + "/items?limit=10000";
      while (next != null) {
        HttpResponse<String> page = server.get(next, token);
        assertThat(page.statusCode()).as(next).isEqualTo(200);
        scan("ogc " + next, page.body().getBytes(StandardCharsets.UTF_8), names, idNumbers, phones, hits);
        scanned[2]++;
        next = nextLink(new JsonObject(page.body()));
      }
    }

    assertThat(scanned[0]).as("3D Tiles files scanned").isGreaterThan(2 * 381);
    assertThat(scanned[1]).as("vector tiles scanned").isGreaterThan(100);
    assertThat(scanned[2]).as("OGC pages scanned").isGreaterThanOrEqualTo(collections.size());
    assertThat(hits).as("personal data found in public outputs").isEmpty();
  }

  private static void scan(String where, byte[] bytes, Set<String> names, Set<String> ids, Set<String> phones,
      List<String> hits) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    find(ID_NUMBER.matcher(text), ids, where, "id number", hits);
    find(PHONE.matcher(text), phones, where, "phone", hits);
    if (text.indexOf('某') >= 0) {
      Matcher m = NAME.matcher(text);
      while (m.find()) {
        // the token may start with a character that is not part of the name: try each suffix
        String token = m.group();
        for (int i = 0; i < token.indexOf('某'); i++) {
          if (names.contains(token.substring(i))) {
            hits.add(where + ": name " + token.substring(i));
          }
        }
      }
    }
  }

  private static void find(Matcher m, Set<String> values, String where, String what, List<String> hits) {
    while (m.find()) {
      if (values.contains(m.group())) {
        hits.add(where + ": " + what + " " + m.group());
      }
    }
  }

  private static String nextLink(JsonObject page) {
    for (Object l : page.getJsonArray("links", new JsonArray())) {
      JsonObject link = (JsonObject) l;
      if ("next".equals(link.getString("rel"))) {
        String href = link.getString("href");
        int at = href.indexOf("/ogc/");
        return at >= 0 ? href.substring(at) : href;
      }
    }
    return null;
  }

  private static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  private static int tileY(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }
}
