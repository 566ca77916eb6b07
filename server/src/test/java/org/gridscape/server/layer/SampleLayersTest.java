package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.layer.LayerFixture.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The layer figures and overlays of the whole sample district, loaded through the import services. */
@Tag("slow")
class SampleLayersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void regionFiguresAddUpAcrossTheHierarchy() {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    JsonObject district = stats(server, token, "350521000000");
    JsonObject overall = new JsonObject(server.get("/api/v1/stats", token).body());
    assertThat(district.getLong("residents")).isEqualTo(overall.getLong("residents"));
    assertThat(district.getLong("households")).isEqualTo(overall.getLong("households"));
    assertThat(district.getLong("partyMembers")).isEqualTo(5_959);
    assertThat(district.getLong("linkedHouseholds")).isEqualTo(68_386);
    assertThat(district.getInteger("partyBranches")).isEqualTo(330);

    Database db = server.server().context().db();
    long residents = 0;
    long buildings = 0;
    int townships = 0;
    for (Row row : await(db.query("SELECT code FROM region WHERE level = 'township'"))) {
      JsonObject township = stats(server, token, row.getString(0));
      residents += township.getLong("residents");
      buildings += township.getJsonObject("safetyGrades").getMap().values().stream()
          .mapToLong(v -> ((Number) v).longValue()).sum();
      townships++;
    }
    assertThat(townships).isEqualTo(4);
    assertThat(residents).isEqualTo(district.getLong("residents"));
    assertThat(buildings).as("every building has one grade or unknown").isEqualTo(district.getLong("buildings"));

    // A village equals the sum of its grids' buildings.
    String village = "350521104201";
    List<String> grids = new ArrayList<>();
    for (Row row : await(db.query("SELECT code FROM grid WHERE village_code = ? ORDER BY code",
        io.vertx.sqlclient.Tuple.of(village)))) {
      grids.add(row.getString(0));
    }
    Map<String, Map<String, BuildingFigures>> figures = await(new LayerFigures(db).figuresForGrids(grids));
    long villageResidents = figures.values().stream().flatMap(m -> m.values().stream())
        .mapToLong(BuildingFigures::residents).sum();
    assertThat(villageResidents).isPositive().isEqualTo(stats(server, token, village).getLong("residents"));

    // A city's build reads batches of grids with the Party members per household read once: the
    // same figures as grid by grid (60 grids: the range of their codes, not a list).
    LayerFigures layerFigures = new LayerFigures(db);
    List<String> batch = new ArrayList<>();
    for (Row row : await(db.query("SELECT code FROM grid WHERE status = 'published' ORDER BY code LIMIT 60"))) {
      batch.add(row.getString(0));
    }
    Map<String, Map<String, BuildingFigures>> byBatch = await(layerFigures.figuresForGridRange(batch,
        await(layerFigures.partyMembersByHousehold())));
    assertThat(byBatch.values().stream().flatMap(m -> m.values().stream()).mapToInt(BuildingFigures::partyMembers)
        .sum()).isPositive();
    assertThat(byBatch).isEqualTo(await(layerFigures.figuresForGrids(batch)));
  }

  @Test
  void noNameIdNumberOrPhoneLeavesThroughFiguresOrOverlays() throws Exception {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    Database db = server.server().context().db();
    Set<String> personal = new HashSet<>();
    for (Row row : await(db.query("SELECT name, id_number, phone FROM resident"))) {
      for (int i = 0; i < 3; i++) {
        if (row.getString(i) != null) {
          personal.add(row.getString(i));
        }
      }
    }
    assertThat(personal).hasSizeGreaterThan(200_000);
    List<String> outputs = new ArrayList<>();
    outputs.add(server.get("/api/v1/stats", token).body());
    int n = 0;
    for (Row row : await(db.query("SELECT code, village_code FROM grid ORDER BY code"))) {
      if (n++ % 10 != 0) {
        continue;
      }
      outputs.add(stats(server, token, row.getString(0)).encode());
      outputs.add(stats(server, token, row.getString(1)).encode());
      outputs.add(server.get("/api/v1/layers/party-links?grid=" + row.getString(0), token).body());
      outputs.add(server.get("/api/v1/layers/points?grid=" + row.getString(0), token).body());
    }
    for (String output : outputs) {
      List<String> strings = new ArrayList<>();
      collectStrings(JSON.readTree(output), strings);
      assertThat(strings).doesNotContainAnyElementsOf(personal);
    }
  }

  private static JsonObject stats(TestServer server, String token, String code) {
    var response = server.get("/api/v1/regions/" + code + "/stats", token);
    assertThat(response.statusCode()).as(code + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static void collectStrings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> collectStrings(child, out));
  }
}
