package org.gridscape.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away behind a TCP proxy while the server runs: /health says DOWN, data requests
 * answer 503 JSON quickly instead of hanging, and once the database is back the same server serves
 * again, without a restart. Two kinds of outage: connections refused (the database is down) and a
 * black hole (the database host stops answering).
 */
@Tag("slow")
class DatabaseOutageTest {

  /**
   * How fast a request must be answered while the database is gone: refused connections fail at
   * once; a statement sent to a database that stopped answering fails after the server's 10 s
   * statement bound (store.Database), and requests that wait for a pooled connection after 5 s.
   */
  private static final long REFUSED_MILLIS = 6_000;
  private static final long HUNG_MILLIS = 12_000;
  private static final List<String> DATA = List.of("/api/v1/grids?village=" + SmallVillage.VILLAGE, "/api/v1/stats",
      "/ogc/collections/grids/items", "/api/v1/grids/" + SmallVillage.WEST);

  private TcpProxy proxy;
  private TestServer server;
  private SmallVillage village;

  @BeforeEach
  void start() throws Exception {
    proxy = new TcpProxy("127.0.0.1", 5432);
    server = TestServer.start(TestDatabases.Kind.POSTGRESQL, c -> new ServerConfig(c.host(), c.port(), c.dataDir(),
        c.dbUrl().replace("@127.0.0.1:5432/", "@127.0.0.1:" + proxy.port() + "/"), c.adminPassword(), c.tokenTtl(),
        c.maxUploadBytes(), c.corsOrigins(), c.dbPoolSize()));
    village = SmallVillage.load(server);
    for (String path : DATA) {
      assertThat(server.get(path, village.admin).statusCode()).as(path).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void refusedConnections() throws Exception {
    proxy.refuse();
    assertUnavailable(REFUSED_MILLIS, 2);
    proxy.restore();
    assertRecovered();
  }

  @Test
  void databaseStopsAnswering() throws Exception {
    proxy.blackhole();
    assertUnavailable(HUNG_MILLIS, 1);
    proxy.restore();
    assertRecovered();
  }

  private void assertUnavailable(long bound, int rounds) {
    SmallVillage.sleep(1_500); // past the one-second cache of OGC pages
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      HttpResponse<String> health = server.get("/health", null);
      assertThat(millisSince(start)).as("/health answered quickly").isLessThan(REFUSED_MILLIS);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DOWN");
      for (String path : DATA) {
        start = System.nanoTime();
        HttpResponse<String> r = server.get(path, village.admin);
        long millis = millisSince(start);
        System.out.printf("database gone: %s -> %d in %d ms%n", path, r.statusCode(), millis);
        assertThat(millis).as(path + " answered quickly").isLessThan(bound);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("unavailable");
        assertThat(body.getString("message")).contains("database");
      }
    }
  }

  private void assertRecovered() {
    long start = System.nanoTime();
    long deadline = start + 30_000_000_000L;
    while (server.get("/health", null).statusCode() != 200) {
      assertThat(System.nanoTime()).as("/health UP again within 30 s").isLessThan(deadline);
      SmallVillage.sleep(200);
    }
    for (String path : DATA) {
      HttpResponse<String> r = server.get(path, village.admin);
      while (r.statusCode() != 200 && System.nanoTime() < deadline) {
        SmallVillage.sleep(200);
        r = server.get(path, village.admin);
      }
      assertThat(r.statusCode()).as(path + " after the database returned: " + r.body()).isEqualTo(200);
    }
    System.out.printf("database back: all requests 200 after %d ms%n", millisSince(start));
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
