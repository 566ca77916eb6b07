package org.gridscape.server.change;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class ChangeFeedPostgresTest extends ChangeFeedContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
