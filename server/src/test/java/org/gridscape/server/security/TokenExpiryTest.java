package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens expire after the configured lifetime: then 401 {@code token_expired}, by header and by cookie. */
class TokenExpiryTest {

  private static final Duration TTL = Duration.ofSeconds(2);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2, config -> config.withTokenTtl(TTL));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anExpiredTokenIs401TokenExpiredByHeaderAndByCookie() throws InterruptedException {
    HttpResponse<String> login = server.postJson("/api/v1/auth/login", null,
        new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD));
    assertThat(login.statusCode()).isEqualTo(200);
    String token = new JsonObject(login.body()).getString("token");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("Max-Age=" + TTL.toSeconds());

    assertThat(server.get("/api/v1/auth/me", token).statusCode()).isEqualTo(200);
    assertThat(withCookie(token).statusCode()).isEqualTo(200);

    Thread.sleep(TTL.plusMillis(1500).toMillis());

    for (HttpResponse<String> expired : java.util.List.of(server.get("/api/v1/auth/me", token), withCookie(token))) {
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
      JsonObject error = new JsonObject(expired.body());
      assertThat(error.getString("error")).isEqualTo("token_expired");
      assertThat(error.getString("message")).contains("expired");
    }
    // Signing in again gives a fresh, working token.
    assertThat(server.get("/api/v1/auth/me", server.adminToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void aForgedTokenIsInvalidNotExpired() {
    String token = server.adminToken();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    HttpResponse<String> response = server.get("/api/v1/auth/me", forged);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_token");
  }

  private static HttpResponse<String> withCookie(String token) {
    return server.send(server.request("/api/v1/auth/me", null).header("Cookie", AuthHandler.COOKIE + "=" + token)
        .GET().build());
  }
}
