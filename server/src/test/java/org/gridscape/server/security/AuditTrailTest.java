package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write under /api/ and every full read of personal data is in the audit log (who, what,
 * when, from where), which admins, and only admins, query through GET /api/v1/audit.
 */
class AuditTrailTest {

  private static TestServer server;
  private static SecurityFixture fixture;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
    fixture = new SecurityFixture(server).loadAll();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject audit(String query) {
    HttpResponse<String> response = server.get("/api/v1/audit" + query, fixture.admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** The newest entry that matches; rows are written once the response is sent, so wait a little. */
  private static JsonObject awaitEntry(String query, Predicate<JsonObject> match) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (Object o : audit(query).getJsonArray("entries")) {
        if (match.test((JsonObject) o)) {
          return (JsonObject) o;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no audit entry for " + query + " in " + audit(query).encodePrettily());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aWriteIsRecordedWithItsActorAddressTargetAndStatus() {
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> put = server.send("PUT", "/api/v1/departments/department/sectors", fixture.admin,
        "application/json", new JsonObject().put("categories", new JsonArray().add("sanitation")).encode());
    assertThat(put.statusCode()).isEqualTo(200);

    JsonObject entry = awaitEntry("?actor=admin&action=http.write",
        e -> "/api/v1/departments/department/sectors".equals(e.getString("path")));
    assertThat(entry.getString("method")).isEqualTo("PUT");
    assertThat(entry.getInteger("status")).isEqualTo(200);
    assertThat(entry.getString("target")).isEqualTo("username=department");
    assertThat(entry.getString("remote")).isEqualTo("127.0.0.1");
    assertThat(Instant.parse(entry.getString("at"))).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(entry.encode()).doesNotContain("sanitation");
  }

  @Test
  void refusedWritesAndApiKeyWritesAreRecordedToo() {
    HttpResponse<String> refused = server.send("POST", "/api/v1/imports/households", fixture.tokens.get("leader"),
        "text/csv", "household_id,building_id,size\nH9,B1,1\n");
    assertThat(refused.statusCode()).isEqualTo(403);
    JsonObject byLeader = awaitEntry("?actor=leader", e -> "/api/v1/imports/households".equals(e.getString("path")));
    assertThat(byLeader.getInteger("status")).isEqualTo(403);

    HttpResponse<String> byKey = server.send(fixture.request("apiclient", "/api/v1/scenes/build")
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .build());
    assertThat(byKey.statusCode()).isEqualTo(403);
    String keyId = fixture.apiKey.split("_", 3)[1];
    JsonObject keyEntry = awaitEntry("?actor=apiclient", e -> "/api/v1/scenes/build".equals(e.getString("path")));
    assertThat(keyEntry.getString("apiKeyId")).isEqualTo(keyId);
    assertThat(keyEntry.encode()).doesNotContain(fixture.apiKey.split("_", 3)[2]);

    HttpResponse<String> anonymous = server.postJson("/api/v1/users", null, new JsonObject().put("username", "x"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    JsonObject anonymousEntry = awaitEntry("?action=http.write&limit=50",
        e -> "/api/v1/users".equals(e.getString("path")) && e.getInteger("status") == 401);
    assertThat(anonymousEntry.getString("actor")).isNull();
  }

  @Test
  void aFullReadOfPersonalDataIsRecordedAndQueryable() {
    HttpResponse<String> full = server.get("/api/v1/residents/R1?full=true", fixture.tokens.get("gridworker"));
    assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
    JsonObject entry = awaitEntry("?action=personal_data.read_full&actor=gridworker",
        e -> "resident:R1".equals(e.getString("target")));
    assertThat(entry.getString("remote")).isEqualTo("127.0.0.1");
    for (String value : SecurityFixture.PERSONAL) {
      assertThat(entry.encode()).doesNotContain(value);
    }
  }

  @Test
  void newestFirstPagedAndFilteredByTime() {
    JsonObject all = audit("?limit=1000");
    long total = all.getLong("total");
    assertThat(total).isGreaterThan(5);
    JsonArray entries = all.getJsonArray("entries");
    for (int i = 1; i < entries.size(); i++) {
      assertThat(Instant.parse(entries.getJsonObject(i - 1).getString("at")))
          .as("newest first").isAfterOrEqualTo(Instant.parse(entries.getJsonObject(i).getString("at")));
    }
    JsonObject second = audit("?limit=2&offset=1");
    assertThat(second.getJsonArray("entries")).hasSize(2);
    assertThat(second.getLong("total")).isGreaterThanOrEqualTo(total);
    assertThat(audit("?from=2999-01-01").getJsonArray("entries")).isEmpty();
    assertThat(audit("?to=2000-01-01").getJsonArray("entries")).isEmpty();
    assertThat(audit("?from=2000-01-01T00:00:00Z&to=2999-01-01").getLong("total")).isGreaterThanOrEqualTo(total);

    for (String bad : List.of("?from=yesterday", "?limit=0", "?limit=5000", "?offset=-1", "?limit=ten")) {
      HttpResponse<String> response = server.get("/api/v1/audit" + bad, fixture.admin);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("bad_request");
    }
  }

  @Test
  void onlyAdminsReadTheAuditLog() {
    for (String caller : List.of("planner", "leader", "department", "gridworker", "apiclient")) {
      HttpResponse<String> response = server.send(fixture.request(caller, "/api/v1/audit").GET().build());
      assertThat(response.statusCode()).as(caller).isEqualTo(403);
    }
    assertThat(server.get("/api/v1/audit", null).statusCode()).isEqualTo(401);
  }
}
