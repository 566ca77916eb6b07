package org.gridscape.scene.geo;

/**
 * A 3D Tiles bounding region: longitudes and latitudes in radians (EPSG:4979), heights in metres
 * above the WGS84 ellipsoid. Regions crossing the antimeridian are not supported (west &lt;= east).
 */
public record BoundingRegion(
    double west, double south, double east, double north, double minHeight, double maxHeight) {

  public BoundingRegion {
    if (!(west >= -Math.PI && east <= Math.PI && west <= east)) {
      throw new IllegalArgumentException("invalid west/east: " + west + ", " + east);
    }
    if (!(south >= -Math.PI / 2 && north <= Math.PI / 2 && south <= north)) {
      throw new IllegalArgumentException("invalid south/north: " + south + ", " + north);
    }
    if (!(Double.isFinite(minHeight) && Double.isFinite(maxHeight) && minHeight <= maxHeight)) {
      throw new IllegalArgumentException("invalid heights: " + minHeight + ", " + maxHeight);
    }
  }

  /** Region from degrees, as footprints are given. */
  public static BoundingRegion ofDegrees(
      double westDeg, double southDeg, double eastDeg, double northDeg, double minHeight,
      double maxHeight) {
    return new BoundingRegion(
        Math.toRadians(westDeg), Math.toRadians(southDeg), Math.toRadians(eastDeg),
        Math.toRadians(northDeg), minHeight, maxHeight);
  }

  public BoundingRegion union(BoundingRegion other) {
    return new BoundingRegion(
        Math.min(west, other.west), Math.min(south, other.south),
        Math.max(east, other.east), Math.max(north, other.north),
        Math.min(minHeight, other.minHeight), Math.max(maxHeight, other.maxHeight));
  }

  public boolean contains(BoundingRegion other) {
    return other.west >= west && other.east <= east && other.south >= south
        && other.north <= north && other.minHeight >= minHeight && other.maxHeight <= maxHeight;
  }

  public boolean contains(double lonRad, double latRad, double height) {
    return lonRad >= west && lonRad <= east && latRad >= south && latRad <= north
        && height >= minHeight && height <= maxHeight;
  }

  /** Approximate diagonal length in metres (spherical), used to size geometric errors. */
  public double diagonalMeters() {
    double midLat = (south + north) / 2;
    double width = (east - west) * Math.cos(midLat) * Wgs84.SEMI_MAJOR_AXIS;
    double depth = (north - south) * Wgs84.SEMI_MAJOR_AXIS;
    double height = maxHeight - minHeight;
    return Math.sqrt(width * width + depth * depth + height * height);
  }

  /** As the six numbers of a 3D Tiles {@code boundingVolume.region}. */
  public double[] toArray() {
    return new double[] {west, south, east, north, minHeight, maxHeight};
  }
}
