package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.scene.tiles.TilePaths;
import org.gridscape.server.store.Blocking;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.ObjectCache;
import org.gridscape.server.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenes every replica on one database serves alike: the trees of tileset.json files in the
 * database ({@code scene_tree}, {@code scene_tree_file}, V14), the GLBs in an {@link ObjectStore}
 * (the database itself or an S3 bucket), each replica keeping a read-through copy of the GLBs it
 * serves under {@code <dataDir>/cache/scene-content} (content-addressed: a copy is never stale).
 *
 * <p>A publish is one transaction: it closes the rows of the files it rewrote, inserts their new
 * bytes and the tree's row, and notifies the other replicas ({@code NOTIFY gridscape_scenes}), which
 * then switch to it. Only the process holding the build lock writes; the tree numbers and the
 * primary key make a second writer's publish fail rather than mix two trees.
 */
final class SharedScenes implements SceneShelf {

  private static final Logger LOG = LoggerFactory.getLogger(SharedScenes.class);
  /** The channel replicas listen on; the payload is {@code schema:tree}. */
  static final String CHANNEL = "gridscape_scenes";
  private static final String CONTENT = TilePaths.CONTENT_DIR;
  /** Where the GLBs are among the shared objects. */
  private static final String OBJECTS = "scenes/";
  private static final Pattern CONTENT_URI = Pattern.compile("\"uri\"\\s*:\\s*\"(?:\\.\\./)*content/([A-Za-z0-9._-]+)\"");
  private static final long TIMEOUT_SECONDS = 300;

  private final Database db;
  private final ObjectStore objects;
  private final ObjectCache cache;
  private volatile Tree current;

  private SharedScenes(Database db, ObjectStore objects, Path cacheDir) {
    this.db = db;
    this.objects = objects;
    this.cache = new ObjectCache(objects, OBJECTS + CONTENT, cacheDir);
  }

  /** Opens the shelf (blocking): reads the published tree and clears half-written cache copies. */
  static SharedScenes open(Database db, ObjectStore objects, Path cacheDir) {
    try {
      Files.createDirectories(cacheDir);
      try (DirectoryStream<Path> temps = Files.newDirectoryStream(cacheDir, ".*")) {
        for (Path temp : temps) {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open the scene cache " + cacheDir, e);
    }
    SharedScenes shelf = new SharedScenes(db, objects, cacheDir);
    shelf.refresh();
    return shelf;
  }

  @Override
  public Tree current() {
    return current;
  }

  @Override
  public Tree refresh() {
    current = await(published());
    return current;
  }

  /** The published tree as the database has it now (asynchronous: replicas poll it from an event loop). */
  Future<Tree> published() {
    return db.query("SELECT number, tileset_version, fingerprint FROM scene_tree ORDER BY number DESC LIMIT 1")
        .map(rows -> {
          for (Row row : rows) {
            return new Tree(row.getLong(0), row.getString(1), row.getString(2));
          }
          return null;
        });
  }

  /** Serves {@code tree} from now on (it was read from the database). */
  void serve(Tree tree) {
    current = tree;
  }

  @Override
  public Draft draft(Tree previous, boolean manyGlbs) {
    Long highest = await(db.query("SELECT MAX(number) FROM scene_tree").map(rows -> rows.iterator().next().getLong(0)));
    long number = Math.max(highest == null ? 0 : highest, previous == null ? 0 : previous.number()) + 1;
    // A full rebuild makes mostly GLBs the store already holds (named by their bytes): those are not
    // sent again. An edit's few GLBs are put as they come (the store skips those it has), so an edit
    // does not list a city's objects. Only this build's holder of the lock deletes objects.
    return new SharedDraft(number, previous, manyGlbs ? objects.names(OBJECTS + CONTENT) : Set.of());
  }

  @Override
  public Future<Buffer> readTileset(Tree tree, String path) {
    return db.query("SELECT bytes FROM scene_tree_file WHERE path = ? AND first_tree <= ? AND (last_tree IS NULL "
        + "OR last_tree > ?)", Tuple.of(path, tree.number(), tree.number())).compose(rows -> {
          for (Row row : rows) {
            Object value = row.getValue(0);
            return Future.succeededFuture(value instanceof Buffer b ? b : Buffer.buffer((byte[]) value));
          }
          return Future.failedFuture(new NoSuchFileException(path));
        });
  }

  @Override
  public Future<Set<String>> changedPaths(Tree from, Tree to) {
    return db.query("SELECT DISTINCT path FROM scene_tree_file WHERE (first_tree > ? AND first_tree <= ?) "
        + "OR (last_tree > ? AND last_tree <= ?)", Tuple.of(from.number(), to.number(), from.number(), to.number()))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(row -> out.add(row.getString(0)));
          return out;
        });
  }

  @Override
  public Path contentFile(String name) throws IOException {
    Path file = cache.file(name);
    if (file == null) {
      throw new NoSuchFileException(CONTENT + name);
    }
    return file;
  }

