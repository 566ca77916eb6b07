package org.gridscape.server.grid;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class GridApiH2Test extends GridApiContract implements DraftReviewContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }
}
