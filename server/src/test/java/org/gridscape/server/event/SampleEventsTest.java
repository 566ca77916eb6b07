package org.gridscape.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The published figures from the stats endpoint: the sample district's events.csv imported over
 * HTTP gives 6,052 received, 5,419 closed, 89.5 %. Overdue and on-time closures are recounted here
 * from the file itself, at the sample's reference date.
 */
@Tag("slow")
class SampleEventsTest {

  static final String REFERENCE = "2026-11-27T00:00:00+08:00";

  @Test
  void theSampleDistrictsEventFigures() throws Exception {
    Path dir = SampleDistrict.files();
    try (TestServer server = TestServer.start(TestDatabases.Kind.H2)) {
      String admin = server.adminToken();
      HttpResponse<String> regions = server.send("POST", "/api/v1/imports/regions", admin, "application/geo+json",
          Files.readString(dir.resolve("regions.geojson")));
      assertThat(regions.statusCode()).as(regions.body()).isEqualTo(201);
      String csv = Files.readString(dir.resolve("events.csv"), StandardCharsets.UTF_8);
      HttpResponse<String> imported = server.send("POST", "/api/v1/imports/events", admin, "text/csv", csv);
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      assertThat(new JsonObject(imported.body()).getInteger("imported")).isEqualTo(6052);

      HttpResponse<String> r = server.get("/api/v1/events/stats?asOf=" + REFERENCE.replace("+", "%2B"), admin);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject s = new JsonObject(r.body());
      assertThat(s.getLong("received")).isEqualTo(6052);
      assertThat(s.getLong("closed")).isEqualTo(5419);
      assertThat(s.getDouble("closureRate")).isEqualTo(89.5);
      assertThat(s.getLong("inProgress")).isEqualTo(633);

      Recount expected = recount(csv, OffsetDateTime.parse(REFERENCE));
      assertThat(s.getLong("overdue")).isEqualTo(expected.overdue);
      assertThat(s.getLong("supervised")).isEqualTo(expected.supervisedOpen);
      assertThat(s.getLong("closedOnTime")).isEqualTo(expected.onTime);
      assertThat(s.getDouble("onTimeClosureRate")).isEqualTo(Math.round(expected.onTime * 1000.0 / 5419) / 10.0);

      assertThat(s.getJsonArray("byCategory").stream().mapToLong(c -> ((JsonObject) c).getLong("received")).sum())
          .isEqualTo(6052);
      JsonObject townships = s.getJsonObject("byTownship");
      assertThat(townships.fieldNames()).hasSize(4);
      assertThat(townships.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum()).isEqualTo(6052);
      assertThat(s.getJsonArray("byRegion").stream().map(t -> ((JsonObject) t).getString("name"))).contains("洛阳镇");
      assertThat(s.getJsonArray("byMonth").stream().map(m -> ((JsonObject) m).getString("month")))
          .containsExactly("2026-07", "2026-08", "2026-09", "2026-10", "2026-11");

      // the district figures of the layers engine read the same table
      JsonObject district = new JsonObject(server.get("/api/v1/stats", admin).body());
      assertThat(district.encode()).contains("5419");
    }
  }

