package org.gridscape.scene.gltf;

/** What a feature (a row of the property table) stands for. */
public enum FeatureKind {
  BUILDING, GRID_BOUNDARY,
  /** A grid's buildings merged into blocks, in a village overview; its counts are the grid's totals. */
  GRID_BLOCKS
}
