package org.gridscape.server.ogc;

import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class OgcApiH2Test extends OgcApiContract {

  @BeforeAll
  static void start() {
    startOn(TestDatabases.Kind.H2);
  }

  /** The CQL2 filter suite on this server and its data. */
  @Nested
  @Order(1)
  class Cql2 extends Cql2Contract {}

  /** OGC API - Tiles on this server and its data. */
  @Nested
  @Order(2)
  class Tiles extends OgcTilesContract {}

  /** The printed maps (一村一图, the district sheet) of this server's district; before Part 4 changes it. */
  @Nested
  @Order(3)
  class PrintedMaps extends org.gridscape.server.print.PrintMapContract {
    @Override
    protected TestServer server() {
      return server;
    }

    @Override
    protected String adminToken() {
      return token;
    }
  }

  /** Part 4 writes on this server and its data; last, as they change the district. */
  @Nested
  @Order(4)
  class Part4 extends Part4Contract {}
}
