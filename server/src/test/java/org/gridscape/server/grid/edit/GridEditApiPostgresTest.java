package org.gridscape.server.grid.edit;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class GridEditApiPostgresTest extends GridEditApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
