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
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gridscape.server.store.Database;
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
 */
public final class ImportedTilesets {

  /** Where the stored files are served. */
  public static final String URI_PREFIX = "/3dtiles/imported/";
  /** The largest zip accepted (the same as an orthophoto's GeoTIFF). */
  public static final long MAX_ZIP_BYTES = 2L << 30;

  private static final Logger LOG = LoggerFactory.getLogger(ImportedTilesets.class);

  private final Vertx vertx;
  private final TilesetStore store;
  private final GeographyStore geography;
  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private volatile Runnable onChange = () -> { };
  private Future<?> tail = Future.succeededFuture();

  private ImportedTilesets(Vertx vertx, Database db, Path dir) {
    this.vertx = vertx;
    this.store = new TilesetStore(db);
    this.geography = new GeographyStore(db);
    this.dir = dir;
  }

  /** Opens {@code dataDir/scenes/imported}, removing what interrupted imports and deletes left. */
  public static Future<ImportedTilesets> start(Vertx vertx, Database db, Path dataDir) {
    Path dir = dataDir.toAbsolutePath().resolve("scenes").resolve("imported");
    ImportedTilesets service = new ImportedTilesets(vertx, db, dir);
    return service.store.list().compose(rows -> vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
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
    }, false)).compose(prepared -> serially(() -> store(id, name, user, prepared, staging)))
        .eventually(() -> vertx.executeBlocking(() -> {
          deleteTree(staging);
          Files.deleteIfExists(upload);
          return null;
        }, false))
        .onSuccess(row -> {
          LOG.info("Imported tileset {} '{}' in region {}: {} files, {} bytes in {} ms", id, name,
              row.tileset().regionCode(), row.files(), row.bytes(), (System.nanoTime() - started) / 1_000_000);
          changed();
        })
        .onFailure(e -> LOG.info("3D Tiles import '{}' refused: {}", name, e.getMessage()));
  }

  private record Prepared(TilesetChecker.Checked checked, RegionRow region) {}

  private Future<TilesetRow> store(String id, String name, String user, Prepared prepared, Path staging) {
    TilesetChecker.Checked checked = prepared.checked();
    Footprint f = checked.footprint();
    TilesetRow row = new TilesetRow(new ImportedTileset(id, name, prepared.region().code(), checked.rootFile(),
        f.west(), f.south(), f.east(), f.north(), f.minHeight(), f.maxHeight(), checked.geometricError()),
        prepared.region().name(), prepared.region().level(), checked.files(), checked.bytes(), user,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    return vertx.executeBlocking(() -> moveIntoPlace(staging), false).compose(created -> store.insert(row)
        .map(row)
        .recover(e -> vertx.executeBlocking(() -> {
          deleteAll(created);
          return null;
        }, false).transform(ignored -> Future.failedFuture(e))));
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
