package org.gridscape.server.scene;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.TilePaths;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /3dtiles/**}: tileset.json files of the current tree from memory (strong ETag, 304,
 * compressed when the client asks), read once from the {@link SceneShelf}; GLBs with {@code sendFile}
 * from a local file (on a replica, its cached copy of the shared object), marked immutable. Only paths made of the scene's own characters are
 * looked at, so percent-encodings, backslashes, absolute paths and dot segments never reach the
 * file system.
 */
final class TileHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(TileHandler.class);
  static final String PREFIX = "/3dtiles/";
  private static final String GLB_TYPE = "model/gltf-binary";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /** tileset.json changes under the same URL: clients must revalidate (cheap with the ETag). */
  private static final String REVALIDATE = "no-cache";

  /** A tileset.json held in memory. */
  record CachedFile(Buffer bytes, String etag) {}


  private final Vertx vertx;
  private final SceneShelf shelf;
  /** Local files of the content files served so far, by name. */
  private final Map<String, String> knownContent = new ConcurrentHashMap<>();
  /** The tileset.json files by tree number (the served tree, the one before it, the one about to be). */
  private final Map<Long, Map<String, CachedFile>> caches = new ConcurrentHashMap<>();

  TileHandler(Vertx vertx, SceneShelf shelf) {
    this.vertx = vertx;
    this.shelf = shelf;
  }

  /**
   * Fills the cache of a tree about to be served with the files written, and, when the rest are
   * links to the previous tree's files, with what was cached of those.
   */
  void prefill(SceneShelf.Tree tree, Map<String, byte[]> written, SceneShelf.Tree previous, boolean linked) {
    Map<String, CachedFile> map = new ConcurrentHashMap<>();
    if (linked && previous != null) {
      map.putAll(caches.getOrDefault(previous.number(), Map.of()));
    }
    written.forEach((path, bytes) -> map.put(path, new CachedFile(Buffer.buffer(bytes), etag(bytes))));
    caches.put(tree.number(), map);
    long keepFrom = previous == null ? tree.number() : previous.number();
    caches.keySet().removeIf(number -> number < keepFrom);
  }

  /**
   * Another replica published {@code to}: what was cached of {@code from} carries over but for the
   * files that changed (all of them when {@code changed} is null).
   */
  void follow(SceneShelf.Tree from, SceneShelf.Tree to, java.util.Set<String> changed) {
    Map<String, CachedFile> map = new ConcurrentHashMap<>();
    if (from != null && changed != null) {
      map.putAll(caches.getOrDefault(from.number(), Map.of()));
      map.keySet().removeAll(changed);
    }
    caches.put(to.number(), map);
    long keepFrom = from == null ? to.number() : from.number();
    caches.keySet().removeIf(number -> number < keepFrom);
  }

  /** Content files were deleted: forget which exist. */
  void contentRemoved() {
    knownContent.clear();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String raw = ctx.request().path();
    String path = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : "";
    if (!isSafe(path)) {
      ctx.fail(ApiException.notFound("no scene file " + abbreviate(raw)));
      return;
    }
    if (path.startsWith(TilePaths.CONTENT_DIR)) {
      content(ctx, path.substring(TilePaths.CONTENT_DIR.length()));
    } else {
      tileset(ctx, path);
    }
  }

  /** Relative, '/'-separated, letters, digits, '.', '_', '-' only, no dot segments. */
  static boolean isSafe(String path) {
    try {
      SceneOutput.requireValidPath(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void content(RoutingContext ctx, String name) {
    if (name.contains("/") || !name.endsWith(".glb")) {
      ctx.fail(ApiException.notFound("no scene file content/" + abbreviate(name)));
      return;
    }
    // Content files are named by the hash of their bytes: the name is a strong validator.
    String etag = '"' + name.substring(0, name.length() - 4) + '"';
    String known = knownContent.get(name);
    if (known != null) {
      sendContent(ctx, known, etag);
      return;
    }
    // a local file, or on a replica the object store's bytes copied into its cache once
    vertx.executeBlocking(() -> shelf.contentFile(name).toString(), false).onComplete(found -> {
      if (found.succeeded()) {
        knownContent.put(name, found.result());
        sendContent(ctx, found.result(), etag);
      } else if (found.cause() instanceof NoSuchFileException) {
        ctx.fail(ApiException.notFound("no scene file content/" + name));
      } else {
        ctx.fail(found.cause());
      }
    });
  }

  private static void sendContent(RoutingContext ctx, String file, String etag) {
    HttpServerResponse response = ctx.response();
    response.headers().set(HttpHeaders.ETAG, etag).set(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
    if (Requests.ifNoneMatch(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    // Binary meshes: leave them out of HTTP compression, so the file goes out as it is.
    response.headers().set(HttpHeaders.CONTENT_TYPE, GLB_TYPE)
        .set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    response.sendFile(file).onFailure(e -> {
      if (!response.headWritten()) {
        response.headers().remove(HttpHeaders.CACHE_CONTROL).remove(HttpHeaders.ETAG)
            .remove(HttpHeaders.CONTENT_TYPE).remove(HttpHeaders.CONTENT_ENCODING);
        ctx.fail(e instanceof NoSuchFileException || e.getCause() instanceof NoSuchFileException
            ? ApiException.notFound("no scene file") : e);
      } else {
        LOG.debug("sending {} failed: {}", file, e.toString());
      }
    });
  }

  private void tileset(RoutingContext ctx, String path) {
    SceneShelf.Tree tree = shelf.current();
    if (tree == null) {
      ctx.fail(new ApiException(404, "no_scene", "no scene has been published yet: POST /api/v1/scenes/build"));
      return;
    }
    Map<String, CachedFile> into = caches.computeIfAbsent(tree.number(), number -> new ConcurrentHashMap<>());
    CachedFile cached = into.get(path);
    if (cached != null) {
      sendTileset(ctx, cached);
      return;
    }
    shelf.readTileset(tree, path).onComplete(read -> {
      if (read.failed()) {
        ctx.fail(read.cause() instanceof NoSuchFileException || read.cause().getCause() instanceof NoSuchFileException
            ? ApiException.notFound("no scene file " + path) : read.cause());
        return;
      }
      CachedFile file = new CachedFile(read.result(), etag(read.result().getBytes()));
      into.put(path, file);
      sendTileset(ctx, file);
    });
  }

  private static void sendTileset(RoutingContext ctx, CachedFile file) {
    HttpServerResponse response = ctx.response();
    response.headers().set(HttpHeaders.ETAG, file.etag()).set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
    if (Requests.ifNoneMatch(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), file.etag())) {
      response.setStatusCode(304).end();
      return;
    }
    response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    response.end(file.bytes());
  }

  static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
