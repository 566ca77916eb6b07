package org.gridscape.scene.tiles;

import java.util.Objects;

/**
 * A built overview: the GLB to store under {@code tile().contentPath()}, what the tree needs, figures.
 * The array is not copied; callers must not modify it.
 */
public record BuiltOverview(OverviewTile tile, byte[] glb, GridStats stats) {

  public BuiltOverview {
    Objects.requireNonNull(tile, "tile");
    Objects.requireNonNull(glb, "glb");
    Objects.requireNonNull(stats, "stats");
  }
}