  /**
   * The sample's emergency resources (emergency-resources.csv, loaded by the sample loader): one
   * shelter space and one supply depot per township, each inside the grid it names, shown with
   * the Party service and neighbourhood centres of the plans.
   */
  @Test
  void theSampleDistrictsEmergencyResources() {
    TestServer server = SampleDistrict.server();
    String admin = server.adminToken();
    JsonObject all = new JsonObject(server.get("/api/v1/district/resources", admin).body());
    assertThat(all.getBoolean("exposed")).isTrue();
    List<JsonObject> imported = all.getJsonArray("features").stream().map(f -> (JsonObject) f)
        .filter(f -> "resource".equals(f.getJsonObject("properties").getString("source"))).toList();
    assertThat(imported).hasSize(8);
    assertThat(imported.stream().map(f -> f.getJsonObject("properties").getString("kind")))
        .containsOnly("space", "supply").filteredOn("space"::equals).hasSize(4);
    for (JsonObject f : imported) {
      JsonObject p = f.getJsonObject("properties");
      var at = f.getJsonObject("geometry").getJsonArray("coordinates");
      JsonObject grid = new JsonObject(server.get("/api/v1/events/locate?lon=" + at.getDouble(0) + "&lat="
          + at.getDouble(1), admin).body());
      assertThat(grid.getString("gridCode")).as(p.getString("name")).isEqualTo(p.getString("gridCode"));
      if (p.getString("kind").equals("space")) {
        assertThat(p.getInteger("capacity")).isGreaterThanOrEqualTo(200);
      } else {
        assertThat(p.getJsonObject("supplies").getInteger("tent")).isPositive();
      }
    }
    long centres = all.getJsonArray("features").size() - imported.size();
    assertThat(centres).isEqualTo(78 + 12);
    assertThat(all.getInteger("numberReturned")).isEqualTo(all.getJsonArray("features").size());
  }

  record Recount(long overdue, long supervisedOpen, long onTime) {}

  /** Counted straight from the file (titles hold no commas, so a split suffices here). */
  static Recount recount(String csv, OffsetDateTime at) {
    List<String> lines = csv.lines().skip(1).filter(l -> !l.isBlank()).toList();
    long overdue = 0;
    long supervised = 0;
    long onTime = 0;
    for (String line : lines) {
      String[] f = line.split(",", -1);
      assertThat(f).hasSize(12);
      boolean closed = f[8].equals("closed");
      OffsetDateTime deadline = OffsetDateTime.parse(f[10]);
      if (!closed && deadline.isBefore(at)) {
        overdue++;
      }
      if (!closed && f[11].equals("1")) {
        supervised++;
      }
      if (closed && !OffsetDateTime.parse(f[9]).isAfter(deadline)) {
        onTime++;
      }
    }
    return new Recount(overdue, supervised, onTime);
  }

