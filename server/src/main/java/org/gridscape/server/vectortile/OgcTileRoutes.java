package org.gridscape.server.vectortile;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.ApiKeyGate;
import org.gridscape.server.ogc.CachedBody;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.Layers;
import org.gridscape.server.ogc.OgcRoutes;
import org.gridscape.server.ogc.filter.Queryables;
import org.locationtech.jts.geom.Envelope;

/**
 * The vector tiles as OGC API - Tiles Part 1 (OGC 20-057) under /ogc, in the one tile matrix set
 * WebMercatorQuad (OGC 17-083r4, Annex D): the tile matrix set definition, a tileset per collection
 * and a dataset tileset whose tiles hold every layer the caller may read. Tiles are those of
 * {@code /tiles} ({@link TileRoutes#send}), so bytes, ETags and statuses are the same.
 */
public final class OgcTileRoutes {

  public static final String TMS_ID = "WebMercatorQuad";
  public static final String TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
  public static final String EPSG_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
  public static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
  /** The deepest tile matrix of the WebMercatorQuad definition (tiles are served to {@link Layer#MAX_ZOOM}). */
  public static final int TMS_MAX_MATRIX = 24;
  /** Tile size of the WebMercatorQuad definition; the MVT grid (4096) maps linearly onto it. */
  public static final int TILE_PIXELS = 256;
  /** The standardised rendering pixel of OGC scale denominators: 0.28 mm. */
  public static final double PIXEL_METRES = 0.00028;

  private static final String JSON = "application/json";
  private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized(JSON);
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("private, no-cache");
  private static final CachedBody TILE_MATRIX_SET = CachedBody.of(webMercatorQuad().toBuffer(), "");

  private final TileRoutes tiles;

  public OgcTileRoutes(TileRoutes tiles) {
    this.tiles = tiles;
  }

  // --- tile matrix sets

  /** {@code GET /ogc/tileMatrixSets}. */
  public void tileMatrixSets(RoutingContext ctx) {
    onlyJson(ctx);
    String base = base(ctx);
    send(ctx, new JsonObject()
        .put("links", new JsonArray().add(link(base + "/tileMatrixSets", "self", "the tile matrix sets")))
        .put("tileMatrixSets", new JsonArray().add(new JsonObject().put("id", TMS_ID).put("uri", TMS_URI)
            .put("title", "Google Maps Compatible for the World")
            .put("links", new JsonArray().add(link(base + "/tileMatrixSets/" + TMS_ID, "self",
                "the definition of " + TMS_ID))))).toBuffer());
  }

  /** {@code GET /ogc/tileMatrixSets/{tileMatrixSetId}}. */
  public void tileMatrixSet(RoutingContext ctx) {
    onlyJson(ctx);
    tileMatrixSetId(ctx);
    TILE_MATRIX_SET.send(ctx, JSON_TYPE, CACHE_CONTROL);
  }

  /**
   * WebMercatorQuad as TMS 2.0 JSON: cell size = equator length / (256 × 2^z), scale denominator =
   * cell size / 0.28 mm, origin at the top left corner of the square Mercator world.
   */
  static JsonObject webMercatorQuad() {
    JsonArray matrices = new JsonArray();
    for (int z = 0; z <= TMS_MAX_MATRIX; z++) {
      double cellSize = WebMercator.WORLD / TILE_PIXELS / (1L << z);
      matrices.add(new JsonObject().put("id", Integer.toString(z)).put("scaleDenominator", cellSize / PIXEL_METRES)
          .put("cellSize", cellSize).put("cornerOfOrigin", "topLeft")
          .put("pointOfOrigin", new JsonArray().add(-WebMercator.HALF).add(WebMercator.HALF))
          .put("matrixWidth", 1L << z).put("matrixHeight", 1L << z)
          .put("tileWidth", TILE_PIXELS).put("tileHeight", TILE_PIXELS));
    }
    return new JsonObject().put("id", TMS_ID).put("title", "Google Maps Compatible for the World")
        .put("uri", TMS_URI).put("crs", EPSG_3857).put("orderedAxes", new JsonArray().add("X").add("Y"))
        .put("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible")
        .put("boundingBox", new JsonObject().put("crs", EPSG_3857)
            .put("lowerLeft", new JsonArray().add(-WebMercator.HALF).add(-WebMercator.HALF))
            .put("upperRight", new JsonArray().add(WebMercator.HALF).add(WebMercator.HALF)))
        .put("tileMatrices", matrices);
  }

  // --- the dataset tileset (all layers in one tile)

  /** {@code GET /ogc/tiles}: the dataset's tilesets (one: WebMercatorQuad). */
  public void datasetTilesets(RoutingContext ctx) {
    onlyJson(ctx);
    readable(ctx);
    String base = base(ctx);
    send(ctx, tilesetList(base + "/tiles", "the district's layers").toBuffer());
  }

