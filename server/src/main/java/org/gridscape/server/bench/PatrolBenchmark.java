package org.gridscape.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.gridscape.server.GridScapeServer;

/**
 * {@code ./gridscape bench patrols}: the two patrol figures of BENCHMARKS.md over HTTP against a
 * server with the sample district loaded (its month of patrols included). Coverage: {@code GET
 * /api/v1/patrols/stats} of the whole district for the sample's month, every round timed (wall time
 * and the server's own computedInMs). Ingest: {@code --patrols} patrols at once, each sending its
 * positions in batches of {@code --batch} to {@code POST /api/v1/patrols/{id}/points}; points stored
 * per second of wall time. Run it under {@code taskset -c 0} for the one-core figure.
 */
public final class PatrolBenchmark {

  /** @param points positions per ingest round; @param batch positions per request; @param patrols patrols sending at once */
  public record Options(int rounds, int points, int batch, int patrols) {
    public Options {
      if (rounds < 1 || points < 1 || batch < 1 || batch > 1000 || patrols < 1) {
        throw new IllegalArgumentException("rounds, points, patrols >= 1 and batch 1..1000");
      }
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String WALKER = "bench-walker";
  private static final String WALKER_PASSWORD = "bench-walker-password-2026";

  private PatrolBenchmark() {}

  public static void run(GridScapeServer server, Options o, PrintStream out) throws Exception {
    String origin = "http://127.0.0.1:" + server.port();
    String admin = CityBenchmark.login(origin);
    CityBenchmark.awaitIdle(origin, admin);
    coverage(origin, admin, o.rounds(), out);
    ingest(origin, admin, o, out);
  }

  private static void coverage(String origin, String admin, int rounds, PrintStream out) throws Exception {
    String url = origin + "/api/v1/patrols/stats?from=2026-10-28&to=2026-11-26";
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin)
          .timeout(Duration.ofMinutes(5)).GET().build());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("stats: " + r.statusCode() + " " + r.body());
      }
      JsonObject stats = new JsonObject(r.body());
      JsonArray grids = stats.getJsonArray("grids");
      int high = 0;
      int low = 0;
      for (int g = 0; g < grids.size(); g++) {
        Double share = grids.getJsonObject(g).getDouble("coverage");
        high += share != null && share >= 0.95 ? 1 : 0;
        low += share != null && share < 0.5 ? 1 : 0;
      }
      JsonObject s = stats.getJsonObject("summary");
      millis.add(ms);
      out.printf(Locale.ROOT, "  coverage %d: %d ms wall (%d ms in the server, of which reading %d ms), %d grids (%d at >= 95%%, %d below 50%%),"
          + " %d tracks, %d segments, district roads %.1f%% / buildings %.1f%%, %d workers%n", i + 1, ms,
          stats.getLong("computedInMs"), stats.getLong("readInMs"), grids.size(), high, low, stats.getInteger("tracks"),
          stats.getInteger("segments"), 100 * s.getDouble("coverage"), 100 * s.getDouble("buildingCoverage"),
          stats.getJsonArray("workers").size());
    }
    out.printf(Locale.ROOT, "coverage of the district for a month: median %d ms (%d rounds)%n", Measures.median(millis),
        rounds);
  }

  private static void ingest(String origin, String admin, Options o, PrintStream out) throws Exception {
    JsonObject grid = firstGrid(origin, admin);
    String code = grid.getJsonObject("properties").getString("code");
    double[] box = bbox(grid.getJsonObject("geometry"));
    HttpResponse<String> created = send(json(origin + "/api/v1/users", admin, new JsonObject().put("username", WALKER)
        .put("password", WALKER_PASSWORD).put("roles", new JsonArray().add("gridworker"))
        .put("scopes", new JsonArray().add(code))));
    if (created.statusCode() != 201 && created.statusCode() != 409) {
      throw new IllegalStateException("user: " + created.statusCode() + " " + created.body());
    }
    String token = CityBenchmark.loginAs(origin, WALKER, WALKER_PASSWORD);
    Random random = new Random(42);
    List<Double> rates = new ArrayList<>();
    for (int round = 0; round < o.rounds(); round++) {
      List<String> ids = new ArrayList<>();
      for (int p = 0; p < o.patrols(); p++) {
        String id = "bench-" + System.nanoTime() + "-" + p;
        HttpResponse<String> r = send(json(origin + "/api/v1/patrols", token, new JsonObject().put("id", id)
            .put("grid", code)));
        if (r.statusCode() != 201) {
          throw new IllegalStateException("start: " + r.statusCode() + " " + r.body());
        }
        ids.add(id);
      }
      // the bodies are made before the clock starts: the figure is the server's
      int perPatrol = o.points() / o.patrols();
      List<List<String>> bodies = new ArrayList<>();
      OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(perPatrol + 3600L);
      for (int p = 0; p < o.patrols(); p++) {
        List<String> mine = new ArrayList<>();
        double lon = (box[0] + box[2]) / 2;
        double lat = (box[1] + box[3]) / 2;
        for (int from = 0; from < perPatrol; from += o.batch()) {
          JsonArray points = new JsonArray();
          for (int i = from; i < Math.min(perPatrol, from + o.batch()); i++) {
            lon = Math.max(box[0], Math.min(box[2], lon + (random.nextDouble() - 0.5) * 0.0002));
            lat = Math.max(box[1], Math.min(box[3], lat + (random.nextDouble() - 0.5) * 0.0002));
            points.add(new JsonObject().put("id", Integer.toString(i + 1)).put("t", t0.plusSeconds(i).toString())
                .put("lon", lon).put("lat", lat).put("accuracy", 5));
          }
          mine.add(new JsonObject().put("points", points).encode());
        }
        bodies.add(mine);
      }
      long start = System.nanoTime();
      List<CompletableFuture<Long>> sending = new ArrayList<>();
      for (int p = 0; p < o.patrols(); p++) {
        String url = origin + "/api/v1/patrols/" + ids.get(p) + "/points";
        List<String> mine = bodies.get(p);
        sending.add(CompletableFuture.supplyAsync(() -> {
          long stored = 0;
          for (String body : mine) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer "
                + token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofMinutes(2)).build());
            if (r.statusCode() != 200) {
              throw new IllegalStateException("points: " + r.statusCode() + " " + r.body());
            }
            stored += new JsonObject(r.body()).getInteger("stored");
          }
          return stored;
        }));
      }
      long stored = 0;
      for (CompletableFuture<Long> f : sending) {
        stored += f.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = stored / seconds;
      rates.add(rate);
      out.printf(Locale.ROOT, "  ingest %d: %d points in %.2f s = %.0f points/s (%d patrols at once, %d per request)%n",
          round + 1, stored, seconds, rate, o.patrols(), o.batch());
    }
    rates.sort(null);
    out.printf(Locale.ROOT, "ingest: median %.0f points/s (%d rounds)%n", rates.get(rates.size() / 2), o.rounds());
  }

  private static JsonObject firstGrid(String origin, String token) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(origin
        + "/api/v1/grids?bbox=118.55,24.80,118.95,25.12")).header("Authorization", "Bearer " + token).GET().build());
    JsonArray features = new JsonObject(r.body()).getJsonArray("features");
    if (features == null || features.isEmpty()) {
      throw new IllegalStateException("no published grid: load the sample district first");
    }
    return features.getJsonObject(0);
  }

  private static double[] bbox(JsonObject geometry) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    visit(geometry.getJsonArray("coordinates"), b);
    // a little inside, so the walk stays in the grid's box
    double dx = (b[2] - b[0]) * 0.2;
    double dy = (b[3] - b[1]) * 0.2;
    return new double[] {b[0] + dx, b[1] + dy, b[2] - dx, b[3] - dy};
  }

  private static void visit(JsonArray a, double[] b) {
    if (!a.isEmpty() && a.getValue(0) instanceof Number) {
      b[0] = Math.min(b[0], a.getDouble(0));
      b[1] = Math.min(b[1], a.getDouble(1));
      b[2] = Math.max(b[2], a.getDouble(0));
      b[3] = Math.max(b[3], a.getDouble(1));
      return;
    }
    for (int i = 0; i < a.size(); i++) {
      visit(a.getJsonArray(i), b);
    }
  }

  private static HttpRequest json(String url, String token, JsonObject body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
