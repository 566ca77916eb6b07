package org.gridscape.server.scene;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridscape.server.JobState;

/**
 * One scene build as the API reports it: queued, running (with grids done of total), succeeded or
 * failed. Updated by the build's threads, read by request handlers; every field is safely published.
 */
public final class SceneJob {


  private final String id;
  private final BuildMode mode;
  private final String trigger;
  private final Instant createdAt = Instant.now();
  private final AtomicInteger gridsDone = new AtomicInteger();
  private volatile int gridsTotal;
  private volatile JobState state = JobState.QUEUED;
  private volatile String phase = "queued";
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile String error;
  private volatile PublishResult result;
  private final java.util.Map<String, Long> laps = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
  private volatile long lapStart = System.nanoTime();

  SceneJob(String id, BuildMode mode, String trigger) {
    this.id = Objects.requireNonNull(id, "id");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.trigger = Objects.requireNonNull(trigger, "trigger");
  }

  public String trigger() {
    return trigger;
  }

  public String id() {
    return id;
  }

  public BuildMode mode() {
    return mode;
  }

  public JobState state() {
    return state;
  }

  public String error() {
    return error;
  }

  /** The outcome once succeeded, else null. */
  public PublishResult result() {
    return result;
  }

  public int gridsDone() {
    return gridsDone.get();
  }

  public int gridsTotal() {
    return gridsTotal;
  }

  void started() {
    lapStart = System.nanoTime();
    startedAt = Instant.now();
    state = JobState.RUNNING;
    phase = "claiming dirty grids";
  }

  /** Records the time since the previous lap under {@code name} (milliseconds). */
  void lap(String name) {
    long now = System.nanoTime();
    laps.put(name, (now - lapStart) / 1_000_000);
    lapStart = now;
  }

  /** Records a figure of the build (milliseconds) beside the stages, e.g. the time spent waiting for reads. */
  void figure(String name, long millis) {
    synchronized (laps) {
      laps.put(name, millis);
    }
  }

  /** Milliseconds per stage of the build so far, in order. */
  public java.util.Map<String, Long> laps() {
    synchronized (laps) {
      return new java.util.LinkedHashMap<>(laps);
    }
  }

  void phase(String text) {
    phase = text;
  }

  void total(int grids) {
    gridsTotal = grids;
  }

  void gridDone() {
    gridsDone.incrementAndGet();
  }

  void succeeded(PublishResult outcome) {
    result = outcome;
    phase = "published";
    finishedAt = Instant.now();
    state = JobState.SUCCEEDED;
  }

  void failed(String message) {
    error = message == null ? "scene build failed" : message;
    phase = "failed";
    finishedAt = Instant.now();
    state = JobState.FAILED;
  }

  /** Done share of the grids, 0-100; 100 once succeeded. */
  public int percent() {
    if (state == JobState.SUCCEEDED) {
      return 100;
    }
    int total = gridsTotal;
    return total == 0 ? 0 : (int) Math.min(99, 100L * gridsDone.get() / total);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("jobId", id).put("mode", mode.id()).put("trigger", trigger)
        .put("state", state.id()).put("phase", phase).put("gridsDone", gridsDone.get())
        .put("gridsTotal", gridsTotal).put("percent", percent()).put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString()).put("error", error)
        .put("stageMillis", new JsonObject(new java.util.LinkedHashMap<String, Object>(laps())));
    PublishResult r = result;
    if (r != null) {
      json.put("result", new JsonObject().put("tree", r.tree()).put("tilesetVersion", r.tilesetVersion())
          .put("incremental", r.incremental()).put("unchanged", r.unchanged()).put("gridsBuilt", r.gridsBuilt())
          .put("buildings", r.buildings()).put("glbBytes", r.glbBytes())
          .put("overviews", r.overviewsBuilt()).put("overviewBytes", r.overviewBytes()).put("tilesetsWritten", r.tilesetsWritten())
          .put("failedGrids", new JsonArray(r.failedGrids())).put("millis", r.millis()));
    }
    return json;
  }
}
