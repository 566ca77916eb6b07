package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys of apiclient users: scoped to layers, limited per minute (429 + Retry-After). */
class ApiKeyAccessTest {

  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    admin = server.adminToken();
    LayerData.seed(server.server().context().db());
    assertThat(server.postJson("/api/v1/users", admin, new JsonObject().put("username", "citygis")
        .put("password", "citygis-password").put("roles", new JsonArray().add("apiclient"))).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String key(List<String> layers, int rate) {
    HttpResponse<String> created = server.postJson("/api/v1/api-keys", admin, new JsonObject()
        .put("username", "citygis").put("layers", new JsonArray(layers)).put("ratePerMinute", rate));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("apiKey");
  }

  static HttpResponse<String> get(String path, String apiKey) {
    return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-API-Key", apiKey).GET().build());
  }

  @Test
  void aKeyReadsOnlyItsLayers() {
    String key = key(List.of("grids"), 1000);
    assertThat(get("/ogc/collections/grids/items", key).statusCode()).isEqualTo(200);
    assertThat(get("/tiles/grids.json", key).statusCode()).isEqualTo(200);
    assertThat(get("/ogc/collections/buildings/items", key).statusCode()).isEqualTo(403);
    assertThat(get("/ogc/collections/buildings", key).statusCode()).isEqualTo(403);
    assertThat(get("/tiles/buildings.json", key).statusCode()).isEqualTo(403);
    assertThat(get("/tiles/buildings/14/13592/7046.mvt", key).statusCode()).isEqualTo(403);
    JsonArray collections = new JsonObject(get("/ogc/collections", key).body()).getJsonArray("collections");
    assertThat(collections.stream().map(c -> ((JsonObject) c).getString("id")).toList()).containsExactly("grids");
    // An apiclient has no business with the people layers behind the key.
    assertThat(get("/api/v1/users", key).statusCode()).isEqualTo(403);
  }

  @Test
  void aKeyForAllLayersReadsEveryCollection() {
    String key = key(List.of(), 1000);
    for (Layer layer : Layers.ALL) {
      assertThat(get("/ogc/collections/" + layer.id() + "/items", key).statusCode()).as(layer.id()).isEqualTo(200);
    }
  }

  @Test
  void aKeyBeyondItsRateGets429WithRetryAfter() {
    String key = key(List.of("*"), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/ogc/collections/grids/items", key).statusCode()).as("request %d", i).isEqualTo(200);
    }
    HttpResponse<String> limited = get("/ogc/collections/grids/items", key);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(limited.body()).getString("error")).isEqualTo("too_many_requests");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
    // Another key has its own budget; signed-in users are not limited by keys.
    assertThat(get("/ogc/collections/grids/items", key(List.of("*"), 3)).statusCode()).isEqualTo(200);
    assertThat(server.get("/ogc/collections/grids/items", admin).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownKeysAre401() {
    assertThat(get("/ogc/collections", "gsk_0000000000000000_nothing").statusCode()).isEqualTo(401);
    assertThat(get("/tiles/grids.json", "not-a-key").statusCode()).isEqualTo(401);
  }
}
