package org.gridscape.server.ingest;

/**
 * Per-import choices.
 *
 * @param crs             explicit source coordinate system ({@code EPSG:4549}, {@code CGCS2000},
 *                        {@code GCJ02} ...), overriding what the file declares; null to use the file's
 *                        own (.prj, GeoPackage srs, GeoJSON {@code crs}) or WGS84
 * @param repair          fix invalid polygons with JTS {@code GeometryFixer} (and report each repair)
 *                        instead of rejecting the upload
 * @param limits          feature and vertex bounds
 * @param buildingMapping which attributes fill building fields
 * @param gridMapping     which attributes are a grid's code, name and kind
 */
public record IngestOptions(String crs, boolean repair, IngestLimits limits, AttributeMapping buildingMapping,
                            GridFieldMapping gridMapping) {

  public IngestOptions {
    if (limits == null) {
      limits = IngestLimits.defaults();
    }
    if (buildingMapping == null) {
      buildingMapping = AttributeMapping.defaults();
    }
    if (gridMapping == null) {
      gridMapping = GridFieldMapping.byName();
    }
    if (crs != null && crs.isBlank()) {
      crs = null;
    }
  }

  public static IngestOptions defaults() {
    return new IngestOptions(null, false, IngestLimits.defaults(), AttributeMapping.defaults(), null);
  }

  public IngestOptions withCrs(String value) {
    return new IngestOptions(value, repair, limits, buildingMapping, gridMapping);
  }

  public IngestOptions withRepair(boolean value) {
    return new IngestOptions(crs, value, limits, buildingMapping, gridMapping);
  }

  public IngestOptions withLimits(IngestLimits value) {
    return new IngestOptions(crs, repair, value, buildingMapping, gridMapping);
  }

  public IngestOptions withBuildingMapping(AttributeMapping value) {
    return new IngestOptions(crs, repair, limits, value, gridMapping);
  }

  public IngestOptions withGridMapping(GridFieldMapping value) {
    return new IngestOptions(crs, repair, limits, buildingMapping, value);
  }
}
