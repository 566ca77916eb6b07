package org.gridscape.scene.tiles;

import java.util.Objects;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.output.SceneOutput;

/**
 * A tileset the scene builder did not write (a district's own photogrammetry, imported) hung below
 * a region's tile as one more external child.
 *
 * @param regionCode the region it is attached to
 * @param path its root tileset.json as a scene path, e.g. {@code imported/3f2a...9c.json}
 * @param region bounding region of its root tile
 * @param geometricError its root's geometric error (capped by the region's in the tree)
 */
public record AttachedTileset(String regionCode, String path, BoundingRegion region, double geometricError) {

  public AttachedTileset {
    Objects.requireNonNull(regionCode, "regionCode");
    SceneOutput.requireValidPath(path);
    Objects.requireNonNull(region, "region");
    if (!(geometricError >= 0 && Double.isFinite(geometricError))) {
      throw new IllegalArgumentException("geometric error must be finite and >= 0: " + geometricError);
    }
  }
}
