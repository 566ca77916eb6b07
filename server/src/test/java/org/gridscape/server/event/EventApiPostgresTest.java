package org.gridscape.server.event;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class EventApiPostgresTest extends EventApiContract implements PatrolApiContract, AppraisalApiContract, FieldApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
