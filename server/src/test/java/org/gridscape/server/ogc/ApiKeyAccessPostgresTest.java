package org.gridscape.server.ogc;

import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** {@link ApiKeyAccessTest} on PostgreSQL (region scopes are SQL LIKE conditions there too). */
class ApiKeyAccessPostgresTest extends ApiKeyAccessTest {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.POSTGRESQL);
  }
}
