package org.gridscape.server.imagery.basemap;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.ApiKeyGate;
import org.gridscape.server.ogc.Layers;
import org.gridscape.server.ogc.OgcRoutes;
import org.gridscape.server.vectortile.TileCoord;

/** {@code /imagery/base.json} (TileJSON 3.0.0, raster) and {@code /imagery/base/{z}/{x}/{y}.png}. */
public final class BaseMapRoutes {

  /** The layer id API keys name to read the base map. */
  public static final String LAYER_ID = "base";
  private static final CharSequence PNG = HttpHeaders.createOptimized("image/png");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence TILE_CACHE_CONTROL = HttpHeaders.createOptimized("private, max-age=60");
  private static final CharSequence TILEJSON_CACHE_CONTROL = HttpHeaders.createOptimized("private, no-cache");

  private final BaseMapService service;
  private final List<ServerConfig.OnlineBasemap> online;

  public BaseMapRoutes(BaseMapService service, List<ServerConfig.OnlineBasemap> online) {
    this.service = service;
    this.online = List.copyOf(online);
  }

  /** The online base maps configured with {@code --online-basemap}, in order. */
  public List<ServerConfig.OnlineBasemap> online() {
    return online;
  }

  /**
   * The entries of {@code GET /imagery} this package serves, bottom first: the online base maps
   * (off until switched on), then the district's own base map.
   */
  public List<JsonObject> listing() {
    List<JsonObject> out = new java.util.ArrayList<>();
    for (int i = 0; i < online.size(); i++) {
      out.add(new JsonObject().put("id", "online-" + (i + 1)).put("name", online.get(i).name()).put("kind", "online")
          .put("tilejson", "/imagery/online/" + (i + 1) + ".json").put("visible", false));
    }
    out.add(new JsonObject().put("id", LAYER_ID).put("name", "基础底图 Base map").put("kind", "basemap")
        .put("tilejson", "/imagery/base.json").put("minzoom", BaseMapService.MIN_ZOOM)
        .put("maxzoom", BaseMapService.MAX_ZOOM).put("visible", true));
    return out;
  }

  /** {@code /imagery/online/{n}.json}: the TileJSON of the n-th configured online base map (from 1). */
  public void onlineTileJson(RoutingContext ctx) {
    int n = Integer.parseInt(ctx.pathParam("param0"));
    if (n < 1 || n > online.size()) {
      throw ApiException.notFound("no online base map " + n + " (" + online.size() + " configured with "
          + "--online-basemap)");
    }
    ServerConfig.OnlineBasemap map = online.get(n - 1);
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "private, no-cache")
        .end(new JsonObject().put("tilejson", "3.0.0").put("name", map.name()).put("attribution", map.name())
            .put("scheme", "xyz").put("tiles", new JsonArray().add(map.urlTemplate())).put("minzoom", 0)
            .put("maxzoom", 18).put("bounds", new JsonArray().add(-180).add(-85.0511287798066).add(180)
                .add(85.0511287798066)).toBuffer());
  }

  public void tileJson(RoutingContext ctx) {
    ApiKeyGate.requireLayer(ctx, LAYER_ID);
    String origin = OgcRoutes.origin(ctx);
    RegionScope scope = ApiKeyGate.regions(ctx);
    service.cache().get("basemap-tilejson|" + origin + "|" + scope.key(), List.of(Layers.VILLAGES),
        () -> service.cache().store().extent(Layers.VILLAGES, scope).map(extent -> {
          JsonArray bounds = extent.map(e -> new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX())
              .add(e.getMaxY())).orElse(new JsonArray().add(-180).add(-85.0511287798066).add(180)
              .add(85.0511287798066));
          JsonObject doc = new JsonObject()
              .put("tilejson", "3.0.0")
              .put("name", "基础底图 Base map")
              .put("description", "The district's own base map: township, village and grid boundaries, land use, "
                  + "water, roads by class and building footprints, drawn from the published village plans")
              .put("version", "1.0.0")
              .put("attribution", "GridScape district data")
              .put("scheme", "xyz")
              .put("tiles", new JsonArray().add(origin + "/imagery/base/{z}/{x}/{y}.png"))
              .put("minzoom", BaseMapService.MIN_ZOOM)
              .put("maxzoom", BaseMapService.MAX_ZOOM)
              .put("bounds", bounds);
          extent.ifPresent(e -> doc.put("center", new JsonArray().add((e.getMinX() + e.getMaxX()) / 2)
              .add((e.getMinY() + e.getMaxY()) / 2).add(12)));
          return doc.toBuffer();
        }))
        .onSuccess(body -> body.send(ctx, JSON, TILEJSON_CACHE_CONTROL))
        .onFailure(ctx::fail);
  }

  /** Regex route groups: z, x, y. */
  public void tile(RoutingContext ctx) {
    ApiKeyGate.requireLayer(ctx, LAYER_ID);
    TileCoord coord = TileCoord.parse(ctx.pathParam("param0"), ctx.pathParam("param1"), ctx.pathParam("param2"));
    if (coord.z() < BaseMapService.MIN_ZOOM) {
      throw ApiException.notFound("the base map starts at zoom " + BaseMapService.MIN_ZOOM + " (see /imagery/base.json)");
    }
    service.tile(coord, ApiKeyGate.regions(ctx)).onSuccess(body -> body.send(ctx, PNG, TILE_CACHE_CONTROL))
        .onFailure(ctx::fail);
  }
}
