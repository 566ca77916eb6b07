package org.gridscape.server.tileset;

import java.io.IOException;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class TilesetApiH2Test extends TilesetApiContract {

  @BeforeAll
  static void start() throws IOException {
    startOn(TestDatabases.Kind.H2);
  }
}