  @Override
  public int collectGarbage() {
    Set<String> referenced = new HashSet<>();
    for (Row row : await(db.query("SELECT bytes FROM scene_tree_file"))) {
      Object value = row.getValue(0);
      byte[] bytes = value instanceof Buffer b ? b.getBytes() : (byte[]) value;
      Matcher m = CONTENT_URI.matcher(new String(bytes, StandardCharsets.UTF_8));
      while (m.find()) {
        referenced.add(OBJECTS + CONTENT + m.group(1));
      }
    }
    List<String> orphans = new ArrayList<>();
    for (String name : objects.names(OBJECTS + CONTENT)) {
      if (!referenced.contains(name)) {
        orphans.add(name);
      }
    }
    objects.delete(orphans);
    for (String name : orphans) {
      try {
        cache.forget(name.substring((OBJECTS + CONTENT).length()));
      } catch (IOException e) {
        LOG.debug("could not remove the cached copy of {}: {}", name, e.toString());
      }
    }
    if (!orphans.isEmpty()) {
      LOG.info("Removed {} scene content objects no tree refers to from {}", orphans.size(), objects.describe());
    }
    return orphans.size();
  }

  @Override
  public String describe() {
    return "trees in the database, content in " + objects.describe();
  }

  private static <T> T await(Future<T> future) {
    return Blocking.await(future, TIMEOUT_SECONDS);
  }

  /** A tree being written: GLBs to the object store at once, tilesets held until the publish. */
  private final class SharedDraft extends DraftOutput {

    private final Tree previous;
    /** Names of the content objects in the store when the draft began. */
    private final Set<String> stored;
    private volatile boolean carryOver;

    SharedDraft(long number, Tree previous, Set<String> stored) {
      super(number);
      this.previous = previous;
      this.stored = stored;
    }

    @Override
    void addContent(String name, byte[] bytes) {
      if (!stored.contains(OBJECTS + CONTENT + name)) {
        objects.putIfAbsent(OBJECTS + CONTENT + name, bytes);
      }
      try {
        // the builder serves what it built first: keep its copy now rather than read it back
        if (!Files.isRegularFile(cache.local(name))) {
          cache.keep(name, bytes);
        }
      } catch (IOException e) {
        LOG.debug("could not keep a local copy of {}: {}", name, e.toString());
      }
    }

    @Override
    void addTileset(String path, byte[] bytes) {
      // held until the publish, which writes them in one transaction
    }

    @Override
    void finish() {
      objects.flush();
    }

    @Override
    public void carryOver() {
      carryOver = previous != null;
    }

    @Override
    public Tree publish(String tilesetVersion, String fingerprint) {
      long number = number();
      Tree tree = new Tree(number, tilesetVersion, fingerprint);
      List<Tuple> closed = new ArrayList<>();
      List<Tuple> rows = new ArrayList<>();
      for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(tilesets()).entrySet()) {
        closed.add(Tuple.of(number, file.getKey()));
        rows.add(Tuple.of(file.getKey(), number, Buffer.buffer(file.getValue())));
      }
      long keepFrom = previous == null ? number : previous.number();
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      await(db.inTransaction(tx -> tx.query("SELECT MAX(number) FROM scene_tree").compose(highest -> {
        Long last = highest.iterator().next().getLong(0);
        long expected = previous == null ? 0 : previous.number();
        if ((last == null ? 0 : last) != expected) {
          return Future.failedFuture(new IllegalStateException("another replica published scene tree " + last
              + " while this one built on tree " + expected + "; the next build goes on from it"));
        }
        Future<Void> close = carryOver
            ? tx.batch("UPDATE scene_tree_file SET last_tree = ? WHERE last_tree IS NULL AND path = ?", closed)
            : tx.query("UPDATE scene_tree_file SET last_tree = ? WHERE last_tree IS NULL", Tuple.of(number)).mapEmpty();
        return close;
      }).compose(v -> tx.batch("INSERT INTO scene_tree_file (path, first_tree, bytes) VALUES (?, ?, ?)", rows))
          .compose(v -> tx.query("INSERT INTO scene_tree (number, tileset_version, fingerprint, incremental, "
              + "published_at) VALUES (?, ?, ?, ?, ?)", Tuple.of(number, tilesetVersion, fingerprint, carryOver, now)))
          // trees before the previous one are no longer served: their rows go
          .compose(v -> tx.query("DELETE FROM scene_tree_file WHERE last_tree IS NOT NULL AND last_tree <= ?",
              Tuple.of(keepFrom)))
          .compose(v -> tx.query("DELETE FROM scene_tree WHERE number < ?", Tuple.of(keepFrom)))
          .compose(v -> db.kind() == Database.Kind.POSTGRESQL
              ? tx.query("SELECT pg_notify(?, current_schema() || ':' || ?)", Tuple.of(CHANNEL,
                  Long.toString(number))).mapEmpty()
              : Future.<Void>succeededFuture())));
      current = tree;
      return tree;
    }

    @Override
    public void abandon() {
      // nothing of the draft is visible: GLBs without a tree are collected after the next full build
      tilesets().clear();
    }
  }

  /** The tree number a notification names, when it is for this schema; -1 otherwise. */
  static long treeOf(String payload, String schema) {
    if (payload == null) {
      return -1;
    }
    int colon = payload.lastIndexOf(':');
    if (colon < 0 || !payload.substring(0, colon).equals(schema)) {
      return -1;
    }
    try {
      return Long.parseLong(payload.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
