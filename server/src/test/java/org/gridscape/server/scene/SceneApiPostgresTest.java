package org.gridscape.server.scene;

import org.gridscape.server.testing.TestDatabases;

/** The scene contract on PostgreSQL (a fresh schema; skipped locally without a server, required on CI). */
class SceneApiPostgresTest extends SceneApiContract {
  @Override
  protected TestDatabases.Kind kind() {
    return TestDatabases.Kind.POSTGRESQL;
  }
}
