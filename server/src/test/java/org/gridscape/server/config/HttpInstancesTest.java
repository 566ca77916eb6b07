package org.gridscape.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Several HTTP instances share one port and one router; verified tokens are remembered only briefly
 * and never past their expiry.
 */
class HttpInstancesTest {

  @Test
  void threeInstancesServeOnePortWithOneSetOfCaches() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2, config -> config.withHttpInstances(3))) {
      String token = server.adminToken();
      // Many connections at once: Vert.x spreads them over the instances' event loops.
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        responses.add(client.sendAsync(server.request("/ogc/collections/grids", token).GET().build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      List<String> etags = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        HttpResponse<String> r = response.join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        etags.add(r.headers().firstValue("ETag").orElseThrow());
      }
      // One cache for all instances: every answer is the same prepared document.
      assertThat(etags).containsOnly(etags.get(0));
      assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRememberedTokenStillExpiresOnTime() throws InterruptedException {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      AuthService auth = server.server().context().auth();
      String token = auth.issue(new Principal("admin", EnumSet.of(Role.ADMIN), List.of()), Duration.ofSeconds(2))
          .token();
      assertThat(server.get("/api/v1/auth/me", token).statusCode()).isEqualTo(200);
      assertThat(server.get("/api/v1/auth/me", token).statusCode()).isEqualTo(200);
      Thread.sleep(3_100);
      assertThat(server.get("/api/v1/auth/me", token).statusCode()).isEqualTo(401);
      String expired = auth.issue(new Principal("admin", EnumSet.of(Role.ADMIN), List.of()), Duration.ofSeconds(-5))
          .token();
      assertThat(server.get("/api/v1/auth/me", expired).statusCode()).isEqualTo(401);
    }
  }
}
