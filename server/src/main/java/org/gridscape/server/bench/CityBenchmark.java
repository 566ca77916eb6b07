package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;

/**
 * {@code ./gridscape bench city}: what a district or city loaded into PostgreSQL (by {@code bench
 * sample}) costs to serve, measured over HTTP against a running server:
 * <ol>
 * <li>full scene builds ({@code POST /api/v1/scenes/build}, mode all): wall time and buildings/s;</li>
 * <li>one building edited through the layer import, timed from the request until the root tileset's
 * ETag changes (the background build, debounce included);</li>
 * <li>cold z14 vector tiles of the grids and buildings layers at random places of the city, each asked
 * once; an OGC API items page of buildings (100 features) at random places;</li>
 * <li>the process's peak RSS.</li>
 * </ol>
 */
public final class CityBenchmark {

  /**
   * @param dbUrl the loaded PostgreSQL database
   * @param workDir the server's data directory (caches)
   */
  public record Options(Path workDir, String dbUrl, int rounds, int edits, int tiles) {
    public Options {
      if (dbUrl == null || rounds < 0 || edits < 0 || tiles < 0) {
        throw new IllegalArgumentException("--db-url is needed; rounds, edits and tiles >= 0");
      }
    }
  }

  private static final String PASSWORD = "bench-city-password";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private CityBenchmark() {}

  public static void run(Options options, PrintStream out) throws Exception {
    GridScapeServer server = start(options.workDir(), options.dbUrl());
    try {
      String origin = "http://127.0.0.1:" + server.port();
      String token = login(origin, PASSWORD);
      JsonObject stats = new JsonObject(get(origin + "/api/v1/stats", token).body());
      out.printf(Locale.ROOT, "district: %s%n", stats.encode().length() > 300 ? stats.encode().substring(0, 300)
          : stats.encode());
      awaitIdle(origin, token);
      builds(origin, token, options.rounds(), out);
      edits(origin, token, options.edits(), out);
      tiles(origin, token, options.tiles(), out);
      out.printf(Locale.ROOT, "process peak RSS %s%n", Measures.peakRss());
    } finally {
      server.stopAndWait();
    }
  }

  /**
   * A server for a benchmark on a free port: data directory {@code workDir}, database {@code dbUrl}
   * (null: embedded H2 there), the first admin's password the one {@link #login} uses.
   */
  public static GridScapeServer start(Path workDir, String dbUrl) throws Exception {
    Files.createDirectories(workDir);
    ServerConfig config = new ServerConfig("127.0.0.1", 0, workDir, dbUrl, PASSWORD, Duration.ofHours(4), 64L << 20,
        List.of(), 8, false);
    return await(GridScapeServer.start(config));
  }

