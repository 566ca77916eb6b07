package org.gridscape.server.imagery;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.gridscape.server.JobState;

/**
 * One orthophoto import as the API reports it: queued, running (phase, tiles done of total),
 * succeeded (with its layer) or failed. Updated by the import thread, read by request handlers.
 */
public final class ImageryJob implements ImageryTiler.Progress {


  private final String id;
  private final String layerId;
  private final String name;
  private final String createdBy;
  private final Instant createdAt = Instant.now();
  private final AtomicLong tilesDone = new AtomicLong();
  private volatile long tilesTotal;
  private volatile JobState state = JobState.QUEUED;
  private volatile String phase = "queued";
  private volatile String source;
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile String error;

  ImageryJob(String id, String layerId, String name, String createdBy) {
    this.id = Objects.requireNonNull(id, "id");
    this.layerId = Objects.requireNonNull(layerId, "layerId");
    this.name = Objects.requireNonNull(name, "name");
    this.createdBy = createdBy;
  }

  public String id() {
    return id;
  }

  /** The layer this import creates (listed only once it has succeeded). */
  public String layerId() {
    return layerId;
  }

  public String name() {
    return name;
  }

  public String createdBy() {
    return createdBy;
  }

  public JobState state() {
    return state;
  }

  public String error() {
    return error;
  }

  public long tilesDone() {
    return tilesDone.get();
  }

  public long tilesTotal() {
    return tilesTotal;
  }

  void started(String description) {
    source = description;
    startedAt = Instant.now();
    state = JobState.RUNNING;
    phase = "planning";
  }

  @Override
  public void phase(String text) {
    phase = text;
  }

  @Override
  public void total(long tiles) {
    tilesTotal = tiles;
  }

  @Override
  public void tileDone() {
    tilesDone.incrementAndGet();
  }

  void succeeded() {
    tilesDone.set(tilesTotal);
    phase = "published";
    finishedAt = Instant.now();
    state = JobState.SUCCEEDED;
  }

  void failed(String message) {
    error = message == null ? "the import failed" : message;
    phase = "failed";
    finishedAt = Instant.now();
    state = JobState.FAILED;
  }

  /** Done share of the tiles, 0-100; 100 once succeeded. */
  public int percent() {
    if (state == JobState.SUCCEEDED) {
      return 100;
    }
    long total = tilesTotal;
    return total == 0 ? 0 : (int) Math.min(99, 100L * tilesDone.get() / total);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("jobId", id).put("layerId", layerId).put("name", name)
        .put("state", state.id()).put("phase", phase).put("tilesDone", tilesDone.get()).put("tilesTotal", tilesTotal)
        .put("percent", percent()).put("source", source).put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString()).put("error", error);
    if (state == JobState.SUCCEEDED) {
      json.put("tilejson", "/imagery/" + layerId + ".json");
    }
    return json;
  }
}
