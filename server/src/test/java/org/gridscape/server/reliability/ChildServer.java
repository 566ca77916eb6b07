package org.gridscape.server.reliability;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server ({@code org.gridscape.server.Main serve}) in a child JVM on the test class path,
 * so that it can be killed with SIGKILL ({@link Process#destroyForcibly()}) like a crashed process.
 */
final class ChildServer implements SmallVillage.Client, AutoCloseable {

  static final String ADMIN_PASSWORD = "child-admin-password";
  private static final Pattern RUNNING = Pattern.compile("GridScape is running at http://localhost:(\\d+)/");

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ChildServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code serve} on a free port with the data directory (and database URL, null for H2). */
  static ChildServer start(Path dataDir, String dbUrl, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-cp", System.getProperty("java.class.path"), "org.gridscape.server.Main", "serve",
        "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(), "--admin-password", ADMIN_PASSWORD));
    if (dbUrl != null) {
      command.addAll(List.of("--db-url", dbUrl));
    }
    Files.deleteIfExists(log);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the child server exited with " + process.exitValue() + ":\n" + tail(log));
      }
      Matcher m = RUNNING.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
      if (m.find()) {
        return new ChildServer(process, log, Integer.parseInt(m.group(1)));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the child server did not start within 120 s:\n" + tail(log));
  }

  /** SIGKILL: no shutdown hook, no flush, no clean close of the database. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child server did not die");
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  String login() {
    HttpResponse<String> r = postJson("/api/v1/auth/login", null, new JsonObject().put("username", "admin")
        .put("password", ADMIN_PASSWORD));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }

  @Override
  public HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
    return send(request(method, path, token, contentType,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String token) {
    return send(request("GET", path, token, null, HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends without waiting for the answer (the process may be killed before it comes). */
  java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String token,
      String contentType, byte[] body) {
    return http.sendAsync(request(method, path, token, contentType, HttpRequest.BodyPublishers.ofByteArray(body)),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String path, String token, String contentType,
      HttpRequest.BodyPublisher body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120)).method(method, body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return b.build();
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the child gracefully (SIGTERM runs the shutdown hook). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
