package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.filter.Queryables;

/**
 * OGC API - Features Part 1 (core, GeoJSON, OpenAPI 3.0) over the {@link Layers} catalog, at /ogc.
 * Responses are JSON; pages and collection documents are cached in a {@link LayerCache}.
 */
public final class OgcRoutes {

  public static final String CONFORMANCE_CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
  public static final String CONFORMANCE_GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
  public static final String CONFORMANCE_OAS30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
  public static final String CONFORMANCE_CRS = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";
  /** OGC API - Features Part 3 and the CQL2 classes that the filter tests cover (Cql2Contract). */
  public static final List<String> CONFORMANCE_FILTER = List.of(
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
      "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
      "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
      "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
      "http://www.opengis.net/spec/cql2/1.0/conf/property-property");
  /** OGC API - Features Part 4 (draft): the classes the writes of grids and events pass (Part4Contract). */
  public static final List<String> CONFORMANCE_WRITE = List.of(
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
      "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features");
  /** OGC API - Tiles Part 1 and the Tile Matrix Set 2.0 classes of /ogc/tiles (vectortile/OgcTileRoutes). */
  public static final List<String> CONFORMANCE_TILES = List.of(
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
      "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
      "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
      "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset");
  /** The link relation of vector tilesets (OGC API - Tiles), from the landing page and collections with tiles. */
  public static final String REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
  /** The link relation of a collection's queryables (OGC API - Features Part 3). */
  public static final String REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  public static final String CRS84 = Crs.CRS84.uri();
  public static final String OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0";
  static final String JSON = "application/json";
  static final String GEOJSON = "application/geo+json";
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 10_000;
  private static final CharSequence GEOJSON_TYPE = HttpHeaders.createOptimized(GEOJSON);
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("private, no-cache");
  private static final Set<String> ITEMS_PARAMETERS = Set.of("limit", "offset", "bbox", "bbox-crs", "datetime", "crs",
      "filter", "filter-lang", "filter-crs", "sortby", "properties", "f");
  private static final Set<String> ITEM_PARAMETERS = Set.of("crs", "f");
  private static final Set<String> OTHER_PARAMETERS = Set.of("f");

  private final LayerCache cache;

  public OgcRoutes(LayerCache cache) {
    this.cache = cache;
  }

  public void landing(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    String base = base(ctx);
    JsonObject body = new JsonObject()
        .put("title", "GridScape grid layers")
        .put("description", "Regions, unit grids, buildings, roads, events and neighbourhood centres of the district, "
            + "as OGC API - Features. No personal data.")
        .put("links", new JsonArray()
            .add(link(base, "self", JSON, "this document"))
            .add(link(base + "/api", "service-desc", OPENAPI_TYPE, "the API definition"))
            .add(link(base + "/conformance", "conformance", JSON, "conformance classes"))
            .add(link(base + "/collections", "data", JSON, "the collections"))
            .add(link(base + "/tiles", REL_TILESETS_VECTOR, JSON, "vector tiles of all layers"))
            .add(link(base + "/tileMatrixSets", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", JSON,
                "the tile matrix sets")));
    json(ctx, JSON, body);
  }

  public void conformance(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    json(ctx, JSON, new JsonObject()
        .put("links", new JsonArray().add(link(base(ctx) + "/conformance", "self", JSON, "this document")))
        .put("conformsTo", new JsonArray().add(CONFORMANCE_CORE).add(CONFORMANCE_GEOJSON).add(CONFORMANCE_OAS30)
            .add(CONFORMANCE_CRS).addAll(new JsonArray(new ArrayList<>(CONFORMANCE_FILTER)))
            .addAll(new JsonArray(new ArrayList<>(CONFORMANCE_WRITE)))
            .addAll(new JsonArray(new ArrayList<>(CONFORMANCE_TILES)))));
  }

  public void api(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    json(ctx, OPENAPI_TYPE, OgcApiDocument.build(base(ctx)));
  }

  public void collections(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    String base = base(ctx);
    List<Layer> visible = Layers.ALL.stream().filter(layer -> ApiKeyGate.allows(ctx, layer.id())).toList();
    RegionScope scope = ApiKeyGate.regions(ctx);
    String key = "ogc|collections|" + base + "|" + visible.stream().map(Layer::id).toList() + "|" + scope.key();
    serve(ctx, JSON, cache.get(key, visible, () -> {
      List<Future<JsonObject>> docs = new ArrayList<>();
      for (Layer layer : visible) {
        docs.add(collectionDocument(base, layer, scope));
      }
      return Future.all(docs).map(all -> {
        JsonArray list = new JsonArray();
        docs.forEach(doc -> list.add(doc.result()));
        return new JsonObject()
            .put("links", new JsonArray().add(link(base + "/collections", "self", JSON, "this document")))
            .put("crs", crsList())
            .put("collections", list).toBuffer();
      });
    }));
  }

