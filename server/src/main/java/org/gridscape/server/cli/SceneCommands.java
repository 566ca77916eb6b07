package org.gridscape.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.gridscape.server.JobState;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.scene.BuildMode;
import org.gridscape.server.scene.PublishResult;
import org.gridscape.server.scene.SceneJob;
import org.gridscape.server.scene.SceneService;
import org.gridscape.server.store.ObjectStore;
import org.gridscape.server.store.ObjectStores;

/** {@code build [--mode all|dirty]}: builds and publishes the scenes on the configured database. */
final class SceneCommands {

  private static final int BAR_WIDTH = 30;

  private SceneCommands() {}

  static int build(Arguments args, PrintStream out, PrintStream err) {
    String modeText = args.getString("mode", "all: every published grid; dirty: only grids changed since", "all");
    BuildMode mode;
    try {
      mode = BuildMode.parse(modeText);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--mode: " + e.getMessage());
    }
    ServerConfig config = ServerConfig.from(args);
    try (Offline offline = Offline.open(config);
        ObjectStore shared = ObjectStores.open(offline.db(), config.sceneStore())) {
      SceneService scenes = Offline.await(SceneService.start(offline.vertx(), offline.db(), config.dataDir(),
          shared, SceneService.Settings.defaults().withWatch(false)), 120);
      try {
        SceneJob job = scenes.submit(mode, "cli");
        String last = "";
        while (!job.state().finished()) {
          last = progress(out, job, last);
          sleep(200);
        }
        progress(out, job, last);
        out.println();
        if (job.state() == JobState.FAILED) {
          err.println("gridscape: scene build failed: " + job.error());
          return 1;
        }
        PublishResult r = job.result();
        if (r.unchanged()) {
          out.println("Nothing to publish: the scene is up to date.");
        } else {
          out.printf(Locale.ROOT, "Published scene tree %d (%s): %d grids, %d buildings, %.1f MB of GLB, "
              + "%d tilesets%s in %.2f s%n", r.tree(), r.tilesetVersion(), r.gridsBuilt(), r.buildings(),
              r.glbBytes() / 1e6, r.tilesetsWritten(), r.incremental() ? " (incremental)" : "", r.millis() / 1000.0);
        }
        if (!r.failedGrids().isEmpty()) {
          err.println("gridscape: " + r.failedGrids().size() + " grid(s) left out (see the log): " + r.failedGrids());
        }
        return 0;
      } finally {
        scenes.close();
      }
    }
  }

  /** Redraws the progress line when it changed; returns what it drew. */
  private static String progress(PrintStream out, SceneJob job, String last) {
    int total = job.gridsTotal();
    int done = job.gridsDone();
    int filled = total == 0 ? 0 : (int) ((long) BAR_WIDTH * done / total);
    String line = String.format(Locale.ROOT, "[%s%s] %d/%d grids %3d%%  %s", "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled), done, total, job.percent(), job.toJson().getString("phase"));
    if (!line.equals(last)) {
      out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
      out.flush();
    }
    return line;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
