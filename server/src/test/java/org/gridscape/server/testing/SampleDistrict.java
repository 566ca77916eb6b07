package org.gridscape.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.ServerContext;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleLoader;
import org.gridscape.server.sample.SampleOptions;

/**
 * One server with the whole sample district loaded, shared by every slow end-to-end test of the test
 * JVM: generating and loading it costs about a minute, so it happens once. Tests must not close it or
 * change what others assert on (use their own small fixtures for writes).
 */
public final class SampleDistrict {

  private static TestServer server;
  private static Path files;

  private SampleDistrict() {}

  /** The generated sample files (scale 1, default seed), generated once per build under target/. */
  public static synchronized Path files() {
    if (files == null) {
      Path dir = Path.of("target", "sample-district").toAbsolutePath();
      if (!complete(dir)) {
        // generate beside it and move it into place whole, so an interrupted run leaves no half set
        Path tmp = dir.resolveSibling("sample-district.tmp-" + ProcessHandle.current().pid());
        try {
          deleteTree(tmp);
          SampleDistrictGenerator.generate(SampleOptions.defaults(tmp), line -> { });
          deleteTree(dir);
          Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot generate the sample district into " + dir, e);
        }
      }
      files = dir;
    }
    return files;
  }

  private static boolean complete(Path dir) {
    for (String name : new String[] {"manifest.json", "regions.geojson", "households.csv", "residents.csv",
        "events.csv", "workers.csv", "patrols.csv", "duty-points.csv"}) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        return false;
      }
    }
    return true;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The shared server on H2 with the sample district loaded and its villages published. */
  public static synchronized TestServer server() {
    if (server == null) {
      Path dir = files();
      TestServer started = TestServer.start(TestDatabases.Kind.H2);
      ServerContext context = started.server().context();
      SampleLoader loader = new SampleLoader(context.vertx(), context.grids(), new LayerImporter(context.vertx(), context.db()),
          context.events(),
          new Principal("test-loader", EnumSet.of(Role.ADMIN), List.of()), context.patrols()).withFieldWork(context.db());
      try {
        SampleLoader.Loaded loaded = loader.load(dir, line -> { }).toCompletionStage().toCompletableFuture()
            .get(15, TimeUnit.MINUTES);
        // the load is shared by every slow test: its steps' times, to see what a change costs
        StringBuilder steps = new StringBuilder();
        loaded.steps().forEach(s -> steps.append(String.format(java.util.Locale.ROOT, " %s %.1f s;", s.name(), s.seconds())));
        System.out.println("sample district loaded:" + steps);
      } catch (Exception e) {
        started.close();
        throw new IllegalStateException("loading the sample district failed: " + e, e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sample-district-close"));
      server = started;
    }
    return server;
  }

  /**
   * For benchmark programs: loads the sample district into {@code server} unless it is there
   * already, generating the files into {@code dir/sample} first when they are missing.
   */
  public static void loadForBenchmark(org.gridscape.server.GridScapeServer server, Path dir) throws Exception {
    ServerContext context = server.context();
    SampleLoader loader = new SampleLoader(context.vertx(), context.grids(), new LayerImporter(context.vertx(), context.db()),
        context.events(), new Principal("bench-loader", EnumSet.of(Role.ADMIN), List.of()), context.patrols()).withFieldWork(context.db());
    if (loader.alreadyLoaded().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES)) {
      return;
    }
    Path sample = dir.resolve("sample");
    if (!Files.exists(sample.resolve("manifest.json"))) {
      org.gridscape.server.sample.SampleDistrictGenerator.generate(
          org.gridscape.server.sample.SampleOptions.defaults(sample), line -> { });
    }
    long start = System.nanoTime();
    SampleLoader.Loaded loaded = loader.load(sample, line -> { }).toCompletionStage().toCompletableFuture()
        .get(15, TimeUnit.MINUTES);
    System.out.printf("sample loaded in %.1f s: %d grids, %d buildings%n", (System.nanoTime() - start) / 1e9,
        loaded.grids(), loaded.buildings());
  }
}