  public void collection(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    Layer layer = layer(ctx);
    String base = base(ctx);
    RegionScope scope = ApiKeyGate.regions(ctx);
    serve(ctx, JSON, cache.get("ogc|collection|" + base + "|" + layer.id() + "|" + scope.key(), List.of(layer),
        () -> collectionDocument(base, layer, scope).map(JsonObject::toBuffer)));
  }

  /** {@code GET /ogc/collections/{id}/queryables}: the JSON Schema of what filter= and sortby= accept. */
  public void queryables(RoutingContext ctx) {
    onlyParameters(ctx, OTHER_PARAMETERS);
    Layer layer = layer(ctx);
    String self = base(ctx) + "/collections/" + layer.id() + "/queryables";
    json(ctx, Queryables.MEDIA_TYPE, Queryables.document(layer, self));
  }

  /**
   * An items request as parsed from its URI (host included): the same URI always parses alike.
   *
   * @param filter     the compiled filter, or null
   * @param orderBy    SQL sort keys from sortby, or null for id order
   * @param properties the properties to return, or null for all
   */
  private record ItemsRequest(Layer layer, int limit, long offset, Crs crs, Optional<BBox> bbox,
      Optional<TimeRange> time, FeatureFilter filter, String orderBy, List<String> properties, String repeated,
      String key) {}

  /** Parsed items requests by URI: parsing and key building are a good part of serving a cached page. */
  private final Map<String, ItemsRequest> parsedItems = new ConcurrentHashMap<>();
  private static final int MAX_PARSED_ITEMS = 4096;

  public void items(RoutingContext ctx) {
    String base = base(ctx);
    String uri = base + ctx.request().uri();
    ItemsRequest request = parsedItems.get(uri);
    if (request == null) {
      request = parseItems(ctx, base);
      if (parsedItems.size() >= MAX_PARSED_ITEMS) {
        parsedItems.clear();
      }
      parsedItems.put(uri, request);
    }
    ItemsRequest r = request;
    ApiKeyGate.requireLayer(ctx, r.layer().id());
    RegionScope scope = ApiKeyGate.regions(ctx);
    String key = scope.all() ? r.key() : r.key() + "|" + scope.key();
    ctx.response().putHeader(Crs.CONTENT_CRS, r.crs().header());
    // the layer's signature (fresh: the cache has just checked it) keys the widest-feature bound of a box query
    serve(ctx, GEOJSON_TYPE, cache.get(key, List.of(r.layer()), () -> cache.signature(r.layer()).compose(signature ->
        cache.store().page(r.layer(), scope, r.bbox(), r.time(), r.filter(), r.orderBy(), r.limit(), r.offset(),
            signature)).map(page -> itemsDocument(base, r.layer(), page, r.limit(), r.offset(), r.repeated(), r.crs(),
                r.properties()).toBuffer())));
  }

  /** Checks and parses the parameters of an items request; 400 or 404 when they are wrong. */
  private static ItemsRequest parseItems(RoutingContext ctx, String base) {
    onlyParameters(ctx, ITEMS_PARAMETERS);
    Layer layer = layer(ctx);
    MultiMap query = ctx.queryParams();
    int limit = limit(query.get("limit"));
    long offset = offset(query.get("offset"));
    Crs crs = Crs.parse("crs", query.get("crs"));
    Crs bboxCrs = Crs.parse("bbox-crs", query.get("bbox-crs"));
    Optional<BBox> bbox = Optional.ofNullable(query.get("bbox")).map(text -> BBox.parse(text, bboxCrs));
    Optional<String> datetime = Optional.ofNullable(query.get("datetime"));
    Optional<TimeRange> time = datetime.map(TimeRange::parse);
    FilterParameters filter = FilterParameters.parse(layer, query);
    // The page's links repeat the parameters as the client gave them (bbox in bbox-crs, the filter as written).
    String repeated = Optional.ofNullable(query.get("bbox")).map(b -> "&bbox=" + encode(b.trim())).orElse("")
        + Optional.ofNullable(query.get("bbox-crs")).map(c -> "&bbox-crs=" + encode(bboxCrs.uri())).orElse("")
        + datetime.map(d -> "&datetime=" + encode(d)).orElse("")
        + Optional.ofNullable(query.get("crs")).map(c -> "&crs=" + encode(crs.uri())).orElse("")
        + filter.repeated();
    String key = "ogc|items|" + base + "|" + layer.id() + "|" + limit + "|" + offset + "|"
        + bbox.map(b -> b.minx() + "," + b.miny() + "," + b.maxx() + "," + b.maxy()).orElse("") + "|"
        + time.map(TimeRange::toString).orElse("") + "|" + crs + "|" + repeated;
    return new ItemsRequest(layer, limit, offset, crs, bbox, time, filter.filter(), filter.orderBy(),
        filter.properties(), repeated, key);
  }

