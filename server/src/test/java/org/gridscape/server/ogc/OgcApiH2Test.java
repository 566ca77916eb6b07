package org.gridscape.server.ogc;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class OgcApiH2Test extends OgcApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }
}
