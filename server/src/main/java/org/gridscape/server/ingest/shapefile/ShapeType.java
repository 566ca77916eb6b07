package org.gridscape.server.ingest.shapefile;

/** The ESRI shape type codes (ESRI Shapefile Technical Description, 1998). */
enum ShapeType {
  NULL(0), POINT(1), POLYLINE(3), POLYGON(5), MULTIPOINT(8),
  POINT_Z(11), POLYLINE_Z(13), POLYGON_Z(15), MULTIPOINT_Z(18),
  POINT_M(21), POLYLINE_M(23), POLYGON_M(25), MULTIPOINT_M(28),
  MULTIPATCH(31);

  final int code;

  ShapeType(int code) {
    this.code = code;
  }

  static ShapeType of(int code) {
    for (ShapeType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  boolean isPoint() {
    return this == POINT || this == POINT_Z || this == POINT_M;
  }

  boolean isMultiPoint() {
    return this == MULTIPOINT || this == MULTIPOINT_Z || this == MULTIPOINT_M;
  }

  boolean isPolyLine() {
    return this == POLYLINE || this == POLYLINE_Z || this == POLYLINE_M;
  }

  boolean isPolygon() {
    return this == POLYGON || this == POLYGON_Z || this == POLYGON_M;
  }
}
