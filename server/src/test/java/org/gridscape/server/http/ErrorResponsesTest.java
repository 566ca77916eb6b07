package org.gridscape.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

  private static TestServer server;
  private static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    token = server.adminToken();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.getJsonArray("details")).isNotNull();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return body;
  }

  @Test
  void unknownPathsAre404() {
    assertError(server.get("/api/v1/nothing-here", token), 404, "not_found");
    assertError(server.get("/no/such/page", null), 404, "not_found");
  }

  @Test
  void wrongMethodsAre405() {
    assertError(server.send("DELETE", "/health", null, null, null), 405, "method_not_allowed");
    assertError(server.send("PUT", "/api/v1/auth/login", null, "application/json", "{}"), 405, "method_not_allowed");
  }

  @Test
  void malformedBodiesAre400() {
    JsonObject body = assertError(server.send("POST", "/api/v1/auth/login", null, "application/json", "{bad"), 400,
        "malformed_json");
    assertThat(body.getString("message")).contains("JSON");
    assertError(server.send("POST", "/api/v1/auth/login", null, "application/json", "[1,2]"), 400, "malformed_json");
    assertError(server.send("POST", "/api/v1/auth/login", null, "application/json", ""), 400, "bad_request");
    assertError(server.send("POST", "/api/v1/users", token, "text/plain", "hello"), 415, "unsupported_media_type");
  }

  @Test
  void oversizedBodiesAre413() {
    try (TestServer small = TestServer.start(TestDatabases.Kind.H2, c -> new org.gridscape.server.config.ServerConfig(
        c.host(), c.port(), c.dataDir(), c.dbUrl(), c.adminPassword(), c.tokenTtl(), 2048, c.corsOrigins(),
        c.dbPoolSize()))) {
      String big = "{\"username\":\"" + "x".repeat(5000) + "\"}";
      assertError(small.send("POST", "/api/v1/auth/login", null, "application/json", big), 413, "payload_too_large");
    }
  }

  @Test
  void securityHeadersOnEveryResponse() {
    HttpResponse<String> response = server.get("/health", null);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("frame-ancestors"));
  }

  @Test
  void webAppIsServedAtRoot() {
    HttpResponse<String> response = server.get("/", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
    assertThat(response.body()).contains("GridScape");
  }

  /** The apps' own files revalidate on every load; the vendor libraries are cached for a day. */
  @Test
  void appFilesRevalidateAndVendorLibrariesAreCached() {
    HttpResponse<String> app = server.get("/js/app.js", null);
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(app.headers().firstValue("Last-Modified")).isPresent();
    HttpResponse<String> again = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/js/app.js"))
        .header("If-Modified-Since", app.headers().firstValue("Last-Modified").orElseThrow()).GET().build());
    assertThat(again.statusCode()).isEqualTo(304);
    HttpResponse<String> vendor = server.get("/vendor/cesium/Widgets/widgets.css", null);
    assertThat(vendor.statusCode()).isEqualTo(200);
    assertThat(vendor.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
    assertThat(server.get("/js/no-such-file.js", null).headers().firstValue("Cache-Control"))
        .isNotEqualTo(java.util.Optional.of("public, max-age=86400"));
  }
}
