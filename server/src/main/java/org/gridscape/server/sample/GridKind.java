package org.gridscape.server.sample;

/** Kinds of unit grid; special kinds form a grid of their own and are exempt from the size rule. */
enum GridKind {
  STANDARD("standard"),
  RESETTLEMENT("resettlement"),
  RESIDENTIAL_COMPOUND("residential_compound"),
  ENTERPRISE("enterprise");

  final String wire;

  GridKind(String wire) {
    this.wire = wire;
  }
}