  public void item(RoutingContext ctx) {
    onlyParameters(ctx, ITEM_PARAMETERS);
    Layer layer = layer(ctx);
    String id = ctx.pathParam("featureId");
    Crs crs = Crs.parse("crs", ctx.queryParams().get("crs"));
    RegionScope scope = ApiKeyGate.regions(ctx);
    String base = base(ctx);
    String self = ctx.queryParams().get("crs") == null ? "" : "?crs=" + encode(crs.uri());
    ctx.response().putHeader(Crs.CONTENT_CRS, crs.header());
    if (ItemWrites.writable().contains(layer)) {
      serve(ctx, GEOJSON_TYPE, versionedItem(base, layer, scope, id, crs, self));
      return;
    }
    Future<CachedBody> body = cache.get("ogc|item|" + base + "|" + layer.id() + "|" + id + "|" + crs + "|" + self
        + "|" + scope.key(), List.of(layer),
        // Outside the caller's regions a feature is as absent as one that does not exist.
        () -> cache.store().feature(layer, scope, id).map(found -> {
          Feature feature = found.orElseThrow(
              () -> ApiException.notFound("collection '" + layer.id() + "' has no feature '" + id + "'"));
          String collection = base + "/collections/" + layer.id();
          return featureJson(feature, crs).put("links", new JsonArray()
              .add(link(collection + "/items/" + encode(feature.id()) + self, "self", GEOJSON, "this feature"))
              .add(link(collection, "collection", JSON, "the collection"))).toBuffer();
        }));
    serve(ctx, GEOJSON_TYPE, body);
  }

  /**
   * A feature of a writable collection, read fresh (a primary-key read) rather than from the cache,
   * so that a write is seen at once and the ETag is the feature's version, which writes take back
   * in If-Match; the CRS is part of the tag, as the bytes differ.
   */
  private Future<CachedBody> versionedItem(String base, Layer layer, RegionScope scope, String id, Crs crs,
      String self) {
    return cache.store().feature(layer, scope, id).compose(found -> {
      Feature feature = found.orElseThrow(
          () -> ApiException.notFound("collection '" + layer.id() + "' has no feature '" + id + "'"));
      return cache.store().version(layer, feature.id()).map(version -> {
        String collection = base + "/collections/" + layer.id();
        JsonObject json = featureJson(feature, crs).put("links", new JsonArray()
            .add(link(collection + "/items/" + encode(feature.id()) + self, "self", GEOJSON, "this feature"))
            .add(link(collection, "collection", JSON, "the collection")));
        String tag = version.orElse(0) + (crs == Crs.CRS84 ? "" : "-" + crs.name().toLowerCase(java.util.Locale.ROOT));
        return CachedBody.tagged(json.toBuffer(), tag);
      });
    });
  }

  // --- documents

