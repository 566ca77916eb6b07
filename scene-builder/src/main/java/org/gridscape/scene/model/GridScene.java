package org.gridscape.scene.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Polygon;

/**
 * Everything one unit grid's scene is made of.
 *
 * @param code the 15-digit grid code (village code + 3-digit sequence)
 * @param name display name (not personal data)
 * @param kind grid kind
 * @param boundary grid polygon in WGS84 lon/lat; drawn as a translucent wall
 * @param buildings buildings to extrude; ids unique; order does not matter (the builder sorts)
 */
public record GridScene(
    String code, String name, GridKind kind, Polygon boundary, List<Building> buildings) {

  private static final Pattern GRID_CODE = Pattern.compile("\\d{15}");

  /** True for a well-formed grid code: 15 digits. */
  public static boolean isGridCode(String code) {
    return code != null && GRID_CODE.matcher(code).matches();
  }

  public GridScene {
    if (!isGridCode(code)) {
      throw new IllegalArgumentException("grid code must be 15 digits: " + code);
    }
    name = name == null ? "" : name;
    Objects.requireNonNull(kind, () -> "kind of grid " + code);
    Objects.requireNonNull(boundary, () -> "boundary of grid " + code);
    if (boundary.isEmpty()) {
      throw new IllegalArgumentException("boundary of grid " + code + " is empty");
    }
    LonLat.requireInRange(boundary, "boundary of grid " + code);
    buildings = List.copyOf(Objects.requireNonNull(buildings, () -> "buildings of grid " + code));
    Set<String> ids = new HashSet<>();
    for (Building building : buildings) {
      if (!ids.add(building.id())) {
        throw new IllegalArgumentException(
            "duplicate building id " + building.id() + " in grid " + code);
      }
    }
  }
}
