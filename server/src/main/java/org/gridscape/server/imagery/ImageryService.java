package org.gridscape.server.imagery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.imagery.ImageryException.Kind;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectCache;
import org.gridscape.server.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orthophoto layers of a running server: accepts an uploaded GeoTIFF (checked at once, tiled by a
 * background job, one import at a time), lists, changes and removes layers, and finds their tiles.
 *
 * <p>Files under {@code <data-dir>/imagery}: {@code <layer-id>/z/x/y.png} for every listed layer;
 * {@code .upload-*} (request bodies being received or waiting for their job) and {@code .staging-*}
 * (tile trees being written) are removed at start-up. A job writes its tree under a staging name,
 * moves it into place in one rename, and only then inserts the layer's row: what is listed is
 * complete, and what a crash leaves behind is never served and is cleaned up at the next start.
 *
 * <p>With replicas (a shared {@link ObjectStore}) every tile is also the object
 * {@code imagery/<layer-id>/z/x/y.png}, stored before the layer's row is inserted; the folder above
 * is then each replica's read-through copy of them. The pyramid of small PNGs is what is shared
 * (not the GeoTIFF): tiles are then served as files, as on one process, and no replica renders.
 * A tile the store does not have is transparent, remembered as such (a layer's tiles never change).
 * A removed layer answers 404 on every replica once its listing is re-read (at most
 * {@link #LAYER_CACHE_NANOS} later), which also removes that replica's copies.
 */
public final class ImageryService {

  private static final Logger LOG = LoggerFactory.getLogger(ImageryService.class);
  private static final int JOBS_KEPT = 100;
  /** Where the tiles are among the shared objects. */
  private static final String OBJECTS = "imagery/";
  /** Layers are re-read from the database after this, so a change made by another replica shows. */
  private static final long LAYER_CACHE_NANOS = 2_000_000_000L;

  private final Vertx vertx;
  private final Database db;
  private final ImageryStore store;
  private final Path root;
  private final ExecutorService worker;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger jobNumbers = new AtomicInteger();
  private final Map<String, ImageryJob> jobs = new LinkedHashMap<>();
  private volatile Map<String, ImageryLayer> layers;
  private volatile long layersReadAt;
  private volatile boolean closed;
  /** With replicas: the shared store's {@code imagery/...} objects, {@link #root} their local copies. */
  private final ObjectCache shared;
  /** With replicas: tiles the store does not have (transparent), so they are not asked for again. */
  private final Map<String, Boolean> absentTiles = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > ABSENT_TILES_KEPT;
        }
      });
  private static final int ABSENT_TILES_KEPT = 100_000;
  /** With replicas: the layers listed at the last reading, to notice those removed through another replica. */
  private volatile Set<String> seenIds;

  private ImageryService(Vertx vertx, Database db, Path root, ObjectStore sharedObjects) {
    this.vertx = vertx;
    this.db = db;
    this.store = new ImageryStore(db);
    this.root = root;
    this.shared = sharedObjects == null ? null : new ObjectCache(sharedObjects, OBJECTS, root);
    this.worker = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "gridscape-imagery");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Opens {@code dataDir/imagery}, removing what unfinished imports and removed layers left. */
  public static Future<ImageryService> start(Vertx vertx, Database db, Path dataDir) {
    return start(vertx, db, dataDir, Optional.empty());
  }

  /**
   * Opens {@code dataDir/imagery} as above; with {@code sharedObjects}, layers are stored there and
   * the folder holds this replica's copies.
   */
  public static Future<ImageryService> start(Vertx vertx, Database db, Path dataDir,
      Optional<ObjectStore> sharedObjects) {
    Path root = dataDir.toAbsolutePath().resolve("imagery");
    ImageryService service = new ImageryService(vertx, db, root, sharedObjects.orElse(null));
    return service.store.list().compose(listed -> vertx.executeBlocking(() -> {
      Files.createDirectories(root);
      Set<String> ids = listed.stream().map(ImageryLayer::id).collect(Collectors.toSet());
      try (Stream<Path> entries = Files.list(root)) {
        for (Path entry : entries.toList()) {
          String name = entry.getFileName().toString();
          if (name.startsWith(".upload-") || name.startsWith(".staging-")
              || ImageryLayer.ID.matcher(name).matches() && !ids.contains(name)) {
            LOG.info("Removing leftover imagery {}", entry);
            deleteTree(entry);
          }
        }
      }
      for (ImageryLayer layer : listed) {
        if (service.shared == null && !Files.isDirectory(root.resolve(layer.id()))) {
          // restored from a backup (tiles are not in it) or imported on another replica
          LOG.warn("Orthophoto layer {} ('{}') has no tiles under {}: it is served transparent; import it again",
              layer.id(), layer.name(), root);
        }
      }
      LOG.info("Imagery in {}: {} layer(s){}", root, listed.size(), service.shared == null ? ""
          : ", tiles in " + service.shared.store().describe());
      return service;
    }));
  }

  /** A new file for an upload's body, beside the layers (so a rename never crosses file systems). */
  public Path newUploadFile() {
    return root.resolve(".upload-" + hex(8) + ".tif");
  }

  /**
   * Checks an uploaded GeoTIFF and queues its import. The file is the service's from now on: it is
   * deleted when the import ends, or at once when the file is refused.
   *
   * @return the queued job; fails with {@link ImageryException} naming what is wrong with the file
   */
  public Future<ImageryJob> submit(Path upload, String name, String attribution, String user) {
    if (closed) {
      deleteQuietly(upload);
      return Future.failedFuture(new IllegalStateException("imagery imports have stopped"));
    }
    return vertx.<Object[]>executeBlocking(() -> {
      GeoTiffSource source = GeoTiffSource.open(upload);
      try {
        return new Object[] {source, ImageryTiler.plan(source)};
      } catch (RuntimeException e) {
        source.close();
        throw e;
      }
    }).recover(e -> {
      deleteQuietly(upload);
      return Future.failedFuture(e);
    }).map(opened -> {
      GeoTiffSource source = (GeoTiffSource) opened[0];
      TilePlan plan = (TilePlan) opened[1];
      String layerId = "ortho-" + hex(5);
      ImageryJob job = new ImageryJob("i" + jobNumbers.incrementAndGet(), layerId, name, user);
      synchronized (this) {
        jobs.put(job.id(), job);
        while (jobs.size() > JOBS_KEPT && jobs.values().iterator().next().state().finished()) {
          jobs.remove(jobs.keySet().iterator().next());
        }
      }
      LOG.info("Imagery import {} of '{}' queued: {}, {} m/px, zoom {}-{}", job.id(), name, source.describe(),
          String.format(java.util.Locale.ROOT, "%.3f", plan.metresPerPixel()), plan.minZoom(), plan.maxZoom());
      worker.execute(() -> run(job, source, plan, upload, attribution));
      return job;
    });
  }

  private void run(ImageryJob job, GeoTiffSource source, TilePlan plan, Path upload, String attribution) {
    Path staging = root.resolve(".staging-" + job.layerId());
    Path target = root.resolve(job.layerId());
    long started = System.nanoTime();
    try (source) {
      job.started(source.describe());
      if (closed) {
        throw new java.util.concurrent.CancellationException("the server is stopping");
      }
      ImageryTiler.Result result = ImageryTiler.write(source, plan, staging, job, () -> closed);
      job.phase("publishing");
      Files.createDirectories(staging);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      if (shared != null) {
        job.phase("storing tiles");
        share(target, job.layerId());
      }
      ImageryLayer layer = new ImageryLayer(job.layerId(), job.name(), attribution, source.crs().id(), plan.west(),
          plan.south(), plan.east(), plan.north(), plan.minZoom(), plan.maxZoom(), plan.metresPerPixel(),
          result.tiles(), result.bytes(), 0, true, OffsetDateTime.now(ZoneOffset.UTC), job.createdBy());
      // The layer and its change entry commit together: a failed import leaves neither.
      await(db.inTransaction(tx -> new ImageryStore(tx).insert(layer)
          .compose(inserted -> ChangeLog.append(tx, Change.imagery(layer.id())))));
      layers = null;
      job.succeeded();
      LOG.info("Imagery import {} published layer {}: {} tiles, {} bytes in {} ms", job.id(), layer.id(),
          result.tiles(), result.bytes(), (System.nanoTime() - started) / 1_000_000);
    } catch (Throwable e) {
      LOG.warn("Imagery import {} failed: {}", job.id(), e.toString());
      LOG.debug("Imagery import failure", e);
      deleteQuietly(staging);
      deleteQuietly(target);
      if (shared != null) {
        forgetObjects(job.layerId());
      }
      job.failed(e instanceof ImageryException || e instanceof java.util.concurrent.CancellationException
          ? e.getMessage() : "the import failed: " + e);
    } finally {
      deleteQuietly(upload);
    }
  }

  /** Puts every tile of a written layer into the shared store, before its row makes it visible. */
  private void share(Path layerDir, String layerId) throws IOException {
    List<Path> tiles;
    try (Stream<Path> files = Files.walk(layerDir)) {
      tiles = files.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path tile : tiles) {
      if (closed) {
        throw new java.util.concurrent.CancellationException("the server is stopping");
      }
      String relative = layerDir.relativize(tile).toString().replace('\\', '/');
      shared.store().putIfAbsent(shared.objectName(layerId + "/" + relative), Files.readAllBytes(tile));
    }
    shared.flush();
  }

  /** Removes a layer's objects from the shared store (blocking); failures are logged. */
  private void forgetObjects(String layerId) {
    try {
      ObjectStore objects = shared.store();
      objects.delete(shared.objectsUnder(layerId));
    } catch (RuntimeException e) {
      LOG.warn("Could not remove the stored tiles of layer {} from {}: {}", layerId, shared.store().describe(),
          e.toString());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  public synchronized Optional<ImageryJob> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Every layer in drawing order. */
  public Future<List<ImageryLayer>> list() {
    return layerMap().map(map -> List.copyOf(map.values()));
  }

  /** A listed layer (from a cache at most two seconds old). */
  public Future<Optional<ImageryLayer>> find(String id) {
    return layerMap().map(map -> Optional.ofNullable(map.get(id)));
  }

  private Future<Map<String, ImageryLayer>> layerMap() {
    Map<String, ImageryLayer> known = layers;
    if (known != null && System.nanoTime() - layersReadAt < LAYER_CACHE_NANOS) {
      return Future.succeededFuture(known);
    }
    return store.list().map(list -> {
      Map<String, ImageryLayer> map = new LinkedHashMap<>();
      list.forEach(layer -> map.put(layer.id(), layer));
      layers = map;
      layersReadAt = System.nanoTime();
      if (shared != null) {
        Set<String> before = seenIds;
        seenIds = Set.copyOf(map.keySet());
        if (before != null) {
          forgetRemoved(before, map);
        }
      }
      return map;
    });
  }

  /** Another replica removed a layer this one knew: its local copies go too (in the background). */
  private void forgetRemoved(Set<String> before, Map<String, ImageryLayer> now) {
    List<String> removed = before.stream().filter(id -> !now.containsKey(id)).toList();
    if (!removed.isEmpty()) {
      vertx.executeBlocking(() -> {
        removed.forEach(id -> deleteQuietly(root.resolve(id)));
        return null;
      }, false);
    }
  }

  /** Renames, reorders or shows/hides a layer; null leaves a field as it is. */
  public Future<ImageryLayer> change(String id, String name, Integer order, Boolean visible) {
    return store.find(id).compose(found -> {
      ImageryLayer layer = found.orElseThrow(() -> noSuchLayer(id));
      ImageryLayer changed = layer.with(name, order, visible);
      return store.update(changed).map(done -> {
        layers = null;
        return changed;
      });
    });
  }

  /** Removes a layer: its row first (it is no longer served), then its tiles. */
  public Future<Void> delete(String id) {
    return store.delete(id).compose(deleted -> {
      if (!deleted) {
        return Future.failedFuture(noSuchLayer(id));
      }
      layers = null;
      return vertx.executeBlocking(() -> {
        deleteTree(root.resolve(id));
        if (shared != null) {
          ObjectStore objects = shared.store();
          objects.delete(shared.objectsUnder(id));
        }
        return null;
      });
    });
  }

  /** The file of a stored tile, which may not exist (no visible pixel there). */
  public Path tileFile(ImageryLayer layer, int z, int x, int y) {
    return root.resolve(layer.id()).resolve(Integer.toString(z)).resolve(Integer.toString(x)).resolve(y + ".png");
  }

  /**
   * The file of a stored tile, or null where the layer has none (no visible pixel there); with
   * replicas read through from the shared store.
   */
  public Future<Path> tile(ImageryLayer layer, int z, int x, int y) {
    if (shared == null) {
      Path file = tileFile(layer, z, x, y);
      return vertx.fileSystem().exists(file.toString()).map(exists -> exists ? file : null);
    }
    String name = layer.id() + "/" + z + "/" + x + "/" + y + ".png";
    if (absentTiles.containsKey(name)) {
      return Future.succeededFuture(null);
    }
    return vertx.executeBlocking(() -> {
      Path file = shared.file(name);
      if (file == null) {
        absentTiles.put(name, Boolean.TRUE);
      }
      return file;
    }, false);
  }

  static ImageryException noSuchLayer(String id) {
    return new ImageryException(Kind.NO_SUCH_LAYER, "no orthophoto layer '" + id + "'");
  }

  /** Lets no new import start and stops the running one at its next tile row. */
  public void close() {
    closed = true;
    worker.shutdown();
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteQuietly(Path path) {
    try {
      deleteTree(path);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not remove {}: {}", path, e.toString());
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
