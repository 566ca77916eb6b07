package org.gridscape.server.tileset;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectCache;
import org.gridscape.server.store.ObjectStore;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.tileset.TilesetException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The districts' own 3D Tiles tilesets (photogrammetry): imports a zipped tileset (checked and
 * staged on a worker thread), lists and removes them, and tells a listener of every change.
 *
 * <p>Files under {@code <data-dir>/scenes/imported}: {@code <16 hex>.<json|glb|b3dm>}, each stored
 * once however many tilesets use it. An import stages its files beside them, moves the new ones in
 * (atomic renames) and only then inserts its row; a delete removes its row, then the files no other
 * tileset's tree references. Imports' and deletes' file steps run one at a time, so a file another
 * import is about to reference is never removed under it. Whatever a crash leaves ({@code .upload-}
 * and {@code .staging-} entries, files no row references) is removed at start-up.
 *
 * <p>With replicas (a shared {@link ObjectStore}) every stored file is also the object
 * {@code tilesets/<16 hex>.<ext>}, and the folder is each replica's read-through copy of them. An
 * import puts its files and inserts its row, a delete removes its row and the objects no other
 * tileset references, each in one transaction holding a PostgreSQL advisory lock, so an import on
 * one replica never references a file a delete on another is removing. A replica serves a file only
 * while a listed tileset references it, as read from the database at most {@link #SERVED_NANOS} ago:
 * a tileset removed through another replica answers 404 within that time, and that replica's copies
 * are removed then.
 */
public final class ImportedTilesets {

  /** Where the stored files are served. */
  public static final String URI_PREFIX = "/3dtiles/imported/";
  /** The largest zip accepted (the same as an orthophoto's GeoTIFF). */
  public static final long MAX_ZIP_BYTES = 2L << 30;

  private static final Logger LOG = LoggerFactory.getLogger(ImportedTilesets.class);
  /** Where the files are among the shared objects. */
  private static final String OBJECTS = "tilesets/";
  /** How long a replica serves from the list of referenced files before reading the tilesets again. */
  private static final long SERVED_NANOS = 2_000_000_000L;
  /** One import or delete at a time among the replicas on a database schema. */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('gridscape.tilesets.' || current_schema()))";

  private final Vertx vertx;
  private final TilesetStore store;
  private final GeographyStore geography;
  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private volatile Runnable onChange = () -> { };
  private Future<?> tail = Future.succeededFuture();
  private final Database db;
  /** With replicas: the shared store's {@code tilesets/...} objects, {@link #dir} their local copies. */
  private final ObjectCache shared;
  /** With replicas: the files of each root file's tree (a root is named by its hash: its tree never changes). */
  private final Map<String, Set<String>> trees = new ConcurrentHashMap<>();
  /** With replicas: the root files listed and every file they reference, as last read. */
  private volatile Served served;

  private record Served(Set<String> roots, Set<String> files, long readAt) {}

  private ImportedTilesets(Vertx vertx, Database db, Path dir, ObjectStore sharedObjects) {
    this.vertx = vertx;
    this.db = db;
    this.store = new TilesetStore(db);
    this.geography = new GeographyStore(db);
    this.dir = dir;
    this.shared = sharedObjects == null ? null : new ObjectCache(sharedObjects, OBJECTS, dir);
  }

  /** Opens {@code dataDir/scenes/imported}, removing what interrupted imports and deletes left. */
  public static Future<ImportedTilesets> start(Vertx vertx, Database db, Path dataDir) {
    return start(vertx, db, dataDir, Optional.empty());
  }

  /**
   * Opens {@code dataDir/scenes/imported} as above; with {@code sharedObjects}, files are stored
   * there and the folder holds this replica's copies.
   */
  public static Future<ImportedTilesets> start(Vertx vertx, Database db, Path dataDir,
      Optional<ObjectStore> sharedObjects) {
    Path dir = dataDir.toAbsolutePath().resolve("scenes").resolve("imported");
    ImportedTilesets service = new ImportedTilesets(vertx, db, dir, sharedObjects.orElse(null));
    return service.store.list().compose(rows -> vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      if (service.shared != null) {
        int removed = service.removeUnreferenced(rows, true);
        LOG.info("Imported tilesets: {} tileset(s), files in {}, copies in {}{}", rows.size(),
            service.shared.store().describe(), dir, removed > 0 ? ", removed " + removed + " leftover file(s)" : "");
        return service;
      }
      Set<String> referenced = new HashSet<>();
      for (TilesetRow row : rows) {
        if (!Files.isRegularFile(dir.resolve(row.tileset().rootFile()))) {
          // restored from a backup (files are not in it) or imported on another replica
          LOG.warn("Imported tileset {} ('{}') has no files under {}: import it again", row.tileset().id(),
              row.tileset().name(), dir);
          continue;
        }
        referenced.addAll(StoredTrees.files(dir, row.tileset().rootFile()));
      }
      int removed = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (name.startsWith(".upload-") || name.startsWith(".staging-")
              || ImportedTileset.FILE.matcher(name).matches() && !referenced.contains(name)) {
            deleteTree(entry);
            removed++;
          }
        }
      }
      LOG.info("Imported tilesets in {}: {} tileset(s){}", dir, rows.size(),
          removed > 0 ? ", removed " + removed + " leftover file(s)" : "");
      return service;
    }));
  }

  /**
   * Sets what runs after every successful import or delete (on an event loop; it must not block),
   * e.g. a rewrite of the scene tree that links the imported tilesets.
   */
  public void setOnChange(Runnable onChange) {
    this.onChange = Objects.requireNonNull(onChange, "onChange");
  }

  /** Every stored tileset, oldest first. */
  public Future<List<ImportedTileset>> list() {
    return store.list().map(rows -> rows.stream().map(TilesetRow::tileset).toList());
  }

  /** The folder of the stored files (the tilesets' root files and everything they reference). */
  public Path directory() {
    return dir;
  }

  Future<List<TilesetRow>> rows() {
    return store.list();
  }

  /** A new file for an upload's body, beside the stored files (so renames stay on one file system). */
  Path newUploadFile() {
    return dir.resolve(".upload-" + hex(8) + ".zip");
  }

  /**
   * Checks an uploaded zip and stores its tileset. The upload file is the service's from now on:
   * it is deleted when the import ends, whatever the outcome.
   *
   * @return the stored tileset; fails with {@link TilesetException} naming what is wrong, leaving nothing behind
   */
  Future<TilesetRow> importZip(Path upload, String name, String user) {
    Path staging = dir.resolve(".staging-" + hex(8));
    String id = "mesh-" + hex(5);
    long started = System.nanoTime();
    return geography.regions().compose(regions -> vertx.<Prepared>executeBlocking(() -> {
      Files.createDirectories(staging);
      TilesetChecker.Checked checked = TilesetChecker.check(upload, staging);
      RegionRow region = RegionChoice.pick(regions, checked.footprint());
      return new Prepared(checked, region);
    }, false)).compose(prepared -> serially(() -> shared == null ? store(id, name, user, prepared, staging)
            : storeShared(id, name, user, prepared, staging)))
        .eventually(() -> vertx.executeBlocking(() -> {
          deleteTree(staging);
          Files.deleteIfExists(upload);
          return null;
        }, false))
        .onSuccess(row -> {
          served = null;
          LOG.info("Imported tileset {} '{}' in region {}: {} files, {} bytes in {} ms", id, name,
              row.tileset().regionCode(), row.files(), row.bytes(), (System.nanoTime() - started) / 1_000_000);
          changed();
        })
        .onFailure(e -> LOG.info("3D Tiles import '{}' refused: {}", name, e.getMessage()));
  }

  private record Prepared(TilesetChecker.Checked checked, RegionRow region) {}

  private static TilesetRow row(String id, String name, String user, Prepared prepared) {
    TilesetChecker.Checked checked = prepared.checked();
    Footprint f = checked.footprint();
    return new TilesetRow(new ImportedTileset(id, name, prepared.region().code(), checked.rootFile(),
        f.west(), f.south(), f.east(), f.north(), f.minHeight(), f.maxHeight(), checked.geometricError()),
        prepared.region().name(), prepared.region().level(), checked.files(), checked.bytes(), user,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
  }

  private static Change change(TilesetRow row) {
    return Change.tileset(row.tileset().id(), row.tileset().regionCode());
  }

  private Future<TilesetRow> store(String id, String name, String user, Prepared prepared, Path staging) {
    TilesetRow row = row(id, name, user, prepared);
    return vertx.executeBlocking(() -> moveIntoPlace(staging), false).compose(created -> db.inTransaction(tx ->
        new TilesetStore(tx).insert(row).compose(v -> ChangeLog.append(tx, change(row))))
        .map(row)
        .recover(e -> vertx.executeBlocking(() -> {
          deleteAll(created);
          return null;
        }, false).transform(ignored -> Future.failedFuture(e))));
  }

  /**
   * With replicas: under the lock, puts every staged file into the shared store (also those this
   * replica has a copy of: another replica may have removed the object since), moves the new ones
   * into place and inserts the row. On failure the objects no listed tileset references go again.
   */
  private Future<TilesetRow> storeShared(String id, String name, String user, Prepared prepared, Path staging) {
    TilesetRow row = row(id, name, user, prepared);
    List<String> staged = new ArrayList<>();
    List<Path> created = new ArrayList<>();
    return db.inTransaction(tx -> tx.query(LOCK).compose(locked -> vertx.executeBlocking(() -> {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
        for (Path file : files) {
          String fileName = file.getFileName().toString();
          if (ImportedTileset.FILE.matcher(fileName).matches()) {
            staged.add(fileName);
            shared.store().putIfAbsent(shared.objectName(fileName), Files.readAllBytes(file));
          }
        }
      }
      shared.flush();
      created.addAll(moveIntoPlace(staging));
      return null;
    }, false)).compose(v -> new TilesetStore(tx).insert(row)).compose(v -> ChangeLog.append(tx, change(row))))
        .map(row)
        .recover(e -> new TilesetStore(db).list().compose(rows -> vertx.executeBlocking(() -> {
          deleteAll(created);
          Set<String> keep = referenced(rows);
          shared.store().delete(staged.stream().filter(n -> !keep.contains(n)).map(shared::objectName).toList());
          return null;
        }, false)).transform(ignored -> Future.failedFuture(e)));
  }

  /** With replicas: the files the tilesets' trees reference (blocking; trees read through the cache). */
  private Set<String> referenced(List<TilesetRow> rows) {
    Set<String> out = new HashSet<>();
    for (TilesetRow row : rows) {
      out.addAll(tree(row.tileset().rootFile()));
    }
    return out;
  }

  private Set<String> tree(String rootFile) {
    Set<String> files = trees.get(rootFile);
    if (files == null) {
      files = Set.copyOf(StoredTrees.files(shared::file, rootFile));
      trees.put(rootFile, files);
    }
    return files;
  }

  /**
   * With replicas: removes this replica's copies no listed tileset references (and, at start-up,
   * what interrupted uploads and imports left); returns how many. Blocking.
   */
  private int removeUnreferenced(List<TilesetRow> rows, boolean atStart) throws IOException {
    Set<String> roots = new HashSet<>();
    rows.forEach(row -> roots.add(row.tileset().rootFile()));
    trees.keySet().retainAll(roots);
    Set<String> referenced = referenced(rows);
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (atStart && name.startsWith(".")
            || ImportedTileset.FILE.matcher(name).matches() && !referenced.contains(name)) {
          deleteTree(entry);
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * The local file to serve under {@link #URI_PREFIX} for a stored file's name, or null when there
   * is none; with replicas only while a listed tileset references it, read through from the store.
   */
  Future<String> file(String name) {
    String local = dir.resolve(name).toString();
    if (shared == null) {
      return vertx.fileSystem().exists(local).map(exists -> exists ? local : null);
    }
    // a name not referenced as last read is checked against the database at once: it may have just been imported
    return served(false).compose(known -> known.files().contains(name) ? Future.succeededFuture(known) : served(true))
        .compose(now -> !now.files().contains(name) ? Future.succeededFuture(null)
            : vertx.executeBlocking(() -> {
              Path file = shared.file(name);
              return file == null ? null : file.toString();
            }, false));
  }

  /**
   * With replicas: the files listed tilesets reference, read again when asked to or when older than
   * {@link #SERVED_NANOS}.
   */
  private Future<Served> served(boolean reread) {
    Served known = served;
    if (!reread && known != null && System.nanoTime() - known.readAt() < SERVED_NANOS) {
      return Future.succeededFuture(known);
    }
    return store.list().compose(rows -> vertx.executeBlocking(() -> {
      Set<String> roots = new HashSet<>();
      rows.forEach(row -> roots.add(row.tileset().rootFile()));
      Served now = new Served(Set.copyOf(roots), Set.copyOf(referenced(rows)), System.nanoTime());
      served = now;
      if (known != null && !roots.containsAll(known.roots())) {
        // removed through another replica: its copies here go (after any import under way here)
        serially(() -> store.list().compose(listed -> vertx.executeBlocking(() -> removeUnreferenced(listed, false),
            false))).onFailure(e -> LOG.warn("Could not remove copies of removed tilesets: {}", e.toString()));
      }
      return now;
    }, false));
  }

  /** Moves the staged files that are not stored yet into place; returns those (all undone on failure). */
  private List<Path> moveIntoPlace(Path staging) throws IOException {
    List<Path> created = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!ImportedTileset.FILE.matcher(name).matches()) {
          continue;
        }
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
          continue; // the same bytes, stored by an earlier import
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        created.add(target);
      }
    } catch (IOException | RuntimeException e) {
      deleteAll(created);
      throw e;
    }
    return created;
  }

  /** Removes a tileset: its row, then the files no other stored tileset references. */
  Future<Void> delete(String id) {
    if (shared != null) {
      return serially(() -> deleteShared(id)).onSuccess(v -> changed());
    }
    return serially(() -> store.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new TilesetException(Kind.NOT_FOUND, "no imported tileset '" + id + "'"));
      }
      String root = found.get().tileset().rootFile();
      return store.delete(id).compose(deleted -> store.list()).compose(remaining -> vertx.<Integer>executeBlocking(() -> {
        Set<String> keep = new HashSet<>();
        for (TilesetRow row : remaining) {
          keep.addAll(StoredTrees.files(dir, row.tileset().rootFile()));
        }
        int removed = 0;
        for (String name : StoredTrees.files(dir, root)) {
          if (!keep.contains(name) && Files.deleteIfExists(dir.resolve(name))) {
            removed++;
          }
        }
        return removed;
      }, false)).map(removed -> {
        LOG.info("Removed imported tileset {} and {} file(s) no other tileset uses", id, removed);
        return (Void) null;
      });
    })).onSuccess(v -> changed());
  }

  /** With replicas: the row and the objects no other tileset references, in one transaction under the lock. */
  private Future<Void> deleteShared(String id) {
    return db.inTransaction(tx -> {
      TilesetStore rows = new TilesetStore(tx);
      return tx.query(LOCK).compose(locked -> rows.find(id)).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(new TilesetException(Kind.NOT_FOUND, "no imported tileset '" + id + "'"));
        }
        String root = found.get().tileset().rootFile();
        return rows.delete(id).compose(deleted -> rows.list()).compose(remaining -> vertx.<Integer>executeBlocking(() -> {
          Set<String> keep = referenced(remaining);
          List<String> orphans = tree(root).stream().filter(name -> !keep.contains(name)).toList();
          shared.store().delete(orphans.stream().map(shared::objectName).toList());
          for (String name : orphans) {
            shared.forget(name);
          }
          trees.remove(root);
          return orphans.size();
        }, false));
      });
    }).map(removed -> {
      served = null;
      LOG.info("Removed imported tileset {} and {} file(s) no other tileset uses from {}", id, removed,
          shared.store().describe());
      return (Void) null;
    });
  }

  private void changed() {
    try {
      onChange.run();
    } catch (RuntimeException e) {
      LOG.warn("Imported tileset change listener failed: {}", e.toString());
    }
  }

  /** Runs the tasks one after the other, each once the previous one's future has completed. */
  private synchronized <T> Future<T> serially(Supplier<Future<T>> task) {
    Promise<T> done = Promise.promise();
    Future<?> previous = tail;
    tail = done.future().transform(ignored -> Future.succeededFuture());
    previous.onComplete(ignored -> {
      try {
        task.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteAll(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not remove {}: {} (removed at the next start)", file, e.toString());
      }
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
