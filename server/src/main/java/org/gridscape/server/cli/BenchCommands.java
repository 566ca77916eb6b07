package org.gridscape.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridscape.server.bench.AppraisalBenchmark;
import org.gridscape.server.bench.ChangeFeedBenchmark;
import org.gridscape.server.bench.DraftBenchmark;
import org.gridscape.server.bench.EditorBenchmark;
import org.gridscape.server.bench.CityBenchmark;
import org.gridscape.server.bench.FilterBenchmark;
import org.gridscape.server.bench.MapPdfBenchmark;
import org.gridscape.server.bench.PatrolBenchmark;
import org.gridscape.server.bench.SampleBenchmark;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.bench.SceneBenchmark;

/** {@code bench <what>}: the benchmark programs behind BENCHMARKS.md. */
final class BenchCommands {

  private BenchCommands() {}

  static int run(Arguments args, PrintStream out, PrintStream err) {
    String what = args.positional().size() < 2 ? "" : args.positional().get(1);
    return switch (what) {
      case "scenes" -> scenes(args, out, err);
      case "sample" -> sample(args, out, err);
      case "ingest" -> ingest(args, out, err);
      case "editor" -> editor(args, out, err);
      case "city" -> city(args, out, err);
      case "filter" -> filter(args, out, err);
      case "changes" -> changes(args, out, err);
      case "mappdf" -> mapPdf(args, out, err);
      case "patrols" -> patrols(args, out, err);
      case "draft" -> draft(args, out, err);
      case "appraisal" -> appraisal(args, out, err);
      default -> {
        err.println("usage: ./gridscape bench scenes|sample|city|filter|changes|patrols|appraisal|ingest|editor|mappdf|draft [--scale N] [--rounds R] [--edits E] "
            + "[--buildings B] [--work-dir DIR] [--db-url postgresql://...]");
        yield 2;
      }
    };
  }

  /** {@code bench sample}: generate the sample district at a scale and load it, R rounds. */
  private static int sample(Arguments args, PrintStream out, PrintStream err) {
    int scale = args.getInt("scale", "sample district scale (1 = the published district, 25 = about 1 million buildings)",
        1);
    int rounds = args.getInt("rounds", "loads to time, each into a fresh database (one schema per round on PostgreSQL)",
        1);
    Path work = args.getPath("work-dir", "where the files and the embedded database go (default: a new temp dir)", null);
    String dbUrl = args.getString("db-url", "PostgreSQL URL of an empty database; empty uses fresh embedded H2", null);
    String url = dbUrl == null || dbUrl.isBlank() ? null : dbUrl;
    return inWorkDir(work, "gridscape-bench-sample-", out, err,
        dir -> SampleBenchmark.run(new SampleBenchmark.Options(dir, url, scale, rounds), out));
  }

  /** {@code bench city}: builds, edits, tiles and pages of a district already loaded into PostgreSQL. */
  private static int city(Arguments args, PrintStream out, PrintStream err) {
    String dbUrl = args.getString("db-url", "PostgreSQL URL of a loaded district (e.g. by bench sample)", null);
    if (dbUrl == null || dbUrl.isBlank()) {
      err.println("bench city needs --db-url postgresql://... of a loaded district");
      return 2;
    }
    int rounds = args.getInt("rounds", "full builds to time", 2);
    int edits = args.getInt("edits", "single-building edits to time from write to served", 10);
    int tiles = args.getInt("tiles", "cold z14 vector tiles per layer at random places", 200);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return inWorkDir(work, "gridscape-bench-city-", out, err,
        dir -> CityBenchmark.run(new CityBenchmark.Options(dir, dbUrl, rounds, edits, tiles), out));
  }

  /**
   * {@code bench filter}: OGC items pages with CQL2 filters against unfiltered ones, on the district of
   * {@code --db-url} (loaded, e.g. by bench sample) or on embedded H2 in the work directory, where the
   * sample district is generated and loaded first unless it is there already.
   */
  private static int filter(Arguments args, PrintStream out, PrintStream err) {
    String dbUrl = args.getString("db-url", "PostgreSQL URL of a loaded district; empty: embedded H2 in the work dir",
        null);
    String url = dbUrl == null || dbUrl.isBlank() ? null : dbUrl;
    int rounds = args.getInt("rounds", "rounds of every kind of page", 3);
    int pages = args.getInt("pages", "pages of each kind per round", 20);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return inWorkDir(work, "gridscape-bench-filter-", out, err, dir -> {
      org.gridscape.server.GridScapeServer server = CityBenchmark.start(dir, url);
      try {
        if (url == null) {
          DemoSetup.loadSampleOnFirstStart(server, out);
        }
        FilterBenchmark.run(server, new FilterBenchmark.Options(rounds, pages), out);
      } finally {
        server.stopAndWait();
      }
    });
  }

