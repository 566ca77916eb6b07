package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.ogc.LayerData;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The district figures ({@code GET /api/v1/stats}) are reused for a second, but never across a
 * committed write: an open dashboard asks for them right after the change feed announced a write,
 * and must get figures that include it.
 */
class DistrictStatsAfterChangeTest {

  @Test
  void aReportMadeWithinTheCachedSecondIsCounted() {
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      LayerData.seed(server.server().context().db());
      String admin = server.adminToken();
      long before = received(server, admin);
      assertThat(received(server, admin)).as("unchanged figures, served again").isEqualTo(before);

      HttpResponse<String> report = server.postJson("/api/v1/events", admin, new JsonObject()
          .put("category", "fire_hazard").put("level", "general").put("description", "楼道堆放杂物")
          .put("lon", LayerData.X0 + 0.0005).put("lat", LayerData.Y0 + 0.0005).put("attachments", new JsonArray()));
      assertThat(report.statusCode()).as(report.body()).isEqualTo(201);

      assertThat(received(server, admin)).isEqualTo(before + 1);
    }
  }

  private static long received(TestServer server, String token) {
    HttpResponse<String> response = server.get("/api/v1/stats", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonObject("events").getLong("received");
  }
}
