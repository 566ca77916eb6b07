package org.gridscape.server.vectortile;

import org.gridscape.server.http.ApiException;
import org.gridscape.server.ogc.Layer;
import org.locationtech.jts.geom.Envelope;

/** A tile of the Web Mercator (EPSG:3857) XYZ scheme: y counts down from the north. */
public record TileCoord(int z, int x, int y) {

  public TileCoord {
    if (z < 0 || z > Layer.MAX_ZOOM) {
      throw ApiException.badRequest("z must be between 0 and " + Layer.MAX_ZOOM + ", got " + z);
    }
    int n = 1 << z;
    if (x < 0 || x >= n || y < 0 || y >= n) {
      throw ApiException.badRequest("x and y must be between 0 and " + (n - 1) + " at zoom " + z
          + ", got " + x + "/" + y);
    }
  }

  /** Parses path segments; anything but small non-negative integers is a 400. */
  public static TileCoord parse(String z, String x, String y) {
    return new TileCoord(integer("z", z), integer("x", x), integer("y", y));
  }

  /**
   * Parses the path segments of an OGC API - Tiles request in WebMercatorQuad, whose tile matrix
   * is the zoom, row the y and column the x of the XYZ scheme; a 400 names the OGC parameter.
   */
  public static TileCoord ofTileMatrix(String tileMatrix, String tileRow, String tileCol) {
    int z = integer("tileMatrix", tileMatrix);
    if (z > Layer.MAX_ZOOM) {
      throw ApiException.badRequest("tileMatrix must be from 0 to " + Layer.MAX_ZOOM
          + " (the tile matrix set limits of every tileset here), got " + z);
    }
    int row = integer("tileRow", tileRow);
    int col = integer("tileCol", tileCol);
    int n = 1 << z;
    if (row >= n || col >= n) {
      throw ApiException.badRequest("tileRow and tileCol must be from 0 to " + (n - 1) + " in tile matrix " + z
          + ", got row " + row + ", col " + col);
    }
    return new TileCoord(z, col, row);
  }

  /** The tile's square in Web Mercator metres. */
  public Envelope mercatorEnvelope() {
    double size = WebMercator.WORLD / (1 << z);
    double minx = -WebMercator.HALF + x * size;
    double maxy = WebMercator.HALF - y * size;
    return new Envelope(minx, minx + size, maxy - size, maxy);
  }

  /** The tile in lon/lat, grown by {@code margin} tile widths on each side (clamped to the world). */
  public Envelope lonLatEnvelope(double margin) {
    Envelope m = mercatorEnvelope();
    double grow = m.getWidth() * margin;
    return new Envelope(
        WebMercator.lon(Math.max(-WebMercator.HALF, m.getMinX() - grow)),
        WebMercator.lon(Math.min(WebMercator.HALF, m.getMaxX() + grow)),
        WebMercator.lat(Math.max(-WebMercator.HALF, m.getMinY() - grow)),
        WebMercator.lat(Math.min(WebMercator.HALF, m.getMaxY() + grow)));
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }

  private static int integer(String name, String text) {
    if (text == null || !text.matches("\\d{1,8}")) {
      throw ApiException.badRequest(name + " must be a non-negative integer, got '" + text + "'");
    }
    return Integer.parseInt(text);
  }
}
