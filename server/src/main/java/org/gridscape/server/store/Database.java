package org.gridscape.server.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: an embedded H2 file database under the data directory, or PostgreSQL when a URL is
 * configured. Migrations run once at open; afterwards everything goes through the Vert.x SqlClient
 * API, so repositories are the same code on both.
 */
public final class Database implements Sql {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  public enum Kind {
    H2("h2"), POSTGRESQL("postgresql");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Pool pool;
  private final Kind kind;
  private final JdbcConnectionPool h2Pool;
  private final PgConnectOptions pgOptions;
  private final Map<String, String> translated = new ConcurrentHashMap<>();

  private Database(Pool pool, Kind kind, JdbcConnectionPool h2Pool, PgConnectOptions pgOptions) {
    this.pool = pool;
    this.kind = kind;
    this.h2Pool = h2Pool;
    this.pgOptions = pgOptions;
  }

  /** Migrates the schema (blocking, on a worker thread) and opens the pool. */
  public static Future<Database> open(Vertx vertx, ServerConfig config) {
    return vertx.executeBlocking(() -> openBlocking(vertx, config));
  }

  private static Database openBlocking(Vertx vertx, ServerConfig config) throws Exception {
    // A short connection timeout: when the database is gone, requests fail fast with 503.
    PoolOptions poolOptions = new PoolOptions().setMaxSize(config.dbPoolSize()).setName("gridscape-db")
        .setShared(false).setConnectionTimeout(5).setConnectionTimeoutUnit(TimeUnit.SECONDS);
    if (config.embeddedDatabase()) {
      Path dbDir = config.dataDir().toAbsolutePath().resolve("db");
      Files.createDirectories(dbDir);
      // WRITE_DELAY=0: H2 stores on each commit instead of in the background every 500 ms. The
      // background store also wrote a large transaction's uncommitted rows, and a kill -9 in the
      // middle of an import then left part of them after restart (docs/RELIABILITY.md measures
      // both: 9 torn of 12 kills before, none of 20 after; tiny commits cost 0.3 ms instead of 0.04).
      String url = "jdbc:h2:file:" + dbDir.resolve("gridscape")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
      JdbcConnectionPool h2 = JdbcConnectionPool.create(url, "gridscape", "");
      h2.setMaxConnections(config.dbPoolSize() + 2);
      // H2 2.5.252 leaves a large commit half applied after a kill in its commit instant; finish it
      // before anything reads (H2Recovery says why and how).
      try (java.sql.Connection first = h2.getConnection()) {
        H2Recovery.finishInterruptedCommits(first);
      }
      migrate(migrations(Kind.H2).dataSource(h2));
      LOG.info("Embedded H2 database at {}", dbDir);
      return new Database(JDBCPool.pool(vertx, h2, poolOptions), Kind.H2, h2, null);
    }
    PgTarget target = PgTarget.parse(config.dbUrl());
    migrate(migrations(Kind.POSTGRESQL).dataSource(target.jdbcUrl(), target.user(), target.password())
        .schemas(target.schema() == null ? new String[0] : new String[] {target.schema()}));
    Pool pg = PgBuilder.pool().with(poolOptions).with(new NetClientOptions().setConnectTimeout(3000))
        .connectingTo(target.connectOptions()).using(vertx).build();
    LOG.info("PostgreSQL database at {}:{}/{}", target.connectOptions().getHost(), target.connectOptions().getPort(),
        target.connectOptions().getDatabase());
    return new Database(pg, Kind.POSTGRESQL, null, target.connectOptions());
  }

  /**
   * Flyway over the one migration set. The placeholder {@code ${unlogged}} is {@code UNLOGGED} on
   * PostgreSQL, for tables of counts that may be lost in a crash and should not wait for the
   * write-ahead log at every commit (BENCHMARKS.md, API-key rate limits), and empty on H2.
   */
  public static FluentConfiguration migrations(Kind kind) {
    return Flyway.configure().locations("classpath:db/migration")
        .placeholders(Map.of("unlogged", kind == Kind.POSTGRESQL ? "UNLOGGED" : ""));
  }

