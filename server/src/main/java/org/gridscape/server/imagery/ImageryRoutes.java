package org.gridscape.server.imagery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;
import org.gridscape.server.http.StreamedUploads;
import org.gridscape.server.imagery.ImageryException.Kind;
import org.gridscape.server.ogc.OgcRoutes;

/**
 * The orthophoto routes: the streamed GeoTIFF import and its job, layer changes, and the map reads
 * ({@code /imagery}, TileJSON, PNG tiles). Registered in {@code http.Routes}.
 */
public final class ImageryRoutes {

  /** Regex of a layer id in the read paths; {@code base} (the server-drawn base map) never matches. */
  public static final String LAYER = "(ortho-[0-9a-f]{10})";
  private static final String PNG = "image/png";
  /** Tiles never change under their URL (a new import is a new layer): a day, then revalidation. */
  private static final String TILE_CACHE = "private, max-age=86400";
  private static final String REVALIDATE = "private, no-cache";
  private static final String EMPTY_ETAG = "\"ortho-empty\"";
  private static final Buffer EMPTY_TILE = Buffer.buffer(emptyPng());
  private static final Set<String> PATCH_FIELDS = Set.of("name", "order", "visible");

  private final Vertx vertx;
  private final ImageryService imagery;
  /** Layers listed before the orthophotos: the district's base map and the configured online base maps. */
  private final List<JsonObject> fixedLayers;

  public ImageryRoutes(Vertx vertx, ImageryService imagery, List<JsonObject> fixedLayers) {
    this.vertx = vertx;
    this.imagery = imagery;
    this.fixedLayers = List.copyOf(fixedLayers);
  }

  /** {@code POST /api/v1/imports/imagery?name=&attribution=} with the GeoTIFF as the body: 202 with the job. */
  public void upload(RoutingContext ctx) {
    String user = AuthHandler.require(ctx, Role.PLANNER).username();
    String name = text(ctx, "name", "orthophoto");
    String attribution = text(ctx, "attribution", null);
    HttpServerRequest request = ctx.request();
    StreamedUploads.checkDeclaredLength(request, FileByteReader.MAX_BYTES,
        () -> new ImageryException(Kind.EMPTY_BODY, "the request body is empty: send the GeoTIFF file as the body"),
        ImageryRoutes::tooLarge);
    Path file = imagery.newUploadFile();
    vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onFailure(ctx::fail)
        .onSuccess(out -> StreamedUploads.receive(request, out, FileByteReader.MAX_BYTES, ImageryRoutes::tooLarge).onComplete(received -> {
          if (received.failed()) {
            deleteQuietly(file);
            ctx.fail(received.cause());
            return;
          }
          imagery.submit(file, name, attribution, user).onSuccess(job -> ctx.response().setStatusCode(202)
              .putHeader(HttpHeaders.LOCATION, "/api/v1/imagery/jobs/" + job.id()).putHeader(HttpHeaders.CONTENT_TYPE,
                  "application/json").end(job.toJson().toBuffer())).onFailure(ctx::fail);
        }));
  }

  private static ImageryException tooLarge() {
    return new ImageryException(Kind.TOO_LARGE, "the GeoTIFF is larger than 2 GiB, the most this server reads");
  }

  private static String text(RoutingContext ctx, String parameter, String fallback) {
    String value = ctx.request().getParam(parameter);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    value = value.strip();
    if (value.length() > 200) {
      throw new ImageryException(Kind.BAD_PARAMETER, "'" + parameter + "' is longer than 200 characters");
    }
    return value;
  }

  /** {@code GET /api/v1/imagery/jobs/{id}}: state and progress of an import. */
  public Future<JsonObject> job(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    String id = ctx.pathParam("id");
    return imagery.job(id).map(job -> Future.succeededFuture(job.toJson()))
        .orElseGet(() -> Future.failedFuture(new ImageryException(Kind.NO_SUCH_JOB, "no imagery job " + id)));
  }

