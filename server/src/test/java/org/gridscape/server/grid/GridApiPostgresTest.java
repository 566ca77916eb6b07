package org.gridscape.server.grid;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class GridApiPostgresTest extends GridApiContract implements DraftReviewContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
