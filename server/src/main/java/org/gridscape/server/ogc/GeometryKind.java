package org.gridscape.server.ogc;

/** How a layer's geometry is stored and what kind it is. */
public enum GeometryKind {
  /** WKB polygons in {@code geom} with an envelope in {@code minx..maxy}. */
  POLYGON("Polygon", true),
  /** WKB lines in {@code geom} with an envelope. */
  LINE("LineString", true),
  /** A point in {@code lon}/{@code lat} columns. */
  POINT("Point", false);

  private final String geoJsonType;
  private final boolean wkb;

  GeometryKind(String geoJsonType, boolean wkb) {
    this.geoJsonType = geoJsonType;
    this.wkb = wkb;
  }

  /** The GeoJSON type of single features (multi-part geometries are written as stored). */
  public String geoJsonType() {
    return geoJsonType;
  }

  /** Whether the geometry is WKB with envelope columns rather than lon/lat columns. */
  public boolean wkb() {
    return wkb;
  }
}
