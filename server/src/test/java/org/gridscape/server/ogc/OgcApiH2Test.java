package org.gridscape.server.ogc;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

class OgcApiH2Test extends OgcApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }

  /** The CQL2 filter suite on this server and its data. */
  @Nested
  class Cql2 extends Cql2Contract {}

  /** OGC API - Tiles on this server and its data. */
  @Nested
  class Tiles extends OgcTilesContract {}
}
