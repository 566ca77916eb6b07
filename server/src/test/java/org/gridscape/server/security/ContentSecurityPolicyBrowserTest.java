package org.gridscape.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.gridscape.server.testing.BrowserScript;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Content Security Policy in a real browser: {@code web-viewer/test/csp-e2e.mjs} opens the
 * viewer, the editor, the report page and 领导通 in headless Chromium against a real server with a small
 * district and built scenes, signs in, lets them load, and reports every CSP violation; a probe
 * shows that eval is refused and that such a refusal is seen. Without Chromium the test is skipped
 * (and fails when CI=true).
 */
@Tag("slow")
class ContentSecurityPolicyBrowserTest {

  private static final Path CHROMIUM = BrowserScript.CHROMIUM;
  private static final Path WEB_VIEWER = BrowserScript.WEB_VIEWER;
  private static final Path OUT = Path.of("target", "csp-e2e").toAbsolutePath();

  @Test
  void theWebAppsLoadWithoutAnyPolicyViolation() throws Exception {
    BrowserScript.requireChromium("ContentSecurityPolicyBrowserTest");
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      SecurityFixture fixture = new SecurityFixture(server).loadAll();
      fixture.buildScenes();
      JsonObject result = runBrowser(server);
      assertThat(result.getString("result")).as("csp-e2e: %s", result.encode()).isEqualTo("ok");
      assertThat(result.getJsonArray("violations")).as("CSP violations: %s", result.encode()).isEmpty();
      assertThat(result.getJsonObject("probe").getBoolean("evalBlocked")).as("eval refused").isTrue();
      assertThat(result.getJsonObject("probe").getBoolean("detected")).as("a refusal is detected").isTrue();
      assertThat(result.getJsonObject("pages").fieldNames()).containsExactlyInAnyOrder("viewer", "editor", "report", "leader");
      assertThat(result.getJsonObject("pages").getJsonObject("leader").getInteger("figures")).isEqualTo(12);
      assertThat(result.getJsonObject("pages").getJsonObject("editor").getInteger("grids")).isEqualTo(2);
    }
  }

  /** Runs the browser script; see {@link BrowserScript}. */
  private static JsonObject runBrowser(TestServer server) throws IOException, InterruptedException {
    return BrowserScript.run("csp-e2e.mjs", OUT, Duration.ofMinutes(10),
        "--url", server.uri("/").toString(), "--user", "admin", "--password", TestServer.ADMIN_PASSWORD,
        "--village", SecurityFixture.VILLAGE_A, "--chromium", CHROMIUM.toString(), "--timeout-seconds", "120");
  }
}
