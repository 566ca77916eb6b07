package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer cache keeps to its byte budget, evicting the least recently served bodies first. */
class LayerCacheTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabases.Kind.H2);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CachedBody get(LayerCache cache, String key, AtomicInteger built) {
    return LayerData.await(cache.get(key, List.of(Layers.GRIDS), () -> {
      built.incrementAndGet();
      // 100 incompressible-enough bytes: identity only (below the gzip threshold).
      return Future.succeededFuture(Buffer.buffer(key.repeat(100 / key.length() + 1).substring(0, 100)));
    }));
  }

  @Test
  void staysWithinItsBudgetAndKeepsWhatIsServed() throws InterruptedException {
    // Room for ten 100-byte bodies; eviction goes down to 90% of the budget.
    LayerCache cache = new LayerCache(new FeatureStore(server.server().context().db()), Duration.ofMinutes(1), 1000);
    AtomicInteger built = new AtomicInteger();
    for (int i = 0; i < 10; i++) {
      get(cache, "k" + i, built);
      Thread.sleep(2); // usage times are kept to the millisecond
    }
    assertThat(cache.size()).isEqualTo(10);
    assertThat(built.get()).isEqualTo(10);
    Thread.sleep(2);
    get(cache, "k0", built); // served again: now the most recent
    assertThat(built.get()).isEqualTo(10);
    Thread.sleep(2);
    get(cache, "k10", built); // over budget: the least recently served go
    assertThat(built.get()).isEqualTo(11);
    assertThat(cache.size()).isLessThanOrEqualTo(9);
    get(cache, "k0", built);
    get(cache, "k10", built);
    assertThat(built.get()).as("recently served bodies stay").isEqualTo(11);
    get(cache, "k1", built);
    assertThat(built.get()).as("the eldest was evicted").isEqualTo(12);
    // A body larger than the whole budget is served but not kept.
    CachedBody big = LayerData.await(cache.get("big", List.of(Layers.GRIDS),
        () -> Future.succeededFuture(Buffer.buffer(new byte[2000]))));
    assertThat(big.identity().length()).isEqualTo(2000);
    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }
}