  /** {@code GET /ogc/tiles/{tileMatrixSetId}}: metadata of the tileset holding every readable layer. */
  public void datasetTileset(RoutingContext ctx) {
    onlyJson(ctx);
    tileMatrixSetId(ctx);
    List<Layer> layers = readable(ctx);
    String base = base(ctx);
    RegionScope scope = ApiKeyGate.regions(ctx);
    serve(ctx, tiles.service().cache().get("ogc|tiles|" + base + "|" + layers.stream().map(Layer::id).toList() + "|"
        + scope.key(), layers, () -> extent(layers, scope).map(extent -> tileset(base, base + "/tiles/" + TMS_ID,
            "GridScape layers", "Every published layer of the district in one vector tile (one MVT layer each)",
            layers, extent).toBuffer())));
  }

  /** {@code GET /ogc/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}}. */
  public void datasetTile(RoutingContext ctx) {
    tileMatrixSetId(ctx);
    List<Layer> layers = readable(ctx);
    tiles.send(ctx, layers, coord(ctx));
  }

  // --- collection tilesets

  /** {@code GET /ogc/collections/{collectionId}/tiles}. */
  public void collectionTilesets(RoutingContext ctx) {
    onlyJson(ctx);
    Layer layer = layer(ctx);
    String collection = base(ctx) + "/collections/" + layer.id();
    send(ctx, tilesetList(collection + "/tiles", layer.title()).toBuffer());
  }

  /** {@code GET /ogc/collections/{collectionId}/tiles/{tileMatrixSetId}}. */
  public void collectionTileset(RoutingContext ctx) {
    onlyJson(ctx);
    Layer layer = layer(ctx);
    tileMatrixSetId(ctx);
    String base = base(ctx);
    RegionScope scope = ApiKeyGate.regions(ctx);
    String self = base + "/collections/" + layer.id() + "/tiles/" + TMS_ID;
    serve(ctx, tiles.service().cache().get("ogc|tileset|" + base + "|" + layer.id() + "|" + scope.key(),
        List.of(layer), () -> extent(List.of(layer), scope).map(extent -> tileset(base, self, layer.title(),
            layer.description(), List.of(layer), extent).toBuffer())));
  }

  /** {@code GET /ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}}. */
  public void tile(RoutingContext ctx) {
    Layer layer = layer(ctx);
    tileMatrixSetId(ctx);
    tiles.send(ctx, layer, coord(ctx));
  }

  // --- documents

  private static JsonObject tilesetList(String tiles, String title) {
    return new JsonObject()
        .put("links", new JsonArray().add(link(tiles, "self", "the tilesets")))
        .put("tilesets", new JsonArray().add(new JsonObject().put("title", title + " (" + TMS_ID + ")")
            .put("dataType", "vector").put("crs", EPSG_3857).put("tileMatrixSetURI", TMS_URI)
            .put("links", new JsonArray()
                .add(link(tiles + "/" + TMS_ID, "self", "the tileset"))
                .add(link(origin(tiles) + "/tileMatrixSets/" + TMS_ID, REL_TILING_SCHEME,
                    "the tile matrix set definition")))));
  }

  /** /ogc from the URL of one of its resources. */
  private static String origin(String url) {
    return url.substring(0, url.indexOf("/ogc") + 4);
  }

