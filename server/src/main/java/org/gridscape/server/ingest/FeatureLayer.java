package org.gridscape.server.ingest;

import java.util.List;

/**
 * A named list of features in one coordinate system.
 *
 * @param name     layer name (file base name, GeoPackage table, or GeoJSON {@code layer} value)
 * @param crs      how the file declared its coordinate system (a .prj WKT, {@code EPSG:4549}, ...), or
 *                 null when it declared none
 * @param features the features
 */
public record FeatureLayer(String name, String crs, List<SourceFeature> features) {

  public FeatureLayer {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("layer name is required");
    }
    features = List.copyOf(features);
  }
}
