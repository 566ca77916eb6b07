package org.gridscape.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.testing.ReplicaDatabases.await;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.SharedClock;
import org.gridscape.server.testing.MovableClock;
import org.gridscape.server.testing.ReplicaDatabases;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sign-in throttle on H2 and PostgreSQL, through two separately opened databases over one (two
 * replicas): they count the same failures. Time comes from a test clock.
 */
class SignInThrottleContractTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T08:00:00Z"));

  private SignInThrottle throttle(Database db) {
    return new SignInThrottle(db, SignInThrottle.Settings.defaults(), SharedClock.of(clock));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void fiveFailuresForANameThroughEitherReplicaLockItUntilTheWindowIsOver(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      SignInThrottle a = throttle(replicas.get(0));
      SignInThrottle b = throttle(replicas.get(1));
      for (int i = 0; i < 5; i++) {
        // failures at 0..4 min, alternately through A and B, each from another address
        assertThat(await((i % 2 == 0 ? a : b).begin("alice", "10.0.0." + i))).as("attempt %d", i + 1).isEmpty();
        clock.advance(Duration.ofMinutes(1));
      }
      // Locked until 15 min after the first failure, on both replicas, whatever the case of the name.
      assertThat(await(b.begin("Alice", "10.0.1.1"))).hasValue(10 * 60);
      assertThat(await(a.begin("alice", "10.0.1.2"))).hasValue(10 * 60);
      assertThat(await(a.begin("bob", "10.0.1.1"))).as("another name from the same address").isEmpty();
      clock.advance(Duration.ofMinutes(10).minusSeconds(1));
      assertThat(await(b.begin("alice", "10.0.1.3"))).hasValue(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(await(b.begin("alice", "10.0.1.3"))).as("a new series").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void fiveFailuresFromAnAddressLockItForEveryName(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      SignInThrottle a = throttle(replicas.get(0));
      SignInThrottle b = throttle(replicas.get(1));
      for (int i = 0; i < 5; i++) {
        assertThat(await((i % 2 == 0 ? a : b).begin("guess" + i, "192.0.2.7"))).isEmpty();
      }
      assertThat(await(b.begin("admin", "192.0.2.7"))).hasValue(15 * 60);
      // Refused attempts are not failures: carol's name was not counted while the address was locked.
      for (int i = 0; i < 10; i++) {
        assertThat(await(a.begin("carol", "192.0.2.7"))).isPresent();
      }
      for (int i = 0; i < 5; i++) {
        assertThat(await(b.begin("carol", "198.51.100." + i))).as("carol elsewhere, attempt %d", i + 1).isEmpty();
      }
      assertThat(await(a.begin("carol", "198.51.100.99"))).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aSuccessOnOneReplicaClearsTheNameAndTheAddressForAll(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      SignInThrottle a = throttle(replicas.get(0));
      SignInThrottle b = throttle(replicas.get(1));
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
          assertThat(await(a.begin("dave", "10.1.1.1"))).isEmpty();
        }
        // The right password: begun (a fifth attempt) and found right on B.
        assertThat(await(b.begin("dave", "10.1.1.1"))).as("round %d", round).isEmpty();
        await(b.succeeded("dave", "10.1.1.1"));
      }
      assertThat(keys(replicas.get(0))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void parallelAttemptsOnBothReplicasCannotPassTheLimit(TestDatabases.Kind kind) throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      SignInThrottle a = throttle(replicas.get(0));
      SignInThrottle b = throttle(replicas.get(1));
      List<Future<OptionalLong>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        attempts.add((i % 2 == 0 ? a : b).begin("erin", "203.0.113." + i));
      }
      long allowed = 0;
      for (Future<OptionalLong> attempt : attempts) {
        allowed += await(attempt).isEmpty() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aFloodOfMadeUpNamesLeavesOneHashedRowPerKeyAndIsPrunedAfterTheWindow(TestDatabases.Kind kind)
      throws Exception {
    try (ReplicaDatabases replicas = ReplicaDatabases.open(kind, 2)) {
      SignInThrottle a = throttle(replicas.get(0));
      for (int i = 0; i < 500; i++) {
        await(a.begin("made-up-" + i, "192.0.2." + (i % 100)));
      }
      // One row per name and per address tried (500 + 100), holding a hash, not the name or address.
      List<String> keys = keys(replicas.get(1));
      assertThat(keys).hasSize(600).allMatch(k -> k.matches("[0-9a-f]{64}"));
      clock.advance(Duration.ofMinutes(14));
      assertThat(await(a.prune())).isZero();
      clock.advance(Duration.ofMinutes(1));
      assertThat(await(throttle(replicas.get(1)).prune())).isEqualTo(keys.size());
      assertThat(keys(replicas.get(0))).isEmpty();
    }
  }

  private static List<String> keys(Database db) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Row row : await(db.query("SELECT throttle_key FROM sign_in_throttle"))) {
      keys.add(row.getString(0));
    }
    return keys;
  }
}
