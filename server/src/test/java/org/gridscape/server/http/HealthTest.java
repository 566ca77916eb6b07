package org.gridscape.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthTest {

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void upOnBothDatabases(TestDatabases.Kind kind) {
    try (TestServer server = TestServer.start(kind)) {
      HttpResponse<String> response = server.get("/health", null);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(response.body());
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getString("db")).isEqualTo(kind == TestDatabases.Kind.H2 ? "h2" : "postgresql");
      assertThat(body.getString("version")).isNotBlank();
    }
  }

  /** The database stops answering: /health says DOWN with 503, and UP again once it is back. */
  @Test
  void downWhileTheDatabaseDoesNotAnswerThenRecovers() throws Exception {
    String role = "gs_health_" + Long.toHexString(System.nanoTime());
    String admin = TestDatabases.freshPostgresUrl();
    TestDatabases.execute(admin, "CREATE ROLE " + role + " LOGIN");
    String schema = admin.substring(admin.indexOf("schema=") + 7);
    TestDatabases.execute(admin, "CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    String url = admin.replaceFirst("://[^@]+@", "://" + role + "@");
    try (TestServer server = TestServer.start(TestDatabases.Kind.POSTGRESQL, c -> new org.gridscape.server.config
        .ServerConfig(c.host(), c.port(), c.dataDir(), url, c.adminPassword(), c.tokenTtl(), c.maxUploadBytes(),
            c.corsOrigins(), c.dbPoolSize()))) {
      assertThat(server.get("/health", null).statusCode()).isEqualTo(200);

      TestDatabases.execute(admin, "ALTER ROLE " + role + " NOLOGIN");
      TestDatabases.execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
      HttpResponse<String> down = server.get("/health", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");

      TestDatabases.execute(admin, "ALTER ROLE " + role + " LOGIN");
      assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
    } finally {
      TestDatabases.execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      TestDatabases.execute(admin, "DROP ROLE IF EXISTS " + role);
    }
  }
}
