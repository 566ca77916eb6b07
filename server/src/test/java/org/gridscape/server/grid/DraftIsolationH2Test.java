package org.gridscape.server.grid;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class DraftIsolationH2Test extends DraftIsolationContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }
}
