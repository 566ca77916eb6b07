package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Content Security Policy in a real browser: {@code web-viewer/test/csp-e2e.mjs} opens the
 * viewer, the editor and the report page in headless Chromium against a real server with a small
 * district and built scenes, signs in, lets them load, and reports every CSP violation; a probe
 * shows that eval is refused and that such a refusal is seen. Without Chromium the test is skipped
 * (and fails when CI=true).
 */
@Tag("slow")
class ContentSecurityPolicyBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path WEB_VIEWER = Path.of("..", "web-viewer").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "csp-e2e").toAbsolutePath();

  @Test
  void theWebAppsLoadWithoutAnyPolicyViolation() throws Exception {
    requireBrowser();
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      SecurityFixture fixture = new SecurityFixture(server).loadAll();
      fixture.buildScenes();
      JsonObject result = runBrowser(server);
      assertThat(result.getString("result")).as("csp-e2e: %s", result.encode()).isEqualTo("ok");
      assertThat(result.getJsonArray("violations")).as("CSP violations: %s", result.encode()).isEmpty();
      assertThat(result.getJsonObject("probe").getBoolean("evalBlocked")).as("eval refused").isTrue();
      assertThat(result.getJsonObject("probe").getBoolean("detected")).as("a refusal is detected").isTrue();
      assertThat(result.getJsonObject("pages").fieldNames()).containsExactlyInAnyOrder("viewer", "editor", "report");
      assertThat(result.getJsonObject("pages").getJsonObject("editor").getInteger("grids")).isEqualTo(2);
    }
  }

  private static void requireBrowser() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String message = "no Chromium at " + CHROMIUM + ": the CSP browser test cannot run";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true: it must run)");
    }
    System.err.println("SKIPPING ContentSecurityPolicyBrowserTest: " + message);
    Assumptions.abort(message);
  }

  /** Runs the node script and returns its last stdout line as JSON; its stderr goes to a log file. */
  private static JsonObject runBrowser(TestServer server) throws IOException, InterruptedException {
    Files.createDirectories(OUT);
    Path log = OUT.resolve("csp-e2e.log");
    Process process = new ProcessBuilder("node", WEB_VIEWER.resolve("test/csp-e2e.mjs").toString(),
        "--url", server.uri("/").toString(), "--user", "admin", "--password", TestServer.ADMIN_PASSWORD,
        "--village", SecurityFixture.VILLAGE_A, "--chromium", CHROMIUM.toString(), "--timeout-seconds", "120")
        .directory(WEB_VIEWER.toFile())
        .redirectError(log.toFile())
        .start();
    byte[] stdout = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("csp-e2e.mjs did not finish; see " + log);
    }
    List<String> lines = new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as("JSON result of csp-e2e.mjs (log %s)", log).isNotEmpty();
    return new JsonObject(lines.get(lines.size() - 1));
  }
}
