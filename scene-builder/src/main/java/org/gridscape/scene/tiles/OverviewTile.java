package org.gridscape.scene.tiles;

import java.util.Objects;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.output.SceneOutput;

/**
 * What the tileset tree needs to know about a region's overview content (the village block model):
 * small enough for the server to store beside the grid tiles.
 *
 * @param regionCode the region (village) whose tile shows it
 * @param contentPath path of the GLB in the scene, e.g. {@code content/3f2a...9c.glb}
 * @param region bounding region that contains the content
 */
public record OverviewTile(String regionCode, String contentPath, BoundingRegion region) {

  public OverviewTile {
    if (regionCode == null || regionCode.isBlank()) {
      throw new IllegalArgumentException("an overview needs its region's code");
    }
    SceneOutput.requireValidPath(contentPath);
    Objects.requireNonNull(region, "region");
  }
}
