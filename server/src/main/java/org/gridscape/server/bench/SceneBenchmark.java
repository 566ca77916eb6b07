package org.gridscape.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.JobState;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.event.EventService;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.layer.LayerKind;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleLoader;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.scene.BuildMode;
import org.gridscape.server.scene.PublishResult;
import org.gridscape.server.scene.SceneJob;
import org.gridscape.server.scene.SceneService;
import org.gridscape.server.store.Database;

/**
 * {@code ./gridscape bench scenes}: the scene targets measured on the sample district. Generates and
 * loads the sample into a fresh embedded database (or the given PostgreSQL), then
 * <ol>
 * <li>full builds, database to published files: wall time, buildings/s, bytes per building, heap peak;</li>
 * <li>edits of one building's data through the layer import (the real write path), each timed from
 * before the write until an HTTP client sees the new root tileset, with the server's own background
 * publishing (debounce included).</li>
 * </ol>
 */
public final class SceneBenchmark {

  /**
   * @param workDir where the sample, database and scenes go
   * @param dbUrl PostgreSQL URL, or null for the embedded database
   * @param loaded whether the database already holds the district (nothing generated or loaded)
   */
  public record Options(Path workDir, String dbUrl, int scale, int rounds, int edits, boolean loaded) {
    public Options {
      if (scale < 1 || scale > SampleOptions.MAX_SCALE || rounds < 1 || edits < 0) {
        throw new IllegalArgumentException("scale 1-" + SampleOptions.MAX_SCALE + ", rounds >= 1, edits >= 0");
      }
    }
  }

  private static final Principal BENCH = new Principal("bench", EnumSet.of(Role.ADMIN), List.of());

  private SceneBenchmark() {}

