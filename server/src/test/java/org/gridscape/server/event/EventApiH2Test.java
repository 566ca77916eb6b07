package org.gridscape.server.event;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class EventApiH2Test extends EventApiContract implements PatrolApiContract, AppraisalApiContract, FieldApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }
}
