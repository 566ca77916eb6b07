package org.gridscape.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignInTest {

  private static TestServer server;
  private static String adminToken;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    adminToken = server.adminToken();
    HttpResponse<String> created = server.postJson("/api/v1/users", adminToken, new JsonObject()
        .put("username", "leader1").put("password", "leader-password").put("roles", new JsonArray().add("leader")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void goodPasswordGivesATokenThatWorks() {
    HttpResponse<String> response = server.postJson("/api/v1/auth/login", null,
        new JsonObject().put("username", "leader1").put("password", "leader-password"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("token")).isNotBlank();
    assertThat(body.getString("expiresAt")).isNotBlank();
    assertThat(body.getJsonObject("user").getJsonArray("roles")).containsExactly("leader");
    assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
        c -> assertThat(c).containsIgnoringCase("HttpOnly").contains("gridscape_session="));

    HttpResponse<String> me = server.get("/api/v1/auth/me", body.getString("token"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(me.body()).getString("username")).isEqualTo("leader1");
    assertThat(new JsonObject(me.body()).getBoolean("signedIn")).isTrue();
  }

  @Test
  void wrongPasswordAndUnknownUserAre401() {
    for (JsonObject attempt : List.of(
        new JsonObject().put("username", "leader1").put("password", "wrong-password"),
        new JsonObject().put("username", "nobody").put("password", "whatever-password"))) {
      HttpResponse<String> response = server.postJson("/api/v1/auth/login", null, attempt);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("invalid_credentials");
      assertThat(response.body()).doesNotContain("token\":");
    }
  }

  @Test
  void missingOrBadTokenIs401() {
    // The sign-in probe: no credentials at all is an answer, not an error (no 401 in a browser's console).
    HttpResponse<String> probe = server.get("/api/v1/auth/me", null);
    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(probe.body())).isEqualTo(new JsonObject().put("signedIn", false));
    assertThat(server.get("/api/v1/grids?village=350521104201", null).statusCode()).as("only the probe").isEqualTo(401);
    assertThat(server.get("/api/v1/auth/me", "not-a-token").statusCode()).isEqualTo(401);
    HttpResponse<String> basic = server.send(server.request("/api/v1/auth/me", null)
        .header("Authorization", "Basic YWRtaW46eA==").GET().build());
    assertThat(basic.statusCode()).isEqualTo(401);
    // a token signed with another secret
    String forged = adminToken.substring(0, adminToken.lastIndexOf('.') + 1) + "AAAA";
    assertThat(server.get("/api/v1/auth/me", forged).statusCode()).isEqualTo(401);
  }

  @Test
  void expiredTokenIs401() {
    AuthService auth = server.server().context().auth();
    String expired = auth.issue(new Principal("leader1", EnumSet.of(Role.LEADER), List.of()), Duration.ofMinutes(-5))
        .token();
    HttpResponse<String> response = server.get("/api/v1/auth/me", expired);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("token_expired");
  }

  @Test
  void wrongRoleIs403() {
    String leader = server.login("leader1", "leader-password");
    HttpResponse<String> response = server.postJson("/api/v1/users", leader, new JsonObject()
        .put("username", "x1").put("password", "password-123").put("roles", new JsonArray().add("planner")));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("forbidden");
    assertThat(server.get("/api/v1/users", leader).statusCode()).isEqualTo(403);
    assertThat(server.get("/api/v1/users", adminToken).statusCode()).isEqualTo(200);
  }

  @Test
  void duplicateUserIs409AndBadRoleIs400() {
    JsonObject user = new JsonObject().put("username", "dup1").put("password", "password-123")
        .put("roles", new JsonArray().add("planner"));
    assertThat(server.postJson("/api/v1/users", adminToken, user).statusCode()).isEqualTo(201);
    assertThat(server.postJson("/api/v1/users", adminToken, user).statusCode()).isEqualTo(409);
    HttpResponse<String> badRole = server.postJson("/api/v1/users", adminToken,
        user.copy().put("username", "dup2").put("roles", new JsonArray().add("king")));
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.body()).contains("king");
  }

  @Test
  void apiKeysAuthenticateApiClients() {
    assertThat(server.postJson("/api/v1/users", adminToken, new JsonObject().put("username", "system110")
        .put("password", "client-password").put("roles", new JsonArray().add("apiclient"))).statusCode()).isEqualTo(201);
    HttpResponse<String> created = server.postJson("/api/v1/api-keys", adminToken,
        new JsonObject().put("username", "system110").put("layers", new JsonArray().add("grids")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = new JsonObject(created.body()).getString("apiKey");

    HttpResponse<String> me = server.send(server.request("/api/v1/auth/me", null).header("X-API-Key", key).GET().build());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(me.body()).getJsonArray("roles")).containsExactly("apiclient");

    String wrong = key.substring(0, key.length() - 2) + "xx";
    assertThat(server.send(server.request("/api/v1/auth/me", null).header("X-API-Key", wrong).GET().build())
        .statusCode()).isEqualTo(401);
    // keys are for apiclient users only
    assertThat(server.postJson("/api/v1/api-keys", adminToken, new JsonObject().put("username", "leader1"))
        .statusCode()).isEqualTo(422);
  }

  @Test
  void scopesLimitRegions() {
    Principal township = new Principal("p", EnumSet.of(Role.PLANNER), List.of("350521104000"));
    assertThat(township.covers("350521104201")).isTrue();
    assertThat(township.covers("350521104201001")).isTrue();
    assertThat(township.covers("350521105201")).isFalse();
    Principal village = new Principal("p", EnumSet.of(Role.GRIDWORKER), List.of("350521104201"));
    assertThat(village.covers("350521104201003")).isTrue();
    assertThat(village.covers("350521104202003")).isFalse();
    assertThat(new Principal("a", EnumSet.of(Role.LEADER), List.of()).covers("350521106216")).isTrue();
  }

  @Test
  void passwordsAreStoredSaltedAndSlow() {
    PasswordHasher hasher = new PasswordHasher();
    String a = hasher.hash("same-password");
    String b = hasher.hash("same-password");
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$210000$").doesNotContain("same-password");
    assertThat(hasher.verify("same-password", a)).isTrue();
    assertThat(hasher.verify("other-password", a)).isFalse();
  }
}
