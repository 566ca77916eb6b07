package org.gridscape.server.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.gridscape.server.testing.TwoGridVillage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The change feed end to end on one small server (the two-grid village of {@link TwoGridVillage}):
 * entries in the write's transaction, paging, scopes, no personal values, Server-Sent Events with
 * resume, and signed webhooks with a retry. Run on H2 and PostgreSQL by subclasses.
 */
abstract class ChangeFeedContract {

  static final String PASSWORD = "change-feed-password";
  static final double[] IN_WEST = {118.7010, 24.9615};
  static final double[] IN_EAST = {118.7030, 24.9615};

  private static TestServer server;
  private static String admin;

  static void startOn(TestDatabases.Kind kind) {
    TOKENS.clear();
    server = TestServer.start(kind);
    admin = server.adminToken();
    post("/api/v1/imports/regions", "application/geo+json", TwoGridVillage.regions(), 201);
    post("/api/v1/imports/village-plan?village=" + TwoGridVillage.VILLAGE, "application/geo+json",
        TwoGridVillage.plan(), 201);
    post("/api/v1/imports/grids?village=" + TwoGridVillage.VILLAGE, "application/geo+json", TwoGridVillage.grids(), 201);
    post("/api/v1/villages/" + TwoGridVillage.VILLAGE + "/publish", null, null, 200);
    user("leader-luoyang", "leader", "350521104000");
    user("leader-dongyuan", "leader", "350521105000");
    user("worker-west", "gridworker", TwoGridVillage.WEST);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void writesAppendEntriesInOrderWithTheirVersions() {
    long before = head();
    String west = report(IN_WEST);
    HttpResponse<String> step = server.postJson("/api/v1/events/" + west + "/transitions", admin,
        new JsonObject().put("action", "supervise"));
    assertThat(step.statusCode()).as(step.body()).isEqualTo(200);
    HttpResponse<String> mode = server.send("PUT", "/api/v1/district/mode", admin, "application/json",
        new JsonObject().put("mode", "peacetime").put("reason", "演练结束").encode());
    assertThat(mode.statusCode()).as(mode.body()).isEqualTo(200);

    List<JsonObject> entries = written(admin, before);
    assertThat(entries).extracting(e -> e.getString("kind") + " " + e.getString("id") + " " + e.getString("region")
        + " " + e.getValue("version")).containsExactly(
            "event " + west + " " + TwoGridVillage.WEST + " 1",
            "event " + west + " " + TwoGridVillage.WEST + " 2",
            "mode district null null");
    assertThat(entries).extracting(e -> e.getLong("seq")).isSorted().doesNotHaveDuplicates();
    assertThat(entries.get(0).getString("at")).endsWith("Z");
  }

  @Test
  void publishingAVillageRecordsItsGridsTheDraftAndTheScenes() throws InterruptedException {
    // the set-up published the village: both grids (version 2: created in the draft, then published), and
    // its draft gone
    List<JsonObject> entries = all(admin, 0);
    assertThat(entries).extracting(e -> e.getString("kind") + " " + e.getString("id") + " " + e.getValue("version"))
        .contains("grid " + TwoGridVillage.WEST + " 2", "grid " + TwoGridVillage.EAST + " 2",
            "draft " + TwoGridVillage.VILLAGE + " null");
    // then the scene service built both grids by itself and published a tree
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (all(admin, 0).stream().filter(e -> e.getString("kind").equals("scene")).map(e -> e.getString("id"))
        .distinct().count() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(all(admin, 0)).filteredOn(e -> e.getString("kind").equals("scene"))
        .extracting(e -> e.getString("id") + " " + e.getString("region"))
        .contains(TwoGridVillage.WEST + " " + TwoGridVillage.WEST, TwoGridVillage.EAST + " " + TwoGridVillage.EAST)
        .allSatisfy(x -> assertThat(x).isNotNull());
  }

  @Test
  void aRefusedOrRolledBackWriteLeavesNoEntry() throws Exception {
    long before = head();
    // refused by the workflow: a grid worker may not supervise
    String id = report(IN_WEST);
    String worker = token("worker-west");
    HttpResponse<String> refused = server.postJson("/api/v1/events/" + id + "/transitions", worker,
        new JsonObject().put("action", "supervise"));
    assertThat(refused.statusCode()).isEqualTo(403);
    // a transaction that appended and then failed
    Database db = server.server().context().db();
    Future<Void> failed = db.inTransaction(tx -> ChangeLog.append(tx, Change.mode())
        .compose(v -> Future.failedFuture(new IllegalStateException("the write failed after its append"))));
    assertThat(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("failed after its append");

    assertThat(written(admin, before)).extracting(e -> e.getString("id")).containsExactly(id);
    // the rolled-back number was not used up: the numbers have no gaps
    List<JsonObject> after = all(admin, before);
    assertThat(after).extracting(e -> e.getLong("seq")).hasSize((int) (head() - before));
  }

  @Test
  void regionUserAndApiKeyWritesAppendEntriesAndRefusedOnesNone() {
    // the set-up imported the regions and created the users
    List<JsonObject> entries = all(admin, 0);
    assertThat(entries).extracting(e -> e.getString("kind") + " " + e.getString("id") + " " + e.getString("region"))
        .contains("region " + TwoGridVillage.VILLAGE + " " + TwoGridVillage.VILLAGE, "user leader-luoyang null",
            "user worker-west null");
    // a refused region import (not GeoJSON) and a refused user (name taken) write nothing
    long before = head();
    HttpResponse<String> badRegions = server.send("POST", "/api/v1/imports/regions", admin, "application/geo+json",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\"}]}");
    assertThat(badRegions.statusCode()).as(badRegions.body()).isBetween(400, 499);
    HttpResponse<String> taken = server.postJson("/api/v1/users", admin, new JsonObject().put("username",
        "worker-west").put("password", PASSWORD).put("roles", new JsonArray().add("leader")));
    assertThat(taken.statusCode()).isEqualTo(409);
    // (scene builds in the background may append scene entries meanwhile)
    assertThat(written(admin, before)).filteredOn(e -> !e.getString("kind").equals("scene")).isEmpty();

    // an API key: its public id, never the key
    user("apiclient-feed", "apiclient");
    HttpResponse<String> created = server.postJson("/api/v1/api-keys", admin, new JsonObject()
        .put("username", "apiclient-feed").put("layers", new JsonArray().add("grids")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = new JsonObject(created.body()).getString("apiKey");
    String keyId = key.split("_")[1];
    List<JsonObject> written = written(admin, before).stream().filter(e -> !e.getString("kind").equals("scene"))
        .toList();
    assertThat(written).extracting(e -> e.getString("kind") + " " + e.getString("id"))
        .containsExactly("user apiclient-feed", "api_key " + keyId);
    // the secret is what follows "gsk_<id>_" (base64url: it may itself hold '_')
    String secret = key.substring(("gsk_" + keyId + "_").length());
    assertThat(secret).isNotEmpty();
    assertThat(written.toString()).doesNotContain(secret);
    // users and keys are for administrators only
    assertThat(all(token("leader-luoyang"), before)).extracting(e -> e.getString("kind"))
        .doesNotContain("user", "api_key");
  }

  @Test
  void anEventPhotoAppendsAnAttachmentEntryInTheEventsGrid() throws Exception {
    String id = report(IN_WEST);
    long before = head();
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", png);
    HttpResponse<String> upload = server.send(server.request("/api/v1/events/" + id + "/attachments", admin)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    // a refused upload (not an image) writes nothing
    HttpResponse<String> refused = server.send(server.request("/api/v1/events/" + id + "/attachments", admin)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofString("not a picture")).build());
    assertThat(refused.statusCode()).isBetween(400, 499);
    assertThat(written(admin, before)).filteredOn(e -> !e.getString("kind").equals("scene"))
        .extracting(e -> e.getString("kind") + " " + e.getString("id") + " "
        + e.getString("region") + " " + e.getValue("version"))
        .containsExactly("attachment " + id + " " + TwoGridVillage.WEST + " 1");
    // a reader of the other township does not see it
    assertThat(written(token("leader-dongyuan"), before)).extracting(e -> e.getString("kind"))
        .doesNotContain("attachment");
  }

  @Test
  void prunedEntriesAreGoneAndAnOlderCursorIsToldSo() {
    Database db = server.server().context().db();
    List<JsonObject> first = page(admin, 0, 3).getJsonArray("changes").stream().map(o -> (JsonObject) o).toList();
    assertThat(first).hasSize(3);
    try {
      await(db.query("UPDATE change_log SET changed_at = ? WHERE seq <= 3",
          io.vertx.sqlclient.Tuple.of(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(40))));
      int pruned = await(server.server().context().changes().retention().pruneNow());
      assertThat(pruned).isEqualTo(3);
      HttpResponse<String> gone = server.get("/api/v1/changes?since=0", admin);
      assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
      JsonObject error = new JsonObject(gone.body());
      assertThat(error.getString("error")).isEqualTo("cursor_expired");
      assertThat(error.getJsonArray("details").getJsonObject(0).getLong("oldest")).isEqualTo(4);
      assertThat(error.getJsonArray("details").getJsonObject(0).getLong("resumeFrom")).isEqualTo(3);
      assertThat(server.get("/api/v1/changes/stream?since=1", admin).statusCode()).isEqualTo(410);
      assertThat(page(admin, 3, 1).getJsonArray("changes").getJsonObject(0).getLong("seq")).isEqualTo(4);
    } finally {
      // Put the entries back for the other tests, which read from the beginning.
      for (JsonObject e : first) {
        await(db.query("INSERT INTO change_log (seq, kind, item_id, region, version, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
            io.vertx.sqlclient.Tuple.of(e.getLong("seq"), e.getString("kind"), e.getString("id"), e.getString("region"),
                e.getLong("version"), java.time.OffsetDateTime.parse(e.getString("at")))));
      }
    }
    assertThat(server.get("/api/v1/changes?since=0", admin).statusCode()).isEqualTo(200);
  }

  @Test
  void webhookUrlsAreCheckedWithClearErrors() {
    String secret = "a-secret-of-enough-length";
    Map<String, String> refused = Map.of(
        "ftp://example.org/hook", "http or https",
        "https://user:pass@example.org/hook", "user name or password",
        "https://example.org/" + "x".repeat(2000), "at most 2000",
        "/relative/hook", "http or https",
        "https://example.org/hook#part", "fragment");
    refused.forEach((url, message) -> {
      HttpResponse<String> r = server.postJson("/api/v1/webhooks", admin, new JsonObject().put("url", url)
          .put("secret", secret));
      assertThat(r.statusCode()).as(url).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("message")).as(url).contains(message);
    });
    assertThat(WebhookAddresses.isPrivate(java.net.InetAddress.getLoopbackAddress())).isTrue();
  }

  @Test
  void pagesFollowTheCursorToTheHead() {
    for (int i = 0; i < 3; i++) {
      report(IN_EAST);
    }
    long head = head();
    List<Long> paged = new ArrayList<>();
    long cursor = 0;
    for (int pages = 0; pages < 1000; pages++) {
      JsonObject page = page(admin, cursor, 2);
      JsonArray changes = page.getJsonArray("changes");
      assertThat(changes.size()).isLessThanOrEqualTo(2);
      changes.forEach(c -> paged.add(((JsonObject) c).getLong("seq")));
      long next = page.getLong("next");
      if (changes.isEmpty()) {
        assertThat(next).isEqualTo(cursor);
        break;
      }
      assertThat(next).isGreaterThan(cursor);
      cursor = next;
    }
    assertThat(cursor).isGreaterThanOrEqualTo(head);
    assertThat(paged).isSorted().doesNotHaveDuplicates().startsWith(1L);
    assertThat(paged.get(paged.size() - 1)).isEqualTo(cursor);
    // without gaps: every number taken was committed
    assertThat(paged).hasSize((int) cursor);

    HttpResponse<String> bad = server.get("/api/v1/changes?since=-1", admin);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/changes?limit=1001", admin).statusCode()).isEqualTo(400);
  }

  @Test
  void readersSeeOnlyTheirRegionsAndKinds() {
    long before = head();
    String west = report(IN_WEST);
    String east = report(IN_EAST);
    server.send("PUT", "/api/v1/district/mode", admin, "application/json",
        new JsonObject().put("mode", "peacetime").encode());

    List<String> luoyang = ids(all(token("leader-luoyang"), before));
    List<String> dongyuan = ids(all(token("leader-dongyuan"), before));
    List<String> worker = ids(all(token("worker-west"), before));
    assertThat(luoyang).contains(west, east, "district");
    assertThat(dongyuan).doesNotContain(west, east).contains("district");
    assertThat(worker).contains(west, "district").doesNotContain(east);
    // drafts are for editors
    assertThat(all(token("leader-luoyang"), 0)).noneMatch(e -> e.getString("kind").equals("draft"));
  }

  @Test
  void anApiKeySeesTheKindsOfItsLayersInItsUsersRegions() {
    long before = head();
    user("feed-client", "apiclient", "350521104000");
    HttpResponse<String> key = server.postJson("/api/v1/api-keys", admin, new JsonObject()
        .put("username", "feed-client").put("layers", new JsonArray().add("grids")));
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    String event = report(IN_WEST);
    server.send("PUT", "/api/v1/district/mode", admin, "application/json",
        new JsonObject().put("mode", "peacetime").encode());

    HttpResponse<String> page = server.send(server.request("/api/v1/changes?since=" + before, null)
        .header("X-API-Key", new JsonObject(key.body()).getString("apiKey")).GET().build());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    List<JsonObject> entries = new JsonObject(page.body()).getJsonArray("changes").stream()
        .map(JsonObject.class::cast).toList();
    // its key may not read the events layer; the district-wide mode entry is everyone's
    assertThat(ids(entries)).doesNotContain(event).contains("district");
    assertThat(entries).noneMatch(e -> e.getString("kind").equals("draft"));
  }

  @Test
  void entriesCarryNoPersonalValues() {
    long before = head();
    post("/api/v1/imports/households", "text/csv", "household_id,building_id,size\nH1,B1,2\n", 200);
    post("/api/v1/imports/residents", "text/csv", "resident_id,household_id,name,id_number,phone,gender,birth_year,"
        + "relation,tags\nR1,H1,赵六,350521198001015678,13898765432,male,1980,head,elderly_alone\n", 200);
    report(IN_WEST);

    HttpResponse<String> response = server.get("/api/v1/changes?since=" + before, admin);
    assertThat(response.body()).doesNotContain("赵六", "350521198001015678", "13898765432", "elderly_alone", "张三",
        "R1\"", "H1\"");
    List<JsonObject> entries = all(admin, before);
    assertThat(entries).extracting(e -> e.getString("kind") + " " + e.getString("id") + " " + e.getString("region"))
        .contains("layer households " + TwoGridVillage.WEST, "layer residents " + TwoGridVillage.WEST);
    assertThat(entries).allSatisfy(e -> assertThat(e.fieldNames())
        .containsExactlyInAnyOrder("seq", "kind", "id", "region", "version", "at"));
  }

  @Test
  void concurrentWritersAreNeverSkippedByAReader() throws Exception {
    Database db = server.server().context().db();
    long before = head();
    int writers = 40;
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    Vertx vertx = server.server().context().vertx();
    for (int i = 0; i < writers; i++) {
      // each transaction waits a little before and after its append, so commits interleave with reads
      writes.add(db.inTransaction(tx -> pause(vertx).compose(v -> ChangeLog.append(tx, Change.mode()))
          .compose(v -> pause(vertx))).toCompletionStage().toCompletableFuture());
    }
    CompletableFuture<Void> allWritten = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    // a reader pages along while the writers commit in whatever order their pauses give
    TreeSet<Long> seen = new TreeSet<>();
    long cursor = before;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(allWritten.isDone() && cursor >= head()) && System.nanoTime() < deadline) {
      ChangePage page = await(ChangeLog.page(db, ChangeScope.ALL, cursor, 7));
      for (ChangeEntry e : page.changes()) {
        assertThat(seen.add(e.seq())).as("seq %d read twice", e.seq()).isTrue();
      }
      cursor = page.next();
    }
    allWritten.get(1, TimeUnit.SECONDS);
    // every number from the cursor on was read once: none was skipped by committing after a higher one
    assertThat(seen).hasSize((int) (cursor - before)).first().isEqualTo(before + 1);
    assertThat(seen.last()).isEqualTo(cursor);
  }

  private static Future<Void> pause(Vertx vertx) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(15), id -> done.complete());
    return done.future();
  }

  @Test
  void streamSendsNewChangesAndResumesFromLastEventId() throws Exception {
    long before = head();
    try (Sse stream = Sse.open(server, "/api/v1/changes/stream", admin, null)) {
      assertThat(stream.next()).startsWith(": connected");
      String id = report(IN_EAST);
      JsonObject event = stream.nextEvent("event");
      assertThat(event.getString("id")).isEqualTo(id);
      assertThat(event.getLong("seq")).isGreaterThan(before);
    }
    // a reconnect with Last-Event-ID gets what came after it, from the database
    String later = report(IN_WEST);
    try (Sse resumed = Sse.open(server, "/api/v1/changes/stream", admin, String.valueOf(before))) {
      List<String> ids = new ArrayList<>();
      while (!ids.contains(later)) {
        ids.add(resumed.nextEvent("event").getString("id"));
      }
      assertThat(ids).hasSize(2);
    }
    // scopes apply to streams too
    try (Sse dongyuan = Sse.open(server, "/api/v1/changes/stream?since=" + before,
        token("leader-dongyuan"), null)) {
      server.send("PUT", "/api/v1/district/mode", admin, "application/json",
          new JsonObject().put("mode", "peacetime").encode());
      JsonObject first = dongyuan.nextEvent("mode");
      assertThat(first).as("the mode entry, and none of 洛阳镇's events before it").isNotNull();
      assertThat(first.getString("id")).isEqualTo("district");
    }
  }

  @Test
  void webhooksReceiveSignedDeliveriesAndARetryAfterA500() throws Exception {
    String secret = "webhook-secret-0123456789";
    BlockingQueue<Map.Entry<String, String>> received = new LinkedBlockingQueue<>();
    AtomicInteger requests = new AtomicInteger();
    Vertx vertx = server.server().context().vertx();
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(Map.entry(String.valueOf(req.getHeader(WebhookWorker.SIGNATURE_HEADER)), body.toString()));
      req.response().setStatusCode(requests.incrementAndGet() == 1 ? 500 : 204).end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      HttpResponse<String> refused = server.postJson("/api/v1/webhooks", token("leader-luoyang"),
          new JsonObject().put("url", "http://127.0.0.1:1/").put("secret", secret));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(server.postJson("/api/v1/webhooks", admin, new JsonObject().put("url", "ftp://x/")
          .put("secret", secret)).statusCode()).isEqualTo(400);
      HttpResponse<String> created = server.postJson("/api/v1/webhooks", admin, new JsonObject()
          .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook").put("secret", secret));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String hook = new JsonObject(created.body()).getString("id");
      assertThat(created.body()).doesNotContain(secret);

      String id = report(IN_WEST);
      Map.Entry<String, String> first = received.poll(10, TimeUnit.SECONDS);
      Map.Entry<String, String> retry = received.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(retry).as("the retry after the 500").isNotNull();
      for (Map.Entry<String, String> delivery : List.of(first, retry)) {
        assertThat(delivery.getKey()).isEqualTo("sha256=" + hmac(secret, delivery.getValue()));
      }
      assertThat(retry.getValue()).isEqualTo(first.getValue());
      // The report's entry comes in the first batch, or in a later one when entries of earlier writes
      // (a scene build they started) were logged after the webhook was created: read on until it comes.
      List<String> delivered = new ArrayList<>(deliveredIds(first));
      int batches = 1;
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          !delivered.contains(id) && System.nanoTime() < deadline; ) {
        Map.Entry<String, String> next = received.poll(1, TimeUnit.SECONDS);
        if (next != null) {
          assertThat(next.getKey()).isEqualTo("sha256=" + hmac(secret, next.getValue()));
          delivered.addAll(deliveredIds(next));
          batches++;
        }
      }
      assertThat(delivered).contains(id);

      // the worker records a delivery once the receiver has answered
      JsonArray deliveries = new JsonArray();
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          deliveries.size() < batches + 1 && System.nanoTime() < deadline; Thread.sleep(50)) {
        deliveries = new JsonObject(server.get("/api/v1/webhooks/" + hook + "/deliveries", admin).body())
            .getJsonArray("deliveries");
      }
      // newest first: the first batch failed once (500), then was delivered; later batches at once
      assertThat(deliveries.stream().map(JsonObject.class::cast)
          .map(d -> d.getString("outcome") + " " + d.getInteger("httpStatus") + " " + d.getInteger("attempt")))
          .endsWith("delivered 204 2", "failed 500 1");
      assertThat(new JsonObject(server.get("/api/v1/webhooks", admin).body()).getJsonArray("webhooks").encode())
          .contains(hook).doesNotContain(secret);
      assertThat(server.send("DELETE", "/api/v1/webhooks/" + hook, admin, null, null).statusCode()).isEqualTo(204);
      assertThat(server.get("/api/v1/webhooks/" + hook + "/deliveries", admin).statusCode()).isEqualTo(404);
    } finally {
      receiver.close();
    }
  }

  static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------- helpers

  private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

  /** A session of the user, signed in once: password hashing is slow on purpose. */
  static String token(String username) {
    return TOKENS.computeIfAbsent(username, name -> server.login(name, PASSWORD));
  }

  static long head() {
    return await(ChangeLog.head(server.server().context().db()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The entries after {@code since} but those of scene builds, which run by themselves after a publish or import. */
  static List<JsonObject> written(String token, long since) {
    return all(token, since).stream().filter(e -> !e.getString("kind").equals("scene")).toList();
  }

  static JsonObject page(String token, long since, int limit) {
    HttpResponse<String> r = server.get("/api/v1/changes?since=" + since + "&limit=" + limit, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static List<JsonObject> all(String token, long since) {
    List<JsonObject> out = new ArrayList<>();
    long cursor = since;
    while (true) {
      JsonObject page = page(token, cursor, 1000);
      page.getJsonArray("changes").forEach(c -> out.add((JsonObject) c));
      if (page.getJsonArray("changes").isEmpty()) {
        return out;
      }
      cursor = page.getLong("next");
    }
  }

  private static List<String> deliveredIds(Map.Entry<String, String> delivery) {
    return ids(new JsonObject(delivery.getValue()).getJsonArray("changes").stream().map(JsonObject.class::cast).toList());
  }

  static List<String> ids(List<JsonObject> entries) {
    return entries.stream().map(e -> e.getString("id")).toList();
  }

  static String report(double[] at) {
    JsonObject body = new JsonObject().put("category", "fire_hazard").put("level", "general").put("lon", at[0])
        .put("lat", at[1]).put("description", "楼道堆放杂物").put("reporterName", "张三");
    HttpResponse<String> r = server.postJson("/api/v1/events", admin, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getJsonObject("properties").getString("id");
  }

  static void post(String path, String type, String body, int expected) {
    HttpResponse<String> r = server.send("POST", path, admin, type, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
  }

  static void user(String name, String role, String... scopes) {
    HttpResponse<String> r = server.postJson("/api/v1/users", admin, new JsonObject().put("username", name)
        .put("password", PASSWORD).put("roles", new JsonArray().add(role))
        .put("scopes", new JsonArray(List.of((Object[]) scopes))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A Server-Sent-Events response read line by line on the HTTP client's threads. */
  static final class Sse implements AutoCloseable {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private Sse(CompletableFuture<HttpResponse<Stream<String>>> response) {
      this.response = response;
      response.thenAccept(r -> new Thread(() -> {
        try {
          r.body().forEach(lines::add);
        } catch (java.io.UncheckedIOException closed) {
          // the test closed the stream
        }
      }, "sse-reader").start());
    }

    static Sse open(TestServer server, String path, String token, String lastEventId) {
      HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
          .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      return new Sse(java.net.http.HttpClient.newHttpClient().sendAsync(request.build(),
          HttpResponse.BodyHandlers.ofLines()));
    }

    String next() throws InterruptedException {
      String line = lines.poll(10, TimeUnit.SECONDS);
      assertThat(line).as("a line of the event stream within 10 s").isNotNull();
      return line;
    }

    /**
     * The data of the next event of the kind (checking that each event's id is its seq), passing
     * over scene entries; null when an entry of another kind comes first.
     */
    JsonObject nextEvent(String kind) throws InterruptedException {
      String id = null;
      while (true) {
        String line = next();
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          JsonObject data = new JsonObject(line.substring(6));
          assertThat(String.valueOf(data.getLong("seq"))).isEqualTo(id);
          if (data.getString("kind").equals(kind)) {
            return data;
          }
          if (!data.getString("kind").equals("scene")) {
            return null;
          }
        }
      }
    }

    @Override
    public void close() {
      response.thenAccept(r -> r.body().close());
      response.cancel(true);
    }
  }
}
