package org.gridscape.server.tileset;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;
import org.gridscape.server.http.StreamedUploads;
import org.gridscape.server.tileset.TilesetException.Kind;

/**
 * The HTTP surface of imported 3D Tiles tilesets: the streamed zip import, the listing, removal,
 * and the stored files under {@code /3dtiles/imported/}. Registered in {@code http.Routes}.
 */
public final class TilesetRoutes {

  private static final Set<String> ZIP_TYPES = Set.of("application/zip", "application/x-zip-compressed",
      "application/x-zip", "application/octet-stream");
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Vertx vertx;
  private final ImportedTilesets tilesets;

  public TilesetRoutes(Vertx vertx, ImportedTilesets tilesets) {
    this.vertx = vertx;
    this.tilesets = tilesets;
  }

  /**
   * {@code POST /api/v1/imports/3dtiles?name=} with the zip as the body (behind a handler that holds
   * the body back, see {@code StreamedUploads.holdBody}): 201 with the stored tileset.
   */
  public void upload(RoutingContext ctx) {
    String user = AuthHandler.require(ctx, Role.PLANNER).username();
    String name = ctx.request().getParam("name");
    if (name == null || name.isBlank()) {
      throw new TilesetException(Kind.BAD_PARAMETER, "'name' is required: the tileset's name (1 to 100 characters)");
    }
    name = name.strip();
    if (name.length() > 100) {
      throw new TilesetException(Kind.BAD_PARAMETER, "'name' is longer than 100 characters");
    }
    HttpServerRequest request = ctx.request();
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !ZIP_TYPES.contains(type.split(";")[0].strip().toLowerCase(Locale.ROOT))) {
      throw new TilesetException(Kind.UNSUPPORTED_MEDIA_TYPE, "the body is " + type.split(";")[0].strip()
          + "; send the zipped tileset as application/zip");
    }
    StreamedUploads.checkDeclaredLength(request, ImportedTilesets.MAX_ZIP_BYTES, TilesetRoutes::emptyBody,
        TilesetRoutes::tooLarge);
    Path file = tilesets.newUploadFile();
    String tilesetName = name;
    vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(out -> StreamedUploads.receive(request, out, ImportedTilesets.MAX_ZIP_BYTES, TilesetRoutes::tooLarge).onComplete(received -> {
          if (received.failed()) {
            deleteQuietly(file);
            ctx.fail(received.cause());
            return;
          }
          if (received.result() == 0) {
            deleteQuietly(file);
            ctx.fail(emptyBody());
            return;
          }
          tilesets.importZip(file, tilesetName, user).onSuccess(row -> ctx.response().setStatusCode(201)
              .putHeader(HttpHeaders.LOCATION, "/api/v1/tilesets/" + row.tileset().id())
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(row.toJson().toBuffer())).onFailure(ctx::fail);
        }));
  }

  private static TilesetException emptyBody() {
    return new TilesetException(Kind.EMPTY_BODY, "the request body is empty: send the zipped tileset as the body");
  }

  private static TilesetException tooLarge() {
    return new TilesetException(Kind.TOO_LARGE, "the zip is larger than 2 GiB, the most this server accepts");
  }

  /** {@code GET /api/v1/tilesets}: every imported tileset, oldest first. */
  public Future<JsonObject> list(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    return tilesets.rows().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(row.toJson()));
      return new JsonObject().put("tilesets", out);
    });
  }

  /** {@code DELETE /api/v1/tilesets/{id}}: 204; the tileset and the files no other uses are gone. */
  public void delete(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.PLANNER);
    String id = ctx.pathParam("id");
    if (!ImportedTileset.ID.matcher(id).matches()) {
      throw new TilesetException(Kind.NOT_FOUND, "no imported tileset '" + abbreviate(id) + "'");
    }
    tilesets.delete(id).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /**
   * {@code GET /3dtiles/imported/<16 hex>.<json|glb|b3dm>}: a stored file, immutable (its name is
   * its hash). Only names of that exact form reach the file system.
   */
  public void file(RoutingContext ctx) {
    String path = ctx.request().path();
    String name = path.startsWith(ImportedTilesets.URI_PREFIX) ? path.substring(ImportedTilesets.URI_PREFIX.length())
        : "";
    Matcher m = ImportedTileset.FILE.matcher(name);
    if (!m.matches()) {
      ctx.fail(ApiException.notFound("no imported tileset file " + abbreviate(path)));
      return;
    }
    String etag = '"' + m.group(1) + '"';
    HttpServerResponse response = ctx.response();
    tilesets.file(name).onComplete(found -> {
      if (found.failed() || found.result() == null) {
        ctx.fail(ApiException.notFound("no imported tileset file " + name));
        return;
      }
      response.headers().set(HttpHeaders.ETAG, etag).set(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
      if (Requests.ifNoneMatch(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        response.setStatusCode(304).end();
        return;
      }
      String ext = m.group(2);
      response.headers().set(HttpHeaders.CONTENT_TYPE, ext.equals("json") ? "application/json"
          : ext.equals("glb") ? "model/gltf-binary" : "application/octet-stream");
      if (!ext.equals("json")) {
        // meshes go out as they are, left out of HTTP compression
        response.headers().set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
      }
      response.sendFile(found.result()).onFailure(e -> {
        if (!response.headWritten()) {
          response.headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.CACHE_CONTROL)
              .remove(HttpHeaders.CONTENT_TYPE).remove(HttpHeaders.CONTENT_ENCODING);
          ctx.fail(e instanceof NoSuchFileException || e.getCause() instanceof NoSuchFileException
              ? ApiException.notFound("no imported tileset file " + name) : e); // removed while being sent
        }
      });
    });
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover .upload- file is removed at the next start
    }
  }
}
