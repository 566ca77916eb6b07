package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Two servers over one PostgreSQL (two replicas behind a load balancer): failed sign-ins and API-key
 * requests through either count against one limit (DESIGN.md, Scale-out).
 */
class LimitsAcrossReplicasTest {

  private static HttpResponse<String> login(TestServer server, String username, String password) {
    return server.postJson("/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  void failedSignInsThroughBothServersAddUp() {
    try (TestServer a = TestServer.start(TestDatabases.Kind.POSTGRESQL); TestServer b = TestServer.replicaOf(a)) {
      for (int i = 0; i < 5; i++) {
        TestServer through = i % 2 == 0 ? a : b;
        assertThat(login(through, "admin", "wrong-" + i).statusCode()).as("attempt %d", i + 1).isEqualTo(401);
      }
      for (TestServer through : new TestServer[] {a, b}) {
        HttpResponse<String> locked = login(through, "admin", TestServer.ADMIN_PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(locked.body()).getString("error")).isEqualTo("too_many_sign_in_attempts");
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(850L, 900L);
      }
    }
  }

  @Test
  void apiKeyRequestsThroughBothServersShareOneBudget() {
    try (TestServer a = TestServer.start(TestDatabases.Kind.POSTGRESQL); TestServer b = TestServer.replicaOf(a)) {
      String admin = a.adminToken();
      assertThat(a.postJson("/api/v1/users", admin, new JsonObject().put("username", "citygis")
          .put("password", "citygis-password").put("roles", new JsonArray().add("apiclient"))).statusCode())
          .isEqualTo(201);
      HttpResponse<String> created = b.postJson("/api/v1/api-keys", b.adminToken(), new JsonObject()
          .put("username", "citygis").put("layers", new JsonArray().add("*")).put("ratePerMinute", 4));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String key = new JsonObject(created.body()).getString("apiKey");
      for (int i = 0; i < 4; i++) {
        assertThat(get(i % 2 == 0 ? a : b, key).statusCode()).as("request %d", i + 1).isEqualTo(200);
      }
      for (TestServer through : new TestServer[] {a, b}) {
        HttpResponse<String> limited = get(through, key);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(limited.body()).getString("error")).isEqualTo("too_many_requests");
        // 4 a minute refill one every 15 s.
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 15L);
      }
    }
  }

  private static HttpResponse<String> get(TestServer server, String apiKey) {
    return server.send(HttpRequest.newBuilder(server.uri("/ogc/collections")).header("X-API-Key", apiKey).GET()
        .build());
  }
}
