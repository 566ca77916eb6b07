package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit migration (V6), the write records and the filtered query work alike on H2 and PostgreSQL. */
class AuditQueryDatabasesTest {

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void writesAreRecordedAndQueriedByActorActionAndTime(TestDatabases.Kind kind) throws InterruptedException {
    try (TestServer server = TestServer.start(kind)) {
      SecurityFixture fixture = new SecurityFixture(server);
      fixture.user("auditor-subject", "leader");
      String since = Instant.now().minusSeconds(5).toString();
      JsonObject found = null;
      for (int i = 0; i < 100 && found == null; i++) {
        HttpResponse<String> r = server.get("/api/v1/audit?actor=admin&action=http.write&from=" + since
            + "&to=2999-12-31&limit=10", fixture.admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject page = new JsonObject(r.body());
        for (Object o : page.getJsonArray("entries")) {
          JsonObject e = (JsonObject) o;
          if ("/api/v1/users".equals(e.getString("path")) && e.getInteger("status") == 201) {
            found = e;
          }
        }
        Thread.sleep(50);
      }
      assertThat(found).as("the POST /api/v1/users of the admin in the audit log").isNotNull();
      assertThat(found.getString("method")).isEqualTo("POST");
      assertThat(found.getString("remote")).isEqualTo("127.0.0.1");
      assertThat(Instant.parse(found.getString("at"))).isAfter(Instant.parse(since));
      HttpResponse<String> none = server.get("/api/v1/audit?actor=nobody-at-all", fixture.admin);
      assertThat(new JsonObject(none.body()).getLong("total")).isZero();
    }
  }
}
