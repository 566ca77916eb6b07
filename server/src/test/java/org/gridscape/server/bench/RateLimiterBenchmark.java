package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.gridscape.server.auth.UserStore;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.ogc.RateLimiter;
import org.gridscape.server.store.Database;

/**
 * What the API-key rate limit costs per request now that it counts in the database: the limiter's
 * one statement beside a bare {@code SELECT 1} and the API-key lookup that every key request
 * already makes ({@code UserStore.findApiKey}, by primary key). Sequential latency (p50, p99) and
 * throughput with 64 requests in flight, on the pool a server uses (8 connections). On PostgreSQL
 * also with the table LOGGED, to show what its flush of the write-ahead log at each commit costs.
 *
 * <p>{@code RateLimiterBenchmark [DB_URL|h2] [SECONDS]}: without a URL, or with {@code h2}, the
 * embedded database in a temporary directory.
 */
public final class RateLimiterBenchmark {

  private static final int SEQUENTIAL = 5_000;
  private static final int IN_FLIGHT = 64;
  private static final int KEYS = 1_000;

  private RateLimiterBenchmark() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 && !args[0].equals("h2") ? args[0] : null;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("gridscape-bench-rate-");
    ServerConfig defaults = ServerConfig.forTest(dir, url);
    ServerConfig config = new ServerConfig(defaults.host(), 0, dir, url, "bench-password", defaults.tokenTtl(),
        defaults.maxUploadBytes(), defaults.corsOrigins(), 8, false, 2, defaults.onlineBasemaps());
    Database db = await(Database.open(vertx, config));
    try {
      UserStore users = new UserStore(db);
      RateLimiter limiter = new RateLimiter(db);
      AtomicLong n = new AtomicLong();
      System.out.printf(Locale.ROOT, "%s, %d s per concurrent run, load average %s%n", db.kind().label(), seconds,
          Files.readString(Path.of("/proc/loadavg")).trim());
      run("SELECT 1", () -> db.query("SELECT 1").mapEmpty(), seconds);
      run("findApiKey (lookup by key)", () -> users.findApiKey("k" + n.incrementAndGet() % KEYS).mapEmpty(), seconds);
      // 1,000 keys at 100,000 a minute: every request allowed, as for a key within its limit.
      run("RateLimiter.acquire, allowed", () -> limiter.acquire("k" + n.incrementAndGet() % KEYS, 100_000)
          .map(wait -> {
            if (wait != 0) {
              throw new IllegalStateException("refused");
            }
            return null;
          }), seconds);
      // One key at 1 a minute: refused, and after the first refusal without a statement.
      run("RateLimiter.acquire, refused", () -> limiter.acquire("over-limit", 1).mapEmpty(), seconds);
      if (db.kind() == Database.Kind.POSTGRESQL) {
        // What the UNLOGGED table saves: a logged one flushes the write-ahead log at every commit.
        await(db.query("ALTER TABLE api_key_rate SET LOGGED"));
        try {
          run("  same, table LOGGED", () -> limiter.acquire("k" + n.incrementAndGet() % KEYS, 100_000).mapEmpty(),
              seconds);
        } finally {
          await(db.query("ALTER TABLE api_key_rate SET UNLOGGED"));
        }
      }
    } finally {
      await(db.close());
      await(vertx.close());
    }
  }

  private static void run(String what, Supplier<Future<Object>> call, int seconds) throws Exception {
    for (int i = 0; i < 2_000; i++) {
      await(call.get());
    }
    long[] micros = new long[SEQUENTIAL];
    for (int i = 0; i < SEQUENTIAL; i++) {
      long start = System.nanoTime();
      await(call.get());
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong done = new AtomicLong();
    Future<?>[] lanes = new Future<?>[IN_FLIGHT];
    long start = System.nanoTime();
    for (int i = 0; i < IN_FLIGHT; i++) {
      Promise<Void> lane = Promise.promise();
      lane(call, deadline, done, lane);
      lanes[i] = lane.future();
    }
    for (Future<?> lane : lanes) {
      await(lane);
    }
    double perSecond = done.get() / ((System.nanoTime() - start) / 1e9);
    System.out.printf(Locale.ROOT, "%-30s sequential p50 %5d us, p99 %5d us; %d in flight: %,8.0f /s%n", what,
        micros[SEQUENTIAL / 2], micros[SEQUENTIAL * 99 / 100], IN_FLIGHT, perSecond);
  }

  /** Calls one after the other until the deadline; answers found at once (no statement) loop, not nest. */
  private static void lane(Supplier<Future<Object>> call, long deadline, AtomicLong done, Promise<Void> lane) {
    while (System.nanoTime() - deadline < 0) {
      Future<Object> next = call.get();
      if (!next.isComplete()) {
        next.onSuccess(ignored -> {
          done.incrementAndGet();
          lane(call, deadline, done, lane);
        }).onFailure(lane::fail);
        return;
      }
      if (next.failed()) {
        lane.fail(next.cause());
        return;
      }
      done.incrementAndGet();
    }
    lane.complete();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
