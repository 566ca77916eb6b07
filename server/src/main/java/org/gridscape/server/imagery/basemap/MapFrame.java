package org.gridscape.server.imagery.basemap;

import java.awt.geom.Path2D;
import org.gridscape.server.vectortile.TileCoord;
import org.gridscape.server.vectortile.WebMercator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * A rectangle of Web Mercator (EPSG:3857) mapped onto a drawing surface: {@code width} by
 * {@code height} units (pixels of a tile, points of a printed page), y down, north up.
 *
 * @param minX           Mercator x of the left edge
 * @param maxY           Mercator y of the top edge
 * @param scale          units per Mercator metre
 * @param width          width in units
 * @param height         height in units
 * @param metresPerUnit  ground metres per unit at the frame's middle latitude
 */
public record MapFrame(double minX, double maxY, double scale, double width, double height, double metresPerUnit) {

  /** Web Mercator metres per pixel at zoom 0 on the equator (256 px tiles). */
  private static final double METRES_PER_PIXEL_Z0 = 2 * Math.PI * 6378137.0 / 256;

  public MapFrame {
    if (!(scale > 0) || !(width > 0) || !(height > 0) || !(metresPerUnit > 0)) {
      throw new IllegalArgumentException("a map frame needs a positive scale and size");
    }
  }

  /** The frame of one Web Mercator tile of {@code size} pixels. */
  public static MapFrame ofTile(TileCoord tile, int size) {
    Envelope env = tile.mercatorEnvelope();
    double midLat = WebMercator.lat((env.getMinY() + env.getMaxY()) / 2);
    return new MapFrame(env.getMinX(), env.getMaxY(), size / env.getWidth(), size, size,
        env.getWidth() / size * Math.cos(Math.toRadians(midLat)));
  }

  /**
   * The frame of {@code width} by {@code height} units that shows {@code lonLat} whole and centred,
   * with {@code margin} (a fraction of the frame) free on every side.
   */
  public static MapFrame fit(Envelope lonLat, double width, double height, double margin) {
    double x0 = WebMercator.x(lonLat.getMinX());
    double x1 = WebMercator.x(lonLat.getMaxX());
    double y0 = WebMercator.y(lonLat.getMinY());
    double y1 = WebMercator.y(lonLat.getMaxY());
    double usableW = width * (1 - 2 * margin);
    double usableH = height * (1 - 2 * margin);
    double scale = Math.min(usableW / Math.max(x1 - x0, 1), usableH / Math.max(y1 - y0, 1));
    double cx = (x0 + x1) / 2;
    double cy = (y0 + y1) / 2;
    double midLat = (lonLat.getMinY() + lonLat.getMaxY()) / 2;
    return new MapFrame(cx - width / 2 / scale, cy + height / 2 / scale, scale, width, height,
        Math.cos(Math.toRadians(midLat)) / scale);
  }

  /** The area the frame shows, in lon/lat. */
  public Envelope lonLatEnvelope() {
    return new Envelope(WebMercator.lon(minX), WebMercator.lon(minX + width / scale),
        WebMercator.lat(maxY - height / scale), WebMercator.lat(maxY));
  }

  /**
   * The zoom level of 256 px tiles whose pixels are as large on the ground as this frame's units:
   * the base map decides by it what to draw (buildings from zoom 14 ...).
   */
  public int equivalentZoom() {
    double midLat = WebMercator.lat(maxY - height / scale / 2);
    double z = Math.log(METRES_PER_PIXEL_Z0 * Math.cos(Math.toRadians(midLat)) / metresPerUnit) / Math.log(2);
    return (int) Math.max(0, Math.min(22, Math.floor(z + 1e-9)));
  }

  public double x(double lon) {
    return (WebMercator.x(lon) - minX) * scale;
  }

  public double y(double lat) {
    return (maxY - WebMercator.y(lat)) * scale;
  }

  /** A polygon with its holes (even-odd), in frame units. */
  public Path2D polygon(Polygon polygon) {
    Path2D path = path(polygon.getExteriorRing().getCoordinates(), true);
    path.setWindingRule(Path2D.WIND_EVEN_ODD);
    for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
      path.append(path(polygon.getInteriorRingN(h).getCoordinates(), true), false);
    }
    return path;
  }

  /** A line or ring of lon/lat coordinates, in frame units. */
  public Path2D path(Coordinate[] coordinates, boolean closed) {
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < coordinates.length; i++) {
      double x = (WebMercator.x(coordinates[i].x) - minX) * scale;
      double y = (maxY - WebMercator.y(coordinates[i].y)) * scale;
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    if (closed) {
      path.closePath();
    }
    return path;
  }
}
