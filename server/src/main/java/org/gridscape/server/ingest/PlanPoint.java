package org.gridscape.server.ingest;

import org.locationtech.jts.geom.Point;

/**
 * A point of a village plan such as the neighbourhood centre or the Party service centre.
 *
 * @param featureIndex position in its layer of the upload
 * @param kind         what it is (e.g. {@code neighbourhood_centre}), or null
 * @param name         its name, or null
 * @param point        WGS84 location
 */
public record PlanPoint(int featureIndex, String kind, String name, Point point) {

  public PlanPoint {
    if (point == null || point.isEmpty()) {
      throw new IllegalArgumentException("point is required");
    }
  }
}
