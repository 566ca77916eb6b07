package org.gridscape.server.imagery;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One orthophoto import as the API reports it: queued, running (phase, tiles done of total),
 * succeeded (with its layer) or failed. Updated by the import thread, read by request handlers.
 */
public final class ImageryJob implements ImageryTiler.Progress {

  public enum State {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
      return this == SUCCEEDED || this == FAILED;
    }
  }

  private final String id;
  private final String layerId;
  private final String name;
  private final String createdBy;
  private final Instant createdAt = Instant.now();
  private final AtomicLong tilesDone = new AtomicLong();
  private volatile long tilesTotal;
  private volatile State state = State.QUEUED;
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

  public State state() {
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
    state = State.RUNNING;
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
    state = State.SUCCEEDED;
  }

  void failed(String message) {
    error = message == null ? "the import failed" : message;
    phase = "failed";
    finishedAt = Instant.now();
    state = State.FAILED;
  }

  /** Done share of the tiles, 0-100; 100 once succeeded. */
  public int percent() {
    if (state == State.SUCCEEDED) {
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
    if (state == State.SUCCEEDED) {
      json.put("tilejson", "/imagery/" + layerId + ".json");
    }
    return json;
  }
}
