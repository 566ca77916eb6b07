package org.gridscape.server.ogc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.event.EventService;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.Requests;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * OGC API - Features Part 4 at /ogc: {@code POST .../items}, {@code PUT}, {@code PATCH} (JSON merge
 * patch) and {@code DELETE .../items/{featureId}} for the collections a role may write (grids and
 * events). This class does what every collection shares: the collection, the API key's write scope,
 * {@code If-Match} (428 without, the version as ETag), the GeoJSON body and its {@code Content-Crs},
 * and the answer, which is the feature as the collection publishes it (so no personal data, as on
 * reads). What a write means is each collection's {@link CollectionWriter}, which goes through the
 * domain services (the grid publish path, the event workflow), so the change feed, scenes and audit
 * see these writes as they see the editor's and the event API's.
 */
public final class ItemWrites {

  /** A written feature: its id and its version (the ETag). */
  record Written(String id, int version) {}

  /** The Part 4 operations of one collection. */
  interface CollectionWriter {

    /** The methods a feature of the collection takes (405 with these as Allow for the others). */
    default Set<HttpMethod> itemMethods() {
      return Set.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    }

    /** Why the other methods are not taken (the 405 says it). */
    default String whyNotOtherMethods() {
      return "";
    }

    /** 403 unless the caller's role may write this collection at all (before the body is looked at). */
    void authorize(RoutingContext ctx, String featureId);

    Future<Written> create(RoutingContext ctx, JsonObject feature, Crs crs);

    Future<Written> replace(RoutingContext ctx, String id, int version, JsonObject feature, Crs crs);

    Future<Written> update(RoutingContext ctx, String id, int version, JsonObject patch, Crs crs);

    Future<Void> delete(RoutingContext ctx, String id, int version);
  }

  private final LayerCache cache;
  private final Map<String, CollectionWriter> writers;

  public ItemWrites(LayerCache cache, GridService grids, EventService events) {
    this.cache = cache;
    this.writers = Map.of(Layers.GRIDS.id(), new GridItemWriter(grids, cache.store()), Layers.EVENTS.id(),
        new EventItemWriter(events, cache.store()));
  }

  /** The collections that take writes, for the API description and conformance. */
  static List<Layer> writable() {
    return List.of(Layers.GRIDS, Layers.EVENTS);
  }

  /** {@code POST /ogc/collections/{id}/items}: 201 with Location, ETag and the feature. */
  public void create(RoutingContext ctx) {
    Layer layer = layer(ctx);
    CollectionWriter writer = writer(ctx, layer, null);
    JsonObject feature = feature(ctx);
    Crs crs = contentCrs(ctx);
    writer.create(ctx, feature, crs).compose(w -> respond(ctx, layer, w, 201)).onFailure(ctx::fail);
  }

  /** {@code PUT /ogc/collections/{id}/items/{featureId}}: the whole feature; If-Match required. */
  public void replace(RoutingContext ctx) {
    Layer layer = layer(ctx);
    String id = ctx.pathParam("featureId");
    CollectionWriter writer = writer(ctx, layer, id);
    int version = ifMatch(ctx);
    JsonObject feature = feature(ctx);
    Crs crs = contentCrs(ctx);
    writer.replace(ctx, id, version, feature, crs).compose(w -> respond(ctx, layer, w, 200)).onFailure(ctx::fail);
  }

  /** {@code PATCH /ogc/collections/{id}/items/{featureId}}: a JSON merge patch of the feature; If-Match required. */
  public void update(RoutingContext ctx) {
    Layer layer = layer(ctx);
    String id = ctx.pathParam("featureId");
    CollectionWriter writer = writer(ctx, layer, id);
    int version = ifMatch(ctx);
    JsonObject patch = Requests.jsonBody(ctx);
    Crs crs = contentCrs(ctx);
    writer.update(ctx, id, version, patch, crs).compose(w -> respond(ctx, layer, w, 200)).onFailure(ctx::fail);
  }