  public static void run(Options options, PrintStream out) throws Exception {
    Path sample = options.workDir().resolve("sample");
    Path data = options.workDir().resolve("data");
    long t = System.nanoTime();
    if (!options.loaded()) {
      SampleDistrictGenerator.generate(new SampleOptions(sample, SampleOptions.DEFAULT_SEED, options.scale()), m -> { });
      out.printf(Locale.ROOT, "sample generated (scale %d) in %.1f s%n", options.scale(), seconds(t));
    }

    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, ServerConfig.forTest(data, options.dbUrl())));
    try {
      if (!options.loaded()) {
        t = System.nanoTime();
        SampleLoader.Loaded loaded = await(new SampleLoader(vertx, new GridService(vertx, db),
            new LayerImporter(vertx, db), new EventService(vertx, db, Clock.systemUTC()), BENCH).load(sample, m -> { }));
        out.printf(Locale.ROOT, "loaded %d villages, %d grids, %d buildings into %s in %.1f s%n", loaded.villages(),
            loaded.grids(), loaded.buildings(), db.kind().label(), seconds(t));
      }
      SceneService scenes = await(SceneService.start(vertx, db, data, SceneService.Settings.defaults()));
      Router router = Router.router(vertx);
      router.route("/3dtiles/*").handler(scenes.tiles());
      HttpServer http = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
      try {
        // The load marked every grid dirty: let the background build take them first.
        awaitIdle(scenes);
        fullBuilds(scenes, options.rounds(), out);
        edits(vertx, db, scenes, http.actualPort(), options.edits(), out);
      } finally {
        scenes.close();
        await(http.close());
      }
    } finally {
      await(db.close());
      await(vertx.close());
    }
  }

  private static void fullBuilds(SceneService scenes, int rounds, PrintStream out) {
    List<Long> millis = new ArrayList<>();
    PublishResult last = null;
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (int i = 0; i < rounds; i++) {
      SceneJob job = await(scenes.build(BuildMode.ALL, "bench"));
      if (job.state() != JobState.SUCCEEDED) {
        throw new IllegalStateException("full build failed: " + job.error());
      }
      last = job.result();
      millis.add(last.millis());
      out.printf(Locale.ROOT, "  full build %d: %d ms %s%n", i + 1, last.millis(), job.laps());
    }
    long heapPeak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long median = Measures.median(millis);
    out.printf(Locale.ROOT, "full build, database to published files: median %d ms, best %d ms (%d rounds)%n",
        median, Collections.min(millis), rounds);
    out.printf(Locale.ROOT, "  %d grids, %d buildings: %.0f buildings/s, %.0f bytes/building (GLB), %.1f MB GLB%n",
        last.gridsBuilt(), last.buildings(), last.buildings() / (median / 1000.0),
        (double) last.glbBytes() / last.buildings(), last.glbBytes() / 1e6);
    out.printf(Locale.ROOT, "  %d village overviews: %.1f MB, %.0f KB each, %.0f bytes per building they stand for%n",
        last.overviewsBuilt(), last.overviewBytes() / 1e6,
        last.overviewsBuilt() == 0 ? 0 : last.overviewBytes() / 1e3 / last.overviewsBuilt(),
        (double) last.overviewBytes() / last.buildings());
    out.printf(Locale.ROOT, "  heap peak during the builds %.0f MB; process peak RSS %s; %d cores%n", heapPeak / 1e6,
        Measures.peakRss(), Runtime.getRuntime().availableProcessors());
  }

  private static void edits(Vertx vertx, Database db, SceneService scenes, int port, int edits, PrintStream out)
      throws Exception {
    if (edits == 0) {
      return;
    }
    String building = await(db.query("SELECT b.id FROM building b JOIN grid g ON g.code = b.grid_code "
        + "WHERE g.status = 'published' ORDER BY b.id")).iterator().next().getString(0);
    LayerImporter importer = new LayerImporter(vertx, db);
    HttpClient client = HttpClient.newHttpClient();
    String etag = rootEtag(client, port);
    List<Long> endToEnd = new ArrayList<>();
    List<Long> publish = new ArrayList<>();
    String[] grades = {"A", "B", "C", "D"};
    for (int i = 0; i < edits; i++) {
      byte[] csv = ("building_id,inspected_on,grade,inspector\n" + building + ","
          + LocalDate.of(2027, 1, 1).plusDays(i) + "," + grades[i % 4] + ",bench\n").getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      await(importer.importCsv(LayerKind.INSPECTIONS, csv, BENCH));
      String now = etag;
      while (now.equals(etag)) {
        Thread.sleep(2);
        now = rootEtag(client, port);
      }
      endToEnd.add((System.nanoTime() - start) / 1_000_000);
      etag = now;
      awaitIdle(scenes);
      scenes.recentJobs().stream().filter(j -> j.result() != null).findFirst().ifPresent(j -> {
        publish.add(j.result().millis());
        out.printf(Locale.ROOT, "  edit %d: %d ms to served, publish %d ms %s%n", publish.size(),
            endToEnd.get(endToEnd.size() - 1), j.result().millis(), j.laps());
      });
    }
    out.printf(Locale.ROOT, "one edited building, write to new root tileset served (background publish, %d edits):"
        + " median %d ms, max %d ms%n", edits, Measures.median(endToEnd), Collections.max(endToEnd));
    out.printf(Locale.ROOT, "  of which the incremental publish itself: median %d ms (the rest is the %d ms debounce"
        + " and the %d ms poll)%n", Measures.median(publish), SceneService.Settings.defaults().debounce().toMillis(),
        SceneService.Settings.defaults().poll().toMillis());
  }

  private static String rootEtag(HttpClient client, int port) throws IOException, InterruptedException {
    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/3dtiles/tileset.json")).build(), HttpResponse.BodyHandlers.discarding());
    return response.headers().firstValue("ETag").orElse("");
  }

  private static void awaitIdle(SceneService scenes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      Thread.sleep(300);
      boolean busy = scenes.recentJobs().stream().anyMatch(j -> !j.state().finished());
      if (!busy && !await(scenes.editsPending())) {
        return;
      }
    }
    throw new IllegalStateException("scene builds did not settle within 10 minutes");
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }
}
