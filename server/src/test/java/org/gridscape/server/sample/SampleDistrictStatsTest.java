package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sample district, loaded through the import services, reproduces every published figure of the
 * source document through {@code GET /api/v1/stats}.
 */
@Tag("slow")
class SampleDistrictStatsTest {

  @Test
  void districtFiguresMatchThePublishedOnes() {
    TestServer server = SampleDistrict.server();
    HttpResponse<String> response = server.get("/api/v1/stats", server.adminToken());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject stats = new JsonObject(response.body());

    assertThat(stats.getInteger("townships")).isEqualTo(4);
    assertThat(stats.getInteger("villages")).isEqualTo(78);
    assertThat(stats.getInteger("grids")).isEqualTo(381);
    assertThat(stats.getInteger("households")).isEqualTo(68_386);
    assertThat(stats.getInteger("residents")).isBetween(225_000, 231_000);
    assertThat(stats.getInteger("partyBranches")).isEqualTo(330);
    assertThat(stats.getInteger("partyMembers")).isEqualTo(5_959);
    assertThat(stats.getInteger("linkedHouseholds")).isEqualTo(68_386);
    assertThat(stats.getInteger("villagePartyOrgs")).isEqualTo(78);
    assertThat(stats.getInteger("organs")).isEqualTo(24);
    JsonObject workers = stats.getJsonObject("workers");
    assertThat(workers.getInteger("comprehensive")).isEqualTo(210);
    assertThat(workers.getInteger("police")).isEqualTo(151);
    assertThat(workers.getInteger("community")).isEqualTo(444);
    assertThat(workers.getInteger("part_time")).isEqualTo(30);
    assertThat(workers.getInteger("cadre")).isEqualTo(820);
    JsonObject events = stats.getJsonObject("events");
    assertThat(events.getInteger("received")).isEqualTo(6_052);
    assertThat(events.getInteger("closed")).isEqualTo(5_419);
    assertThat(events.getDouble("closureRate")).isCloseTo(89.5, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void everyVillagePassedValidationAndIsPublished() {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    JsonObject grids = new JsonObject(server.get("/api/v1/grids?bbox=118.5,24.7,119.0,25.2", token).body());
    assertThat(grids.getJsonArray("features")).hasSize(381);
    grids.getJsonArray("features").forEach(f -> assertThat(((JsonObject) f).getJsonObject("properties")
        .getString("status")).isEqualTo("published"));
    JsonObject validation = new JsonObject(server.get("/api/v1/villages/350521104201/validation", token).body());
    assertThat(validation.getBoolean("ok")).isTrue();
    assertThat(validation.getJsonArray("errors")).isEmpty();
  }
  /** A city-wide view asks for outlines simplified to about a pixel: fewer points, each within the tolerance. */
  @Test
  void gridOutlinesComeSimplifiedWithinTheTolerance() throws Exception {
    TestServer server = SampleDistrict.server();
    String token = server.adminToken();
    String box = "/api/v1/grids?bbox=118.5,24.7,119.0,25.2";
    double tolerance = 0.0002; // about 20 m
    JsonObject exact = new JsonObject(server.get(box, token).body());
    JsonObject simple = new JsonObject(server.get(box + "&tolerance=" + tolerance, token).body());
    assertThat(simple.getJsonArray("features")).hasSize(exact.getJsonArray("features").size());
    org.locationtech.jts.io.geojson.GeoJsonReader reader = new org.locationtech.jts.io.geojson.GeoJsonReader();
    java.util.Map<String, org.locationtech.jts.geom.Geometry> exactByCode = new java.util.HashMap<>();
    long exactPoints = 0;
    for (Object f : exact.getJsonArray("features")) {
      JsonObject feature = (JsonObject) f;
      org.locationtech.jts.geom.Geometry g = reader.read(feature.getJsonObject("geometry").encode());
      exactByCode.put(feature.getString("id"), g);
      exactPoints += g.getNumPoints();
    }
    long simplePoints = 0;
    for (Object f : simple.getJsonArray("features")) {
      JsonObject feature = (JsonObject) f;
      org.locationtech.jts.geom.Geometry g = reader.read(feature.getJsonObject("geometry").encode());
      org.locationtech.jts.geom.Geometry original = exactByCode.get(feature.getString("id"));
      assertThat(g.isValid()).as(feature.getString("id")).isTrue();
      assertThat(org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance.distance(g, original))
          .as(feature.getString("id")).isLessThanOrEqualTo(tolerance * 1.0001);
      simplePoints += g.getNumPoints();
    }
    assertThat(simplePoints).isLessThan(exactPoints);
    assertThat(server.get(box + "&tolerance=fine", token).statusCode()).isEqualTo(400);
  }
}