  private Future<JsonObject> collectionDocument(String base, Layer layer, RegionScope scope) {
    return cache.store().extent(layer, scope).map(extent -> {
      String self = base + "/collections/" + layer.id();
      JsonObject doc = new JsonObject().put("id", layer.id()).put("title", layer.title())
          .put("description", layer.description())
          .put("links", new JsonArray()
              .add(link(self, "self", JSON, "this collection"))
              .add(link(self + "/items", "items", GEOJSON, "the features"))
              .add(link(self + "/queryables", REL_QUERYABLES, Queryables.MEDIA_TYPE,
                  "the queryables (for filter= and sortby=)")))
          .put("itemType", "feature")
          .put("crs", crsList())
          .put("storageCrs", CRS84);
      if (layer.vectorTiles()) {
        doc.getJsonArray("links").add(link(self + "/tiles", REL_TILESETS_VECTOR, JSON, "vector tiles"));
      }
      extent.ifPresent(e -> doc.put("extent", new JsonObject().put("spatial", new JsonObject()
          .put("bbox", new JsonArray().add(new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX())
              .add(e.getMaxY())))
          .put("crs", CRS84))));
      return doc;
    });
  }

  private static JsonObject itemsDocument(String base, Layer layer, FeaturePage page, int limit, long offset,
      String box, Crs crs, List<String> properties) {
    JsonArray features = new JsonArray();
    for (Feature feature : page.features()) {
      JsonObject json = featureJson(feature, crs);
      if (properties != null) {
        JsonObject all = json.getJsonObject("properties");
        JsonObject chosen = new JsonObject();
        properties.forEach(name -> chosen.put(name, all.getValue(name)));
        json.put("properties", chosen);
      }
      features.add(json);
    }
    String items = base + "/collections/" + layer.id() + "/items";
    JsonArray links = new JsonArray()
        .add(link(items + "?limit=" + limit + "&offset=" + offset + box, "self", GEOJSON, "this page"))
        .add(link(base + "/collections/" + layer.id(), "collection", JSON, "the collection"));
    if (offset + page.features().size() < page.numberMatched()) {
      links.add(link(items + "?limit=" + limit + "&offset=" + (offset + page.features().size()) + box, "next",
          GEOJSON, "next page"));
    }
    if (offset > 0) {
      links.add(link(items + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit) + box, "prev", GEOJSON,
          "previous page"));
    }
    return new JsonObject().put("type", "FeatureCollection").put("features", features).put("links", links)
        .put("numberMatched", page.numberMatched()).put("numberReturned", page.features().size())
        .put("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  static JsonObject featureJson(Feature feature, Crs crs) {
    return new JsonObject().put("type", "Feature").put("id", feature.id())
        .put("geometry", GeoJsonGeometry.of(feature.geometry(), crs.latLon()))
        .put("properties", new JsonObject(new java.util.LinkedHashMap<>(feature.properties())));
  }

  // --- parameters

  /** OGC API - Features 7.14.3 lets a server reject unknown parameters; we do, so typos are seen. */
  private static void onlyParameters(RoutingContext ctx, Set<String> allowed) {
    for (String name : ctx.queryParams().names()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; this resource accepts "
            + allowed.stream().sorted().toList());
      }
      if (ctx.queryParams().getAll(name).size() > 1) {
        throw ApiException.badRequest("query parameter '" + name + "' is given more than once");
      }
    }
    String f = ctx.queryParams().get("f");
    if (f != null && !f.equals("json") && !f.equals("geojson")) {
      throw ApiException.badRequest("f must be json or geojson (no HTML here)");
    }
  }

  static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + text + "'");
  }

  static long offset(String text) {
    if (text == null) {
      return 0;
    }
    try {
      long offset = Long.parseLong(text.trim());
      if (offset >= 0 && offset <= Integer.MAX_VALUE) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("offset must be a non-negative integer, got '" + text + "'");
  }

  private static Layer layer(RoutingContext ctx) {
    String id = ctx.pathParam("collectionId");
    Layer layer = Layers.find(id).orElseThrow(() -> ApiException.notFound("no collection '" + id + "'"));
    ApiKeyGate.requireLayer(ctx, layer.id());
    return layer;
  }

  // --- responses

  private static void serve(RoutingContext ctx, CharSequence type, Future<CachedBody> body) {
    body.onSuccess(b -> b.send(ctx, type, CACHE_CONTROL)).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, String type, JsonObject body) {
    CachedBody.of(body.toBuffer(), "").send(ctx, type, CACHE_CONTROL);
  }

  static JsonObject link(String href, String rel, String type, String title) {
    return new JsonObject().put("href", href).put("rel", rel).put("type", type).put("title", title);
  }

  /** The absolute URL of /ogc as the client addressed it. */
  static String base(RoutingContext ctx) {
    return origin(ctx) + "/ogc";
  }

  /**
   * The scheme and authority the client addressed, from the Host header. Cheaper than the routing
   * context's {@code scheme()}/{@code authority()}, which parse forwarding headers (not honoured
   * here) and the peer address on every request: a tenth of the server's work on a cached page.
   */
  public static String origin(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String host = request.getHeader(HttpHeaders.HOST);
    if (host == null || !plainHost(host)) {
      return request.scheme() + "://" + request.authority();
    }
    return (request.connection() != null && request.connection().isSsl() ? "https://" : "http://") + host;
  }

  /** A host name or address with an optional port; nothing that could change a URL's meaning. */
  private static boolean plainHost(String host) {
    if (host.isEmpty() || host.length() > 255) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':'
          || c == '[' || c == ']')) {
        return false;
      }
    }
    return true;
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static JsonArray crsList() {
    JsonArray list = new JsonArray();
    for (Crs crs : Crs.values()) {
      list.add(crs.uri());
    }
    return list;
  }
}
