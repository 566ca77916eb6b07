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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.SampleDistrict;

/**
 * Vector tiles and OGC API over the sample district: cold z14 tile latency (every z14 tile of the
 * grids and buildings layers, each requested once over HTTP) and warm throughput of a tile and an
 * items page against nginx serving the same bytes, both measured with wrk over loopback.
 *
 * <p>{@code VectorTileBenchmark DATA_DIR [WRK_SECONDS [HTTP_INSTANCES]]}; the data directory keeps the loaded sample
 * between runs. Needs {@code wrk} and {@code nginx} on the PATH (Debian: wrk, nginx-light).
 */
public final class VectorTileBenchmark {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private VectorTileBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "var-bench-tiles").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Files.createDirectories(dir);
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : ServerConfig.defaultHttpInstances();
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, null, "bench-admin-password", Duration.ofHours(2),
        64L << 20, List.of(), 8, false, instances);
    GridScapeServer server = await(GridScapeServer.start(config));
    try {
      SampleDistrict.loadForBenchmark(server, dir);
      String origin = "http://127.0.0.1:" + server.port();
      String token = login(origin);
      JsonObject collection = new JsonObject(get(origin + "/ogc/collections/buildings", token).body());
      JsonArray bbox = collection.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
      int z = 14;
      int x0 = LoadBenchmark.tileX(bbox.getDouble(0), z);
      int x1 = LoadBenchmark.tileX(bbox.getDouble(2), z);
      int y0 = LoadBenchmark.tileY(bbox.getDouble(3), z);
      int y1 = LoadBenchmark.tileY(bbox.getDouble(1), z);
      String densest = null;
      int densestBytes = -1;
      for (String layer : new String[] {"grids", "buildings"}) {
        List<Double> all = new ArrayList<>();
        List<Double> nonEmpty = new ArrayList<>();
        long bytes = 0;
        for (int x = x0; x <= x1; x++) {
          for (int y = y0; y <= y1; y++) {
            String path = "/tiles/" + layer + "/" + z + "/" + x + "/" + y + ".mvt";
            long start = System.nanoTime();
            HttpResponse<byte[]> response = getBytes(origin + path, token);
            double ms = (System.nanoTime() - start) / 1e6;
            all.add(ms);
            if (response.statusCode() == 200) {
              nonEmpty.add(ms);
              bytes += response.body().length;
              if (layer.equals("buildings") && response.body().length > densestBytes) {
                densestBytes = response.body().length;
                densest = path;
              }
            }
          }
        }
        System.out.printf("cold z14 %-9s tiles: %d requested, %d non-empty, median %.1f ms (non-empty %.1f ms, "
            + "p90 %.1f ms), mean size %.1f KiB%n", layer, all.size(), nonEmpty.size(), median(all), median(nonEmpty),
            percentile(nonEmpty, 0.9), nonEmpty.isEmpty() ? 0 : bytes / 1024.0 / nonEmpty.size());
      }
      String items = "/ogc/collections/buildings/items?limit=100";
      byte[] tileBytes = getBytes(origin + densest, token).body();
      byte[] itemBytes = getBytes(origin + items, token).body();
      System.out.printf("warm tile %s (%d bytes), items page %s (%d bytes)%n", densest, tileBytes.length, items,
          itemBytes.length);

      Path root = dir.resolve("nginx");
      Files.createDirectories(root.resolve("www"));
      Files.write(root.resolve("www/tile.mvt"), tileBytes);
      Files.write(root.resolve("www/items.json"), itemBytes);
      int nginxPort = server.port() + 1;
      Files.writeString(root.resolve("nginx.conf"), "worker_processes 2;\npid " + root.resolve("nginx.pid") + ";\n"
          + "error_log " + root.resolve("error.log") + ";\ndaemon off;\nevents { worker_connections 1024; }\n"
          + "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n"
          + "  client_body_temp_path " + root + "/tmp; proxy_temp_path " + root + "/tmp;\n"
          + "  server { listen 127.0.0.1:" + nginxPort + "; root " + root.resolve("www") + "; etag on; } }\n");
      Files.createDirectories(root.resolve("tmp"));
      Process nginx = new ProcessBuilder("nginx", "-p", root.toString(), "-c", root.resolve("nginx.conf").toString())
          .redirectErrorStream(true).redirectOutput(root.resolve("nginx.out").toFile()).start();
      try {
        Thread.sleep(500);
        String auth = "Authorization: Bearer " + token;
        // The JIT compiles the warm path during a first, unrecorded run; nginx needs none.
        wrk(origin + densest, auth, Math.min(5, seconds));
        wrk(origin + items, auth, Math.min(5, seconds));
        System.out.printf("load average before the warm runs: %s%n", loadAverage());
        compare("warm tile", origin + densest, auth, "http://127.0.0.1:" + nginxPort + "/tile.mvt", seconds);
        compare("warm items page", origin + items, auth, "http://127.0.0.1:" + nginxPort + "/items.json", seconds);
        System.out.printf("load average after the warm runs: %s%n", loadAverage());
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      server.stopAndWait();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Rounds of GridScape and nginx in turn, so load from elsewhere on the machine hits both alike. */
  private static final int ROUNDS = 3;

  private static void compare(String what, String url, String auth, String nginxUrl, int seconds)
      throws IOException, InterruptedException {
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      double server = wrk(url, auth, seconds);
      double nginx = wrk(nginxUrl, null, seconds);
      ours.add(server);
      theirs.add(nginx);
      ratios.add(server / nginx);
      System.out.printf("%-16s round %d: GridScape %.0f req/s, nginx %.0f req/s: %.0f%% of nginx%n", what, round + 1,
          server, nginx, 100 * server / nginx);
    }
    double bestOurs = Collections.max(ours);
    double bestTheirs = Collections.max(theirs);
    System.out.printf("%-16s best of %d: GridScape %.0f req/s, nginx %.0f req/s: %.0f%% of nginx "
        + "(median of the rounds' ratios %.0f%%)%n", what, ROUNDS, bestOurs, bestTheirs, 100 * bestOurs / bestTheirs,
        100 * median(ratios));
  }

  /** Requests per second that wrk measured (2 threads, 32 connections). */
  private static double wrk(String url, String header, int seconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + seconds + "s"));
    if (header != null) {
      command.addAll(List.of("-H", header));
    }
    command.add(url);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
    if (!m.find() || output.contains("Non-2xx")) {
      throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String login(String origin) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("username", "admin").put("password", "bench-admin-password").encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).getString("token");
  }

  private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> getBytes(String url, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  private static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