  /** {@code DELETE /ogc/collections/{id}/items/{featureId}}: 204; If-Match required. */
  public void delete(RoutingContext ctx) {
    Layer layer = layer(ctx);
    String id = ctx.pathParam("featureId");
    CollectionWriter writer = writer(ctx, layer, id);
    int version = ifMatch(ctx);
    writer.delete(ctx, id, version).onSuccess(v -> ctx.response().setStatusCode(204)
        .putHeader("Cache-Control", "no-store").end()).onFailure(ctx::fail);
  }

  // --- the parts every collection shares

  private static Layer layer(RoutingContext ctx) {
    String id = ctx.pathParam("collectionId");
    return Layers.find(id).orElseThrow(() -> ApiException.notFound("no collection '" + id + "'"));
  }

  private CollectionWriter writer(RoutingContext ctx, Layer layer, String featureId) {
    CollectionWriter writer = writers.get(layer.id());
    if (writer == null) {
      ctx.response().putHeader("Allow", "GET");
      throw new ApiException(405, "method_not_allowed", "collection '" + layer.id() + "' is read only; "
          + "features can be written in " + writable().stream().map(Layer::id).toList());
    }
    if (featureId != null && !writer.itemMethods().contains(ctx.request().method())) {
      ctx.response().putHeader("Allow", String.join(", ", writer.itemMethods().stream().map(HttpMethod::name)
          .sorted().toList()));
      throw new ApiException(405, "method_not_allowed", "features of collection '" + layer.id() + "' take "
          + writer.itemMethods().stream().map(HttpMethod::name).sorted().toList() + ", not "
          + ctx.request().method().name() + (writer.whyNotOtherMethods().isEmpty() ? "" : ": "
          + writer.whyNotOtherMethods()));
    }
    ApiKeyGate.requireWrite(ctx, layer.id());
    writer.authorize(ctx, featureId);
    return writer;
  }

