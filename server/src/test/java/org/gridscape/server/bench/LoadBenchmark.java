package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.SampleDistrict;

/**
 * Load on the sample district: wrk with 2 threads and 64 connections for 60 s (by default) against a
 * 3D Tiles GLB and the root tileset.json, the densest z14 vector tile, an OGC API items page and
 * /api/v1/stats, each signed in by header. Prints requests/s, p50, p99 and errors (non-2xx/3xx and
 * socket errors, which must be 0) as a Markdown table, with the load average before and after.
 *
 * <p>{@code LoadBenchmark DATA_DIR [SECONDS] [CONNECTIONS]}; the data directory keeps the loaded
 * sample between runs. Needs {@code wrk} on the PATH (Debian: wrk).
 */
public final class LoadBenchmark {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String PASSWORD = "bench-admin-password";

  private LoadBenchmark() {}

  record Result(String what, String path, double requestsPerSecond, String p50, String p99, long requests,
      long non2xx, long socketErrors) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "var-bench-load").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    Files.createDirectories(dir);
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, null, PASSWORD, Duration.ofHours(4), 64L << 20,
        List.of(), 8, false);
    GridScapeServer server = await(GridScapeServer.start(config));
    int failures = 0;
    try {
      SampleDistrict.loadForBenchmark(server, dir);
      String origin = "http://127.0.0.1:" + server.port();
      String token = login(origin);
      waitForScenes(origin, token);
      String glb = firstGlb(origin, token);
      String tile = densestTile(origin, token);
      List<String[]> targets = List.of(
          new String[] {"3D Tiles GLB", glb},
          new String[] {"3D Tiles root tileset.json", "/3dtiles/tileset.json"},
          new String[] {"vector tile z14 (buildings)", tile},
          new String[] {"OGC API items page (100)", "/ogc/collections/buildings/items?limit=100"},
          new String[] {"/api/v1/stats", "/api/v1/stats"});
      String loadBefore = loadAverage();
      List<Result> results = new ArrayList<>();
      for (String[] target : targets) {
        Result r = wrk(target[0], origin, target[1], token, seconds, connections);
        results.add(r);
        System.out.printf(Locale.ROOT, "%s: %.0f req/s, p50 %s, p99 %s, %d requests, %d non-2xx/3xx, %d socket errors%n",
            r.what(), r.requestsPerSecond(), r.p50(), r.p99(), r.requests(), r.non2xx(), r.socketErrors());
        if (r.non2xx() + r.socketErrors() > 0) {
          failures++;
        }
      }
      String loadAfter = loadAverage();
      System.out.println();
      System.out.printf("wrk -t2 -c%d -d%ds --latency -H 'Authorization: Bearer ...' URL; %d cores; load average "
          + "before %s, after %s%n%n", connections, seconds, Runtime.getRuntime().availableProcessors(), loadBefore,
          loadAfter);
      System.out.println("| target | path | requests/s | p50 | p99 | requests | errors |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|");
      for (Result r : results) {
        System.out.printf(Locale.ROOT, "| %s | `%s` | %,.0f | %s | %s | %,d | %d |%n", r.what(),
            r.path().length() > 60 ? r.path().substring(0, 40) + "..." + r.path().substring(r.path().length() - 12)
                : r.path(), r.requestsPerSecond(), r.p50(), r.p99(), r.requests(), r.non2xx() + r.socketErrors());
      }
    } finally {
      server.stopAndWait();
    }
    if (failures > 0) {
      System.err.println(failures + " target(s) had errors");
      System.exit(1);
    }
    System.exit(0);
  }

  /** Until a scene is served and no build is queued or running (the server builds after the load). */
  private static void waitForScenes(String origin, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    int quiet = 0;
    while (quiet < 8) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the scene builds did not settle");
      }
      JsonObject status = new JsonObject(get(origin + "/api/v1/scenes", token).body());
      boolean busy = status.getString("tilesetVersion") == null;
      for (Object job : status.getJsonArray("jobs", new JsonArray())) {
        String state = ((JsonObject) job).getString("state");
        busy |= state.equals("queued") || state.equals("running");
      }
      quiet = busy ? 0 : quiet + 1;
      Thread.sleep(500);
    }
  }

  /** The first GLB found walking down the tileset tree. */
  private static String firstGlb(String origin, String token) throws Exception {
    Deque<String> todo = new ArrayDeque<>(List.of("/3dtiles/tileset.json"));
    while (!todo.isEmpty()) {
      String path = todo.pop();
      List<String> uris = new ArrayList<>();
      collect(new JsonObject(get(origin + path, token).body()), uris);
      for (String uri : uris) {
        String resolved = URI.create(path).resolve(uri).normalize().getPath();
        if (resolved.endsWith(".glb")) {
          return resolved;
        }
        todo.add(resolved);
      }
    }
    throw new IllegalStateException("no GLB in the scene");
  }

  private static void collect(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if (e.getKey().equals("uri") && e.getValue() instanceof String s) {
          out.add(s);
        } else {
          collect(e.getValue(), out);
        }
      });
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> collect(v, out));
    }
  }

  /** The largest z14 buildings tile within the middle of the district (a busy, realistic tile). */
  private static String densestTile(String origin, String token) throws Exception {
    JsonObject collection = new JsonObject(get(origin + "/ogc/collections/buildings", token).body());
    JsonArray bbox = collection.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
    int z = 14;
    int x0 = tileX(bbox.getDouble(0), z);
    int x1 = tileX(bbox.getDouble(2), z);
    int y0 = tileY(bbox.getDouble(3), z);
    int y1 = tileY(bbox.getDouble(1), z);
    String best = null;
    int bestBytes = -1;
    for (int x = x0; x <= x1; x++) {
      for (int y = y0; y <= y1; y++) {
        String path = "/tiles/buildings/" + z + "/" + x + "/" + y + ".mvt";
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(origin + path))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200 && r.body().length > bestBytes) {
          bestBytes = r.body().length;
          best = path;
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("no z14 buildings tile");
    }
    return best;
  }

  static int tileX(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  static int tileY(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }

  private static Result wrk(String what, String origin, String path, String token, int seconds, int connections)
      throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout",
        "10s", "-H", "Authorization: Bearer " + token, origin + path);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
    Matcher p50 = Pattern.compile("\\s50%\\s+(\\S+)").matcher(output);
    Matcher p99 = Pattern.compile("\\s99%\\s+(\\S+)").matcher(output);
    Matcher total = Pattern.compile("(\\d+) requests in").matcher(output);
    if (!rps.find() || !p50.find() || !p99.find() || !total.find()) {
      throw new IllegalStateException("wrk failed on " + path + ":\n" + output);
    }
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
    Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
        .matcher(output);
    long socketErrors = 0;
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(socket.group(g));
      }
    }
    return new Result(what, path, Double.parseDouble(rps.group(1)), p50.group(1), p99.group(1),
        Long.parseLong(total.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static String login(String origin) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("username", "admin").put("password", PASSWORD).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).getString("token");
  }

  private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
