package org.gridscape.server.imagery.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Online base maps are configuration only: none by default, and a configured one is served and allowed by the CSP. */
class OnlineBasemapTest {

  private static final String TIANDITU = "https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=district-key";

  @Test
  void noneByDefaultAndEntriesAreChecked() {
    assertThat(ServerConfig.from(Arguments.parse(new String[] {"serve"}, Map.of())).onlineBasemaps()).isEmpty();
    ServerConfig two = ServerConfig.from(Arguments.parse(new String[] {"serve"}, Map.of("GRIDSCAPE_ONLINE_BASEMAP",
        "天地图矢量|" + TIANDITU + "; OSM|https://tile.example.org/{z}/{x}/{y}.png")));
    assertThat(two.onlineBasemaps()).extracting(ServerConfig.OnlineBasemap::name).containsExactly("天地图矢量", "OSM");
    assertThat(two.onlineBasemaps().get(0).origin()).isEqualTo("https://t0.tianditu.gov.cn");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"serve", "--online-basemap",
        "x|ftp://host/{z}/{x}/{y}"}, Map.of()))).isInstanceOf(ConfigException.class).hasMessageContaining("{z}, {x}");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"serve", "--online-basemap",
        "https://host/{z}/{x}/{y}.png"}, Map.of()))).isInstanceOf(ConfigException.class).hasMessageContaining("NAME|");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"serve", "--online-basemap",
        "no tiles|https://host/tile.png"}, Map.of()))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no tiles");
  }

  @Test
  void aConfiguredServiceHasATileJsonAndItsOriginInTheContentSecurityPolicy() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2, c -> c.withOnlineBasemaps(
        java.util.List.of(new ServerConfig.OnlineBasemap("天地图矢量", TIANDITU))))) {
      String token = server.adminToken();
      HttpResponse<String> doc = server.get("/imagery/online/1.json", token);
      assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
      JsonObject json = new JsonObject(doc.body());
      assertThat(json.getString("tilejson")).isEqualTo("3.0.0");
      assertThat(json.getJsonArray("tiles").getString(0)).isEqualTo(TIANDITU);
      assertThat(server.get("/imagery/online/2.json", token).statusCode()).isEqualTo(404);
      String csp = doc.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("img-src 'self' data: blob: https://t0.tianditu.gov.cn;");
    }
    try (TestServer plain = TestServer.start(TestDatabases.Kind.H2)) {
      String csp = plain.get("/imagery/base.json", plain.adminToken()).headers().firstValue("Content-Security-Policy")
          .orElseThrow();
      assertThat(csp).as("nothing outside the server by default").contains("img-src 'self' data: blob:;");
    }
  }
}
