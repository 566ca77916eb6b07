package org.gridscape.server.ingest;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;

/**
 * A road centre line of a village plan, WGS84.
 *
 * @param featureIndex position in the road layer of the upload
 * @param name         road name, or null
 * @param roadClass    class (main, secondary, lane ...), or null
 * @param line         a LineString or MultiLineString
 */
public record Road(int featureIndex, String name, String roadClass, Geometry line) {

  public Road {
    if (!(line instanceof Lineal) || line.isEmpty()) {
      throw new IllegalArgumentException("a road needs a non-empty line");
    }
  }
}
