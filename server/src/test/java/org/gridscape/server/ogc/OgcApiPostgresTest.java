package org.gridscape.server.ogc;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class OgcApiPostgresTest extends OgcApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