  /** {@code PATCH /api/v1/imagery/{id}} {@code {name?, order?, visible?}}: the changed layer. */
  public Future<JsonObject> change(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.PLANNER);
    JsonObject body = Requests.jsonBody(ctx);
    for (String field : body.fieldNames()) {
      if (!PATCH_FIELDS.contains(field)) {
        throw new ImageryException(Kind.BAD_PARAMETER, "unknown field '" + field + "': a layer's name, order and "
            + "visible can be changed");
      }
    }
    if (body.isEmpty()) {
      throw new ImageryException(Kind.BAD_PARAMETER, "send at least one of name, order, visible");
    }
    Object name = body.getValue("name");
    Object order = body.getValue("order");
    Object visible = body.getValue("visible");
    if (name != null && (!(name instanceof String s) || s.isBlank() || s.length() > 200)) {
      throw new ImageryException(Kind.BAD_PARAMETER, "'name' must be text of 1 to 200 characters");
    }
    if (order != null && (!(order instanceof Integer || order instanceof Long)
        || Math.abs(((Number) order).longValue()) > 1_000_000)) {
      throw new ImageryException(Kind.BAD_PARAMETER, "'order' must be a whole number (-1000000 to 1000000)");
    }
    if (visible != null && !(visible instanceof Boolean)) {
      throw new ImageryException(Kind.BAD_PARAMETER, "'visible' must be true or false");
    }
    return imagery.change(ctx.pathParam("id"), name == null ? null : ((String) name).strip(),
        order == null ? null : ((Number) order).intValue(), (Boolean) visible).map(ImageryLayer::toListing);
  }

  /** {@code DELETE /api/v1/imagery/{id}}: 204; the layer and its tiles are gone. */
  public void delete(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.PLANNER);
    imagery.delete(ctx.pathParam("id")).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** {@code GET /imagery}: the online base maps and the district's base map, then the orthophotos, bottom first. */
  public void list(RoutingContext ctx) {
    imagery.list().onSuccess(layers -> {
      JsonArray out = new JsonArray();
      fixedLayers.forEach(layer -> out.add(layer.copy()));
      layers.forEach(layer -> out.add(layer.toListing()));
      sendJson(ctx, new JsonObject().put("layers", out).toBuffer());
    }).onFailure(ctx::fail);
  }

  /** {@code GET /imagery/{layer}.json}: TileJSON 3.0.0 (regex group: the layer). */
  public void tileJson(RoutingContext ctx) {
    String id = ctx.pathParam("param0");
    String origin = OgcRoutes.origin(ctx);
    imagery.find(id).map(found -> found.orElseThrow(() -> ImageryService.noSuchLayer(id))).onSuccess(layer -> {
      JsonObject doc = new JsonObject()
          .put("tilejson", "3.0.0")
          .put("name", layer.name())
          .put("description", "orthophoto imported in " + layer.sourceCrs() + String.format(java.util.Locale.ROOT,
              ", %.2f m per pixel", layer.metresPerPixel()))
          .put("attribution", layer.attribution() == null ? layer.name() : layer.attribution())
          .put("version", "1.0.0")
          .put("scheme", "xyz")
          .put("tiles", new JsonArray().add(origin + "/imagery/" + layer.id() + "/{z}/{x}/{y}.png"))
          .put("minzoom", layer.minZoom())
          .put("maxzoom", layer.maxZoom())
          .put("bounds", layer.bounds())
          .put("center", new JsonArray().add((layer.west() + layer.east()) / 2).add((layer.south() + layer.north()) / 2)
              .add(Math.max(layer.minZoom(), Math.min(layer.maxZoom(), 15))));
      sendJson(ctx, doc.toBuffer());
    }).onFailure(ctx::fail);
  }

  /** {@code GET /imagery/{layer}/{z}/{x}/{y}.png} (regex groups): the tile, or a transparent one where the image is not. */
  public void tile(RoutingContext ctx) {
    String id = ctx.pathParam("param0");
    int z = Integer.parseInt(ctx.pathParam("param1"));
    long x = Long.parseLong(ctx.pathParam("param2"));
    long y = Long.parseLong(ctx.pathParam("param3"));
    imagery.find(id).map(found -> found.orElseThrow(() -> ImageryService.noSuchLayer(id))).onSuccess(layer -> {
      if (z < layer.minZoom() || z > layer.maxZoom() || x >= 1L << z || y >= 1L << z) {
        ctx.fail(new ImageryException(Kind.NO_SUCH_LAYER, "layer '" + id + "' has tiles at zoom " + layer.minZoom()
            + " to " + layer.maxZoom() + ", not " + z + "/" + x + "/" + y));
        return;
      }
      HttpServerResponse response = ctx.response();
      String etag = "\"" + id + "-" + z + "-" + x + "-" + y + "\"";
      imagery.tile(layer, z, (int) x, (int) y).onSuccess(path -> {
        boolean exists = path != null;
        String file = exists ? path.toString() : null;
        String tag = exists ? etag : EMPTY_ETAG;
        response.headers().set(HttpHeaders.ETAG, tag).set(HttpHeaders.CACHE_CONTROL, TILE_CACHE);
        if (Requests.ifNoneMatch(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), tag)) {
          response.setStatusCode(304).end();
          return;
        }
        response.headers().set(HttpHeaders.CONTENT_TYPE, PNG).set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        if (!exists) {
          response.end(EMPTY_TILE);
          return;
        }
        response.sendFile(file).onFailure(e -> {
          if (!response.headWritten()) {
            response.headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.CACHE_CONTROL)
                .remove(HttpHeaders.CONTENT_TYPE).remove(HttpHeaders.CONTENT_ENCODING);
            ctx.fail(ImageryService.noSuchLayer(id)); // removed while being sent
          }
        });
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private static void sendJson(RoutingContext ctx, Buffer body) {
    String etag = etag(body.getBytes());
    HttpServerResponse response = ctx.response();
    response.headers().set(HttpHeaders.ETAG, etag).set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
    if (Requests.ifNoneMatch(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    response.end(body);
  }

  private static String etag(byte[] bytes) {
    try {
      return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static byte[] emptyPng() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover .upload- file is removed at the next start
    }
  }
}
