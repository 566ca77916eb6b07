package org.gridscape.server.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature as read from a file, before it is interpreted as a building, road or grid.
 *
 * @param index      zero-based position within its layer (used in error details)
 * @param id         the feature's own id if the format has one (GeoJSON {@code id}, GeoPackage fid), or null
 * @param geometry   the geometry, in the layer's coordinate system until transformed; null for a
 *                   feature without geometry (reported as an error by the importers)
 * @param properties attribute values in file order: String, Long, Double, Boolean or null
 */
public record SourceFeature(int index, String id, Geometry geometry, Map<String, Object> properties) {

  public SourceFeature {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
  }

  /** The same feature with another geometry (after transformation or repair). */
  public SourceFeature withGeometry(Geometry replacement) {
    return new SourceFeature(index, id, replacement, properties);
  }
}
