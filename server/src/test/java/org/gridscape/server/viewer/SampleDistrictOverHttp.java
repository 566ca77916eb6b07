package org.gridscape.server.viewer;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.testing.TestServer;

/**
 * Loads the generated sample district into a test server the way an administrator would, through
 * the public import API only (regions, every village's plan and grids, publish, the people, Party
 * and events layers), then asks for the scenes to be built. Kept apart from the browser test so the
 * same set-up serves any end-to-end test that needs a full district with scenes.
 */
final class SampleDistrictOverHttp {

  /** Layer files in dependency order: organs before workers, households before residents ... */
  private static final List<String> LAYERS = List.of("households", "residents", "party-orgs", "party-members",
      "party-links", "assistance", "inspections", "illegal-construction", "organs", "workers", "events");

  private final TestServer server;
  private final String token;

  SampleDistrictOverHttp(TestServer server, String adminToken) {
    this.server = server;
    this.token = adminToken;
  }

  /** Generates the published sample (scale 1) into {@code dir} and imports all of it. */
  void load(Path dir) {
    SampleDistrictGenerator.generate(SampleOptions.defaults(dir), message -> { });
    post("/api/v1/imports/regions", "application/geo+json", dir.resolve("regions.geojson"));
    try (Stream<Path> plans = Files.list(dir.resolve("plans"))) {
      for (Path plan : plans.sorted().toList()) {
        String village = plan.getFileName().toString().replace(".geojson", "");
        post("/api/v1/imports/village-plan?village=" + village, "application/geo+json", plan);
        post("/api/v1/imports/grids?village=" + village, "application/geo+json",
            dir.resolve("grids").resolve(village + ".geojson"));
        expect(server.send("POST", "/api/v1/villages/" + village + "/publish", token, null, null), "publish " + village);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String layer : LAYERS) {
      post("/api/v1/imports/" + layer, "text/csv", dir.resolve(layer + ".csv"));
    }
  }

  /**
   * Builds all scenes through {@code POST /api/v1/scenes/build} and waits for the job. Returns
   * false when the server has no scene publishing (404), so callers can skip rather than fail.
   */
  boolean buildScenes(Duration timeout) {
    HttpResponse<String> started = server.postJson("/api/v1/scenes/build", token, new JsonObject());
    if (started.statusCode() == 404 || started.statusCode() == 405) {
      return false;
    }
    expect(started, "start scene build");
    JsonObject job = new JsonObject(started.body());
    String id = firstString(job, "id", "jobId");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!finished(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("scene build did not finish within " + timeout + ": " + job.encode());
      }
      sleep(500);
      HttpResponse<String> polled = server.get("/api/v1/scenes/jobs/" + id, token);
      expect(polled, "scene job " + id);
      job = new JsonObject(polled.body());
    }
    return true;
  }

  private static boolean finished(JsonObject job) {
    String state = String.valueOf(firstString(job, "state", "status")).toLowerCase(java.util.Locale.ROOT);
    if (state.equals("failed") || state.equals("error")) {
      throw new AssertionError("scene build failed: " + job.encode());
    }
    return List.of("done", "succeeded", "success", "completed", "finished", "published").contains(state);
  }

  private static String firstString(JsonObject json, String... keys) {
    for (String key : keys) {
      Object value = json.getValue(key);
      if (value != null) {
        return String.valueOf(value);
      }
    }
    return null;
  }

  private void post(String path, String contentType, Path file) {
    try {
      HttpRequest request = server.request(path, token).header("Content-Type", contentType)
          .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
      expect(server.send(request), "POST " + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void expect(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(what + " failed: " + response.statusCode() + " " + response.body());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
