package org.gridscape.server.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridscape.server.GridScapeServer;
import org.gridscape.server.config.ServerConfig;

/** A real server on a free port over a real database, with a small blocking HTTP client for tests. */
public final class TestServer implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "test-admin-password";

  private final GridScapeServer server;
  private final Path dataDir;
  private final String dbUrl;
  /** Whether closing drops the PostgreSQL schema: not for a replica, whose first server owns it. */
  private final boolean ownsSchema;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(GridScapeServer server, Path dataDir, String dbUrl, boolean ownsSchema) {
    this.server = server;
    this.dataDir = dataDir;
    this.dbUrl = dbUrl;
    this.ownsSchema = ownsSchema;
  }

  public static TestServer start(TestDatabases.Kind kind) {
    return start(kind, config -> config);
  }

  public static TestServer start(TestDatabases.Kind kind, java.util.function.UnaryOperator<ServerConfig> adjust) {
    String url = TestDatabases.urlFor(kind);
    try {
      Path dir = Files.createTempDirectory("gridscape-test-");
      ServerConfig config = adjust.apply(ServerConfig.forTest(dir, url));
      GridScapeServer server = GridScapeServer.start(config).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new TestServer(server, dir, url, true);
    } catch (Exception e) {
      TestDatabases.dropSchema(url);
      throw new IllegalStateException("test server did not start: " + e, e);
    }
  }

  /**
   * A second server (another process in production: its own Vert.x, pool and caches) over the same
   * PostgreSQL schema as {@code primary}; close it before the primary.
   */
  public static TestServer replicaOf(TestServer primary) {
    return replicaOf(primary, config -> config);
  }

  /** As {@link #replicaOf(TestServer)}, the configuration adjusted (e.g. the primary's scene store). */
  public static TestServer replicaOf(TestServer primary, java.util.function.UnaryOperator<ServerConfig> adjust) {
    if (primary.dbUrl == null) {
      throw new IllegalArgumentException("replicas share a PostgreSQL database; the primary runs on H2");
    }
    try {
      Path dir = Files.createTempDirectory("gridscape-test-replica-");
      GridScapeServer server = GridScapeServer.start(adjust.apply(ServerConfig.forTest(dir, primary.dbUrl)))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new TestServer(server, dir, primary.dbUrl, false);
    } catch (Exception e) {
      throw new IllegalStateException("replica did not start: " + e, e);
    }
  }

  public GridScapeServer server() {
    return server;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  public HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  public HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
    HttpRequest.Builder builder = request(path, token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.build());
  }

  public HttpResponse<String> postJson(String path, String token, JsonObject body) {
    return send("POST", path, token, "application/json", body.encode());
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** Signs in and returns the token; fails the test when sign-in fails. */
  public String login(String username, String password) {
    HttpResponse<String> response = postJson("/api/v1/auth/login", null,
        new JsonObject().put("username", username).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("sign-in of " + username + " failed: " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body()).getString("token");
  }

  public String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  @Override
  public void close() {
    server.stopAndWait();
    if (ownsSchema) {
      TestDatabases.dropSchema(dbUrl);
    }
    // Vert.x may still be deleting its file cache under the data directory: best effort, temp files only.
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      System.err.println("left some test files in " + dataDir + ": " + e);
    }
  }
}
