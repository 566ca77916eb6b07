package org.gridscape.server.reliability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.H2Recovery;

/**
 * The many-run proof that a large import on the embedded H2 database is all or nothing when the
 * process is killed at any moment, its commit included (docs/RELIABILITY.md records the results).
 * Too long for CI (KillDuringWritesTest kills three times in the commit); run it by hand from the
 * repository root:
 *
 * <pre>
 * mvn -o -q -pl server test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp server/target/classes:server/target/test-classes:$(cat server/target/cp.txt) \
 *     org.gridscape.server.reliability.H2CommitKillLoop 45 /tmp/h2-kill-loop      # kills
 * java -cp ... org.gridscape.server.reliability.H2CommitKillLoop bench /tmp/h2-bench  # costs
 * </pre>
 *
 * <p>A child JVM opens the database the way the server does ({@link Database}: H2 through
 * vertx-jdbc-client, the same URL and settings) and inserts {@link #ROWS} residents in one
 * {@link Database#inTransaction} in batches of 500, as the residents import does. It prints when the
 * rows are written (the commit starts) and when the commit has answered. The parent kills it with
 * SIGKILL ({@link Process#destroyForcibly()}) at a random moment of one of three phases, in turn:
 * while writing, while committing (0-120 % of the measured commit time after the rows are written)
 * and just after the commit answered (0-300 ms). Then, with the child dead, it counts the added
 * residents twice: on a copy of the files opened by plain H2 (what H2 alone recovers) and on the
 * files themselves opened as {@link Database} opens them (with {@link H2Recovery}).
 */
public final class H2CommitKillLoop {

  static final int ROWS = 150_000;
  private static final String[] PHASES = {"writing", "committing", "after commit"};

