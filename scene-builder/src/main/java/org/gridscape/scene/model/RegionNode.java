package org.gridscape.scene.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node of the region tree that the tileset tree mirrors: district, township, work area or village.
 * Grids are leaves referenced by code; their built tiles are supplied separately so the tree can be
 * rewritten without rebuilding them.
 *
 * @param code region code (12-digit statistical code for villages and townships; any digits/letters)
 * @param name display name
 * @param level level in the hierarchy
 * @param children regions directly below; each must be on a lower level
 * @param gridCodes unit grids directly below this region (normally only on villages)
 */
public record RegionNode(
    String code, String name, RegionLevel level, List<RegionNode> children, List<String> gridCodes) {

  private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,32}");

  public RegionNode {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "region code must be 1-32 letters, digits, '_' or '-' (it becomes a path): " + code);
    }
    name = name == null ? "" : name;
    Objects.requireNonNull(level, () -> "level of region " + code);
    children = List.copyOf(Objects.requireNonNull(children, () -> "children of region " + code));
    gridCodes = List.copyOf(Objects.requireNonNull(gridCodes, () -> "gridCodes of region " + code));
    Set<String> seen = new HashSet<>();
    for (RegionNode child : children) {
      if (!level.isAbove(child.level())) {
        throw new IllegalArgumentException(
            "region " + child.code() + " (" + child.level() + ") cannot sit below "
                + code + " (" + level + ")");
      }
      if (!seen.add(child.code())) {
        throw new IllegalArgumentException("duplicate child region " + child.code() + " in " + code);
      }
    }
    Set<String> grids = new HashSet<>();
    for (String grid : gridCodes) {
      if (!GridScene.isGridCode(grid)) {
        throw new IllegalArgumentException("grid code must be 15 digits: " + grid + " in " + code);
      }
      if (!grids.add(grid)) {
        throw new IllegalArgumentException("duplicate grid " + grid + " in " + code);
      }
    }
  }

  /** A leaf region holding grids only, e.g. a village. */
  public static RegionNode withGrids(String code, String name, RegionLevel level, List<String> grids) {
    return new RegionNode(code, name, level, List.of(), grids);
  }

  /** A region holding other regions only. */
  public static RegionNode withChildren(
      String code, String name, RegionLevel level, List<RegionNode> children) {
    return new RegionNode(code, name, level, children, List.of());
  }
}
