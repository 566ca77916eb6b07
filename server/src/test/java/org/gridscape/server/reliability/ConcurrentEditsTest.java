package org.gridscape.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No lost update: many clients edit the same grids at once, each sending the version it read as
 * If-Match. Per version exactly one write wins; the others get 412 (or 409) naming the conflict; the
 * final version is the initial one plus the successful writes, and the history has one row per
 * success, with the last write's content stored.
 */
class ConcurrentEditsTest {

  private static final int CLIENTS = 8;
  private static final int ATTEMPTS = 12;

  record Outcome(String client, int status, int readVersion, int newVersion, String name, String body) {}

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void concurrentEditsOfTheSameGridsLoseNothing(TestDatabases.Kind kind) throws Exception {
    try (TestServer server = TestServer.start(kind)) {
      SmallVillage village = SmallVillage.load(server);
      for (String code : SmallVillage.gridCodes()) {
        editConcurrently(server, village.admin, code);
      }
    }
  }

  private static void editConcurrently(TestServer server, String token, String code) throws Exception {
    JsonObject initial = new JsonObject(server.get("/api/v1/grids/" + code + "?revision=draft", token).body());
    int startVersion = initial.getJsonObject("properties").getInteger("version");
    int startHistory = history(server, token, code).size();
    String geometry = initial.getJsonObject("geometry").encode();

    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String client = "c" + c;
      clients.add(pool.submit(() -> {
        go.await();
        for (int a = 0; a < ATTEMPTS; a++) {
          HttpResponse<String> read = server.get("/api/v1/grids/" + code + "?revision=draft", token);
          int version = new JsonObject(read.body()).getJsonObject("properties").getInteger("version");
          String etag = read.headers().firstValue("ETag").orElseThrow();
          String name = "网格 " + client + "-" + a;
          String body = "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\"},\"geometry\":" + geometry + "}";
          HttpResponse<String> write = server.send(server.request("/api/v1/grids/" + code, token)
              .header("If-Match", etag).header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
          int newVersion = write.statusCode() == 200
              ? new JsonObject(write.body()).getJsonObject("properties").getInteger("version") : -1;
          outcomes.add(new Outcome(client, write.statusCode(), version, newVersion, name, write.body()));
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : clients) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    List<Outcome> wins = outcomes.stream().filter(o -> o.status() == 200).toList();
    List<Outcome> losses = outcomes.stream().filter(o -> o.status() != 200).toList();
    assertThat(outcomes).hasSize(CLIENTS * ATTEMPTS);
    assertThat(wins).as("some writes succeed").isNotEmpty();
    assertThat(losses).as("with %d clients some writes meet a newer version", CLIENTS).isNotEmpty();
    for (Outcome loss : losses) {
      assertThat(loss.status()).as(loss.body()).isIn(409, 412);
      JsonObject error = new JsonObject(loss.body());
      assertThat(error.getString("error")).isIn("precondition_failed", "conflict");
      assertThat(error.getString("message")).as("names the conflict").containsAnyOf("version", "changed", code);
    }
    // exactly one winner per version read, and each win makes the next version
    Map<Integer, List<Outcome>> winsByRead = new TreeMap<>();
    for (Outcome win : wins) {
      winsByRead.computeIfAbsent(win.readVersion(), v -> new ArrayList<>()).add(win);
      assertThat(win.newVersion()).isEqualTo(win.readVersion() + 1);
    }
    winsByRead.forEach((version, list) -> assertThat(list).as("winners from version %d", version).hasSize(1));
    Map<Integer, Boolean> newVersions = new ConcurrentHashMap<>();
    wins.forEach(w -> assertThat(newVersions.put(w.newVersion(), true)).as("version %d made twice", w.newVersion())
        .isNull());

    JsonObject last = new JsonObject(server.get("/api/v1/grids/" + code + "?revision=draft", token).body());
    int finalVersion = last.getJsonObject("properties").getInteger("version");
    assertThat(finalVersion).as("final version = start + successful writes").isEqualTo(startVersion + wins.size());
    Outcome lastWin = wins.stream().filter(w -> w.newVersion() == finalVersion).findFirst().orElseThrow();
    assertThat(last.getJsonObject("properties").getString("name")).as("the last write is what is stored")
        .isEqualTo(lastWin.name());
    // The writes went to the village's draft: the published grid and its history wait for publish.
    assertThat(history(server, token, code).size()).as("no history before publish").isEqualTo(startHistory);
    assertThat(new JsonObject(server.get("/api/v1/grids/" + code, token).body()).getJsonObject("properties")
        .getInteger("version")).as("published version").isLessThan(finalVersion);
    System.out.printf("%s %s: %d clients x %d attempts: %d won, %d refused (412/409), version %d -> %d%n",
        server.server().context().db().kind().label(), code, CLIENTS, ATTEMPTS, wins.size(), losses.size(),
        startVersion, finalVersion);
  }

  private static JsonArray history(TestServer server, String token, String code) {
    HttpResponse<String> r = server.get("/api/v1/grids/" + code + "/history", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("history");
  }
}