  /** Tileset metadata (TMS 2.0 JSON): the tile template, the limits served, and each MVT layer. */
  private static JsonObject tileset(String base, String self, String title, String description, List<Layer> layers,
      Optional<Envelope> extent) {
    JsonArray limits = new JsonArray();
    for (int z = 0; z <= Layer.MAX_ZOOM; z++) {
      int last = (1 << z) - 1;
      limits.add(new JsonObject().put("tileMatrix", Integer.toString(z)).put("minTileRow", 0).put("maxTileRow", last)
          .put("minTileCol", 0).put("maxTileCol", last));
    }
    JsonArray layerList = new JsonArray();
    for (Layer layer : layers) {
      String collection = base + "/collections/" + layer.id();
      JsonObject schema = Queryables.document(layer, collection + "/queryables");
      schema.getJsonObject("properties").remove("geometry");
      layerList.add(new JsonObject().put("id", layer.id()).put("title", layer.title())
          .put("description", layer.description()).put("dataType", "vector")
          .put("geometryDimension", switch (layer.geometryKind()) {
            case POINT -> 0;
            case LINE -> 1;
            case POLYGON -> 2;
          })
          .put("minTileMatrix", Integer.toString(layer.minZoom()))
          .put("maxTileMatrix", Integer.toString(Layer.MAX_ZOOM))
          .put("propertiesSchema", new JsonObject().put("type", "object")
              .put("properties", schema.getJsonObject("properties")))
          .put("links", new JsonArray().add(link(collection, "collection", "the collection"))));
    }
    JsonObject doc = new JsonObject().put("title", title).put("description", description)
        .put("dataType", "vector").put("crs", EPSG_3857).put("tileMatrixSetURI", TMS_URI)
        .put("links", new JsonArray()
            .add(link(self, "self", "this tileset"))
            .add(link(base + "/tileMatrixSets/" + TMS_ID, REL_TILING_SCHEME, "the tile matrix set definition"))
            .add(new JsonObject().put("href", self + "/{tileMatrix}/{tileRow}/{tileCol}").put("rel", "item")
                .put("type", TileRoutes.MVT_TYPE).put("templated", true).put("title", "Mapbox vector tiles")))
        .put("mediaTypes", new JsonArray().add(TileRoutes.MVT_TYPE))
        .put("tileMatrixSetLimits", limits)
        .put("layers", layerList);
    extent.ifPresent(e -> doc.put("boundingBox", new JsonObject().put("crs", OgcRoutes.CRS84)
        .put("lowerLeft", new JsonArray().add(e.getMinX()).add(e.getMinY()))
        .put("upperRight", new JsonArray().add(e.getMaxX()).add(e.getMaxY()))));
    return doc;
  }

  /** The union of the layers' extents in the caller's regions. */
  private Future<Optional<Envelope>> extent(List<Layer> layers, RegionScope scope) {
    List<Future<Optional<Envelope>>> parts = new ArrayList<>();
    layers.forEach(layer -> parts.add(tiles.service().cache().store().extent(layer, scope)));
    return Future.all(parts).map(all -> {
      Envelope union = new Envelope();
      parts.forEach(part -> part.result().ifPresent(union::expandToInclude));
      return union.isNull() ? Optional.empty() : Optional.of(union);
    });
  }

  // --- parameters

  /** A collection that has vector tiles and that the caller may read; 404 or 403 otherwise. */
  private static Layer layer(RoutingContext ctx) {
    String id = ctx.pathParam("collectionId");
    Layer layer = Layers.find(id).orElseThrow(() -> ApiException.notFound("no collection '" + id + "'"));
    if (!layer.vectorTiles()) {
      throw ApiException.notFound("collection '" + id + "' has no tiles; collections with tiles: "
          + Layers.vectorTileLayers().stream().map(Layer::id).toList());
    }
    ApiKeyGate.requireLayer(ctx, layer.id());
    return layer;
  }

  /** The vector-tile layers the caller may read, in catalog order (the order of the MVT layers); 403 when none. */
  private static List<Layer> readable(RoutingContext ctx) {
    List<Layer> layers = Layers.vectorTileLayers().stream().filter(l -> ApiKeyGate.allows(ctx, l.id())).toList();
    if (layers.isEmpty()) {
      throw ApiException.forbidden("this API key may read none of the layers with vector tiles");
    }
    return layers;
  }

  private static void tileMatrixSetId(RoutingContext ctx) {
    String id = ctx.pathParam("tileMatrixSetId");
    if (!TMS_ID.equals(id)) {
      throw ApiException.notFound("no tile matrix set '" + id + "'; tile matrix sets: [" + TMS_ID + "]");
    }
  }

  private static TileCoord coord(RoutingContext ctx) {
    return TileCoord.ofTileMatrix(ctx.pathParam("tileMatrix"), ctx.pathParam("tileRow"), ctx.pathParam("tileCol"));
  }

  /** Metadata is JSON only (as the rest of /ogc); tiles themselves ignore the query, as /tiles does. */
  private static void onlyJson(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!name.equals("f")) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; this resource accepts [f]");
      }
    }
    String f = ctx.queryParams().get("f");
    if (f != null && !f.equals("json")) {
      throw ApiException.badRequest("f must be json (no HTML here)");
    }
  }

  // --- responses

  private static String base(RoutingContext ctx) {
    return OgcRoutes.origin(ctx) + "/ogc";
  }

  private static JsonObject link(String href, String rel, String title) {
    return new JsonObject().put("href", href).put("rel", rel).put("type", JSON).put("title", title);
  }

  private static void send(RoutingContext ctx, Buffer body) {
    CachedBody.of(body, "").send(ctx, JSON_TYPE, CACHE_CONTROL);
  }

  private static void serve(RoutingContext ctx, Future<CachedBody> body) {
    body.onSuccess(b -> b.send(ctx, JSON_TYPE, CACHE_CONTROL)).onFailure(ctx::fail);
  }
}
