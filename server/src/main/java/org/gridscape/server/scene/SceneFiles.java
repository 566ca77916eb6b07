package org.gridscape.server.scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.NoSuchFileException;
import org.gridscape.scene.tiles.TilePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published scenes on disk, under {@code <dataDir>/scenes}:
 * <pre>
 * content/&lt;sha&gt;.glb   content-addressed GLBs, immutable, shared by all trees
 * trees/&lt;n&gt;/        one complete set of tileset.json files per publish (plus .manifest)
 * current            the number of the tree being served
 * </pre>
 * A publish fills a new tree directory, then replaces {@code current} with an atomic move, so a
 * reader sees the old tree or the new one, never a mix. Whatever a build that died left behind (a
 * tree that never became current, temporary files) is removed when the directory is opened. One
 * process only: the embedded database's shelf (see {@link SharedScenes} for replicas).
 */
final class SceneFiles implements SceneShelf {

  private static final Logger LOG = LoggerFactory.getLogger(SceneFiles.class);
  private static final String POINTER = "current";
  private static final String MANIFEST = ".manifest";
  private static final Pattern TREE_NAME = Pattern.compile("\\d{1,18}");
  private static final Pattern CONTENT_URI = Pattern.compile("\"uri\"\\s*:\\s*\"(?:\\.\\./)*(content/[A-Za-z0-9._-]+)\"");

  private final Vertx vertx;
  private final Path root;
  private final Path content;
  private final Path trees;
  private volatile Tree current;

  private SceneFiles(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root;
    this.content = root.resolve("content");
    this.trees = root.resolve("trees");
  }

  /** Opens (creating if needed) the scene directory and removes what an interrupted build left. */
  static SceneFiles open(Vertx vertx, Path root) {
    SceneFiles files = new SceneFiles(vertx, root.toAbsolutePath().normalize());
    try {
      Files.createDirectories(files.content);
      Files.createDirectories(files.trees);
      files.current = files.readPointer();
      files.cleanUp();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the scene directory " + root, e);
    }
    return files;
  }

  Path root() {
    return root;
  }

  Path contentDir() {
    return content;
  }

  Path treesDir() {
    return trees;
  }

  /** The directory of a tree's tileset.json files. */
  Path treeDir(Tree tree) {
    return trees.resolve(Long.toString(tree.number()));
  }

  @Override
  public Tree current() {
    return current;
  }

  /** One process writes here: what it serves is what it published. */
  @Override
  public Tree refresh() {
    return current;
  }

  @Override
  public Draft draft(Tree previous, boolean manyGlbs) {
    Path dir = newTreeDir();
    return new TreeOutput(this, treeNumber(dir), contentDir(), dir, previous == null ? null : treeDir(previous));
  }

  @Override
  public Future<Buffer> readTileset(Tree tree, String path) {
    return vertx.fileSystem().readFile(treeDir(tree).resolve(path).toString());
  }

  @Override
  public Future<java.util.Set<String>> changedPaths(Tree from, Tree to) {
    return Future.succeededFuture(null);
  }

  @Override
  public Path contentFile(String name) throws IOException {
    Path file = content.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException("content/" + name);
    }
    return file;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  private Tree readPointer() throws IOException {
    Path pointer = root.resolve(POINTER);
    if (!Files.isRegularFile(pointer)) {
      return null;
    }
    String text = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    if (!TREE_NAME.matcher(text).matches()) {
      LOG.warn("scene pointer {} holds '{}', not a tree number; no scene is served until the next build", pointer,
          text);
      return null;
    }
    Path dir = trees.resolve(text);
    if (!Files.isRegularFile(dir.resolve(TilePaths.ROOT))) {
      LOG.warn("scene pointer names tree {} but {} has no tileset.json; no scene is served until the next build",
          text, dir);
      return null;
    }
    Properties manifest = new Properties();
    Path manifestFile = dir.resolve(MANIFEST);
    if (Files.isRegularFile(manifestFile)) {
      try (var in = Files.newBufferedReader(manifestFile, StandardCharsets.UTF_8)) {
        manifest.load(in);
      }
    }
    return new Tree(Long.parseLong(text), manifest.getProperty("tilesetVersion", text),
        manifest.getProperty("fingerprint", ""));
  }

