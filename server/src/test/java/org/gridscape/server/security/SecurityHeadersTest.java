package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response carries nosniff, no framing and a Content Security Policy without eval; the
 * configured CORS origins may call the API from a browser and no other origin may.
 * (ContentSecurityPolicyBrowserTest proves the policy in Chromium.)
 */
class SecurityHeadersTest {

  private static final String ALLOWED = "https://gis.example.org";
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2, c -> new ServerConfig(c.host(), c.port(), c.dataDir(), c.dbUrl(),
        c.adminPassword(), c.tokenTtl(), c.maxUploadBytes(), List.of(ALLOWED), c.dbPoolSize()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyKindOfResponseCarriesTheHeaders() {
    // "/vendor/cesium/Workers/..." scripts and API answers get the strict policy too.
    String token = server.adminToken();
    for (String path : List.of("/", "/editor", "/report.html", "/health", "/api/v1/auth/me", "/api/v1/nothing-here",
        "/ogc", "/js/app.js")) {
      HttpResponse<String> response = server.get(path, path.equals("/api/v1/auth/me") ? null : token);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).as(path).startsWith("default-src 'self';").contains("frame-ancestors 'none'")
          .contains("object-src 'none'").contains("worker-src 'self';")
          .doesNotContain("*");
      // No page allows eval, the viewer's neither (the CesiumJS bundle is packed without it).
      assertThat(csp).as(path).doesNotContain("'unsafe-eval'");
      java.util.Map<String, String> directives = new java.util.HashMap<>();
      for (String directive : csp.split(";\\s*")) {
        String[] parts = directive.split("\\s+", 2);
        directives.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
      assertThat(directives.get("script-src")).as(path).startsWith("'self'").doesNotContain("'unsafe-inline'")
          .doesNotContain("data:").doesNotContain("blob:");
    }
  }

  @Test
  void theViewersInlineScriptsAreAllowedByTheirHashes() {
    String csp = server.get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
    // index.html has two inline scripts (CESIUM_BASE_URL and the import map) when the web apps are built.
    String page = server.get("/", null).body();
    assertThat(page).contains("<script type=\"importmap\">");
    assertThat(csp.split("'sha256-", -1)).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void configuredOriginsMayCallTheApiAndOthersMayNot() {
    HttpResponse<String> allowed = server.send(server.request("/health", null).header("Origin", ALLOWED).GET().build());
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);

    HttpResponse<String> preflight = server.send(server.request("/api/v1/auth/me", null).header("Origin", ALLOWED)
        .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(preflight.statusCode()).isBetween(200, 299);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization");

    for (String origin : List.of("https://evil.example.com", "http://gis.example.org", "https://gis.example.org.evil.com",
        "null")) {
      HttpResponse<String> refused = server.send(server.request("/health", null).header("Origin", origin).GET().build());
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
      assertThat(refused.statusCode()).as("a refused origin is a client error, not a server failure").isEqualTo(403);
      assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("forbidden");
      HttpResponse<String> refusedPreflight = server.send(server.request("/api/v1/auth/me", null).header("Origin", origin)
          .header("Access-Control-Request-Method", "GET")
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
      assertThat(refusedPreflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
    }
  }

  @Test
  void withoutConfiguredOriginsNoCrossOriginAccessIsGranted() {
    try (TestServer sameOrigin = TestServer.start(TestDatabases.Kind.H2)) {
      HttpResponse<String> response = sameOrigin.send(sameOrigin.request("/health", null).header("Origin", ALLOWED)
          .GET().build());
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }
}
