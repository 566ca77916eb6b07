package org.gridscape.scene.tiles;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What hangs in a tileset tree besides its regions: the built grids, the regions' overviews (village
 * block models) and the tilesets attached to regions.
 *
 * @param grids built grid tiles by grid code
 * @param overviews overview tiles by region code
 * @param attached attached tilesets by region code
 */
public record TreeContent(
    Map<String, GridTile> grids, Map<String, OverviewTile> overviews, Map<String, List<AttachedTileset>> attached) {

  public TreeContent {
    grids = Map.copyOf(Objects.requireNonNull(grids, "grids"));
    overviews = Map.copyOf(Objects.requireNonNull(overviews, "overviews"));
    attached = Map.copyOf(Objects.requireNonNull(attached, "attached"));
  }

  /** Grids only: no overviews, nothing attached. */
  public static TreeContent ofGrids(Map<String, GridTile> grids) {
    return new TreeContent(grids, Map.of(), Map.of());
  }
}
