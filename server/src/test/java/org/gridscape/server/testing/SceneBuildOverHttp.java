package org.gridscape.server.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleOptions;

/** Builds the scenes of a test server through the public API, as an administrator would. */
public final class SceneBuildOverHttp {

  private final TestServer server;
  private final String token;

  public SceneBuildOverHttp(TestServer server, String adminToken) {
    this.server = server;
    this.token = adminToken;
  }

  /** Starts a full scene build through the API and waits for the job to finish; false without a scene API. */
  public boolean buildScenes(Duration timeout) {
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
