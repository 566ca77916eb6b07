package org.gridscape.server.scene;

import java.util.List;

/**
 * What one scene build published.
 *
 * @param tree number of the tree now served, or 0 when nothing had to change
 * @param tilesetVersion asset.tilesetVersion of the files written
 * @param incremental true when only the rebuilt grids' tilesets and those above them were written
 * @param gridsBuilt grids extruded
 * @param buildings buildings extruded
 * @param glbBytes bytes of the grids' GLBs built
 * @param overviewsBuilt village overviews built
 * @param overviewBytes bytes of the overview GLBs built
 * @param tilesetsWritten tileset.json files written (the rest of the tree is shared with the previous one)
 * @param failedGrids grids that could not be built and were left out of the scene
 * @param millis wall time of the build
 */
public record PublishResult(long tree, String tilesetVersion, boolean incremental, int gridsBuilt, int buildings,
    long glbBytes, int overviewsBuilt, long overviewBytes, int tilesetsWritten, List<String> failedGrids,
    long millis) {

  public PublishResult {
    if (gridsBuilt < 0 || buildings < 0 || glbBytes < 0 || overviewsBuilt < 0 || overviewBytes < 0
        || tilesetsWritten < 0 || millis < 0) {
      throw new IllegalArgumentException("negative figure in a publish result");
    }
    failedGrids = List.copyOf(failedGrids);
  }

  /** True when the build found nothing to publish and the served tree stayed as it was. */
  public boolean unchanged() {
    return tree == 0;
  }
}