  /**
   * The version the caller read, from {@code If-Match} (the ETag of the feature, {@code "3"}; a weak
   * or encoding-suffixed form of it is accepted). 428 without one: a write that does not say what
   * it read could overwrite someone else's change unseen.
   */
  static int ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.isBlank()) {
      throw new ApiException(428, "precondition_required", "send If-Match with the feature's ETag (from a GET of it) "
          + "so that concurrent changes are not lost");
    }
    String tag = header.strip().replaceFirst("^W/", "").replace("\"", "");
    int dash = tag.indexOf('-');
    String digits = dash < 0 ? tag : tag.substring(0, dash);
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("If-Match must be one ETag of the feature as a GET gives it, e.g. \"3\"; "
          + "got " + header);
    }
  }

  private static JsonObject feature(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    if (!"Feature".equals(body.getValue("type"))) {
      throw ApiException.badRequest("the body must be a GeoJSON Feature (\"type\": \"Feature\")");
    }
    if (body.getValue("properties") != null && !(body.getValue("properties") instanceof JsonObject)) {
      throw ApiException.badRequest("'properties' must be an object");
    }
    return body;
  }

  /** The CRS of the body's coordinates: {@code Content-Crs: <uri>} (Part 2), CRS84 without one. */
  private static Crs contentCrs(RoutingContext ctx) {
    String header = ctx.request().getHeader("Content-Crs");
    if (header == null) {
      return Crs.CRS84;
    }
    return Crs.parse("Content-Crs", header.strip().replaceFirst("^<", "").replaceFirst(">$", ""));
  }

  /**
   * The geometry of a request body in CRS84 (axes swapped from EPSG:4490), or null when the body
   * has none; 422 when it is not valid GeoJSON or lies outside longitude/latitude.
   */
  static Geometry geometry(JsonObject feature, Crs crs) {
    Object value = feature.getValue("geometry");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json)) {
      throw ApiException.badRequest("'geometry' must be a GeoJSON geometry object");
    }
    Geometry g;
    try {
      g = GeoJson.geometry(new ObjectMapper().readTree(json.encode()), Geometries.FACTORY);
    } catch (RuntimeException | JsonProcessingException e) {
      throw new ApiException(422, "invalid_geometry", "the geometry is not valid GeoJSON: " + e.getMessage(),
          List.of(new JsonObject().put("field", "geometry")));
    }
    if (crs.latLon()) {
      g = g.copy();
      g.apply((org.locationtech.jts.geom.CoordinateFilter) (Coordinate c) -> {
        double lat = c.x;
        c.x = c.y;
        c.y = lat;
      });
      g.geometryChanged();
    }
    var e = g.getEnvelopeInternal();
    if (!g.isEmpty() && (e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90)) {
      throw new ApiException(422, "coordinates_out_of_range", "coordinates must be longitude/latitude in "
          + crs.uri() + (crs.latLon() ? " (latitude first)" : ""), List.of(new JsonObject().put("field", "geometry")));
    }
    return g;
  }

  /** The properties of a body (empty when absent). */
  static JsonObject properties(JsonObject feature) {
    JsonObject props = feature.getJsonObject("properties");
    return props == null ? new JsonObject() : props;
  }

  /**
   * 400 for a property the collection neither publishes nor takes as input; 422 for a published one
   * that this write may not change (given with another value than the feature has).
   */
  static void checkProperties(Layer layer, JsonObject props, List<String> writable, List<String> writeOnly,
      Map<String, Object> current) {
    List<String> published = layer.properties().stream().map(LayerProperty::name).toList();
    for (String name : props.fieldNames()) {
      if (writable.contains(name) || writeOnly.contains(name)) {
        continue;
      }
      if (!published.contains(name)) {
        throw new ApiException(400, "unknown_property", "collection '" + layer.id() + "' has no property '" + name
            + "'; a write may set " + writable + (writeOnly.isEmpty() ? "" : " and, not published, " + writeOnly),
            List.of(new JsonObject().put("property", name)));
      }
      Object given = props.getValue(name);
      Object now = current == null ? null : current.get(name);
      if (current == null || !sameValue(given, now)) {
        throw new ApiException(422, "read_only_property", "property '" + name + "' of collection '" + layer.id()
            + "' is set by the server; a write may set " + writable,
            List.of(new JsonObject().put("property", name).put("value", given)));
      }
    }
  }

  private static boolean sameValue(Object given, Object now) {
    if (given == null || now == null) {
      return given == now;
    }
    if (given instanceof Number a && now instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return String.valueOf(given).equals(String.valueOf(now));
  }

  /** The current published feature (as a reader sees it) or 404. */
  static Future<Feature> published(FeatureStore store, Layer layer, RegionScope scope, String id) {
    return store.feature(layer, scope, id).map(found -> found.orElseThrow(
        () -> ApiException.notFound("collection '" + layer.id() + "' has no feature '" + id + "'")));
  }

  /** The feature as GeoJSON in CRS84, as GET gives it (for a merge patch to apply to). */
  static JsonObject asJson(Feature feature) {
    return OgcRoutes.featureJson(feature, Crs.CRS84);
  }

  private Future<Void> respond(RoutingContext ctx, Layer layer, Written written, int status) {
    String base = OgcRoutes.base(ctx);
    Crs crs = Crs.CRS84;
    return cache.store().feature(layer, ApiKeyGate.regions(ctx), written.id()).map(found -> {
      String collection = base + "/collections/" + layer.id();
      String self = collection + "/items/" + java.net.URLEncoder.encode(written.id(),
          java.nio.charset.StandardCharsets.UTF_8);
      JsonObject body = found.map(f -> OgcRoutes.featureJson(f, crs)).orElseGet(() -> new JsonObject()
          .put("type", "Feature").put("id", written.id()));
      body.put("links", new JsonArray().add(OgcRoutes.link(self, "self", OgcRoutes.GEOJSON, "this feature"))
          .add(OgcRoutes.link(collection, "collection", OgcRoutes.JSON, "the collection")));
      if (status == 201) {
        ctx.response().putHeader("Location", self);
      }
      ctx.response().setStatusCode(status).putHeader("ETag", etag(written.version()))
          .putHeader(Crs.CONTENT_CRS, crs.header()).putHeader("Content-Type", OgcRoutes.GEOJSON)
          .putHeader("Cache-Control", "no-store").end(body.toBuffer());
      return null;
    });
  }

  /** The ETag of a writable feature: its version, which every write raises. */
  static String etag(int version) {
    return "\"" + version + "\"";
  }

  static Optional<String> text(JsonObject props, String name) {
    Object v = props.getValue(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw ApiException.badRequest("property '" + name + "' must be a string");
    }
    return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
