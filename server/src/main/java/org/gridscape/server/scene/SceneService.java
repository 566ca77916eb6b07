package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.server.JobState;
import org.gridscape.server.layer.LayerFigures;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.DatabaseObjects;
import org.gridscape.server.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scene publishing for a running server: builds on request ({@link #submit}) and by itself when
 * data a scene shows changes, and serves the current tree ({@link #tiles()}).
 *
 * <p>Builds run one at a time, in the order asked, and across replicas one at a time too: a build
 * holds the {@link BuildLock}, and a background build starts only on the replica that gets it. On a
 * shared shelf every replica follows the published tree: at once when the builder's {@code NOTIFY}
 * arrives, and by a poll of the tree number every {@link #FOLLOW_POLL_MILLIS} ms should one be missed.
 *
 * <p>Changes are noticed by watching the dirty marks
 * (every writer marks the grids it touched in {@code scene_dirty}, in its own transaction) with a
 * cheap poll, or at once when a writer publishes on {@link #DIRTY_ADDRESS}; a dirty build starts
 * once the marks have been quiet for the debounce time, so a burst of edits is published once.
 */
public final class SceneService {

  private static final Logger LOG = LoggerFactory.getLogger(SceneService.class);

  /** Event-bus address writers may publish to (any body) after committing a change a scene shows. */
  public static final String DIRTY_ADDRESS = "gridscape.scenes.dirty";
  private static final int JOBS_KEPT = 100;
  static final long FOLLOW_POLL_MILLIS = 1000;

  /**
   * How the service runs.
   *
   * @param debounce quiet time after the last change before a background build starts
   * @param poll how often the dirty marks are looked at
   * @param builderThreads threads extruding grids
   * @param watch whether to build in the background when data changes
   * @param outputDecorator wraps each publish's output (identity; tests inject failures)
   */
  public record Settings(Duration debounce, Duration poll, int builderThreads, boolean watch,
      UnaryOperator<SceneOutput> outputDecorator) {

    public Settings {
      Objects.requireNonNull(debounce, "debounce");
      Objects.requireNonNull(poll, "poll");
      if (debounce.isNegative() || poll.toMillis() < 1) {
        throw new IllegalArgumentException("debounce must be >= 0 and poll >= 1 ms");
      }
      if (builderThreads < 1 || builderThreads > 256) {
        throw new IllegalArgumentException("builderThreads must be 1-256: " + builderThreads);
      }
      Objects.requireNonNull(outputDecorator, "outputDecorator");
    }

    /** 100 ms quiet, polled every 50 ms, one builder thread per core, watching. */
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(100), Duration.ofMillis(50),
          Runtime.getRuntime().availableProcessors(), true, UnaryOperator.identity());
    }

    public Settings withWatch(boolean on) {
      return new Settings(debounce, poll, builderThreads, on, outputDecorator);
    }

    public Settings withDebounce(Duration quiet) {
      return new Settings(quiet, poll, builderThreads, watch, outputDecorator);
    }

    public Settings withOutputDecorator(UnaryOperator<SceneOutput> decorator) {
      return new Settings(debounce, poll, builderThreads, watch, decorator);
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final SceneStore store;
  private final SceneShelf shelf;
  private final BuildLock lock;
  private final TileHandler tiles;
  private final ScenePublisher publisher;
  private final ExecutorService builders;
  private final AtomicInteger jobNumbers = new AtomicInteger();
  private final Map<String, SceneJob> jobs = new LinkedHashMap<>();
  private Future<Void> tail = Future.succeededFuture();

  // Watcher state, touched only on the timer's event-loop context.
  private long timer = -1;
  private MessageConsumer<Object> consumer;
  private boolean polling;
  private SceneStore.DirtyMark lastMark;
  private long lastChangeNanos;
  private SceneStore.DirtyMark failedMark;
  private SceneJob autoJob;
  private boolean locking;
  private volatile boolean closed;
  // Following the published tree (shared shelves only).
  private long followTimer = -1;
  private PgSubscriber subscriber;
  private String schema;
  private boolean following;

  private SceneService(Vertx vertx, Database db, SceneShelf shelf, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.store = new SceneStore(db);
    this.shelf = shelf;
    this.lock = new BuildLock(vertx, db);
    this.tiles = new TileHandler(vertx, shelf);
    AtomicInteger threadNumbers = new AtomicInteger();
    this.builders = Executors.newFixedThreadPool(settings.builderThreads(), task -> {
      Thread thread = new Thread(task, "gridscape-scene-" + threadNumbers.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.publisher = new ScenePublisher(vertx, store, new LayerFigures(db), shelf, builders,
        settings.outputDecorator(), tiles::prefill,
        // The embedded database holds a district: one batch, read in one pass. A city on PostgreSQL is
        // built batch after batch, never all in memory.
        db.kind() == Database.Kind.H2 ? Integer.MAX_VALUE : ScenePublisher.CITY_BATCH_GRIDS);
  }

  /**
   * Where the tilesets attached to regions (imported meshes) come from; the next build hangs them in
   * the tree. Call {@link #build} (DIRTY) after they change.
   */
  public void attachments(SceneAttachments source) {
    publisher.attachments(source);
  }

  /** With the scenes kept as the database kind suggests (files with H2, the database with PostgreSQL). */
  public static Future<SceneService> start(Vertx vertx, Database db, Path dataDir, Settings settings) {
    return start(vertx, db, dataDir, db.kind() == Database.Kind.H2 ? null : new DatabaseObjects(db), settings);
  }

  /**
   * Opens the scene shelf: files under {@code dataDir/scenes} (removing leftovers of builds that died)
   * when {@code shared} is null, else trees in the database and GLBs in {@code shared}; starts
   * following the published tree (shared) and watching for changes.
   */
  public static Future<SceneService> start(Vertx vertx, Database db, Path dataDir, ObjectStore shared,
      Settings settings) {
    Path data = dataDir.toAbsolutePath();
    return vertx.executeBlocking(() -> shared == null ? SceneFiles.open(vertx, data.resolve("scenes"))
        : SharedScenes.open(db, shared, data.resolve("cache").resolve("scene-content"))).compose(shelf -> {
      SceneService service = new SceneService(vertx, db, shelf, settings);
      SceneShelf.Tree tree = shelf.current();
      LOG.info("Scenes ({}): {}", shelf.describe(), tree == null ? "none published yet" : "serving tree "
          + tree.number() + " (" + tree.tilesetVersion() + ")");
      Future<Void> follow = shelf instanceof SharedScenes replicated ? service.follow(db, replicated)
          : Future.succeededFuture();
      return follow.map(v -> {
        if (settings.watch()) {
          service.watch();
        }
        return service;
      });
    });
  }

  // ------------------------------------------------------------------------------------ following

  /** Listens for publishes of other replicas and polls the tree number in case one is missed. */
  private Future<Void> follow(Database db, SharedScenes shared) {
    followTimer = vertx.setPeriodic(FOLLOW_POLL_MILLIS, id -> followPublished(shared));
    if (db.kind() != Database.Kind.POSTGRESQL) {
      return Future.succeededFuture();
    }
    return db.query("SELECT current_schema()").compose(rows -> {
      schema = rows.iterator().next().getString(0);
      subscriber = PgSubscriber.subscriber(vertx, db.pgConnectOptions());
      // after a lost connection, listen again within a second (the poll covers the gap)
      subscriber.reconnectPolicy(retries -> closed ? -1L : 1000L);
      subscriber.channel(SharedScenes.CHANNEL).handler(payload -> {
        long number = SharedScenes.treeOf(payload, schema);
        SceneShelf.Tree served = shared.current();
        if (number > 0 && (served == null || number != served.number())) {
          followPublished(shared);
        }
      });
      return subscriber.connect().recover(e -> {
        LOG.warn("Cannot listen for scene publishes ({}); following by polling every {} ms", e.toString(),
            FOLLOW_POLL_MILLIS);
        return Future.succeededFuture();
      });
    });
  }

  /** Serves the tree the database says is published, keeping what was cached of unchanged files. */
  private void followPublished(SharedScenes shared) {
    if (following || closed) {
      return;
    }
    following = true;
    shared.published().compose(tree -> {
      SceneShelf.Tree served = shared.current();
      if (tree == null || served != null && tree.number() <= served.number()) {
        return Future.succeededFuture();
      }
      Future<java.util.Set<String>> changed = served == null ? Future.succeededFuture(null)
          : shared.changedPaths(served, tree);
      return changed.map(paths -> {
        tiles.follow(served, tree, paths);
        shared.serve(tree);
        LOG.info("Serving scene tree {} ({}), published by another process", tree.number(), tree.tilesetVersion());
        return null;
      });
    }).onComplete(done -> {
      following = false;
      if (done.failed()) {
        LOG.debug("could not read the published scene tree: {}", done.cause().toString());
      }
    });
  }

  /** The handler for {@code GET|HEAD /3dtiles/*}. */
  public Handler<RoutingContext> tiles() {
    return tiles;
  }

  /** Number and version of the tree being served, if any. */
  public Optional<String> servedVersion() {
    SceneShelf.Tree tree = shelf.current();
    return tree == null ? Optional.empty() : Optional.of(tree.tilesetVersion());
  }

  /** The dirty marks now. */
  Future<SceneStore.DirtyMark> dirtyMarks() {
    return store.dirtyMark();
  }

  /** Whether edits wait for a build (marked or claimed grids, on any replica). */
  public Future<Boolean> editsPending() {
    return store.dirtyMark().map(mark -> !mark.isEmpty());
  }

  SceneShelf shelf() {
    return shelf;
  }

  /** The local shelf (tests of the embedded default). */
  SceneFiles files() {
    return (SceneFiles) shelf;
  }

  /** Queues a build; it starts when the builds before it have finished. */
  public SceneJob submit(BuildMode mode, String trigger) {
    return submit(mode, trigger, null);
  }

  /** Queues a build that runs under {@code held} (taken by the watcher), or waits for the lock. */
  private SceneJob submit(BuildMode mode, String trigger, BuildLock.Held held) {
    if (closed) {
      if (held != null) {
        held.release();
      }
      throw new IllegalStateException("scene publishing has stopped");
    }
    SceneJob job = new SceneJob("s" + jobNumbers.incrementAndGet(), mode, trigger);
    synchronized (this) {
      jobs.put(job.id(), job);
      while (jobs.size() > JOBS_KEPT) {
        String oldest = jobs.keySet().iterator().next();
        if (!jobs.get(oldest).state().finished()) {
          break;
        }
        jobs.remove(oldest);
      }
      tail = tail.transform(ignored -> run(job, held));
    }
    return job;
  }

  /** Runs a build and completes when it has finished (either way); the job says how it went. */
  public Future<SceneJob> build(BuildMode mode, String trigger) {
    SceneJob job = submit(mode, trigger);
    Promise<SceneJob> done = Promise.promise();
    whenFinished(job, done);
    return done.future();
  }

  private void whenFinished(SceneJob job, Promise<SceneJob> done) {
    synchronized (this) {
      tail.onComplete(ignored -> {
        if (job.state().finished()) {
          done.tryComplete(job);
        } else {
          whenFinished(job, done);
        }
      });
    }
  }

  public synchronized Optional<SceneJob> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** The last jobs, newest first. */
  public synchronized java.util.List<SceneJob> recentJobs() {
    java.util.List<SceneJob> out = new java.util.ArrayList<>(jobs.values());
    java.util.Collections.reverse(out);
    return out.subList(0, Math.min(10, out.size()));
  }

  private Future<Void> run(SceneJob job, BuildLock.Held held) {
    if (closed) {
      job.failed("scene publishing has stopped");
      return held == null ? Future.succeededFuture() : held.release();
    }
    if (held == null) {
      job.phase("waiting for the build on another replica");
    }
    Future<BuildLock.Held> locked = held != null ? Future.succeededFuture(held) : lock.acquire();
    return locked.transform(acquired -> {
      if (acquired.failed()) {
        job.failed("cannot take the build lock: " + acquired.cause().getMessage());
        return Future.<Void>succeededFuture();
      }
      // Build on the tree published last, whichever replica published it.
      return vertx.executeBlocking(shelf::refresh, false)
          .compose(tree -> build(job))
          .eventually(() -> acquired.result().release().recover(e -> Future.succeededFuture()));
    });
  }

  private Future<Void> build(SceneJob job) {
    return publisher.publish(job.mode(), job).transform(outcome -> {
      if (outcome.succeeded()) {
        job.succeeded(outcome.result());
        if (!outcome.result().incremental()) {
          tiles.contentRemoved();
        }
      } else {
        Throwable e = outcome.cause();
        if (e instanceof ScenePublisher.NothingPublished) {
          // expected while villages are still being imported; not worth a warning per debounce
          LOG.info("Scene build {} ({}) skipped: {}", job.id(), job.mode().id(), e.getMessage());
        } else {
          LOG.warn("Scene build {} ({}) failed: {}", job.id(), job.mode().id(), e.toString());
        }
        LOG.debug("Scene build failure", e);
        job.failed(e.getMessage() == null ? e.toString() : e.getMessage());
      }
      return Future.<Void>succeededFuture();
    });
  }

  // ------------------------------------------------------------------------------------ watching

  private void watch() {
    consumer = vertx.eventBus().consumer(DIRTY_ADDRESS, message -> {
      lastMark = null;
      lastChangeNanos = System.nanoTime();
    });
    timer = vertx.setPeriodic(settings.poll().toMillis(), id -> poll());
  }

  private void poll() {
    if (polling || closed) {
      return;
    }
    polling = true;
    store.dirtyMark().onComplete(read -> {
      polling = false;
      if (read.failed()) {
        LOG.debug("could not read the dirty marks: {}", read.cause().toString());
        return;
      }
      onMark(read.result());
    });
  }

  private void onMark(SceneStore.DirtyMark mark) {
    long now = System.nanoTime();
    if (!mark.equals(lastMark)) {
      lastMark = mark;
      lastChangeNanos = now;
      return;
    }
    if (mark.isEmpty() || now - lastChangeNanos < settings.debounce().toNanos()) {
      return;
    }
    if (autoJob != null && !autoJob.state().finished()) {
      return;
    }
    if (autoJob != null && autoJob.state() == JobState.FAILED && mark.equals(failedMark)) {
      // The last background build failed and left these very marks (claims stay after a failure):
      // retrying at once would fail the same way, so wait for a new change or a manual build.
      return;
    }
    if (locking) {
      return;
    }
    // Only the replica that gets the lock builds; the others look again on the next poll.
    locking = true;
    lock.tryAcquire().onComplete(tried -> {
      locking = false;
      if (tried.failed() || tried.result() == null || closed) {
        if (tried.succeeded() && tried.result() != null) {
          tried.result().release();
        }
        return;
      }
      startAutoBuild(tried.result());
    });
  }

  private void startAutoBuild(BuildLock.Held held) {
    SceneJob job = submit(BuildMode.DIRTY, "auto", held);
    autoJob = job;
    Promise<SceneJob> done = Promise.promise();
    whenFinished(job, done);
    done.future().onComplete(finished -> {
      if (job.state() == JobState.FAILED) {
        store.dirtyMark().onSuccess(after -> failedMark = after);
      }
    });
  }

  /** Stops watching and lets no new build start; a running build is left to finish or fail. */
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
    if (followTimer >= 0) {
      vertx.cancelTimer(followTimer);
    }
    if (subscriber != null) {
      subscriber.close();
    }
    builders.shutdown();
    publisher.close();
  }
}
