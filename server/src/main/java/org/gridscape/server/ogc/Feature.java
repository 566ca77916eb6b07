package org.gridscape.server.ogc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/** One feature of a layer: its id, WGS84 lon/lat geometry and published properties (values may be null). */
public record Feature(String id, Geometry geometry, Map<String, Object> properties) {

  public Feature {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(geometry, "geometry");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
