package org.gridscape.scene.tiles;

/**
 * Figures of one content build: a grid, or a region's overview (where {@code buildings} counts blocks).
 *
 * @param buildings buildings extruded (features other than the boundary)
 * @param skippedBuildings buildings left out because their footprint had no area
 * @param vertices vertices in the GLB
 * @param triangles triangles in the GLB
 * @param glbBytes size of the GLB
 */
public record GridStats(
    int buildings, int skippedBuildings, int vertices, int triangles, int glbBytes) {

  public GridStats {
    if (buildings < 0 || skippedBuildings < 0 || vertices < 0 || triangles < 0 || glbBytes < 0) {
      throw new IllegalArgumentException("negative figure in " + buildings + "/" + skippedBuildings
          + "/" + vertices + "/" + triangles + "/" + glbBytes);
    }
  }
}
