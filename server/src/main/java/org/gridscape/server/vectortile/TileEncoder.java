package org.gridscape.server.vectortile;

import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.GeomMinSizeFilter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.IGeometryFilter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.IUserDataConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerProps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.ogc.Feature;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerProperty;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Features of one layer to a Mapbox Vector Tile (spec 2.1): extent 4096, a 64-unit buffer, clipped,
 * y pointing down, exterior rings clockwise on screen, features shrunk to nothing dropped, ids set.
 */
public final class TileEncoder {

  public static final int EXTENT = 4096;
  public static final int BUFFER = 64;

  private static final MvtLayerParams PARAMS = new MvtLayerParams(EXTENT);
  private static final GeometryFactory TILE_FACTORY = new GeometryFactory();
  /** Lines shorter and polygons smaller than one tile unit (squared) vanish at this zoom. */
  private static final IGeometryFilter MIN_SIZE = new GeomMinSizeFilter(1.0, 1.0);
  private static final IUserDataConverter TAGS = TileEncoder::addTags;

  /** A feature's MVT id and tags, carried as JTS user data. */
  private record Tags(long id, Map<String, Object> values) {}

  private TileEncoder() {}

  /** The encoded tile, or an empty array when no feature survives clipping. */
  public static byte[] encode(Layer layer, TileCoord coord, List<Feature> features) {
    Envelope tile = coord.mercatorEnvelope();
    Envelope clip = new Envelope(tile);
    clip.expandBy(tile.getWidth() * BUFFER / EXTENT);
    Envelope lonLatClip = coord.lonLatEnvelope((double) BUFFER / EXTENT);
    List<Geometry> encoded = new ArrayList<>(features.size());
    for (Feature feature : features) {
      Geometry tileGeometry;
      if (lonLatClip.covers(feature.geometry().getEnvelopeInternal())) {
        // Most features lie inside the buffered tile: no clipping, one pass from lon/lat to tile units.
        tileGeometry = toTileUnits(feature.geometry(), tile);
        if (tooSmall(tileGeometry)) {
          continue;
        }
      } else {
        tileGeometry = JtsAdapter.createTileGeom(WebMercator.project(feature.geometry()), tile, clip,
            TILE_FACTORY, PARAMS, MIN_SIZE);
      }
      if (tileGeometry.isEmpty()) {
        continue;
      }
      Tags tags = new Tags(featureId(feature.id()), tagsOf(layer, feature));
      attach(tileGeometry, tags);
      encoded.add(tileGeometry);
    }
    if (encoded.isEmpty()) {
      return new byte[0];
    }
    return MvtEncoder.encode(new JtsMvt(new JtsLayer(layer.id(), encoded, EXTENT)), PARAMS, TAGS);
  }

  /** A copy in integer tile units, y down (Mercator per axis, then scaled to the tile and rounded). */
  static Geometry toTileUnits(Geometry lonLat, Envelope tile) {
    double scale = EXTENT / tile.getWidth();
    Geometry copy = TILE_FACTORY.createGeometry(lonLat);
    return Geometries.mapXYInPlace(copy, (lon, lat, xy) -> {
      xy[0] = Math.round((WebMercator.x(lon) - tile.getMinX()) * scale);
      xy[1] = Math.round((tile.getMaxY() - WebMercator.y(lat)) * scale);
    });
  }

  /** The same rule as the clipping path: polygons under one square unit and lines under one unit vanish. */
  private static boolean tooSmall(Geometry g) {
    int dimension = g.getDimension();
    return dimension == 2 && g.getArea() < 1 || dimension == 1 && g.getLength() < 1;
  }

  /**
   * MVT ids are unsigned integers: numeric ids are used as they are, others (building ids) get a
   * stable 63-bit hash; the text id is always in the {@code id} tag or the code property.
   */
  static long featureId(String id) {
    if (id.matches("\\d{1,18}")) {
      return Long.parseLong(id);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = value << 8 | (digest[i] & 0xff);
      }
      return value & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> tagsOf(Layer layer, Feature feature) {
    Map<String, Object> tags = new LinkedHashMap<>();
    boolean idIsProperty = layer.properties().stream().anyMatch(p -> p.column().equals(layer.idColumn()));
    if (!idIsProperty) {
      tags.put("id", feature.id());
    }
    for (LayerProperty p : layer.properties()) {
      Object value = feature.properties().get(p.name());
      if (value != null) {
        tags.put(p.name(), value);
      }
    }
    return tags;
  }

  /** The adapter may split collections into parts; each part carries the feature's tags. */
  private static void attach(Geometry geometry, Tags tags) {
    geometry.setUserData(tags);
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      Geometry part = geometry.getGeometryN(i);
      if (part != geometry) {
        attach(part, tags);
      }
    }
  }

  private static void addTags(Object userData, MvtLayerProps props, VectorTile.Tile.Feature.Builder feature) {
    if (!(userData instanceof Tags tags)) {
      return;
    }
    feature.setId(tags.id());
    for (Map.Entry<String, Object> tag : tags.values().entrySet()) {
      int value = props.addValue(tag.getValue());
      if (value >= 0) {
        feature.addTags(props.addKey(tag.getKey()));
        feature.addTags(value);
      }
    }
  }
}
