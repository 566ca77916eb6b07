package org.gridscape.server.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the PostgreSQL tests run: {@code GRIDSCAPE_TEST_DB_URL}, else a server on localhost:5432.
 * Each caller gets a fresh schema. Without a server the tests skip with a visible message, except
 * when {@code CI=true}: there the PostgreSQL run must happen, so they fail instead.
 */
public final class TestDatabases {

  public enum Kind { H2, POSTGRESQL }

  private static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private TestDatabases() {}

  /** A PostgreSQL URL with a new, empty schema selected; skips (or fails on CI) without a server. */
  public static String freshPostgresUrl() {
    String base = baseUrl();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    return base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
  }

  /** The database URL for the kind: null (embedded H2) or a fresh PostgreSQL schema. */
  public static String urlFor(Kind kind) {
    return kind == Kind.H2 ? null : freshPostgresUrl();
  }

  private static String baseUrl() {
    String configured = System.getenv("GRIDSCAPE_TEST_DB_URL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (reachable("127.0.0.1", 5432)) {
      return DEFAULT_URL;
    }
    String message = "no PostgreSQL: set GRIDSCAPE_TEST_DB_URL or run one on localhost:5432";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true: the PostgreSQL tests must run)");
    }
    System.err.println("SKIPPING PostgreSQL tests: " + message);
    Assumptions.abort(message);
    return null;
  }

  /** Drops the schema a URL from {@link #freshPostgresUrl()} selected; quiet when there is none. */
  public static void dropSchema(String url) {
    if (url == null || !url.contains("schema=")) {
      return;
    }
    String schema = url.substring(url.indexOf("schema=") + 7).split("&")[0];
    try (Connection c = DriverManager.getConnection(jdbcUrl(url)); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (Exception e) {
      System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
    }
  }

  /** Executes admin SQL on the PostgreSQL server behind a URL (test set-up only). */
  public static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl(url)); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the first row of a query run in the URL's schema (test checks only). */
  public static long queryLong(String url, String sql) throws Exception {
    try (Connection c = connect(url); Statement s = c.createStatement(); java.sql.ResultSet rows = s.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /** A JDBC connection to the URL's database with its schema selected (test checks only). */
  public static Connection connect(String url) throws Exception {
    String schema = url.contains("schema=") ? url.substring(url.indexOf("schema=") + 7).split("&")[0] : null;
    return DriverManager.getConnection(jdbcUrl(url) + (schema == null ? "" : "&currentSchema=" + schema));
  }

  static String jdbcUrl(String url) {
    java.net.URI uri = java.net.URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
    String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + "?user=" + user;
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
