package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.gridscape.scene.output.SceneOutput;

/**
 * Where published scene trees live and where they are read back from for serving. A tree is the
 * set of tileset.json files of one publish; content files (GLBs) are named by their hash and shared
 * by all trees. Two kinds:
 * <ul>
 * <li>{@link SceneFiles}: files under the data directory, for the embedded database (one process);</li>
 * <li>{@link SharedScenes}: trees in the database, content in an object store (the database itself or
 * an S3 bucket), for any number of replicas on one PostgreSQL.</li>
 * </ul>
 * Writing ({@link #draft}, {@link #collectGarbage}) is done by the one process holding the build
 * lock, on a worker thread; the calls block.
 */
interface SceneShelf {

  /** A published tree. */
  record Tree(long number, String tilesetVersion, String fingerprint) {}

  /** The tree this process serves, or null before the first publish. */
  Tree current();

  /**
   * Reads which tree is published now (another replica may have switched) and serves it. Blocking.
   *
   * @return the tree served now, or null when none is published
   */
  Tree refresh();

  /**
   * Starts writing the tree after {@code previous} (null: the first). Blocking.
   *
   * @param manyGlbs whether the build writes most of the GLBs (a full build): a shelf may then look
   *                 up once which it already holds rather than per GLB
   */
  Draft draft(Tree previous, boolean manyGlbs);

  /** A tileset.json of a tree; fails with a {@link java.nio.file.NoSuchFileException} when it has none. */
  Future<Buffer> readTileset(Tree tree, String path);

  /**
   * Paths whose bytes differ between two trees, when the shelf can tell (null otherwise), so a
   * replica switching trees keeps what it cached of the others.
   */
  Future<Set<String>> changedPaths(Tree from, Tree to);

  /** A local file holding a content file, for {@code sendFile}. Blocking. */
  Path contentFile(String name) throws IOException;

  /**
   * Deletes content that no kept tree (the served one and the one before it) refers to. Runs after
   * full builds. Blocking.
   *
   * @return the number of content files removed
   */
  int collectGarbage();

  /** Where the scenes are, for the log. */
  String describe();

  /**
   * One tree being written: content files go to the shared content at once (named by their hash,
   * written once), tileset.json files to the draft, which nobody reads until {@link #publish}.
   */
  interface Draft extends SceneOutput {

    long number();

    /** The files not written in this draft are the previous tree's: an incremental publish. */
    void carryOver();

    /** The tileset.json files written, by scene path. */
    Map<String, byte[]> tilesetsWritten();

    /** Makes the draft the served tree, atomically: readers see the old tree or the new one. */
    Tree publish(String tilesetVersion, String fingerprint);

    /** Drops a draft that will never be served (a failed build). Quiet. */
    void abandon();
  }
}
