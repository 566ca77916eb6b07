package org.gridscape.server.ingest.crs;

import java.util.Locale;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.proj.TransverseMercatorProjection;

/**
 * The coordinate system an upload is in, and the conversion of its coordinates to WGS84 lon/lat.
 * Axis order is always x = easting/longitude, y = northing/latitude, as in Shapefiles, GeoPackages
 * and GeoJSON, whatever the EPSG axis order says.
 *
 * <p>CGCS2000 and WGS84 differ by centimetres, well below what grid planning needs, so CGCS2000
 * coordinates are taken as WGS84 without a datum shift. Instances are not thread-safe (proj4j
 * transforms keep scratch state); resolve one per import.
 */
public final class SourceCrs {

  /** What kind of conversion applies. */
  public enum Kind {
    /** Already WGS84 longitude/latitude. */
    WGS84,
    /** CGCS2000 longitude/latitude (EPSG:4490), used as is. */
    CGCS2000_GEOGRAPHIC,
    /** Projected metres (Gauss-Kruger, UTM, Web Mercator ...), inverted with proj4j. */
    PROJECTED,
    /** GCJ-02 longitude/latitude, inverted iteratively. */
    GCJ02
  }

  // A Gauss-Kruger or UTM zone is valid a few hundred kilometres either side of its meridian; an
  // easting further away than this means the data is in another zone or has/lacks the zone prefix.
  private static final double MAX_TM_EASTING_OFFSET = 1_000_000.0;
  private static final double MAX_TM_NORTHING = 10_100_000.0;

  private final String id;
  private final String description;
  private final Kind kind;
  private final CoordinateTransform toWgs84;
  private final CoordinateTransform fromWgs84;
  private final Double falseEasting;
  private final ProjCoordinate in = new ProjCoordinate();
  private final ProjCoordinate out = new ProjCoordinate();

  private SourceCrs(String id, String description, Kind kind, CoordinateReferenceSystem projected) {
    this.id = id;
    this.description = description;
    this.kind = kind;
    if (projected != null) {
      CoordinateTransformFactory factory = new CoordinateTransformFactory();
      CoordinateReferenceSystem wgs84 = CrsResolver.wgs84Definition();
      this.toWgs84 = factory.createTransform(projected, wgs84);
      this.fromWgs84 = factory.createTransform(wgs84, projected);
      this.falseEasting = projected.getProjection() instanceof TransverseMercatorProjection tm
          ? tm.getFalseEasting() : null;
    } else {
      this.toWgs84 = null;
      this.fromWgs84 = null;
      this.falseEasting = null;
    }
  }

  static SourceCrs geographic(String id, String description, Kind kind) {
    if (kind == Kind.PROJECTED) {
      throw new IllegalArgumentException("geographic kinds only");
    }
    return new SourceCrs(id, description, kind, null);
  }

  static SourceCrs projected(String id, String description, CoordinateReferenceSystem crs) {
    return new SourceCrs(id, description, Kind.PROJECTED, crs);
  }

  /** The identifier recorded with imported data: {@code EPSG:4549}, {@code GCJ02}, or a proj string. */
  public String id() {
    return id;
  }

  /** A human-readable name, e.g. {@code CGCS2000 / 3-degree Gauss-Kruger CM 120E}. */
  public String description() {
    return description;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Converts one coordinate to WGS84 lon/lat.
   *
   * @throws CoordinateRangeException if the input cannot be a coordinate of this system
   */
  public double[] toWgs84(double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new CoordinateRangeException("coordinate is not a finite number: " + x + ", " + y);
    }
    switch (kind) {
      case WGS84, CGCS2000_GEOGRAPHIC -> {
        checkLonLat(x, y);
        return new double[] {x, y};
      }
      case GCJ02 -> {
        checkLonLat(x, y);
        return Gcj02.toWgs84(x, y);
      }
      default -> {
        if (falseEasting != null && (Math.abs(x - falseEasting) > MAX_TM_EASTING_OFFSET || Math.abs(y) > MAX_TM_NORTHING)) {
          throw new CoordinateRangeException(String.format(Locale.ROOT,
              "%.3f, %.3f is outside the zone of %s (false easting %.0f): wrong zone or zone prefix?",
              x, y, id, falseEasting));
        }
        in.x = x;
        in.y = y;
        try {
          toWgs84.transform(in, out);
        } catch (RuntimeException e) {
          throw new CoordinateRangeException("cannot convert " + x + ", " + y + " from " + id + ": " + e.getMessage());
        }
        if (!Double.isFinite(out.x) || !Double.isFinite(out.y)) {
          throw new CoordinateRangeException("cannot convert " + x + ", " + y + " from " + id);
        }
        checkLonLat(out.x, out.y);
        return new double[] {out.x, out.y};
      }
    }
  }

  /** Converts WGS84 lon/lat into this system (for exports and round-trip tests). */
  public double[] fromWgs84(double lon, double lat) {
    checkLonLat(lon, lat);
    switch (kind) {
      case WGS84, CGCS2000_GEOGRAPHIC -> {
        return new double[] {lon, lat};
      }
      case GCJ02 -> {
        return Gcj02.fromWgs84(lon, lat);
      }
      default -> {
        in.x = lon;
        in.y = lat;
        fromWgs84.transform(in, out);
        return new double[] {out.x, out.y};
      }
    }
  }

  /**
   * Returns a copy of the geometry in WGS84 lon/lat (2D). The input is not modified.
   *
   * @throws CoordinateRangeException naming the first bad coordinate
   */
  public Geometry toWgs84(Geometry geometry) {
    Geometry copy = geometry.copy();
    if (kind == Kind.WGS84 || kind == Kind.CGCS2000_GEOGRAPHIC) {
      // nothing to convert, but still refuse impossible coordinates
      for (var c : copy.getCoordinates()) {
        toWgs84(c.x, c.y);
      }
      return copy;
    }
    return Geometries.mapXYInPlace(copy, (x, y, lonLat) -> {
      double[] converted = toWgs84(x, y);
      lonLat[0] = converted[0];
      lonLat[1] = converted[1];
    });
  }

  private static void checkLonLat(double lon, double lat) {
    if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0)) {
      throw new CoordinateRangeException(String.format(Locale.ROOT,
          "%s, %s is not a longitude/latitude (lon -180..180, lat -90..90)", lon, lat));
    }
  }

  @Override
  public String toString() {
    return id + " (" + description + ")";
  }
}
