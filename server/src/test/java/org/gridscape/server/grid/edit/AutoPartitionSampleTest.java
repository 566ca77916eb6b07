package org.gridscape.server.grid.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Auto-partition of real sample villages (with their people) proposes a set that passes validation. */
@Tag("slow")
class AutoPartitionSampleTest {

  @Test
  void proposalsForSampleVillagesPassValidationAndSaveNothing() throws IOException {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    List<String> villages;
    try (Stream<Path> files = Files.list(SampleDistrict.files().resolve("grids"))) {
      villages = files.map(p -> p.getFileName().toString().replace(".geojson", "")).sorted().limit(3).toList();
    }
    assertThat(villages).isNotEmpty();
    for (String village : villages) {
      String before = server.get("/api/v1/grids?village=" + village, token).body();

      var proposed = server.postJson("/api/v1/villages/" + village + "/auto-partition", token, new JsonObject());
      assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(200);
      JsonObject proposal = new JsonObject(proposed.body());
      var validated = server.postJson("/api/v1/villages/" + village + "/validation", token, proposal);
      assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
      JsonObject validation = new JsonObject(validated.body());

      assertThat(validation.getBoolean("ok")).as(village + ": " + validation.getJsonArray("errors").encode()).isTrue();
      int residents = validation.getJsonObject("metrics").getInteger("residentsTotal");
      assertThat(residents).as("people of " + village + " are counted").isPositive();
      assertThat(proposal.getJsonArray("features").size()).isGreaterThanOrEqualTo(residents / 1000);
      assertThat(server.get("/api/v1/grids?village=" + village, token).body()).as("nothing saved").isEqualTo(before);
    }
  }
}
