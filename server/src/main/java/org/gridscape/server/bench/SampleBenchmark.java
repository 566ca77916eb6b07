package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.event.EventService;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleLoader;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.sample.SampleSummary;
import org.gridscape.server.store.Database;

/**
 * {@code ./gridscape bench sample [--scale N] [--rounds R] [--db-url postgresql://...]}: generates
 * the sample district at a scale once, then loads it R times, each time into a fresh database
 * (H2 under the work directory, or one PostgreSQL schema per round), through the import services.
 * Prints the generation time, every load step with its rows per second, and the peak heap and peak
 * resident set of each phase. Timings only: nothing here asserts a figure.
 */
public final class SampleBenchmark {

  /**
   * @param workDir where the sample files and an embedded database go
   * @param dbUrl PostgreSQL URL of an empty database, or null for embedded H2
   */
  public record Options(Path workDir, String dbUrl, int scale, int rounds) {
    public Options {
      if (scale < 1 || scale > SampleOptions.MAX_SCALE || rounds < 1) {
        throw new IllegalArgumentException("scale 1-" + SampleOptions.MAX_SCALE + ", rounds >= 1");
      }
    }
  }

  private static final Principal BENCH = new Principal("bench", EnumSet.of(Role.ADMIN), List.of());

  private SampleBenchmark() {}

  /** {@code SampleBenchmark WORK_DIR [scale] [rounds] [postgresql-url]}. */
  public static void main(String[] args) throws Exception {
    run(new Options(Path.of(args[0]), args.length > 3 ? args[3] : null, args.length > 1 ? Integer.parseInt(args[1]) : 1,
        args.length > 2 ? Integer.parseInt(args[2]) : 1), System.out);
  }

  public static void run(Options options, PrintStream out) {
    Path files = options.workDir().resolve("sample");
    Memory memory = new Memory();
    long t0 = System.nanoTime();
    SampleSummary summary = SampleDistrictGenerator.generate(
        new SampleOptions(files, SampleOptions.DEFAULT_SEED, options.scale()), line -> { });
    double generate = seconds(t0);
    long generatedRows = summary.households() + summary.residents() + summary.partyMembers()
        + summary.linkedHouseholds() + summary.assistanceCases() + summary.inspections() + summary.events()
        + summary.buildings();
    out.printf(Locale.ROOT, "sample scale %d: %d villages, %d grids, %d buildings, %d households, %d residents%n",
        options.scale(), summary.villages(), summary.grids().total(), summary.buildings(), summary.households(),
        summary.residents());
    out.printf(Locale.ROOT, "generate: %.1f s, %.0f rows/s (buildings and table rows), %s%n", generate,
        generatedRows / generate, memory.phase());
    for (int round = 1; round <= options.rounds(); round++) {
      load(options, files, round, memory, out);
    }
  }

  private static void load(Options options, Path files, int round, Memory memory, PrintStream out) {
    String url = options.dbUrl();
    String schema = null;
    if (url != null && options.rounds() > 1) {
      // Every round needs an empty database: one schema per round in the given database.
      schema = "sample_bench_" + round;
      url = url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
    }
    Path data = options.workDir().resolve(options.rounds() > 1 ? "data-" + round : "data");
    Vertx vertx = Vertx.vertx();
    try {
      long t0 = System.nanoTime();
      Database db = await(Database.open(vertx, ServerConfig.forTest(data, url)));
      double migrate = seconds(t0);
      try {
        SampleLoader loader = new SampleLoader(vertx, new GridService(vertx, db), new LayerImporter(vertx, db),
            new EventService(vertx, db, Clock.systemUTC()), BENCH,
            new org.gridscape.server.patrol.PatrolService(vertx, db, Clock.systemUTC()));
        if (await(loader.alreadyLoaded())) {
          throw new IllegalArgumentException("the database already holds a district: give an empty one");
        }
        long t1 = System.nanoTime();
        SampleLoader.Loaded loaded = await(loader.load(files, line -> { }));
        double load = seconds(t1);
        out.printf(Locale.ROOT, "round %d, %s%s: load %.1f s (schema %.1f s before), %d rows, %.0f rows/s, %s%n",
            round, db.kind().label(), schema == null ? "" : " schema " + schema, load, migrate, loaded.rows(),
            loaded.rows() / load, memory.phase());
        for (SampleLoader.Step step : loaded.steps()) {
          out.printf(Locale.ROOT, "  %-32s %10d rows %8.1f s %10.0f rows/s%n", step.name(), step.rows(),
              step.seconds(), step.seconds() > 0 ? step.rows() / step.seconds() : 0.0);
        }
        if (schema != null && round < options.rounds()) {
          String drop = "DROP SCHEMA " + schema + " CASCADE";
          // Without the notice that lists every dropped table.
          await(db.inTransaction(sql -> sql.query("SET LOCAL client_min_messages = warning")
              .compose(v -> sql.query(drop))));
        }
      } finally {
        await(db.close());
      }
    } finally {
      await(vertx.close());
    }
  }

  /** Peak heap (sum of the heap pools' peaks) of each phase, and the process's peak RSS so far. */
  private static final class Memory {
    private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();

    String phase() {
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      return String.format(Locale.ROOT, "peak heap %d MiB (max %d MiB), peak RSS so far %s", peak >> 20,
          Runtime.getRuntime().maxMemory() >> 20, Measures.peakRss());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
