package org.gridscape.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;

/** Shared test parts: a tiny district loaded over HTTP, fresh target databases, bundle contents. */
final class BackupFixtures {

  static final String DISTRICT = "350521000000";
  static final String TOWNSHIP = "350521104000";
  static final String VILLAGE = "350521104201";

  private BackupFixtures() {}

  /** A village with two published grids, buildings, a road, people, a user and an event, all through the API. */
  static void loadTinyDistrict(TestServer server) {
    String admin = server.adminToken();
    post(server, admin, "/api/v1/imports/regions", "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"" + DISTRICT + "\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1))
        + "," + feature("{\"code\":\"" + TOWNSHIP + "\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\"" + DISTRICT
            + "\"}", ring(118.6, 24.9, 118.8, 25.0))
        + "," + feature("{\"code\":\"" + VILLAGE + "\",\"name\":\"洛阳村, \\\"东\\\"\",\"level\":\"village\",\"parent\":\""
            + TOWNSHIP + "\"}", ring(118.70, 24.960, 118.704, 24.9627))
        + "]}");
    post(server, admin, "/api/v1/imports/village-plan?village=" + VILLAGE, "application/geo+json",
        "{\"type\":\"FeatureCollection\",\"features\":["
            + feature("{\"layer\":\"boundary\"}", ring(118.70, 24.960, 118.704, 24.9627)) + ","
            + "{\"type\":\"Feature\",\"properties\":{\"layer\":\"road\",\"name\":\"中街\"},\"geometry\":{\"type\":"
            + "\"LineString\",\"coordinates\":[[118.702,24.960],[118.702,24.9627]]}},"
            + feature("{\"layer\":\"building\",\"id\":\"B1\",\"floors\":3}", ring(118.7005, 24.9610, 118.7006, 24.9611))
            + "," + feature("{\"layer\":\"building\",\"id\":\"B2\",\"floors\":5}", ring(118.7025, 24.9610, 118.7026,
                24.9611))
            + "]}");
    post(server, admin, "/api/v1/imports/grids?village=" + VILLAGE, "application/geo+json",
        "{\"type\":\"FeatureCollection\",\"features\":["
            + feature("{\"code\":\"" + VILLAGE + "001\",\"name\":\"西片\",\"kind\":\"standard\"}",
                ring(118.70, 24.960, 118.702, 24.9627)) + ","
            + feature("{\"code\":\"" + VILLAGE + "002\",\"name\":\"东片\",\"kind\":\"standard\"}",
                ring(118.702, 24.960, 118.704, 24.9627))
            + "]}");
    post(server, admin, "/api/v1/villages/" + VILLAGE + "/publish", null, null);
    post(server, admin, "/api/v1/imports/households", "text/csv", "household_id,building_id,size\nH1,B1,2\nH2,B2,1\n");
    // an empty name, a comma, quotes and a line break: the CSV must keep them apart from NULL
    post(server, admin, "/api/v1/imports/residents", "text/csv",
        "resident_id,household_id,name,id_number,phone,gender,birth_year,relation,tags\n"
        + "R1,H1,\"张, \"\"三\"\"\",350521198001011234,13812345678,male,1980,head,\n"
        + "R2,H1,\"李\n四\",350521198203021246,13912345679,female,1982,spouse,\n"
        + "R3,H2,王老五,350521194001011219,,male,1940,head,elderly_alone\n");
    JsonObject user = new JsonObject().put("username", "dept-fire").put("password", "backup-test-password")
        .put("roles", new JsonArray().add("department")).put("scopes", new JsonArray());
    assertThat(server.postJson("/api/v1/users", admin, user).statusCode()).isEqualTo(201);
    HttpResponse<String> event = server.postJson("/api/v1/events", admin, new JsonObject()
        .put("category", "fire_hazard").put("level", "general").put("lon", 118.7010).put("lat", 24.9615)
        .put("description", "楼道堆放杂物"));
    assertThat(event.statusCode()).as(event.body()).isEqualTo(201);
  }

  private static void post(TestServer server, String token, String path, String type, String body) {
    HttpResponse<String> r = server.send("POST", path, token, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
  }

  private static String ring(double x0, double y0, double x1, double y1) {
    return "[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],[" + x0 + "," + y1 + "],["
        + x0 + "," + y0 + "]]]";
  }

  private static String feature(String props, String coordinates) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + coordinates + "}}";
  }

  /** A freshly migrated database of the kind, opened like the CLI opens it, on its own Vert.x. */
  static final class Target implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Path dir;
    final String url;
    final Database db;

    Target(TestDatabases.Kind kind) {
      try {
        dir = Files.createTempDirectory("gridscape-backup-target-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      url = TestDatabases.urlFor(kind);
      db = await(Database.open(vertx, ServerConfig.forTest(dir, url)));
    }

    BackupExporter exporter() {
      return new BackupExporter(vertx, db, dir);
    }

    BackupRestorer restorer() {
      return new BackupRestorer(vertx, db, dir);
    }

    @Override
    public void close() {
      try {
        await(db.close());
      } finally {
        vertx.close();
        TestDatabases.dropSchema(url);
        deleteTree(dir);
      }
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every table of a bundle: its header and its records, each record as one canonical line, sorted. */
  static Map<String, List<String>> contents(Path bundle) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (Manifest.Table t : BackupRestorer.verify(bundle).tables()) {
      tables.put(t.name(), table(bundle, t.name()));
    }
    return tables;
  }

  /** One table of a bundle: the header line, then every record as one canonical line, sorted. */
  static List<String> table(Path bundle, String name) {
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      BundleCsv.In in = new BundleCsv.In(new BufferedReader(new InputStreamReader(
          zip.getInputStream(zip.getEntry(BundleWriter.csvFile(name))), StandardCharsets.UTF_8), 1 << 16));
      List<String> header = in.next();
      List<String> rows = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (List<String> r = in.next(); r != null; r = in.next()) {
        line.setLength(0);
        for (int i = 0; i < r.size(); i++) {
          line.append(i == 0 ? "" : "|").append(r.get(i) == null ? "\\N" : "'" + r.get(i) + "'");
        }
        rows.add(line.toString());
      }
      rows.sort(Comparator.naturalOrder());
      List<String> all = new ArrayList<>(rows.size() + 1);
      all.add(String.join(",", header));
      all.addAll(rows);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("left test files in " + dir + ": " + e);
    }
  }
}