  private static void migrate(FluentConfiguration flyway) {
    var result = flyway.load().migrate();
    LOG.info("Database schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  public Kind kind() {
    return kind;
  }

  public Pool pool() {
    return pool;
  }

  /** Where PostgreSQL is, for connections of their own (LISTEN); a copy. Only for PostgreSQL. */
  public PgConnectOptions pgConnectOptions() {
    if (pgOptions == null) {
      throw new IllegalStateException("not a PostgreSQL database");
    }
    return new PgConnectOptions(pgOptions);
  }

  /*
   * On H2, a pooled JDBC connection can keep auto-commit off after a transaction, so a later plain
   * write on it would never be committed (and hold its locks). Every statement outside an explicit
   * transaction therefore runs in a short transaction of its own there.
   */
  @Override
  public Future<RowSet<Row>> query(String sql, Tuple args) {
    return kind == Kind.H2 ? pool.withTransaction(c -> on(c, sql, args)) : bounded(on(pool, sql, args));
  }

  @Override
  public Future<Void> batch(String sql, List<Tuple> rows) {
    return kind == Kind.H2 ? pool.withTransaction(c -> batchOn(c, sql, rows)) : bounded(batchOn(pool, sql, rows));
  }

  /*
   * A PostgreSQL server that stops answering (host down, network black hole) leaves a sent statement
   * waiting for ever: the client has no statement timeout. A single statement outside a transaction
   * (every read of a request) therefore fails after PG_STATEMENT_TIMEOUT, answered as 503; the
   * connection is replaced once it closes. Statements inside transactions (imports, edits) are not
   * bounded: a long import must not be cut short.
   */
  private static final long PG_STATEMENT_TIMEOUT_SECONDS = 10;

  private static <T> Future<T> bounded(Future<T> statement) {
    return statement.timeout(PG_STATEMENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Runs {@code work} in one transaction: committed when its future succeeds, rolled back otherwise. */
  public <T> Future<T> inTransaction(Function<Sql, Future<T>> work) {
    List<Runnable> afterCommit = new ArrayList<>();
    return pool.withTransaction(connection -> work.apply(new ConnectionSql(connection, afterCommit)))
        .onSuccess(committed -> afterCommit.forEach(Runnable::run));
  }

  /**
   * After a bulk load on PostgreSQL (a no-op on H2): {@code VACUUM (ANALYZE)} of these tables. The
   * statistics make the planner read a batch of grids by index where its old statistics (of the
   * tables before the load) scanned whole tables; the visibility map lets the figure reads answer
   * from the indexes alone instead of visiting every resident's row (measured on a scale-5 district:
   * a full build's figure reads took 20.6 s of PostgreSQL time before, 11.7 s after). Autovacuum would
   * get there too, but only later. One statement per table, outside any transaction (as VACUUM must)
   * and without the 10 s limit of a request's read: a city's residents take longer.
   *
   * @param tables names of this application's tables (constants, never user input)
   */
  public Future<Void> vacuumAnalyze(List<String> tables) {
    if (kind != Kind.POSTGRESQL) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (String table : tables) {
      if (!table.matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a table name: " + table);
      }
      chain = chain.compose(v -> pool.query("VACUUM (ANALYZE) " + table).execute().mapEmpty());
    }
    return chain;
  }

  /** Answers whether the database responds, within a short time. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().timeout(3, TimeUnit.SECONDS).mapEmpty();
  }

  public Future<Void> close() {
    return pool.close().onComplete(ignored -> {
      if (h2Pool != null) {
        h2Pool.dispose();
      }
    });
  }

  private Future<RowSet<Row>> on(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(translate(sql)).execute(adapt(args));
  }

  /**
   * The JDBC client binds a Buffer as a Blob, which H2 rejects for BYTEA columns; plain bytes work.
   * PostgreSQL's client wants the Buffer.
   */
  private Tuple adapt(Tuple args) {
    if (kind != Kind.H2) {
      return args;
    }
    Tuple adapted = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.getValue(i) instanceof io.vertx.core.buffer.Buffer buffer) {
        if (adapted == null) {
          adapted = Tuple.tuple();
          for (int j = 0; j < i; j++) {
            adapted.addValue(args.getValue(j));
          }
        }
        adapted.addValue(buffer.getBytes());
      } else if (adapted != null) {
        adapted.addValue(args.getValue(i));
      }
    }
    return adapted == null ? args : adapted;
  }

  private Future<Void> batchOn(SqlClient client, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> adapted = kind == Kind.H2 ? rows.stream().map(this::adapt).toList() : rows;
    return client.preparedQuery(translate(sql)).executeBatch(adapted).mapEmpty();
  }

  /** {@code ?} placeholders become {@code $1..$n} for PostgreSQL. SQL here never has '?' in literals. */
  String translate(String sql) {
    if (kind != Kind.POSTGRESQL) {
      return sql;
    }
    return translated.computeIfAbsent(sql, s -> {
      StringBuilder out = new StringBuilder(s.length() + 8);
      int n = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '?') {
          out.append('$').append(++n);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    });
  }

  private final class ConnectionSql implements Sql {
    private final SqlConnection connection;
    private final List<Runnable> afterCommit;

    ConnectionSql(SqlConnection connection, List<Runnable> afterCommit) {
      this.connection = connection;
      this.afterCommit = afterCommit;
    }

    @Override
    public void afterCommit(Runnable action) {
      afterCommit.add(action);
    }

    @Override
    public Future<RowSet<Row>> query(String sql, Tuple args) {
      return on(connection, sql, args);
    }

    @Override
    public Future<Void> batch(String sql, List<Tuple> rows) {
      return batchOn(connection, sql, rows);
    }
  }

  /** A PostgreSQL URL split for Flyway (JDBC) and the Vert.x client; {@code ?schema=} selects a schema. */
  record PgTarget(PgConnectOptions connectOptions, String jdbcUrl, String user, String password, String schema) {

    static PgTarget parse(String url) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("bad database URL: " + e.getMessage());
      }
      Map<String, String> params = new LinkedHashMap<>();
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
          }
        }
      }
      String user = "postgres";
      String password = "";
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = decode(parts[0]);
        password = parts.length > 1 ? decode(parts[1]) : "";
      }
      String host = uri.getHost() == null ? "localhost" : uri.getHost();
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      String path = uri.getPath() == null ? "" : uri.getPath();
      String database = path.startsWith("/") && path.length() > 1 ? path.substring(1) : user;
      String schema = params.get("schema");
      if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new ConfigException("database URL: schema must be a lower-case identifier, got '" + schema + "'");
      }
      PgConnectOptions options = new PgConnectOptions().setHost(host).setPort(port).setDatabase(database)
          .setUser(user).setPassword(password).setReconnectAttempts(0)
          .setCachePreparedStatements(true);
      if (schema != null) {
        options.addProperty("search_path", schema);
      }
      // The planner's default cost of a random read is that of a spinning disk; on the SSDs such
      // databases run on it scans whole tables (millions of residents) where an index reads a few
      // thousand rows, e.g. the layer figures of one batch of a city's scene build (BENCHMARKS.md).
      options.addProperty("random_page_cost", "1.1");
      // Our statements read a few hundred to a few thousand rows by index; a parallel worker costs more
      // to start (30 ms measured) than such a statement takes, and a scene build already keeps every
      // core busy extruding.
      options.addProperty("max_parallel_workers_per_gather", "0");
      // Nor is compiling a statement to machine code worth it: the JIT starts above a cost that a
      // batch's figure reads reach in a city, and then spends 30 ms or more compiling a statement that
      // runs in less (measured: a scale-5 build's figure reads took 24.7 s of PostgreSQL time with it,
      // 20.6 s without).
      options.addProperty("jit", "off");
      StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
          .append(database).append("?connectTimeout=5");
      if (schema != null) {
        jdbc.append("&currentSchema=").append(schema);
      }
      return new PgTarget(options, jdbc.toString(), user, password, schema);
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
  }
}
