package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The server's log (SLF4J simple logger, to standard error) holds no password, token, API key
 * secret, name, ID number or phone, while a server starts, users sign in (also wrongly), an API
 * key is made and used, residents are imported (also a broken file) and read in full.
 */
class LogPrivacyTest {

  /** Copies everything written to standard error while the work runs. */
  private static String captureStandardError(Runnable work) {
    PrintStream original = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        copy.write(b);
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        copy.write(b, off, len);
        original.write(b, off, len);
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noSecretsOrPersonalDataInTheLog() {
    List<String> secrets = new ArrayList<>();
    String log = captureStandardError(() -> {
      try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
        SecurityFixture fixture = new SecurityFixture(server);
        fixture.loadGeography();
        fixture.loadPeople();
        fixture.users();
        secrets.add(TestServer.ADMIN_PASSWORD);
        secrets.add(SecurityFixture.PASSWORD);
        secrets.addAll(fixture.tokens.values());
        secrets.add(fixture.apiKey);
        secrets.add(fixture.apiKey.split("_", 3)[2]);

        HttpResponse<String> wrong = server.postJson("/api/v1/auth/login", null,
            new JsonObject().put("username", "leader").put("password", "Wrong-Secret-Guess-42"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        secrets.add("Wrong-Secret-Guess-42");

        HttpResponse<String> byKey = server.send(fixture.request("apiclient", "/ogc/collections/grids/items").GET()
            .build());
        assertThat(byKey.statusCode()).isEqualTo(200);
        HttpResponse<String> badKey = server.send(server.request("/ogc/collections", null)
            .header("X-API-Key", "gsk_0000000000000000_Not-A-Real-Secret-123").GET().build());
        assertThat(badKey.statusCode()).isEqualTo(401);
        secrets.add("Not-A-Real-Secret-123");

        // A broken row that carries personal data: the error names the row, the log must not echo it.
        HttpResponse<String> broken = server.send("POST", "/api/v1/imports/residents", fixture.admin, "text/csv",
            "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags\n"
                + "R8,H404,欧阳明辉,350521198001011234,13812345678,male,abc,head,\n");
        assertThat(broken.statusCode()).isBetween(400, 499);
        HttpResponse<String> unparsable = server.send("POST", "/api/v1/imports/residents", fixture.admin,
            "application/json", "{\"rows\": [{\"name\": \"欧阳明辉\", \"phone\": \"13812345678\"");
        assertThat(unparsable.statusCode()).isBetween(400, 499);

        for (String path : List.of("/api/v1/buildings/B1/households?full=true", "/api/v1/residents/R1?full=true",
            "/api/v1/residents/R3?full=true")) {
          assertThat(server.get(path, fixture.admin).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(server.get("/api/v1/residents/R1?full=true", fixture.tokens.get("leader")).statusCode())
            .isEqualTo(403);
      }
    });
    assertThat(log).as("the server logged its start").contains("INFO");
    secrets.addAll(SecurityFixture.PERSONAL);
    for (String secret : secrets) {
      assertThat(log).as("the log holds a secret or personal value").doesNotContain(secret);
    }
  }
}
