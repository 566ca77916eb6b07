package org.gridscape.server.scene;

import org.gridscape.server.testing.TestDatabases;

/** The scene contract on the embedded H2 database. */
class SceneApiH2Test extends SceneApiContract {
  @Override
  protected TestDatabases.Kind kind() {
    return TestDatabases.Kind.H2;
  }
}
