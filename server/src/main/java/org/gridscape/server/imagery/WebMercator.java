package org.gridscape.server.imagery;

/** Web Mercator (EPSG:3857) tile arithmetic for 256-pixel XYZ tiles. */
final class WebMercator {

  static final int TILE_SIZE = 256;
  static final int MAX_ZOOM = 24;
  static final double MAX_LATITUDE = 85.0511287798066;
  private static final double EARTH_RADIUS = 6378137.0;

  private WebMercator() {}

  /** Ground metres per pixel at a latitude and zoom. */
  static double groundResolution(double latitude, int zoom) {
    return 2 * Math.PI * EARTH_RADIUS * Math.cos(Math.toRadians(latitude)) / (TILE_SIZE * Math.pow(2, zoom));
  }

  /**
   * The zoom whose pixel size is nearest, in ratio, to {@code metresPerPixel} at the latitude:
   * {@code round(log2(groundResolution(lat, 0) / metresPerPixel))}, within 0 to {@link #MAX_ZOOM}.
   */
  static int zoomForResolution(double metresPerPixel, double latitude) {
    double z = Math.log(groundResolution(latitude, 0) / metresPerPixel) / Math.log(2);
    return (int) Math.max(0, Math.min(MAX_ZOOM, Math.round(z)));
  }

  /** The deepest zoom at which the extent still fits about one tile, within 0 to {@code maxZoom}. */
  static int zoomForExtent(double west, double south, double east, double north, int maxZoom) {
    double spanX = (east - west) / 360.0;
    double spanY = Math.abs(worldY(south) - worldY(north));
    double span = Math.max(Math.max(spanX, spanY), 1e-12);
    int z = (int) Math.floor(Math.log(1 / span) / Math.log(2));
    return Math.max(0, Math.min(maxZoom, z));
  }

  /** Longitude to the x position in the world, 0 (180W) to 1 (180E). */
  static double worldX(double longitude) {
    return (longitude + 180.0) / 360.0;
  }

  /** Latitude to the y position in the world, 0 (north edge) to 1 (south edge). */
  static double worldY(double latitude) {
    double lat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude));
    double sin = Math.sin(Math.toRadians(lat));
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }

  static double longitude(double worldX) {
    return worldX * 360.0 - 180.0;
  }

  static double latitude(double worldY) {
    return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * worldY))));
  }

  /** The tile column holding a longitude at a zoom. */
  static int tileX(double longitude, int zoom) {
    int n = 1 << zoom;
    return (int) Math.max(0, Math.min(n - 1, Math.floor(worldX(longitude) * n)));
  }

  /** The tile row holding a latitude at a zoom. */
  static int tileY(double latitude, int zoom) {
    int n = 1 << zoom;
    return (int) Math.max(0, Math.min(n - 1, Math.floor(worldY(latitude) * n)));
  }
}
