package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is throttled: 5 failed sign-ins for one user name, or from one address, within
 * 15 minutes give 429 with Retry-After and a JSON error; a success resets. Over HTTP, on the
 * database's clock; the windows, other replicas and the table's bound are in
 * {@code auth.SignInThrottleContractTest}.
 */
class SignInThrottleTest {

  private static HttpResponse<String> login(TestServer server, String username, String password) {
    return server.postJson("/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  void fiveFailuresForAUserNameLockItWith429AndRetryAfter() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      for (int i = 0; i < 5; i++) {
        assertThat(login(server, "admin", "wrong-" + i).statusCode()).as("attempt %d", i + 1).isEqualTo(401);
      }
      // Even the right password now waits: the guesser cannot tell.
      HttpResponse<String> locked = login(server, "admin", TestServer.ADMIN_PASSWORD);
      assertThat(locked.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(850L, 900L);
      JsonObject error = new JsonObject(locked.body());
      assertThat(error.getString("error")).isEqualTo("too_many_sign_in_attempts");
      assertThat(error.getString("message")).contains("try again in");
      assertThat(error.getJsonArray("details").getJsonObject(0).getLong("retryAfterSeconds")).isEqualTo(retryAfter);
      assertThat(locked.body()).doesNotContain("token");
    }
  }

  @Test
  void fiveFailuresFromOneAddressLockItForEveryName() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      for (int i = 0; i < 5; i++) {
        assertThat(login(server, "guess" + i, "password-" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> locked = login(server, "admin", TestServer.ADMIN_PASSWORD);
      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void aSuccessResetsTheCount() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
          assertThat(login(server, "admin", "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(login(server, "admin", TestServer.ADMIN_PASSWORD).statusCode()).as("round %d", round)
            .isEqualTo(200);
      }
    }
  }
}
