package org.gridscape.server.vectortile;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.ApiKeyGate;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerProperty;
import org.gridscape.server.ogc.Layers;

/** {@code /tiles/{layer}.json} (TileJSON 3.0.0) and {@code /tiles/{layer}/{z}/{x}/{y}.mvt}. */
public final class TileRoutes {

  public static final String MVT_TYPE = "application/vnd.mapbox-vector-tile";
  /** Zoom up to which tiles are advertised; clients over-zoom beyond it (the server still answers to 22). */
  public static final int ADVERTISED_MAX_ZOOM = 16;
  /** Tiles change when data does; a minute of client caching, then revalidation by ETag. */
  private static final CharSequence MVT = HttpHeaders.createOptimized(MVT_TYPE);
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence TILE_CACHE_CONTROL = HttpHeaders.createOptimized("private, max-age=60");
  private static final CharSequence TILEJSON_CACHE_CONTROL = HttpHeaders.createOptimized("private, no-cache");

  private final TileService tiles;

  public TileRoutes(TileService tiles) {
    this.tiles = tiles;
  }

  /** Regex route groups: layer. */
  public void tileJson(RoutingContext ctx) {
    Layer layer = layer(ctx.pathParam("param0"));
    ApiKeyGate.requireLayer(ctx, layer.id());
    String base = org.gridscape.server.ogc.OgcRoutes.origin(ctx);
    RegionScope scope = ApiKeyGate.regions(ctx);
    tiles.cache().get("tilejson|" + base + "|" + layer.id() + "|" + scope.key(), List.of(layer),
        () -> tiles.cache().store().extent(layer, scope)
        .map(extent -> {
          JsonObject fields = new JsonObject();
          if (layer.properties().stream().noneMatch(p -> p.column().equals(layer.idColumn()))) {
            fields.put("id", "String");
          }
          for (LayerProperty p : layer.properties()) {
            fields.put(p.name(), switch (p.type()) {
              case INTEGER, NUMBER -> "Number";
              case BOOLEAN -> "Boolean";
              default -> "String";
            });
          }
          JsonArray bounds = extent.map(e -> new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX())
              .add(e.getMaxY())).orElse(new JsonArray().add(-180).add(-85.0511287798066).add(180)
              .add(85.0511287798066));
          JsonObject doc = new JsonObject()
              .put("tilejson", "3.0.0")
              .put("name", layer.title())
              .put("description", layer.description())
              .put("version", "1.0.0")
              .put("scheme", "xyz")
              .put("tiles", new JsonArray().add(base + "/tiles/" + layer.id() + "/{z}/{x}/{y}.mvt"))
              .put("minzoom", layer.minZoom())
              .put("maxzoom", ADVERTISED_MAX_ZOOM)
              .put("bounds", bounds)
              .put("vector_layers", new JsonArray().add(new JsonObject().put("id", layer.id())
                  .put("description", layer.description()).put("minzoom", layer.minZoom())
                  .put("maxzoom", ADVERTISED_MAX_ZOOM).put("fields", fields)));
          extent.ifPresent(e -> doc.put("center", new JsonArray().add((e.getMinX() + e.getMaxX()) / 2)
              .add((e.getMinY() + e.getMaxY()) / 2).add(Math.max(layer.minZoom(), 12))));
          return doc.toBuffer();
        }))
        .onSuccess(body -> body.send(ctx, JSON, TILEJSON_CACHE_CONTROL))
        .onFailure(ctx::fail);
  }

  /** Regex route groups: layer, z, x, y. */
  public void tile(RoutingContext ctx) {
    Layer layer = layer(ctx.pathParam("param0"));
    ApiKeyGate.requireLayer(ctx, layer.id());
    send(ctx, layer, TileCoord.parse(ctx.pathParam("param1"), ctx.pathParam("param2"), ctx.pathParam("param3")));
  }

  /**
   * Serves a tile of a layer the caller may read: /tiles and OGC API - Tiles both come here, so they
   * answer with the same bytes, ETag, 304 and 204.
   */
  void send(RoutingContext ctx, Layer layer, TileCoord coord) {
    tiles.tile(layer, coord, ApiKeyGate.regions(ctx)).onSuccess(body -> body.send(ctx, MVT, TILE_CACHE_CONTROL))
        .onFailure(ctx::fail);
  }

  /** Serves the tile of several layers (the OGC dataset tileset), with the same headers as a layer's tile. */
  void send(RoutingContext ctx, List<Layer> layers, TileCoord coord) {
    tiles.tile(layers, coord, ApiKeyGate.regions(ctx)).onSuccess(body -> body.send(ctx, MVT, TILE_CACHE_CONTROL))
        .onFailure(ctx::fail);
  }

  TileService service() {
    return tiles;
  }

  private static Layer layer(String id) {
    return Layers.find(id).filter(Layer::vectorTiles)
        .orElseThrow(() -> ApiException.notFound("no vector-tile layer '" + id + "'; layers: "
            + Layers.vectorTileLayers().stream().map(Layer::id).toList()));
  }
}
