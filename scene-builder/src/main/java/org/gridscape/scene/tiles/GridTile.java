package org.gridscape.scene.tiles;

import java.util.Objects;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.output.SceneOutput;

/**
 * What the tileset tree needs to know about a built grid: small enough for the server to store, so
 * the tilesets above a grid can be rewritten without extruding it again.
 *
 * @param gridCode the 15-digit grid code
 * @param contentPath path of the GLB in the scene, e.g. {@code content/3f2a...9c.glb}
 * @param region bounding region that contains the content
 * @param originLonDeg longitude of the ENU frame origin (degrees)
 * @param originLatDeg latitude of the ENU frame origin (degrees); the origin is on the ellipsoid
 */
public record GridTile(
    String gridCode, String contentPath, BoundingRegion region, double originLonDeg,
    double originLatDeg) {

  public GridTile {
    if (!GridScene.isGridCode(gridCode)) {
      throw new IllegalArgumentException("grid code must be 15 digits: " + gridCode);
    }
    SceneOutput.requireValidPath(contentPath);
    Objects.requireNonNull(region, "region");
    // validates the origin
    EnuFrame.atDegrees(originLonDeg, originLatDeg, 0);
  }

  /** The content's local frame; its ENU to ECEF matrix is the tile transform. */
  public EnuFrame frame() {
    return EnuFrame.atDegrees(originLonDeg, originLatDeg, 0);
  }
}
