package org.gridscape.scene.model;

/** Kinds of unit grid (DESIGN.md, data model). */
public enum GridKind {
  STANDARD, RESETTLEMENT, RESIDENTIAL_COMPOUND, ENTERPRISE
}