  /**
   * {@code bench mappdf}: printed maps (一村一图 PDF and PNG, the district sheet) over HTTP, on the district
   * of {@code --db-url} or on embedded H2 in the work directory, where the sample district is loaded first
   * unless it is there already.
   */
  private static int mapPdf(Arguments args, PrintStream out, PrintStream err) {
    String url = embeddedOr(args);
    int rounds = args.getInt("rounds", "rounds of every print", 5);
    int villages = args.getInt("villages", "how many of the villages with the most buildings to print", 3);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return onDistrict(work, url, "gridscape-bench-mappdf-", out, err,
        server -> MapPdfBenchmark.run(server, new MapPdfBenchmark.Options(rounds, villages), out));
  }

  /**
   * {@code bench draft}: saving to a village's draft, validating it and comparing it with the published
   * set, over HTTP, on the district of {@code --db-url} or on embedded H2 in the work directory, where
   * the sample district is loaded first unless it is there already.
   */
  private static int draft(Arguments args, PrintStream out, PrintStream err) {
    String url = embeddedOr(args);
    int rounds = args.getInt("rounds", "rounds of save, set save, validation and diff", 10);
    String village = args.getString("village", "village code (default: the one with the most grids)", null);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return onDistrict(work, url, "gridscape-bench-draft-", out, err,
        server -> DraftBenchmark.run(server, new DraftBenchmark.Options(rounds, village), out));
  }

  /**
   * {@code bench patrols}: coverage of the whole district for the sample's month and points ingested
   * per second, on the district of {@code --db-url} or on embedded H2 in the work directory, where the
   * sample district (with its patrols) is generated and loaded first unless it is there already.
   */
  private static int patrols(Arguments args, PrintStream out, PrintStream err) {
    String url = embeddedOr(args);
    int rounds = args.getInt("rounds", "rounds of each measurement", 5);
    int points = args.getInt("points", "positions sent per ingest round", 100_000);
    int batch = args.getInt("batch", "positions per request (at most 1000)", 500);
    int patrols = args.getInt("patrols", "patrols sending at once", 4);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return onDistrict(work, url, "gridscape-bench-patrols-", out, err,
        server -> PatrolBenchmark.run(server, new PatrolBenchmark.Options(rounds, points, batch, patrols), out));
  }

  /**
   * {@code bench appraisal}: the district's appraisal for the sample's month, cold then warm, on the
   * district of {@code --db-url} or on embedded H2 in the work directory (the sample loaded first
   * unless it is there already).
   */
  private static int appraisal(Arguments args, PrintStream out, PrintStream err) {
    String url = embeddedOr(args);
    int rounds = args.getInt("rounds", "rounds (the first one cold)", 6);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    return onDistrict(work, url, "gridscape-bench-appraisal-", out, err,
        server -> AppraisalBenchmark.run(server, rounds, out));
  }

  /** {@code bench changes}: change-feed delivery latency to many Server-Sent-Event subscribers. */
  private static int changes(Arguments args, PrintStream out, PrintStream err) {
    int subscribers = args.getInt("subscribers", "Server-Sent-Event streams open at once", 100);
    int rounds = args.getInt("rounds", "rounds of writes to time", 3);
    int writes = args.getInt("writes", "writes (district mode switches) per round", 100);
    int interval = args.getInt("interval-ms", "pause between two writes in milliseconds", 20);
    Path work = args.getPath("work-dir", "the server's data directory (default: a new temp dir)", null);
    String url = embeddedOr(args);
    return inWorkDir(work, "gridscape-bench-changes-", out, err, dir -> ChangeFeedBenchmark.run(
        new ChangeFeedBenchmark.Options(dir, url, subscribers, rounds, writes, interval), out));
  }

