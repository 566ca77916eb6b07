package org.gridscape.server.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.store.Database;

/**
 * Several {@link Database}s opened separately, each on its own Vert.x, over one database: what
 * replicas of the server share. On PostgreSQL one fresh schema; on H2 one data directory (one
 * process, as the embedded database is used).
 */
public final class ReplicaDatabases implements AutoCloseable {

  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Database> databases = new ArrayList<>();
  private final String url;
  private final Path dir;

  private ReplicaDatabases(String url, Path dir) {
    this.url = url;
    this.dir = dir;
  }

  public static ReplicaDatabases open(TestDatabases.Kind kind, int count) throws Exception {
    ReplicaDatabases replicas = new ReplicaDatabases(TestDatabases.urlFor(kind),
        Files.createTempDirectory("gridscape-replicas-"));
    try {
      for (int i = 0; i < count; i++) {
        Vertx vertx = Vertx.vertx();
        replicas.vertxes.add(vertx);
        replicas.databases.add(await(Database.open(vertx, ServerConfig.forTest(replicas.dir, replicas.url))));
      }
      return replicas;
    } catch (Exception e) {
      replicas.close();
      throw e;
    }
  }

  public Database get(int replica) {
    return databases.get(replica);
  }

  public Vertx vertx(int replica) {
    return vertxes.get(replica);
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (Database db : databases) {
      await(db.close());
    }
    for (Vertx vertx : vertxes) {
      await(vertx.close());
    }
    TestDatabases.dropSchema(url);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("left some test files in " + dir + ": " + e);
    }
  }
}
