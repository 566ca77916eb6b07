package org.gridscape.server.vectortile;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.ogc.CachedBody;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerCache;

/**
 * Vector tiles of the published layers, built on first request and cached until the layer's data
 * changes (see {@link LayerCache}). Encoding runs on a worker thread, off the event loop.
 */
public final class TileService {

  private static final CachedBody EMPTY = CachedBody.of(Buffer.buffer(), "");

  private final Vertx vertx;
  private final LayerCache cache;

  public TileService(Vertx vertx, LayerCache cache) {
    this.vertx = vertx;
    this.cache = cache;
  }

  public LayerCache cache() {
    return cache;
  }

  /** The tile; its body is empty (served as 204) below the layer's minimum zoom or where it has no features. */
  public Future<CachedBody> tile(Layer layer, TileCoord coord, RegionScope scope) {
    if (coord.z() < layer.minZoom()) {
      return Future.succeededFuture(EMPTY);
    }
    String key = scope.all() ? "tile|" + layer.id() + "|" + coord : "tile|" + layer.id() + "|" + coord + "|"
        + scope.key();
    return cache.get(key, List.of(layer), () -> build(layer, coord, scope));
  }

  /**
   * One tile holding several layers, in the order given: the layers' own tiles joined. An MVT is a
   * protobuf message whose layers are a repeated field, so the concatenation of single-layer tiles
   * is a valid tile with all their layers; each part comes from (and stays in) the cache.
   */
  public Future<CachedBody> tile(List<Layer> layers, TileCoord coord, RegionScope scope) {
    StringBuilder key = new StringBuilder("tiles|");
    layers.forEach(layer -> key.append(layer.id()).append(','));
    key.append('|').append(coord);
    if (!scope.all()) {
      key.append('|').append(scope.key());
    }
    return cache.get(key.toString(), layers, () -> {
      List<Future<CachedBody>> parts = new ArrayList<>(layers.size());
      for (Layer layer : layers) {
        parts.add(tile(layer, coord, scope));
      }
      return Future.all(parts).map(all -> {
        Buffer joined = Buffer.buffer();
        parts.forEach(part -> joined.appendBuffer(part.result().identity()));
        return joined;
      });
    });
  }

  /** Builds the tile from the database, bypassing the cache (benchmarks measure cold tiles with it). */
  public Future<Buffer> build(Layer layer, TileCoord coord, RegionScope scope) {
    double margin = (double) TileEncoder.BUFFER / TileEncoder.EXTENT;
    return cache.signature(layer).compose(signature -> cache.store().meeting(layer, coord.lonLatEnvelope(margin),
        signature, scope)).compose(features -> features.isEmpty()
        ? Future.succeededFuture(Buffer.buffer())
        : vertx.executeBlocking(() -> Buffer.buffer(TileEncoder.encode(layer, coord, features)), false));
  }
}
