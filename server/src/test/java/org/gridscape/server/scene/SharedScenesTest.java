package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridscape.server.scene.SceneFixture.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridscape.server.JobState;
import org.gridscape.server.config.SceneStoreConfig;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.ObjectStore;
import org.gridscape.server.store.ObjectStores;
import org.gridscape.server.testing.S3Server;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenes shared by replicas on one PostgreSQL, with the GLBs in the database and in a real
 * S3-compatible server: a replica serves byte for byte what another published (also one started
 * after the build), follows an edit within two seconds, never sees a failed publish, and only one
 * replica builds at a time.
 */
class SharedScenesTest {

  enum Where { DATABASE, S3 }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "gridscape-scenes";

  @TempDir
  static Path s3Dir;
  private static S3Server s3;

  @TempDir
  Path dir;

  private final String url = TestDatabases.freshPostgresUrl();
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger failAfter = new AtomicInteger(-1);
  private Replica a;
  private Replica b;

  /** One replica: its own Vert.x, pool, object store, data directory, scene service and HTTP server. */
  private record Replica(Vertx vertx, Database db, ObjectStore objects, SceneService scenes, HttpServer http) {
    String base() {
      return "http://127.0.0.1:" + http.actualPort();
    }

    void stop() {
      scenes.close();
      objects.close();
      await(http.close());
      await(db.close());
      await(vertx.close());
    }
  }

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Server.start(s3Dir);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  private Replica start(String name, SceneStoreConfig where, boolean failing) {
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, ServerConfig.forTest(dir.resolve(name), url)));
    SceneService.Settings settings = SceneService.Settings.defaults().withWatch(false);
    if (failing) {
      settings = settings.withOutputDecorator(out -> new FailingOutput(out, failAfter));
    }
    ObjectStore objects = ObjectStores.open(db, where);
    SceneService scenes = await(SceneService.start(vertx, db, dir.resolve(name), objects, settings));
    Router router = Router.router(vertx);
    router.route("/3dtiles/*").handler(scenes.tiles());
    HttpServer http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return new Replica(vertx, db, objects, scenes, http);
  }

  private static SceneStoreConfig store(Where where, String prefix) {
    return where == Where.DATABASE ? SceneStoreConfig.database() : s3.sceneStore(BUCKET, prefix);
  }

  @AfterEach
  void stop() {
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) {
        r.stop();
      }
    }
    TestDatabases.dropSchema(url);
  }

  @ParameterizedTest
  @EnumSource(Where.class)
  void everyReplicaServesTheSameTreeAndFollowsAnEdit(Where where) throws Exception {
    String prefix = "district-" + System.nanoTime();
    a = start("a", store(where, prefix), false);
    SceneFixture.load(new GridService(a.vertx(), a.db()));
    assertThat(await(a.scenes().build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);

    // A replica started after the build serves the same bytes: tilesets and GLBs alike.
    b = start("b", store(where, prefix), false);
    Map<String, byte[]> fromA = walk(a);
    Map<String, byte[]> fromB = walk(b);
    assertThat(fromA.keySet()).hasSizeGreaterThan(8).anyMatch(p -> p.endsWith(".glb"));
    assertThat(fromB.keySet()).isEqualTo(fromA.keySet());
    fromA.forEach((path, bytes) -> assertThat(fromB.get(path)).as(path).isEqualTo(bytes));
    Set<String> glbs = new TreeSet<>();
    fromA.keySet().stream().filter(p -> p.endsWith(".glb")).forEach(p -> glbs.add(p.substring(p.indexOf("content/"))));
    assertThat(storedObjects(where, prefix)).as("every GLB once in the shared store").isEqualTo(glbs);

    // An edit published through A is served by B within two seconds.
    String rootEtag = get(b, "/3dtiles/tileset.json").headers().firstValue("ETag").orElseThrow();
    String gridPath = "/3dtiles/g/" + SceneFixture.GRID_21 + "/tileset.json";
    String gridBefore = new String(get(b, gridPath).body());
    await(a.db().query("UPDATE building SET height = height + 9, floors = floors + 3 WHERE grid_code = ?",
        io.vertx.sqlclient.Tuple.of(SceneFixture.GRID_21)));
    await(new GeographyStore(a.db()).markDirty(Set.of(SceneFixture.GRID_21)));
    SceneJob edit = await(a.scenes().build(BuildMode.DIRTY, "test"));
    assertThat(edit.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(edit.result().incremental()).isTrue();
    long published = System.nanoTime();
    while (get(b, "/3dtiles/tileset.json").headers().firstValue("ETag").orElseThrow().equals(rootEtag)) {
      assertThat(System.nanoTime() - published).as("B follows within 2 s").isLessThan(2_000_000_000L);
      Thread.sleep(20);
    }
    String gridAfter = new String(get(b, gridPath).body());
    assertThat(gridAfter).isNotEqualTo(gridBefore);
    Map<String, byte[]> afterA = walk(a);
    Map<String, byte[]> afterB = walk(b);
    assertThat(afterB.keySet()).isEqualTo(afterA.keySet());
    afterA.forEach((path, bytes) -> assertThat(afterB.get(path)).as(path).isEqualTo(bytes));
    assertThat(afterA.keySet()).as("the edited grid has a new GLB").isNotEqualTo(fromA.keySet());

    // A full build collects the GLBs no kept tree refers to, in the shared store too.
    assertThat(await(a.scenes().build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(await(a.scenes().build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    Set<String> kept = new TreeSet<>();
    walk(a).keySet().stream().filter(p -> p.endsWith(".glb")).forEach(p -> kept.add(p.substring(p.indexOf("content/"))));
    assertThat(storedObjects(where, prefix)).isEqualTo(kept);
  }

  @Test
  void aPublishThatFailsChangesNothingAReplicaServes() throws Exception {
    a = start("a", SceneStoreConfig.database(), true);
    SceneFixture.load(new GridService(a.vertx(), a.db()));
    assertThat(await(a.scenes().build(BuildMode.ALL, "test")).state()).isEqualTo(JobState.SUCCEEDED);
    b = start("b", SceneStoreConfig.database(), false);
    Map<String, byte[]> before = walk(b);

    await(new GeographyStore(a.db()).markDirty(Set.of(SceneFixture.GRID_11, SceneFixture.GRID_22)));
    failAfter.set(3); // two GLBs, then one tileset, then the crash
    SceneJob failed = await(a.scenes().build(BuildMode.DIRTY, "test"));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    Thread.sleep(SceneService.FOLLOW_POLL_MILLIS + 200);

    assertThat(walk(b)).usingRecursiveComparison().isEqualTo(before);
    assertThat(walk(a)).usingRecursiveComparison().isEqualTo(before);
    assertThat(await(a.db().query("SELECT COUNT(*) FROM scene_claim")).iterator().next().getLong(0))
        .as("the edits stay claimed for the next build").isEqualTo(2);
  }

  @Test
  void aBuildWaitsWhileAnotherReplicaHoldsTheBuildLock() throws Exception {
    a = start("a", SceneStoreConfig.database(), false);
    SceneFixture.load(new GridService(a.vertx(), a.db()));
    BuildLock.Held held = await(new BuildLock(a.vertx(), a.db()).tryAcquire());
    assertThat(held).as("the lock is free at first").isNotNull();
    b = start("b", SceneStoreConfig.database(), false);
    assertThat(await(new BuildLock(b.vertx(), b.db()).tryAcquire())).as("B cannot take it").isNull();

    SceneJob waiting = b.scenes().submit(BuildMode.ALL, "test");
    Thread.sleep(1000);
    assertThat(waiting.state().finished()).as("no build while A holds the lock").isFalse();
    assertThat(get(b, "/3dtiles/tileset.json").statusCode()).as("nothing published yet").isNotEqualTo(200);

    await(held.release());
    long released = System.nanoTime();
    while (!waiting.state().finished()) {
      assertThat(System.nanoTime() - released).isLessThan(60_000_000_000L);
      Thread.sleep(50);
    }
    assertThat(waiting.state()).isEqualTo(JobState.SUCCEEDED);
    Map<String, byte[]> fromB = walk(b);
    assertThat(fromB).isNotEmpty();
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Every file of the served tree, fetched over HTTP from the root down, by path. */
  private Map<String, byte[]> walk(Replica replica) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add("/3dtiles/tileset.json");
    while (!todo.isEmpty()) {
      String path = todo.poll();
      if (out.containsKey(path)) {
        continue;
      }
      HttpResponse<byte[]> response = get(replica, path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      out.put(path, response.body());
      if (path.endsWith(".json")) {
        for (JsonNode uri : JSON.readTree(response.body()).findValues("uri")) {
          todo.add(URI.create(path).resolve(uri.asText()).getPath());
        }
      }
    }
    return out;
  }

  private HttpResponse<byte[]> get(Replica replica, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(replica.base() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private Set<String> storedObjects(Where where, String prefix) {
    Set<String> out = new TreeSet<>();
    if (where == Where.DATABASE) {
      await(a.db().query("SELECT name FROM shared_object")).forEach(row -> out.add(row.getString(0)
          .substring("scenes/".length())));
    } else {
      for (var meta : s3.blobStore().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder
          .prefix(prefix + "/scenes/").recursive())) {
        if (!meta.getName().endsWith("/")) { // the file system store lists its directories too
          out.add(meta.getName().substring((prefix + "/scenes/").length()));
        }
      }
    }
    return out;
  }
}
