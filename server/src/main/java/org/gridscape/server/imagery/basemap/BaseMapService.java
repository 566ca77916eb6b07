package org.gridscape.server.imagery.basemap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.ogc.CachedBody;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerCache;
import org.gridscape.server.ogc.Layers;
import org.gridscape.server.vectortile.TileCoord;
import org.locationtech.jts.geom.Envelope;

/**
 * Base-map tiles rendered from the published layers on first request and cached with the
 * signatures of the layers they were drawn from (see {@link LayerCache}): a publish that changes a
 * village's plan or grids redraws the tiles over it on their next request, on every server.
 * Drawing runs on a worker thread.
 */
public final class BaseMapService {

  /** The layers a tile is drawn from; a change to any of them invalidates the tiles. */
  public static final List<Layer> LAYERS = List.of(Layers.TOWNSHIPS, Layers.VILLAGES, Layers.LAND_USE, Layers.WATER,
      Layers.ROADS, Layers.BUILDINGS, Layers.GRIDS);
  public static final int MIN_ZOOM = 8;
  /** Zoom up to which tiles are drawn; deeper, clients scale the level-19 tiles up. */
  public static final int MAX_ZOOM = 19;
  /** Features a little outside the tile are drawn too, so strokes that cross its edge join the neighbour's. */
  private static final double MARGIN = 8.0 / BaseMapRenderer.SIZE;

  private final Vertx vertx;
  private final LayerCache cache;

  public BaseMapService(Vertx vertx, LayerCache cache) {
    this.vertx = vertx;
    this.cache = cache;
  }

  public LayerCache cache() {
    return cache;
  }

  public Future<CachedBody> tile(TileCoord coord, RegionScope scope) {
    String key = "basemap|" + coord + (scope.all() ? "" : "|" + scope.key());
    return cache.get(key, LAYERS, () -> build(coord, scope));
  }

  /** Draws the tile from the database, bypassing the cache. */
  public Future<Buffer> build(TileCoord coord, RegionScope scope) {
    Envelope box = coord.lonLatEnvelope(MARGIN);
    int z = coord.z();
    Future<List<Feature>> townships = meeting(Layers.TOWNSHIPS, box, scope, true);
    Future<List<Feature>> villages = meeting(Layers.VILLAGES, box, scope, true);
    Future<List<Feature>> landUse = meeting(Layers.LAND_USE, box, scope, true);
    Future<List<Feature>> water = meeting(Layers.WATER, box, scope, true);
    Future<List<Feature>> roads = meeting(Layers.ROADS, box, scope, true);
    Future<List<Feature>> buildings = meeting(Layers.BUILDINGS, box, scope, z >= BaseMapStyle.BUILDINGS_FROM);
    Future<List<Feature>> grids = meeting(Layers.GRIDS, box, scope, z >= BaseMapStyle.GRIDS_FROM);
    return Future.all(List.of(townships, villages, landUse, water, roads, buildings, grids))
        .compose(all -> vertx.executeBlocking(() -> Buffer.buffer(BaseMapRenderer.png(coord,
            new BaseMapRenderer.Content(townships.result(), villages.result(), landUse.result(), water.result(),
                roads.result(), buildings.result(), grids.result()))), false));
  }

  private Future<List<Feature>> meeting(Layer layer, Envelope box, RegionScope scope, boolean wanted) {
    if (!wanted) {
      return Future.succeededFuture(List.of());
    }
    return cache.signature(layer).compose(signature -> cache.store().meeting(layer, box, signature, scope));
  }
}
