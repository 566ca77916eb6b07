package org.gridscape.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the web apps' browser scripts ({@code web-viewer/test/*.mjs}, playwright-core driving
 * Debian's Chromium) with node. A script prints its result as one JSON line, the last on stdout;
 * its stderr goes to {@code <out>/<script>.log}.
 */
public final class BrowserScript {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path WEB_VIEWER = Path.of("..", "web-viewer").toAbsolutePath().normalize();

  private BrowserScript() {}

  /**
   * Skips the calling test, visibly, where Chromium or playwright-core is missing; fails it instead
   * when {@code CI=true}, where {@code .ci/run} installs both, so a browser test never passes unrun.
   */
  public static void requireChromium(String testName) {
    if (Files.isExecutable(CHROMIUM) && Files.isDirectory(WEB_VIEWER.resolve("node_modules/playwright-core"))) {
      return;
    }
    String message = "no Chromium at " + CHROMIUM + " or no playwright-core in web-viewer/node_modules: "
        + testName + " cannot run";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true: it must run)");
    }
    System.err.println("SKIPPING " + testName + ": " + message);
    Assumptions.abort(message);
  }

  /** Runs {@code web-viewer/test/<script>} with the arguments; returns its JSON result. */
  public static JsonObject run(String script, Path out, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    Path log = out.resolve(script.replace(".mjs", ".log"));
    List<String> command = new ArrayList<>(List.of("node", WEB_VIEWER.resolve("test").resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(WEB_VIEWER.toFile()).redirectError(log.toFile()).start();
    byte[] stdout = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish in " + timeout + "; see " + log);
    }
    List<String> lines = new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as("JSON result of %s (log %s)", script, log).isNotEmpty();
    return new JsonObject(lines.get(lines.size() - 1));
  }

  /** Asserts that a screenshot is a real render: a blank (failed) one is a flat colour, a real one has many. */
  public static void assertNotBlank(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot %s", png).isNotNull();
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(colours.size()).as("distinct colours in %s", png).isGreaterThan(50);
  }

  /** Creates a leader account through the API for a browser test (201, or 409 when it exists already). */
  public static void createLeader(TestServer server, String admin, String username, String password) {
    var response = server.postJson("/api/v1/users", admin, new io.vertx.core.json.JsonObject().put("username", username)
        .put("password", password).put("roles", new io.vertx.core.json.JsonArray().add("leader"))
        .put("scopes", new io.vertx.core.json.JsonArray()));
    assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
  }
}
