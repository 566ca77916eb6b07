package org.gridscape.server.imagery;

/**
 * Where and how deep an image is tiled: its WGS84 bounds (the image's edges reprojected), its own
 * resolution in ground metres per pixel at its centre, and the zoom range.
 */
record TilePlan(double west, double south, double east, double north, double metresPerPixel, int minZoom,
    int maxZoom) {

  TilePlan {
    if (!(west < east) || !(south < north) || south < -90 || north > 90 || west < -180 || east > 180) {
      throw new ImageryException(ImageryException.Kind.NOT_GEOREFERENCED, String.format(java.util.Locale.ROOT,
          "the image's bounds %.6f,%.6f,%.6f,%.6f are not a place on Earth: wrong CRS or georeferencing?",
          west, south, east, north));
    }
    if (!(metresPerPixel > 0) || minZoom < 0 || maxZoom < minZoom || maxZoom > WebMercator.MAX_ZOOM) {
      throw new IllegalArgumentException("bad resolution or zoom range: " + metresPerPixel + " " + minZoom + "-" + maxZoom);
    }
  }

  /** Tiles in the bounds' tile rectangle at a zoom. */
  long tilesAt(int zoom) {
    long columns = WebMercator.tileX(east, zoom) - WebMercator.tileX(west, zoom) + 1L;
    long rows = WebMercator.tileY(south, zoom) - WebMercator.tileY(north, zoom) + 1L;
    return columns * rows;
  }

  long tilesTotal() {
    long total = 0;
    for (int z = minZoom; z <= maxZoom; z++) {
      total += tilesAt(z);
    }
    return total;
  }
}
