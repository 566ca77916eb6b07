package org.gridscape.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the web apps' browser scripts ({@code web-viewer/test/*.mjs}, playwright-core driving
 * Debian's Chromium) with node. A script prints its result as one JSON line, the last on stdout;
 * its stderr goes to {@code <out>/<script>.log}.
 */
public final class BrowserScript {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path WEB_VIEWER = Path.of("..", "web-viewer").toAbsolutePath().normalize();

  private BrowserScript() {}

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
}
