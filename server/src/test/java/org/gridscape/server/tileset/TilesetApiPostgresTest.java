package org.gridscape.server.tileset;

import java.io.IOException;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class TilesetApiPostgresTest extends TilesetApiContract {

  @BeforeAll
  static void start() throws IOException {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