  /** Removes trees other than the current one and temporary files: the remains of builds that died. */
  private void cleanUp() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(trees)) {
      for (Path dir : dirs) {
        if (current == null || !dir.equals(treeDir(current))) {
          deleteTree(dir);
          removed++;
        }
      }
    }
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(content, ".*")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
        removed++;
      }
    }
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(root, POINTER + ".*")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info("Scene directory {}: removed {} leftovers of interrupted builds", root, removed);
    }
  }

  /** Creates the directory of the next tree (empty: a leftover with that number is removed first). */
  Path newTreeDir() {
    long next = current == null ? 1 : current.number() + 1;
    Path dir = trees.resolve(Long.toString(next));
    try {
      if (Files.exists(dir)) {
        deleteTree(dir);
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create scene tree " + dir, e);
    }
    return dir;
  }

  /** Number of a directory made by {@link #newTreeDir()}. */
  static long treeNumber(Path dir) {
    return Long.parseLong(dir.getFileName().toString());
  }

  /**
   * Fills {@code to} with hard links to every file of {@code from} (copies where links are not
   * supported). Files rewritten later are replaced, never written through the link.
   */
  static void linkAll(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file) || file.getFileName().toString().equals(MANIFEST)) {
          continue;
        }
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        try {
          Files.createLink(target, file);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link scene tree " + from + " into " + to, e);
    }
  }

  /**
   * Makes {@code tree} the served one: writes its manifest, then replaces the pointer atomically.
   * Trees older than the previous one are deleted (the previous one stays for readers in flight).
   */
  void publish(Tree tree) {
    Path dir = treeDir(tree);
    try {
      Properties manifest = new Properties();
      manifest.setProperty("tilesetVersion", tree.tilesetVersion());
      manifest.setProperty("fingerprint", tree.fingerprint());
      try (var out = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
        manifest.store(out, "GridScape scene tree");
      }
      Path temp = root.resolve(POINTER + ".tmp");
      Files.writeString(temp, Long.toString(tree.number()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.move(temp, root.resolve(POINTER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + root + " cannot replace files atomically", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish scene tree " + dir, e);
    }
    Tree previous = current;
    current = tree;
    removeTreesBefore(previous == null ? tree.number() : previous.number());
  }

  /** Deletes a tree that will never be published (a failed build). */
  void abandon(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("could not remove the unfinished scene tree {}: {}", dir, e.toString());
    }
  }

  private void removeTreesBefore(long keepFrom) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(trees)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (TREE_NAME.matcher(name).matches() && Long.parseLong(name) < keepFrom) {
          deleteTree(dir);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not remove old scene trees: {}", e.toString());
    }
  }

  /**
   * Deletes GLBs that no kept tree refers to (content of grids edited since, or removed). Runs after
   * full builds; incremental publishes leave few and small orphans.
   *
   * @return the number of files removed
   */
  @Override
  public int collectGarbage() {
    Set<String> referenced = new HashSet<>();
    List<Path> kept = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(trees)) {
      dirs.forEach(kept::add);
    } catch (IOException e) {
      LOG.warn("scene garbage collection skipped: {}", e.toString());
      return 0;
    }
    try {
      for (Path tree : kept) {
        // grid tilesets name their GLB, village tilesets their overview
        if (!Files.isDirectory(tree)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(tree)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            if (file.getFileName().toString().equals("tileset.json")) {
              Matcher m = CONTENT_URI.matcher(Files.readString(file, StandardCharsets.UTF_8));
              while (m.find()) {
                referenced.add(m.group(1).substring(TilePaths.CONTENT_DIR.length()));
              }
            }
          }
        }
      }
      int removed = 0;
      try (DirectoryStream<Path> glbs = Files.newDirectoryStream(content, "*.glb")) {
        for (Path glb : glbs) {
          if (!referenced.contains(glb.getFileName().toString())) {
            Files.deleteIfExists(glb);
            removed++;
          }
        }
      }
      if (removed > 0) {
        LOG.info("Removed {} scene content files no tree refers to", removed);
      }
      return removed;
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("scene garbage collection stopped: {}", e.toString());
      return 0;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
