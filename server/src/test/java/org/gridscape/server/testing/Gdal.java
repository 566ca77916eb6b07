package org.gridscape.server.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** GDAL's command-line tools (gdal-bin) for tests that make real GeoTIFFs. */
public final class Gdal {

  private Gdal() {}

  /**
   * Skips the calling test, visibly, where gdal_translate is missing; fails it instead when
   * {@code CI=true}, where {@code .ci/run} installs gdal-bin, so an imagery test never passes unrun.
   */
  public static void require(String testName) {
    try {
      Process process = new ProcessBuilder("gdal_translate", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String message = "no gdal_translate on the PATH (apt-get install gdal-bin): " + testName + " cannot run";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true: it must run)");
    }
    System.err.println("SKIPPING " + testName + ": " + message);
    Assumptions.abort(message);
  }

  /** Runs a GDAL command in {@code dir}; its output when it succeeds, an AssertionError naming it otherwise. */
  public static String run(Path dir, String... command) {
    try {
      Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + " could not start: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code gdalinfo -json} of a file. */
  public static JsonObject info(Path file) {
    return new JsonObject(run(file.getParent(), "gdalinfo", "-json", file.toString()));
  }
}
