package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;

/**
 * {@code bench changes}: delivery latency of the change feed. A server (embedded H2, or PostgreSQL
 * with --db-url) and {@code subscribers} Server-Sent-Event streams of the administrator; then, per
 * round, {@code writes} district-mode switches one after another. Each delivery's latency is from
 * the entry's time (taken in its transaction, just before the commit) to its arrival at the
 * subscriber, on the same clock; reported as p50, p99 and max per round, with deliveries missed.
 */
public final class ChangeFeedBenchmark {

  /** @param intervalMillis pause between two writes */
  public record Options(Path workDir, String dbUrl, int subscribers, int rounds, int writes, int intervalMillis) {
    public Options {
      if (subscribers < 1 || rounds < 1 || writes < 1 || intervalMillis < 0) {
        throw new IllegalArgumentException("subscribers, rounds and writes must be at least 1, interval at least 0");
      }
    }
  }

  private static final String PASSWORD = "bench-changes-password";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private ChangeFeedBenchmark() {}

  public static void run(Options options, PrintStream out) throws Exception {
    Files.createDirectories(options.workDir());
    ServerConfig config = new ServerConfig("127.0.0.1", 0, options.workDir(), options.dbUrl(), PASSWORD,
        Duration.ofHours(4), 64L << 20, List.of(), 8, false);
    GridScapeServer server = GridScapeServer.start(config).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.MINUTES);
    Vertx clients = Vertx.vertx();
    try {
      String origin = "http://127.0.0.1:" + server.port();
      String token = CityBenchmark.login(origin, PASSWORD);
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicLong delivered = new AtomicLong();
      HttpClient http = clients.createHttpClient(new HttpClientOptions(),
          new PoolOptions().setHttp1MaxSize(options.subscribers() + 1));
      List<Future<Void>> opened = new ArrayList<>();
      for (int i = 0; i < options.subscribers(); i++) {
        opened.add(subscribe(http, server.port(), token, latencies, delivered));
      }
      Future.all(opened).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      out.printf(Locale.ROOT, "change feed: %s database, %d SSE subscribers, %d writes per round, %d ms apart%n",
          server.context().db().kind().label(), options.subscribers(), options.writes(), options.intervalMillis());
      for (int round = 1; round <= options.rounds(); round++) {
        latencies.clear();
        delivered.set(0);
        long expected = (long) options.subscribers() * options.writes();
        for (int w = 0; w < options.writes(); w++) {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/district/mode"))
              .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject()
                  .put("mode", w % 2 == 0 ? "wartime" : "peacetime").put("reason", "bench").encode())).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("write failed: " + r.statusCode() + " " + r.body());
          }
          Thread.sleep(options.intervalMillis());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        List<Long> micros;
        synchronized (latencies) {
          micros = new ArrayList<>(latencies);
        }
        out.printf(Locale.ROOT, "round %d: %d of %d deliveries, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            round, delivered.get(), expected, Measures.percentile(micros, 0.5) / 1000.0,
            Measures.percentile(micros, 0.99) / 1000.0, Measures.percentile(micros, 1.0) / 1000.0);
      }
      out.printf(Locale.ROOT, "process peak RSS %s%n", Measures.peakRss());
    } finally {
      clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      server.stopAndWait();
    }
  }

  /** Opens one stream from now on; every entry's latency goes to {@code latencies} (microseconds). */
  private static Future<Void> subscribe(HttpClient http, int port, String token, List<Long> latencies,
      AtomicLong delivered) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/changes/stream").putHeader("Authorization", "Bearer " + token))
        .compose(request -> request.send()).map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("stream refused: " + response.statusCode());
          }
          StringBuilder pending = new StringBuilder();
          response.handler(chunk -> {
            Instant arrived = Instant.now();
            pending.append(chunk.toString());
            for (int end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
              String event = pending.substring(0, end);
              pending.delete(0, end + 2);
              int data = event.indexOf("data: ");
              if (data >= 0) {
                Instant at = Instant.parse(new JsonObject(event.substring(data + 6)).getString("at"));
                latencies.add(Duration.between(at, arrived).toNanos() / 1000);
                delivered.incrementAndGet();
              }
            }
          });
          return null;
        });
  }
}
