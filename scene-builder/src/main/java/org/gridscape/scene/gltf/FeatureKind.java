package org.gridscape.scene.gltf;

/** What a feature (a row of the property table) stands for. */
public enum FeatureKind {
  BUILDING, GRID_BOUNDARY
}
