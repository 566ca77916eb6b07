package org.gridscape.server.ogc;

import java.util.List;
import java.util.Objects;

/**
 * A layer published to other systems, as an OGC API - Features collection and (when
 * {@code vectorTiles}) as Mapbox Vector Tiles. Everything here is a constant of the code, never
 * request input, so it may be spliced into SQL.
 *
 * @param id            collection id and vector-tile layer name
 * @param table         table the features are read from
 * @param idColumn      column holding the feature id
 * @param numericId     whether the id column is a number (then a non-numeric fid is simply not found)
 * @param filter        extra SQL condition selecting the layer's rows, or empty
 * @param properties    the published (non-personal) attributes
 * @param signatureSql  a cheap query whose single row changes whenever the layer's data changes
 * @param vectorTiles   whether /tiles serves this layer
 * @param minZoom       lowest zoom a vector tile of this layer is produced for
 * @param timeColumn    the column {@code datetime} filters on, or null when features have no time (then the
 *                      filter keeps them all, as OGC API - Features requires)
 * @param regionColumn  the column holding the feature's region code (its own code, or its village's), which
 *                      region-scoped callers filter on by code prefix
 */
public record Layer(String id, String title, String description, GeometryKind geometryKind, String table,
    String idColumn, boolean numericId, String filter, List<LayerProperty> properties, String signatureSql,
    boolean vectorTiles, int minZoom, String timeColumn, String regionColumn) {

  public Layer {
    Objects.requireNonNull(geometryKind, "geometryKind");
    if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("layer id must be lower case with dashes, got " + id);
    }
    if (table == null || !table.matches("[a-z_]+") || idColumn == null || !idColumn.matches("[a-z_]+")) {
      throw new IllegalArgumentException("table and id column must be plain identifiers");
    }
    filter = filter == null ? "" : filter;
    if (timeColumn != null && !timeColumn.matches("[a-z_]+")) {
      throw new IllegalArgumentException("time column must be a plain identifier");
    }
    if (regionColumn == null || !regionColumn.matches("[a-z_]+")) {
      throw new IllegalArgumentException("region column must be a plain identifier");
    }
    properties = List.copyOf(properties);
    if (minZoom < 0 || minZoom > MAX_ZOOM) {
      throw new IllegalArgumentException("minZoom out of range: " + minZoom);
    }
  }

  /** Highest zoom vector tiles are produced for (about 2 m per tile pixel at 4096 extent: building detail). */
  public static final int MAX_ZOOM = 22;

  /** The columns a feature query selects: id, geometry, then the properties. */
  String selectColumns() {
    StringBuilder columns = new StringBuilder(idColumn);
    columns.append(geometryKind.wkb() ? ", geom" : ", lon, lat");
    for (LayerProperty p : properties) {
      if (!p.column().equals(idColumn)) {
        columns.append(", ").append(p.selectItem());
      }
    }
    return columns.toString();
  }

  /** The SQL condition that selects the layer's rows ({@code 1=1} when there is no filter). */
  String where() {
    return filter.isEmpty() ? "1 = 1" : filter;
  }
}
