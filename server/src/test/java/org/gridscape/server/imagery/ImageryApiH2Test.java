package org.gridscape.server.imagery;

import java.io.IOException;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class ImageryApiH2Test extends ImageryApiContract {

  @BeforeAll
  static void start() throws IOException {
    startOn(TestDatabases.Kind.H2);
  }
}
