package org.gridscape.scene.tiles;

import java.util.Objects;

/**
 * A built grid: the GLB to store under {@code tile().contentPath()}, what the tree needs, figures.
 * The array is not copied (it can be large); callers must not modify it.
 */
public record BuiltGrid(GridTile tile, byte[] glb, GridStats stats) {

  public BuiltGrid {
    Objects.requireNonNull(tile, "tile");
    Objects.requireNonNull(glb, "glb");
    Objects.requireNonNull(stats, "stats");
  }

  /** The grid's own tileset.json, stamped with {@code tilesetVersion}. */
  public byte[] tilesetJson(String tilesetVersion) {
    return TilesetJson.gridTileset(tile, tilesetVersion);
  }
}