  /** {@code bench ingest}: plan import and validation of one synthetic village. */
  private static int ingest(Arguments args, PrintStream out, PrintStream err) {
    Path work = args.getPath("work-dir", "where the files and database go (default: a new temp dir)", null);
    String url = embeddedOr(args);
    try {
      if (work == null) {
        work = Files.createTempDirectory("gridscape-bench-ingest-");
      }
      int code = LoadBenchmarks.ingest(work, url, args.getInt("buildings", "buildings in the village plan", 2000),
          args.getInt("rounds", "imports and validations to time", 5), out);
      out.println("work directory: " + work.toAbsolutePath());
      return code;
    } catch (IOException e) {
      err.println("gridscape: " + e.getMessage());
      return 1;
    }
  }

  private static int scenes(Arguments args, PrintStream out, PrintStream err) {
    int scale = args.getInt("scale", "sample district scale (1 = the published district, ~40,000 buildings)", 1);
    int rounds = args.getInt("rounds", "full builds to time", 5);
    int edits = args.getInt("edits", "single-building edits to time from write to served", 20);
    Path work = args.getPath("work-dir", "where the sample, database and scenes go (default: a new temp dir)", null);
    String url = embeddedOr(args);
    boolean loaded = Boolean.parseBoolean(args.getString("loaded",
        "true: the PostgreSQL database of --db-url already holds a district (e.g. from bench sample); build only",
        "false"));
    if (loaded && url == null) {
      err.println("--loaded needs --db-url");
      return 2;
    }
    return inWorkDir(work, "gridscape-bench-scenes-", out, err,
        dir -> SceneBenchmark.run(new SceneBenchmark.Options(dir, url, scale, rounds, edits, loaded), out));
  }

  /** The --db-url option: a PostgreSQL URL, or null for a fresh embedded H2 database. */
  private static String embeddedOr(Arguments args) {
    String dbUrl = args.getString("db-url", "PostgreSQL URL; empty uses a fresh embedded H2 database", null);
    return dbUrl == null || dbUrl.isBlank() ? null : dbUrl;
  }

  /** A benchmark body run in its work directory. */
  @FunctionalInterface
  private interface Benchmark {
    void run(Path workDir) throws Exception;
  }

  /** A benchmark against a running server. */
  private interface ServerBenchmark {
    void run(org.gridscape.server.GridScapeServer server) throws Exception;
  }

  /**
   * Runs a benchmark against a server on the district of {@code url}, or on embedded H2 in the work
   * directory where the sample district is loaded first unless it is there already.
   */
  private static int onDistrict(Path work, String url, String tempPrefix, PrintStream out, PrintStream err,
      ServerBenchmark benchmark) {
    return inWorkDir(work, tempPrefix, out, err, dir -> {
      org.gridscape.server.GridScapeServer server = CityBenchmark.start(dir, url);
      try {
        if (url == null) {
          DemoSetup.loadSampleOnFirstStart(server, out);
        }
        benchmark.run(server);
      } finally {
        server.stopAndWait();
      }
    });
  }

  /** Runs a benchmark in {@code work} (a new temporary directory when null) and reports how it ended. */
  private static int inWorkDir(Path work, String tempPrefix, PrintStream out, PrintStream err, Benchmark benchmark) {
    try {
      Path dir = work != null ? work : Files.createTempDirectory(tempPrefix);
      benchmark.run(dir);
      out.println("work directory: " + dir.toAbsolutePath());
      return 0;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    } catch (IOException e) {
      err.println("gridscape: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("gridscape: benchmark failed: " + e);
      return 1;
    }
  }

  /** {@code bench editor}: live validation and auto-partition of a village of about 5,000 residents over HTTP. */
  private static int editor(Arguments args, PrintStream out, PrintStream err) {
    int residents = args.getInt("residents", "residents of the synthetic village", 5000);
    int rounds = args.getInt("rounds", "live validations to time", 20);
    int partitions = args.getInt("partition-rounds", "auto-partitions to time", 5);
    Path work = args.getPath("work-dir", "where the database goes (default: a new temp dir)", null);
    String url = embeddedOr(args);
    return inWorkDir(work, "gridscape-bench-editor-", out, err,
        dir -> EditorBenchmark.run(new EditorBenchmark.Options(dir, url, residents, rounds, partitions), out));
  }
}
