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
      if (!Files.exists(dir.resolve("manifest.json"))) {
        SampleDistrictGenerator.generate(SampleOptions.defaults(dir), line -> { });
      }
      files = dir;
    }
    return files;
  }

  /** The shared server on H2 with the sample district loaded and its villages published. */
  public static synchronized TestServer server() {
    if (server == null) {
      Path dir = files();
      TestServer started = TestServer.start(TestDatabases.Kind.H2);
      ServerContext context = started.server().context();
      SampleLoader loader = new SampleLoader(context.grids(), new LayerImporter(context.vertx(), context.db()),
          context.events(),
          new Principal("test-loader", EnumSet.of(Role.ADMIN), List.of()));
      try {
        loader.load(dir, line -> { }).toCompletionStage().toCompletableFuture().get(15, TimeUnit.MINUTES);
      } catch (Exception e) {
        started.close();
        throw new IllegalStateException("loading the sample district failed: " + e, e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sample-district-close"));
      server = started;
    }
    return server;
  }
}
