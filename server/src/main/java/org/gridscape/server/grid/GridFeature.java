package org.gridscape.server.grid;

import org.gridscape.scene.model.GridKind;
import org.locationtech.jts.geom.Geometry;

/**
 * A unit grid as drawn: what imports produce and what validation checks.
 *
 * @param index    position in its set (names the grid in messages when the code is missing or bad)
 * @param code     15-digit code, or null if not yet assigned; may be malformed when it comes from
 *                 outside (validation reports that)
 * @param name     display name, or null
 * @param kind     standard or one of the special kinds
 * @param geometry the boundary in WGS84; a Polygon after import, anything when validating stored data
 */
public record GridFeature(int index, String code, String name, GridKind kind, Geometry geometry) {

  public GridFeature {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
    if (kind == null) {
      kind = GridKind.STANDARD;
    }
    if (geometry == null) {
      throw new IllegalArgumentException("geometry is required");
    }
    if (code != null && code.isBlank()) {
      code = null;
    }
  }

  /** The code, or {@code #index} for messages about grids without one. */
  public String label() {
    return code != null ? code : "#" + index;
  }

  public GridFeature withCode(String value) {
    return new GridFeature(index, value, name, kind, geometry);
  }
}
