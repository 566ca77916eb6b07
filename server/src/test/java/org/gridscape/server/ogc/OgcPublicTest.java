package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** {@code --ogc-public true} opens /ogc (and only /ogc) to anonymous readers; it is off by default. */
class OgcPublicTest {

  @Test
  void theOptionIsOffByDefaultAndParsedStrictly() {
    assertThat(ServerConfig.from(Arguments.parse(new String[] {"serve"}, Map.of())).ogcPublic()).isFalse();
    assertThat(ServerConfig.from(Arguments.parse(new String[] {"serve", "--ogc-public", "true"}, Map.of())).ogcPublic())
        .isTrue();
    assertThat(ServerConfig.from(Arguments.parse(new String[] {"serve"}, Map.of("GRIDSCAPE_OGC_PUBLIC", "true")))
        .ogcPublic()).isTrue();
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"serve", "--ogc-public", "maybe"},
        Map.of()))).isInstanceOf(ConfigException.class).hasMessageContaining("ogc-public");
  }

  @Test
  void publicOgcLeavesEverythingElseClosed() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2, config -> config.withOgcPublic(true))) {
      LayerData.seed(server.server().context().db());
      assertThat(server.get("/ogc", null).statusCode()).isEqualTo(200);
      assertThat(server.get("/ogc/collections/grids/items", null).statusCode()).isEqualTo(200);
      assertThat(server.get("/tiles/grids.json", null).statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/events", null).statusCode()).isEqualTo(401);
    }
  }
}