  /**
   * The sample's field work (visits.csv, field-collections.csv, loaded by the sample loader): every
   * patrolling worker visits 2-4 households a week for four weeks, each visit's stored distance is
   * the building footprint's distance recomputed here (equirectangular at the position, then JTS),
   * flagged beyond 50 m, and proposals exist in every state, the rejected ones with a reason.
   */
  @Test
  void theSampleDistrictsVisitsAndProposals() throws Exception {
    var db = SampleDistrict.server().server().context().db();
    var perWorker = db.query("SELECT worker, COUNT(*), SUM(CASE WHEN flagged THEN 1 ELSE 0 END) FROM visit GROUP BY worker")
        .toCompletionStage().toCompletableFuture().get();
    assertThat(perWorker.size()).isGreaterThan(800);
    long visits = 0;
    long flagged = 0;
    for (var r : perWorker) {
      long n = ((Number) r.getValue(1)).longValue();
      assertThat(n).as(r.getString(0)).isBetween(1L, 16L);
      visits += n;
      flagged += ((Number) r.getValue(2)).longValue();
    }
    assertThat(flagged).isGreaterThan(0).isLessThan(visits / 10);
    var sampled = db.query("SELECT v.lon, v.lat, v.distance_m, v.flagged, b.geom FROM visit v JOIN building b"
        + " ON b.id = v.building_id JOIN household h ON h.id = v.household_id AND h.building_id = v.building_id"
        + " ORDER BY v.id LIMIT 200").toCompletionStage().toCompletableFuture().get();
    assertThat(sampled.size()).isEqualTo(200);
    var gf = new org.locationtech.jts.geom.GeometryFactory();
    for (var r : sampled) {
      double lon = r.getDouble(0);
      double lat = r.getDouble(1);
      var footprint = new org.locationtech.jts.io.WKBReader().read(r.getBuffer(4).getBytes()).copy();
      double k = Math.cos(Math.toRadians(lat)) * 6_371_008.8 * Math.PI / 180;
      double m = 6_371_008.8 * Math.PI / 180;
      footprint.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
        c.x = (c.x - lon) * k;
        c.y = (c.y - lat) * m;
      });
      footprint.geometryChanged();
      double expected = footprint.distance(gf.createPoint(new org.locationtech.jts.geom.Coordinate(0, 0)));
      // the file keeps 0.1 m and 1e-7 degrees (about 1 cm)
      assertThat(r.getDouble(2)).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.1));
      assertThat(r.getBoolean(3)).isEqualTo(r.getDouble(2) > 50);
    }
    var states = db.query("SELECT state, COUNT(*), SUM(CASE WHEN reason IS NULL THEN 0 ELSE 1 END) FROM field_collection"
        + " GROUP BY state ORDER BY state").toCompletionStage().toCompletableFuture().get();
    List<String> seen = new java.util.ArrayList<>();
    for (var r : states) {
      seen.add(r.getString(0));
      assertThat(((Number) r.getValue(1)).longValue()).isGreaterThan(10);
      if (r.getString(0).equals("rejected")) {
        assertThat(((Number) r.getValue(2)).longValue()).isEqualTo(((Number) r.getValue(1)).longValue());
      }
    }
    assertThat(seen).containsExactly("approved", "pending", "rejected");
  }

  /**
   * The sample's Party-member workers and duty points (workers.csv member_id, duty-points.csv, loaded
   * through the ledger): ledger entries of every kind, each entry's balance the one before plus its
   * points and never negative, one audit row per entry, and each member's balance what the files say:
   * the imported points, plus the recorded entries, plus 2 per visit of their worker to a household
   * linked to them (awarded, or pending until the ledger is next used). The points API shows it.
   */
  @Test
  void theSampleDistrictsDutyPoints() throws Exception {
    TestServer server = SampleDistrict.server();
    var db = server.server().context().db();
    Path dir = SampleDistrict.files();
    java.util.Map<String, Integer> expected = new java.util.HashMap<>();
    csv(dir.resolve("party-members.csv")).forEach(f -> expected.put(f.get(0), Integer.parseInt(f.get(3))));
    java.util.Map<String, Integer> imported = new java.util.HashMap<>(expected);
    java.util.Map<String, String> memberOfWorker = new java.util.HashMap<>();
    csv(dir.resolve("workers.csv")).stream().filter(f -> !f.get(7).isEmpty())
        .forEach(f -> memberOfWorker.put(f.get(0), f.get(7)));
    assertThat(memberOfWorker).hasSizeGreaterThan(100);
    java.util.Map<String, String> linkedTo = new java.util.HashMap<>();
    csv(dir.resolve("party-links.csv")).forEach(f -> linkedTo.put(f.get(1), f.get(0)));
    java.util.Set<String> recorded = new java.util.HashSet<>();
    java.util.Map<String, Integer> relief = new java.util.HashMap<>();
    for (List<String> f : csv(dir.resolve("duty-points.csv"))) {
      int points = Integer.parseInt(f.get(2));
      expected.merge(f.get(0), f.get(1).equals("relief_goods") ? -points : points, Integer::sum);
      recorded.add(f.get(0));
      if (f.get(1).equals("relief_goods")) {
        relief.merge(f.get(0), 1, Integer::sum);
      }
    }
    long memberVisits = 0;
    for (List<String> f : csv(dir.resolve("visits.csv"))) {
      String member = memberOfWorker.get(f.get(1));
      memberVisits += member == null ? 0 : 1;
      if (member != null && member.equals(linkedTo.get(f.get(4)))) {
        expected.merge(member, 2, Integer::sum);
      }
    }
    // the workers and their visits carry the members
    assertThat(count(db, "SELECT COUNT(*) FROM worker WHERE member_id IS NOT NULL")).isEqualTo(memberOfWorker.size());
    assertThat(count(db, "SELECT COUNT(*) FROM visit WHERE member_id IS NOT NULL")).isEqualTo(memberVisits);

    // every entry: the balance before it plus its points, never negative; the members' cached figures
    java.util.Map<String, Integer> balance = new java.util.HashMap<>();
    java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
    long entries = 0;
    for (var r : await(db.query("SELECT member_id, points, balance, kind, recorded_by FROM duty_point_entry"
        + " ORDER BY member_id, id"))) {
      int before = balance.getOrDefault(r.getString(0), 0);
      assertThat(r.getInteger(2)).as(r.getString(0)).isEqualTo(before + r.getInteger(1)).isNotNegative();
      balance.put(r.getString(0), r.getInteger(2));
      kinds.merge(r.getString(3), 1, Integer::sum);
      assertThat(r.getString(4)).isEqualTo(r.getString(3).equals("opening") || r.getString(3).equals("visit")
          ? "system" : "admin");
      entries++;
    }
    assertThat(kinds.keySet()).contains("opening", "visit", "activity", "relief_goods");
    assertThat(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'party.points'")).isEqualTo(entries);
    java.util.Map<String, Integer> pending = new java.util.HashMap<>();
    for (var r : await(db.query("SELECT v.member_id, COUNT(*) FROM visit v JOIN party_link pl ON pl.member_id ="
        + " v.member_id AND pl.household_id = v.household_id WHERE NOT EXISTS (SELECT 1 FROM duty_point_entry d"
        + " WHERE d.visit_id = v.id) GROUP BY v.member_id"))) {
      pending.put(r.getString(0), ((Number) r.getValue(1)).intValue());
    }
    assertThat(balance.keySet()).containsAll(recorded);
    for (String member : recorded) {
      assertThat(balance.get(member) + 2 * pending.getOrDefault(member, 0)).as(member).isEqualTo(expected.get(member));
    }
    for (var r : await(db.query("SELECT m.id, m.duty_points, m.stars FROM party_member m WHERE EXISTS"
        + " (SELECT 1 FROM duty_point_entry d WHERE d.member_id = m.id)"))) {
      assertThat(r.getInteger(1)).as(r.getString(0)).isEqualTo(balance.get(r.getString(0)));
      assertThat(r.getInteger(2)).isEqualTo(org.gridscape.server.party.StarRule.PUBLISHED.stars(r.getInteger(1)));
    }

    // the points API: a worker who is a member and gave relief goods (their pending visits awarded now)
    String member = memberOfWorker.values().stream().filter(relief::containsKey).sorted().findFirst()
        .orElse(relief.keySet().stream().sorted().findFirst().orElseThrow());
    HttpResponse<String> read = server.get("/api/v1/party-members/" + member + "/points", server.adminToken());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject ledger = new JsonObject(read.body());
    assertThat(ledger.getInteger("balance")).isEqualTo(expected.get(member));
    assertThat(ledger.getInteger("stars")).isEqualTo(org.gridscape.server.party.StarRule.PUBLISHED.stars(expected.get(member)));
    var shown = ledger.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("kind")).toList();
    assertThat(shown.get(0)).isEqualTo("opening");
    assertThat(ledger.getJsonArray("entries").getJsonObject(0).getInteger("points")).isEqualTo(imported.get(member));
    assertThat(shown).contains("relief_goods");
  }

  private static long count(org.gridscape.server.store.Database db, String query) throws Exception {
    return ((Number) await(db.query(query)).iterator().next().getValue(0)).longValue();
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, java.util.concurrent.TimeUnit.MINUTES);
  }

  /** A sample CSV's rows without the header (RFC 4180, as the loader reads it). */
  private static List<List<String>> csv(Path file) throws Exception {
    var records = org.gridscape.server.ingest.CsvParser.parse(Files.readString(file, StandardCharsets.UTF_8));
    return records.subList(1, records.size()).stream().map(r -> r.fields()).filter(f -> f.size() > 1).toList();
  }
}
