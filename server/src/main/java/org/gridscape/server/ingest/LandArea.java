package org.gridscape.server.ingest;

import org.locationtech.jts.geom.Geometry;

/**
 * An area of a village plan that is not a building: water (rivers, ponds) or a land-use parcel
 * (farmland, forest ...), drawn on the base map.
 *
 * @param featureIndex index of the feature in its layer
 * @param layer        {@link #WATER} or {@link #LAND_USE}
 * @param kind         what it is within its layer, e.g. {@code pond}, {@code river}, {@code farmland}
 * @param name         its name, or null
 * @param area         a valid Polygon or MultiPolygon in WGS84
 */
public record LandArea(int featureIndex, String layer, String kind, String name, Geometry area) {

  public static final String WATER = "water";
  public static final String LAND_USE = "landuse";
}