  private static void builds(String origin, String token, int rounds, PrintStream out) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      JsonObject job = runJob(origin, token, "all");
      JsonObject result = job.getJsonObject("result");
      millis.add(result.getLong("millis"));
      out.printf(Locale.ROOT, "  full build %d: %d ms, %d grids, %d buildings, %.0f buildings/s %s%n", i + 1,
          result.getLong("millis"), result.getInteger("gridsBuilt"), result.getInteger("buildings"),
          result.getInteger("buildings") / (result.getLong("millis") / 1000.0), job.getJsonObject("stageMillis"));
    }
    if (!millis.isEmpty()) {
      out.printf(Locale.ROOT, "full build: median %d ms, best %d ms (%d rounds)%n", Measures.median(millis),
          Collections.min(millis), rounds);
    }
  }

  private static JsonObject runJob(String origin, String token, String mode) throws Exception {
    HttpResponse<String> started = post(origin + "/api/v1/scenes/build", token, "application/json",
        new JsonObject().put("mode", mode).encode());
    String id = new JsonObject(started.body()).getString("jobId");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonObject job = new JsonObject(get(origin + "/api/v1/scenes/jobs/" + id, token).body());
      if ("succeeded".equals(job.getString("state"))) {
        return job;
      }
      if ("failed".equals(job.getString("state"))) {
        throw new IllegalStateException("build failed: " + job.encode());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("build did not finish within an hour");
  }

  private static void edits(String origin, String token, int edits, PrintStream out) throws Exception {
    if (edits == 0) {
      return;
    }
    JsonObject page = new JsonObject(get(origin + "/ogc/collections/buildings/items?limit=1", token).body());
    String building = String.valueOf(page.getJsonArray("features").getJsonObject(0).getValue("id"));
    String[] grades = {"A", "B", "C", "D"};
    List<Long> served = new ArrayList<>();
    String etag = etag(origin, token);
    for (int i = 0; i < edits; i++) {
      String csv = "building_id,inspected_on,grade,inspector\n" + building + ","
          + LocalDate.of(2027, 1, 1).plusDays(i) + "," + grades[i % 4] + ",bench\n";
      long start = System.nanoTime();
      HttpResponse<String> r = post(origin + "/api/v1/imports/inspections", token, "text/csv", csv);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("edit refused: " + r.statusCode() + " " + r.body());
      }
      String now = etag;
      while (now.equals(etag)) {
        Thread.sleep(2);
        now = etag(origin, token);
      }
      served.add((System.nanoTime() - start) / 1_000_000);
      etag = now;
      awaitIdle(origin, token);
      JsonObject last = new JsonObject(get(origin + "/api/v1/scenes", token).body());
      out.printf(Locale.ROOT, "  edit %d: %d ms to served; %s%n", i + 1, served.get(i), lastJob(last));
    }
    out.printf(Locale.ROOT, "one edited building, write to new root tileset served: median %d ms, max %d ms (%d edits)%n",
        Measures.median(served), Collections.max(served), edits);
  }

  private static String lastJob(JsonObject scenes) {
    JsonArray jobs = scenes.getJsonArray("jobs");
    if (jobs == null || jobs.isEmpty()) {
      return "";
    }
    JsonObject job = jobs.getJsonObject(0);
    JsonObject result = job.getJsonObject("result");
    return "publish " + (result == null ? "?" : result.getLong("millis")) + " ms " + job.getJsonObject("stageMillis");
  }

  private static void tiles(String origin, String token, int count, PrintStream out) throws Exception {
    if (count == 0) {
      return;
    }
    JsonObject collection = new JsonObject(get(origin + "/ogc/collections/buildings", token).body());
    JsonArray bbox = collection.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
    double west = bbox.getDouble(0);
    double south = bbox.getDouble(1);
    double east = bbox.getDouble(2);
    double north = bbox.getDouble(3);
    Random random = new Random(25);
    for (String layer : new String[] {"grids", "buildings"}) {
      List<Long> micros = new ArrayList<>();
      List<Long> nonEmpty = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        double lon = west + random.nextDouble() * (east - west);
        double lat = south + random.nextDouble() * (north - south);
        int x = (int) Math.floor((lon + 180) / 360 * (1 << 14));
        double rad = Math.toRadians(lat);
        int y = (int) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * (1 << 14));
        long start = System.nanoTime();
        HttpResponse<byte[]> tile = HTTP.send(request(origin + "/tiles/" + layer + "/14/" + x + "/" + y + ".mvt",
            token).build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = (System.nanoTime() - start) / 1000;
        micros.add(took);
        if (tile.statusCode() == 200 && tile.body().length > 0) {
          nonEmpty.add(took);
        }
      }
      out.printf(Locale.ROOT, "cold z14 %s tiles: median %.1f ms, p90 %.1f ms (%d tiles; non-empty %d, median %.1f ms)%n",
          layer, Measures.median(micros) / 1000.0, Measures.percentile(micros, 0.9) / 1000.0, count, nonEmpty.size(),
          nonEmpty.isEmpty() ? 0 : Measures.median(nonEmpty) / 1000.0);
    }
    List<Long> pages = new ArrayList<>();
    for (int i = 0; i < Math.min(count, 50); i++) {
      double lon = west + random.nextDouble() * (east - west);
      double lat = south + random.nextDouble() * (north - south);
      String box = String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f", lon, lat, lon + 0.01, lat + 0.01);
      long start = System.nanoTime();
      HttpResponse<String> page = get(origin + "/ogc/collections/buildings/items?limit=100&bbox=" + box, token);
      if (page.statusCode() != 200) {
        throw new IllegalStateException("items page: " + page.statusCode());
      }
      pages.add((System.nanoTime() - start) / 1000);
    }
    out.printf(Locale.ROOT, "OGC items page (buildings, 100 per page, random 1 km boxes): median %.1f ms, p90 %.1f ms "
        + "(%d pages)%n", Measures.median(pages) / 1000.0, Measures.percentile(pages, 0.9) / 1000.0, pages.size());
  }

  /** Waits until no scene build runs and nothing is dirty, so that builds do not share the machine with timings. */
  static void awaitIdle(String origin, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
    while (System.nanoTime() < deadline) {
      Thread.sleep(300);
      JsonObject scenes = new JsonObject(get(origin + "/api/v1/scenes", token).body());
      JsonArray jobs = scenes.getJsonArray("jobs", new JsonArray());
      boolean busy = jobs.stream().map(JsonObject.class::cast)
          .anyMatch(j -> !"succeeded".equals(j.getString("state")) && !"failed".equals(j.getString("state")));
      if (!busy && scenes.getBoolean("dirty", false) == Boolean.FALSE) {
        return;
      }
    }
    throw new IllegalStateException("scene builds did not settle within an hour");
  }

  private static String etag(String origin, String token) throws Exception {
    HttpResponse<Void> r = HTTP.send(request(origin + "/3dtiles/tileset.json", token).build(),
        HttpResponse.BodyHandlers.discarding());
    return r.headers().firstValue("ETag").orElse("");
  }

  /** Signs in as the admin of a server from {@link #start}; the token. */
  public static String login(String origin) throws Exception {
    return login(origin, PASSWORD);
  }

  /** Signs the administrator in; the benchmarks start their servers with their own admin password. */
  static String login(String origin, String password) throws Exception {
    return loginAs(origin, "admin", password);
  }

  /** Signs a user in; the token. */
  static String loginAs(String origin, String username, String password) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("username", username).put("password", password).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("sign-in of " + username + " failed (" + r.statusCode() + "): the database's "
          + "user must have the password " + password + " (the admin: or none yet)");
    }
    return new JsonObject(r.body()).getString("token");
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).header("Authorization",
        "Bearer " + token);
  }

  private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    return HTTP.send(request(url, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String token, String type, String body)
      throws IOException, InterruptedException {
    return HTTP.send(request(url, token).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }
}