  private H2CommitKillLoop() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("writer")) {
      writer(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
      return;
    }
    if (args.length > 0 && args[0].equals("bench")) {
      bench(Path.of(args.length > 1 ? args[1] : "target/h2-bench").toAbsolutePath());
      return;
    }
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 45;
    Path work = Path.of(args.length > 1 ? args[1] : "target/h2-kill-loop").toAbsolutePath();
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : ROWS;
    Template template = Template.create(work, rows);
    System.out.printf("calibration: %,d rows written in %d ms, committed in %d ms; %,d residents before each run%n",
        rows, template.writeMillis(), template.commitMillis(), template.base());
    Random random = new Random(20261206L);
    Map<String, int[]> tally = new TreeMap<>(); // phase -> {runs, empty, complete, torn, tornWithoutRecovery}
    for (int run = 1; run <= runs; run++) {
      String phase = PHASES[(run - 1) % PHASES.length];
      long delay = switch (phase) {
        case "writing" -> (long) (template.writeMillis() * (0.05 + 0.9 * random.nextDouble()));
        case "committing" -> (long) (template.commitMillis() * 1.2 * random.nextDouble());
        default -> random.nextInt(300);
      };
      Kill kill = template.kill(run, phase, delay);
      int[] t = tally.computeIfAbsent(phase, k -> new int[5]);
      t[0]++;
      t[kill.recovered() == 0 ? 1 : kill.recovered() == rows ? 2 : 3]++;
      if (kill.plain() != 0 && kill.plain() != rows) {
        t[4]++;
      }
      System.out.println(kill);
    }
    System.out.println();
    System.out.printf("| kill moment | kills | empty (0) | complete (%,d) | torn | torn without H2Recovery |%n", rows);
    System.out.println("|---|---:|---:|---:|---:|---:|");
    int torn = 0;
    for (String phase : PHASES) {
      int[] t = tally.getOrDefault(phase, new int[5]);
      torn += t[3];
      System.out.printf("| %s | %d | %d | %d | %d | %d |%n", phase, t[0], t[1], t[2], t[3], t[4]);
    }
    deleteTree(work);
    if (torn > 0) {
      System.exit(1);
    }
  }

  /** One kill: where it landed and the residents it left, by H2 alone and as the server opens the files. */
  record Kill(int run, String phase, long delay, String last, int rows, long plain, long recovered) {
    boolean allOrNothing() {
      return recovered == 0 || recovered == rows;
    }

    @Override
    public String toString() {
      return String.format("run %2d  %-12s kill %5d ms after %-9s (last line: %-9s)  H2 alone: %,7d  with H2Recovery: %,7d  %s",
          run, phase, delay, phase.equals("writing") ? "OPEN" : phase.equals("committing") ? "WRITTEN" : "COMMITTED",
          last, plain, recovered, allOrNothing() ? "ok" : "TORN");
    }
  }

  /**
   * A migrated database that already holds one import of {@code rows} residents, and the time
   * writing and committing that import took (the calibration).
   */
  record Template(Path work, Path data, int rows, long writeMillis, long commitMillis, long base) {

    static Template create(Path work, int rows) throws Exception {
      deleteTree(work);
      Files.createDirectories(work);
      Path data = work.resolve("template");
      Path out = work.resolve("calibration.log");
      Process child = startWriter(data, "T0-", rows, out);
      long write = Long.parseLong(await(child, out, "WRITTEN").split(" ")[1]);
      long commit = Long.parseLong(await(child, out, "COMMITTED").split(" ")[1]);
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // stored at commit (WRITE_DELAY=0)
      return new Template(work, data, rows, write, commit, count(data, false));
    }

    /**
     * Copies the template, starts a writer on the copy and kills it {@code delay} ms after it
     * opened ("writing"), wrote its rows ("committing") or had its commit answered ("after commit").
     */
    Kill kill(int run, String phase, long delay) throws Exception {
      Path copyOfTemplate = work.resolve("run");
      deleteTree(copyOfTemplate);
      copyTree(data, copyOfTemplate);
      Path out = work.resolve("writer.log");
      Process child = startWriter(copyOfTemplate, "K" + run + "-", rows, out);
      await(child, out, switch (phase) {
        case "writing" -> "OPEN";
        case "committing" -> "WRITTEN";
        default -> "COMMITTED";
      });
      Thread.sleep(delay);
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      String last = lastMarker(out);
      // what H2 alone makes of the files, on a copy (opening them changes them)
      Path copy = work.resolve("copy");
      deleteTree(copy);
      copyTree(copyOfTemplate, copy);
      long plain = count(copy, false) - base;
      long recovered = count(copyOfTemplate, true) - base;
      return new Kill(run, phase, delay, last, rows, plain, recovered);
    }
  }

  /** The child: opens the database like the server and writes one large transaction. */
  private static void writer(Path data, String prefix, int rows) throws Exception {
    Vertx vertx = Vertx.vertx();
    Database db = Database.open(vertx, ServerConfig.forTest(data, null)).toCompletionStage().toCompletableFuture()
        .get();
    System.out.println("OPEN");
    long start = System.nanoTime();
    long[] written = new long[1];
    insert(db, prefix, rows, () -> {
      written[0] = System.nanoTime();
      System.out.println("WRITTEN " + (written[0] - start) / 1_000_000); // the commit starts now
    }).toCompletionStage().toCompletableFuture().get();
    System.out.println("COMMITTED " + (System.nanoTime() - written[0]) / 1_000_000);
    System.out.flush();
    Thread.sleep(600_000); // wait for the kill (or stop after a while when used for calibration)
  }

  /** Inserts {@code rows} residents in one transaction, in batches of 500 as the residents import does. */
  private static Future<Void> insert(Database db, String prefix, int rows, Runnable whenWritten) {
    return db.inTransaction(sql -> {
      Future<Void> chain = Future.succeededFuture();
      for (int from = 0; from < rows; from += 500) {
        List<Tuple> batch = new ArrayList<>(500);
        for (int i = from; i < Math.min(rows, from + 500); i++) {
          batch.add(Tuple.of(prefix + i, "H" + (i % 2), i % 2 == 0 ? "male" : "female", 1940 + i % 80));
        }
        chain = chain.compose(v -> sql.batch(
            "INSERT INTO resident (id, household_id, gender, birth_year) VALUES (?, ?, ?, ?)", batch));
      }
      return chain.onSuccess(v -> whenWritten.run());
    });
  }

  /**
   * What the embedded database costs, through {@link Database} as the server uses it: opening,
   * three imports of {@link #ROWS} residents in one transaction each, 2,000 one-row commits, and
   * opening again.
   */
  private static void bench(Path work) throws Exception {
    deleteTree(work);
    Vertx vertx = Vertx.vertx();
    ServerConfig config = ServerConfig.forTest(work, null);
    long t = System.nanoTime();
    Database db = Database.open(vertx, config).toCompletionStage().toCompletableFuture().get();
    System.out.printf("open (new database, migrations): %d ms%n", (System.nanoTime() - t) / 1_000_000);
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      long[] written = new long[1];
      insert(db, "B" + round + "-", ROWS, () -> written[0] = System.nanoTime()).toCompletionStage()
          .toCompletableFuture().get();
      long end = System.nanoTime();
      System.out.printf("import %d of %,d rows in one transaction: %d ms (writing %d ms, commit %d ms)%n", round, ROWS,
          (end - start) / 1_000_000, (written[0] - start) / 1_000_000, (end - written[0]) / 1_000_000);
    }
    int tiny = 2_000;
    t = System.nanoTime();
    for (int i = 0; i < tiny; i++) {
      db.query("INSERT INTO resident (id, household_id) VALUES (?, ?)", Tuple.of("S" + i, "H1")).toCompletionStage()
          .toCompletableFuture().get();
    }
    long tinyNanos = System.nanoTime() - t;
    System.out.printf("%,d one-row commits: %d ms, %.2f ms each%n", tiny, tinyNanos / 1_000_000,
        tinyNanos / 1e6 / tiny);
    db.close().toCompletionStage().toCompletableFuture().get();
    t = System.nanoTime();
    db = Database.open(vertx, config).toCompletionStage().toCompletableFuture().get();
    System.out.printf("open again (%,d residents): %d ms%n", 3 * ROWS + tiny, (System.nanoTime() - t) / 1_000_000);
    db.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    deleteTree(work);
  }

  private static Process startWriter(Path data, String prefix, int rows, Path out) throws IOException {
    Files.deleteIfExists(out);
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        H2CommitKillLoop.class.getName(), "writer", data.toString(), prefix, Integer.toString(rows)).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
  }

  /** Waits (polling the child's output file every 2 ms) for a line starting with {@code marker}. */
  private static String await(Process child, Path out, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          if (line.startsWith(marker)) {
            return line;
          }
        }
      }
      if (!child.isAlive()) {
        throw new IllegalStateException("the writer ended before printing " + marker + ":\n"
            + (Files.exists(out) ? Files.readString(out) : ""));
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no " + marker + " from the writer");
  }

  /** The last marker the child printed before it died. */
  private static String lastMarker(Path out) throws IOException {
    String last = "OPEN";
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.startsWith("WRITTEN") || line.startsWith("COMMITTED")) {
        last = line.split(" ")[0];
      }
    }
    return last;
  }

  /** Residents in the stopped database, with or without finishing an interrupted commit first. */
  static long count(Path data, boolean recover) throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("db").resolve("gridscape")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    try (Connection c = DriverManager.getConnection(url, "gridscape", ""); Statement s = c.createStatement()) {
      if (recover) {
        H2Recovery.finishInterruptedCommits(c);
      }
      // by the table and by the household index: both must agree
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), (SELECT COUNT(*) FROM resident WHERE household_id >= '')"
          + " FROM resident")) {
        rs.next();
        if (rs.getLong(1) != rs.getLong(2)) {
          throw new IllegalStateException("table and index disagree: " + rs.getLong(1) + " / " + rs.getLong(2));
        }
        return rs.getLong(1);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
