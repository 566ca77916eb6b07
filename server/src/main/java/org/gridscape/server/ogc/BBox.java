package org.gridscape.server.ogc;

import org.gridscape.server.http.ApiException;
import org.locationtech.jts.geom.Envelope;

/**
 * A CRS84 bounding box {@code minx,miny,maxx,maxy}. {@code minx > maxx} is a box that crosses the
 * antimeridian (OGC API - Features 1.0, 7.15.3): it covers minx..180 and -180..maxx.
 */
public record BBox(double minx, double miny, double maxx, double maxy) {

  public BBox {
    if (!(minx >= -180 && minx <= 180 && maxx >= -180 && maxx <= 180)) {
      throw ApiException.badRequest("bbox longitudes must lie within -180..180");
    }
    if (!(miny >= -90 && miny <= 90 && maxy >= -90 && maxy <= 90)) {
      throw ApiException.badRequest("bbox latitudes must lie within -90..90");
    }
    if (miny > maxy) {
      throw ApiException.badRequest("bbox: the lower latitude must not exceed the upper one");
    }
  }

  /**
   * Parses the {@code bbox} parameter: 4 numbers, or 6 with heights (which are ignored since the
   * layers are 2D). Anything else is a 400.
   */
  public static BBox parse(String text) {
    return parse(text, Crs.CRS84);
  }

  /**
   * Parses the {@code bbox} parameter given in {@code crs} (the {@code bbox-crs} parameter); in a
   * latitude-first CRS the numbers are minlat,minlon,maxlat,maxlon (or minlon,minlat,maxlon,maxlat
   * when the first and third cannot be latitudes).
   */
  public static BBox parse(String text, Crs crs) {
    String[] parts = text.split(",", -1);
    if (parts.length != 4 && parts.length != 6) {
      throw ApiException.badRequest("bbox must be 4 (or 6) comma-separated numbers, got '" + text + "'");
    }
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("bbox must be 4 (or 6) comma-separated numbers, got '" + text + "'");
      }
      if (!Double.isFinite(v[i])) {
        throw ApiException.badRequest("bbox values must be finite numbers");
      }
    }
    double[] lower = {v[0], v[1]};
    double[] upper = parts.length == 4 ? new double[] {v[2], v[3]} : new double[] {v[3], v[4]};
    // Clients built on PROJ conventions send longitude first even for a latitude-first CRS; when the
    // first numbers cannot be latitudes, they are read that way instead of rejecting the box.
    boolean latitudeFirst = crs.latLon() && Math.abs(lower[0]) <= 90 && Math.abs(upper[0]) <= 90;
    return latitudeFirst ? new BBox(lower[1], lower[0], upper[1], upper[0])
        : new BBox(lower[0], lower[1], upper[0], upper[1]);
  }

  /** Whether the box crosses the antimeridian. */
  public boolean crossesAntimeridian() {
    return minx > maxx;
  }

  /** The box as one or two envelopes that do not cross the antimeridian. */
  public Envelope[] envelopes() {
    if (!crossesAntimeridian()) {
      return new Envelope[] {new Envelope(minx, maxx, miny, maxy)};
    }
    return new Envelope[] {new Envelope(minx, 180, miny, maxy), new Envelope(-180, maxx, miny, maxy)};
  }

  /** Whether an envelope (not crossing the antimeridian) meets the box. */
  public boolean intersects(Envelope e) {
    for (Envelope part : envelopes()) {
      if (part.intersects(e)) {
        return true;
      }
    }
    return false;
  }
}
