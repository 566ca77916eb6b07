package org.gridscape.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;

/**
 * {@code bench editor}: the editor's two targets measured end to end over HTTP against a server on
 * a fresh database. A synthetic village of about 1 km x 1 km (a road every 250 m each way, one
 * household of four in each house) is imported through the API with eight grids; then
 * <ul>
 *   <li>live validation: {@code POST /api/v1/villages/{code}/validation} with the grid set as the
 *       editor sends it after an edit (the edge between two grids moved by 20 m, alternately west
 *       and east, so no answer can be cached);</li>
 *   <li>auto-partition: {@code POST /api/v1/villages/{code}/auto-partition}, and the validation of
 *       its proposal once.</li>
 * </ul>
 */
public final class EditorBenchmark {

  /** What to run: database, village size and rounds. */
  public record Options(Path work, String dbUrl, int residents, int validationRounds, int partitionRounds) {
    public Options {
      if (residents < 100 || residents > 100_000) {
        throw new IllegalArgumentException("--residents must be 100-100000, got " + residents);
      }
      if (validationRounds < 1 || partitionRounds < 1) {
        throw new IllegalArgumentException("--rounds and --partition-rounds must be at least 1");
      }
    }
  }

  static final String VILLAGE = "350521104201";
  private static final int HOUSEHOLD_SIZE = 4;
  private static final double X0 = 118.700;
  private static final double Y0 = 24.960;
  /** About 1 km east-west and north-south at 25 degrees north. */
  private static final double WIDTH = 0.0100;
  private static final double HEIGHT = 0.0090;
  private static final int BLOCKS = 4;
  /** 20 m east-west at 25 degrees north. */
  private static final double EDGE_SHIFT = 0.0002;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  private EditorBenchmark(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public static void run(Options options, PrintStream out) throws Exception {
    ServerConfig config = ServerConfig.forTest(options.work().resolve("data"), options.dbUrl());
    GridScapeServer server = GridScapeServer.start(config).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    try {
      new EditorBenchmark(server.port()).measure(options, config.adminPassword(), out);
    } finally {
      server.stopAndWait();
    }
  }

  private void measure(Options options, String adminPassword, PrintStream out) throws Exception {
    token = new JsonObject(send("POST", "/api/v1/auth/login", "application/json", new JsonObject()
        .put("username", "admin").put("password", adminPassword).encode(), 200)).getString("token");
    int houses = (options.residents() + HOUSEHOLD_SIZE - 1) / HOUSEHOLD_SIZE;
    long t0 = System.nanoTime();
    load(houses);
    JsonArray grids = new JsonObject(send("GET", "/api/v1/grids?village=" + VILLAGE, null, null, 200))
        .getJsonArray("features");
    JsonObject saved = new JsonObject(send("GET", "/api/v1/villages/" + VILLAGE + "/validation", null, null, 200));
    out.printf(Locale.ROOT, "village %s: %d houses, %d residents, %d roads, %d grids; loaded in %.1f s; "
        + "stored set ok=%s%n", VILLAGE, houses, saved.getJsonObject("metrics").getInteger("residentsTotal"),
        2 * (BLOCKS - 1), grids.size(), (System.nanoTime() - t0) / 1e9, saved.getBoolean("ok"));

    // Warm-up: class loading and JIT of the first requests are not what a planner waits for.
    for (int i = 0; i < 3; i++) {
      send("POST", "/api/v1/villages/" + VILLAGE + "/validation", "application/json", edited(grids, i).encode(), 200);
    }
    double[] validation = new double[options.validationRounds()];
    JsonObject last = null;
    for (int i = 0; i < validation.length; i++) {
      String body = edited(grids, i).encode();
      long a = System.nanoTime();
      last = new JsonObject(send("POST", "/api/v1/villages/" + VILLAGE + "/validation", "application/json", body, 200));
      validation[i] = (System.nanoTime() - a) / 1e6;
    }
    out.printf(Locale.ROOT, "live validation of an edited set (POST .../validation, %d grids): median %.0f ms, "
        + "min %.0f, p90 %.0f over %d rounds (ok=%s, %d warnings)%n", grids.size(), median(validation),
        min(validation), percentile(validation, 0.9), validation.length, last.getBoolean("ok"),
        last.getJsonArray("warnings").size());

    send("POST", "/api/v1/villages/" + VILLAGE + "/auto-partition", "application/json", "{}", 200);
    double[] partition = new double[options.partitionRounds()];
    JsonObject proposal = null;
    for (int i = 0; i < partition.length; i++) {
      long a = System.nanoTime();
      proposal = new JsonObject(send("POST", "/api/v1/villages/" + VILLAGE + "/auto-partition", "application/json",
          "{}", 200));
      partition[i] = (System.nanoTime() - a) / 1e6;
    }
    JsonObject check = new JsonObject(send("POST", "/api/v1/villages/" + VILLAGE + "/validation", "application/json",
        proposal.encode(), 200));
    out.printf(Locale.ROOT, "auto-partition (POST .../auto-partition): median %.0f ms, min %.0f, max %.0f over %d "
        + "rounds; proposal of %d grids, its validation ok=%s (%d errors, %d warnings)%n", median(partition),
        min(partition), max(partition), partition.length, proposal.getJsonArray("features").size(),
        check.getBoolean("ok"), check.getJsonArray("errors").size(), check.getJsonArray("warnings").size());
  }

  /** The stored set with the edge between the first two grids of the south row moved east or west. */
  private static JsonObject edited(JsonArray grids, int round) {
    double shift = round % 2 == 0 ? EDGE_SHIFT : -EDGE_SHIFT;
    double edge = X0 + WIDTH / BLOCKS;
    JsonArray features = new JsonArray();
    for (int i = 0; i < grids.size(); i++) {
      JsonObject g = grids.getJsonObject(i);
      JsonObject geometry = g.getJsonObject("geometry").copy();
      for (Object ring : geometry.getJsonArray("coordinates")) {
        for (Object c : (JsonArray) ring) {
          JsonArray xy = (JsonArray) c;
          if (Math.abs(xy.getDouble(0) - edge) < 1e-9 && xy.getDouble(1) < Y0 + HEIGHT / 2 + 1e-9) {
            xy.set(0, edge + shift);
          }
        }
      }
      JsonObject p = g.getJsonObject("properties");
      features.add(new JsonObject().put("type", "Feature").put("geometry", geometry).put("properties", new JsonObject()
          .put("code", p.getString("code")).put("name", p.getString("name")).put("kind", p.getString("kind"))));
    }
    return new JsonObject().put("type", "FeatureCollection").put("features", features);
  }

  /** Regions, the plan (boundary, roads, houses), eight grids (4 x 2 blocks), households and residents. */
  private void load(int houses) throws IOException, InterruptedException {
    JsonArray regions = new JsonArray()
        .add(region("350521000000", "区", "district", null, X0 - 0.05, Y0 - 0.05, X0 + 0.05, Y0 + 0.05))
        .add(region("350521104000", "镇", "township", "350521000000", X0 - 0.05, Y0 - 0.05, X0 + 0.05, Y0 + 0.05))
        .add(region("350521104W01", "片", "workarea", "350521104000", X0 - 0.05, Y0 - 0.05, X0 + 0.05, Y0 + 0.05))
        .add(region(VILLAGE, "村", "village", "350521104W01", X0, Y0, X0 + WIDTH, Y0 + HEIGHT));
    send("POST", "/api/v1/imports/regions", "application/geo+json", collection(regions).encode(), 201);

    JsonArray plan = new JsonArray().add(feature(new JsonObject().put("layer", "boundary"),
        box(X0, Y0, X0 + WIDTH, Y0 + HEIGHT)));
    for (int i = 1; i < BLOCKS; i++) {
      double x = X0 + WIDTH * i / BLOCKS;
      double y = Y0 + HEIGHT * i / BLOCKS;
      plan.add(feature(new JsonObject().put("layer", "road").put("name", "南北路" + i), line(x, Y0, x, Y0 + HEIGHT)));
      plan.add(feature(new JsonObject().put("layer", "road").put("name", "东西路" + i), line(X0, y, X0 + WIDTH, y)));
    }
    // Houses of about 10 m x 10 m on a regular lattice over the whole village (some stand across a road or a
    // grid edge); the lattice is offset so that no house's centre lies exactly on a grid edge (0.37 and 0.41
    // are no multiples of a quarter).
    int perRow = (int) Math.ceil(Math.sqrt(houses * WIDTH / HEIGHT));
    int rows = (houses + perRow - 1) / perRow;
    double dx = WIDTH / perRow;
    double dy = HEIGHT / rows;
    StringBuilder households = new StringBuilder("household_id,building_id,size\n");
    StringBuilder residents = new StringBuilder("resident_id,household_id,name,id_number,phone,gender,birth_year,"
        + "relation,tags\n");
    for (int i = 0; i < houses; i++) {
      double x = X0 + dx * (i % perRow + 0.37);
      double y = Y0 + dy * (i / perRow + 0.41);
      String id = String.format(Locale.ROOT, "B%s%05d", VILLAGE, i);
      plan.add(feature(new JsonObject().put("layer", "building").put("id", id).put("floors", 2 + i % 3)
          .put("use", "residential"), box(x - 0.00005, y - 0.000045, x + 0.00005, y + 0.000045)));
      String household = String.format(Locale.ROOT, "H%s%05d", VILLAGE, i);
      households.append(household).append(',').append(id).append(',').append(HOUSEHOLD_SIZE).append('\n');
      for (int r = 0; r < HOUSEHOLD_SIZE; r++) {
        residents.append(String.format(Locale.ROOT, "R%s%05d%d", VILLAGE, i, r)).append(',').append(household)
            .append(",,,,").append(r % 2 == 0 ? "male" : "female").append(',').append(1950 + (i + r * 17) % 70)
            .append(',').append(r == 0 ? "head" : "other").append(",\n");
      }
    }
    send("POST", "/api/v1/imports/village-plan?village=" + VILLAGE, "application/geo+json", collection(plan).encode(),
        201);
    JsonArray grids = new JsonArray();
    for (int row = 0; row < 2; row++) {
      for (int col = 0; col < BLOCKS; col++) {
        double x0 = X0 + WIDTH * col / BLOCKS;
        double y0 = Y0 + HEIGHT * row / 2;
        grids.add(feature(new JsonObject().put("name", "网格" + (row * BLOCKS + col + 1)).put("kind", "standard"),
            box(x0, y0, x0 + WIDTH / BLOCKS, y0 + HEIGHT / 2)));
      }
    }
    send("POST", "/api/v1/imports/grids?village=" + VILLAGE, "application/geo+json", collection(grids).encode(), 201);
    send("POST", "/api/v1/villages/" + VILLAGE + "/publish", null, null, 200);
    send("POST", "/api/v1/imports/households", "text/csv", households.toString(), 201);
    send("POST", "/api/v1/imports/residents", "text/csv", residents.toString(), 201);
  }

  private String send(String method, String path, String type, String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected && !(expected == 201 && response.statusCode() == 200)) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(500, response.body().length())));
    }
    return response.body();
  }

  private static JsonObject region(String code, String name, String level, String parent, double x0, double y0,
      double x1, double y1) {
    return feature(new JsonObject().put("code", code).put("name", name).put("level", level).put("parent", parent),
        box(x0, y0, x1, y1));
  }

  private static JsonObject collection(JsonArray features) {
    return new JsonObject().put("type", "FeatureCollection").put("features", features);
  }

  private static JsonObject feature(JsonObject properties, JsonObject geometry) {
    return new JsonObject().put("type", "Feature").put("properties", properties).put("geometry", geometry);
  }

  private static JsonObject box(double x0, double y0, double x1, double y1) {
    return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(xy(x0, y0)).add(xy(x1, y0)).add(xy(x1, y1)).add(xy(x0, y1)).add(xy(x0, y0))));
  }

  private static JsonObject line(double x0, double y0, double x1, double y1) {
    return new JsonObject().put("type", "LineString").put("coordinates", new JsonArray().add(xy(x0, y0)).add(xy(x1, y1)));
  }

  private static JsonArray xy(double x, double y) {
    return new JsonArray().add(x).add(y);
  }

  private static double median(double[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
