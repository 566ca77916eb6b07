package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.testing.ReplicaDatabases.await;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.SharedClock;
import org.gridscape.server.testing.MovableClock;
import org.gridscape.server.testing.ReplicaDatabases;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * API-key token buckets on H2 and PostgreSQL, through two separately opened databases over one (two
 * replicas): both take from one bucket per key. Time comes from a test clock.
 */
class RateLimiterContractTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T08:00:00Z"));

  private RateLimiter limiter(Database db) {
    return new RateLimiter(db, SharedClock.of(clock));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void bothReplicasTakeFromOneBucketThatRefillsAtTheRate(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      RateLimiter a = limiter(replicas.get(0));
      RateLimiter b = limiter(replicas.get(1));
      for (int i = 0; i < 6; i++) {
        assertThat(await((i % 2 == 0 ? a : b).acquire("k", 6))).as("request %d", i).isZero();
      }
      // 6 a minute refill one every 10 s.
      assertThat(await(a.acquire("k", 6))).isEqualTo(10);
      clock.advance(Duration.ofSeconds(4));
      assertThat(await(b.acquire("k", 6))).isEqualTo(6);
      clock.advance(Duration.ofSeconds(6));
      assertThat(await(a.acquire("k", 6))).isZero();
      assertThat(await(b.acquire("k", 6))).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void keysHaveTheirOwnBucketsAndRefillNoHigherThanTheRate(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      RateLimiter a = limiter(replicas.get(0));
      RateLimiter b = limiter(replicas.get(1));
      assertThat(await(a.acquire("a", 2))).isZero();
      assertThat(await(b.acquire("a", 2))).isZero();
      assertThat(await(a.acquire("a", 2))).isEqualTo(30);
      assertThat(await(b.acquire("b", 2))).isZero();
      clock.advance(Duration.ofHours(1));
      assertThat(await(b.acquire("a", 2))).isZero();
      assertThat(await(a.acquire("a", 2))).isZero();
      assertThat(await(b.acquire("a", 2))).isPositive();
      // A rate of 100,000 a minute (the most a key may have) is a period of 600 microseconds.
      for (int i = 0; i < 100; i++) {
        assertThat(await((i % 2 == 0 ? a : b).acquire("fast", 100_000))).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void parallelRequestsOnBothReplicasGetExactlyTheBudget(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      RateLimiter a = limiter(replicas.get(0));
      RateLimiter b = limiter(replicas.get(1));
      List<Future<Long>> requests = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        requests.add((i % 2 == 0 ? a : b).acquire("shared", 30));
      }
      long allowed = 0;
      for (Future<Long> request : requests) {
        allowed += await(request) == 0 ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(30);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aRefusedKeyIsRefusedLocallyUntilItsBucketRefills(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      RateLimiter a = limiter(replicas.get(0));
      assertThat(await(a.acquire("k", 1))).isZero();
      assertThat(await(a.acquire("k", 1))).isEqualTo(60);
      long seen = lastSeen(replicas.get(0), "k");
      clock.advance(Duration.ofSeconds(20));
      // Refused without a statement: the row was last written at the refusal.
      assertThat(await(a.acquire("k", 1))).isEqualTo(40);
      assertThat(lastSeen(replicas.get(1), "k")).isEqualTo(seen);
      clock.advance(Duration.ofSeconds(40));
      assertThat(await(a.acquire("k", 1))).isZero();
      assertThat(lastSeen(replicas.get(1), "k")).isGreaterThan(seen);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void idleBucketsArePruned(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      RateLimiter a = limiter(replicas.get(0));
      for (int i = 0; i < 50; i++) {
        await(a.acquire("key-" + i, 60));
      }
      clock.advance(Duration.ofMinutes(30));
      assertThat(await(a.prune())).isZero();
      clock.advance(Duration.ofMinutes(31));
      assertThat(await(limiter(replicas.get(1)).prune())).isEqualTo(50);
      // A pruned bucket is a full one.
      assertThat(await(a.acquire("key-0", 1))).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void rejectsANonPositiveRate(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 1)) {
      assertThat(limiter(replicas.get(0)).acquire("k", 0).failed()).isTrue();
    }
  }

  @Test
  void onPostgresqlTheBucketsAreAnUnloggedTable() throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(TestDatabases.Kind.POSTGRESQL, 1)) {
      assertThat(await(replicas.get(0).query("SELECT CAST(relpersistence AS VARCHAR) FROM pg_class"
          + " WHERE oid = CAST('api_key_rate' AS regclass)")).iterator().next().getString(0)).isEqualTo("u");
    }
  }

  private static long lastSeen(Database db, String keyId) throws Exception {
    return await(db.query("SELECT last_seen_us FROM api_key_rate WHERE key_id = ?", Tuple.of(keyId)))
        .iterator().next().getLong(0);
  }
}
