package org.gridscape.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.grid.GridException;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.IngestOptions;

/** {@code import village-plan|grids FILE --village CODE} and {@code validate --village CODE}. */
final class GridCommands {

  private GridCommands() {}

  static int importFile(Arguments args, PrintStream out, PrintStream err) {
    if (args.positional().size() < 3) {
      err.println("usage: ./gridscape import village-plan|grids|regions FILE [--village CODE] [--crs EPSG:4549] [--repair]");
      return 2;
    }
    String what = args.positional().get(1);
    Path file = Path.of(args.positional().get(2));
    String village = args.getString("village", "12-digit village code the file belongs to", null);
    String crs = args.getString("crs", "source coordinate system when the file does not say (EPSG:4549, GCJ02 ...)", null);
    boolean repair = args.flag("repair");
    boolean publish = args.flag("publish");
    ServerConfig config = ServerConfig.from(args);
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println("gridscape: cannot read " + file + ": " + e.getMessage());
      return 2;
    }
    String type = mediaType(file);
    IngestOptions options = IngestOptions.defaults().withCrs(crs).withRepair(repair);
    try (Offline offline = Offline.open(config)) {
      JsonObject result = switch (what) {
        case "village-plan" -> Offline.await(publishIf(publish, offline, village, offline.grids()
            .importPlan(requireVillage(village), body, type, options, Offline.CLI)), 600);
        case "grids" -> Offline.await(publishIf(publish, offline, village, offline.grids()
            .importGrids(requireVillage(village), body, type, options, Offline.CLI)), 600);
        case "regions" -> Offline.await(offline.grids().importRegions(body), 600);
        default -> throw new ConfigException("import what? village-plan, grids or regions, not '" + what + "'");
      };
      out.println(result.encodePrettily());
      return 0;
    } catch (IngestException e) {
      err.println("gridscape: import refused (" + e.code() + "): " + e.getMessage());
      e.problems().stream().limit(50).forEach(p -> err.println("  - " + p.rule() + ": " + p.message()
          + (p.featureIndex() == null ? "" : " [" + p.layer() + " #" + p.featureIndex() + "]")
          + (p.featureId() == null ? "" : " (" + p.featureId() + ")")));
      return 1;
    } catch (GridException e) {
      err.println("gridscape: " + e.getMessage() + (e.details().isEmpty() ? "" : " " + e.details()));
      return 1;
    }
  }

  /** The import's result, after publishing the village's draft when asked to (the result then says so). */
  private static io.vertx.core.Future<JsonObject> publishIf(boolean publish, Offline offline, String village,
      io.vertx.core.Future<JsonObject> imported) {
    return !publish ? imported
        : imported.compose(result -> offline.grids().publish(village, Offline.CLI).map(p -> result.put("publish", p)));
  }

  static int validate(Arguments args, PrintStream out, PrintStream err) {
    String village = requireVillage(args.getString("village", "12-digit village code to validate", null));
    ServerConfig config = ServerConfig.from(args);
    try (Offline offline = Offline.open(config)) {
      JsonObject result = Offline.await(offline.grids().validate(village), 120);
      out.println(result.encodePrettily());
      return result.getBoolean("ok") ? 0 : 1;
    } catch (GridException e) {
      err.println("gridscape: " + e.getMessage());
      return 1;
    }
  }

  private static String requireVillage(String village) {
    if (village == null || !village.matches("\\d{12}")) {
      throw new ConfigException("--village must be a 12-digit village code");
    }
    return village;
  }

  static String mediaType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".zip")) {
      return "application/zip";
    }
    if (name.endsWith(".gpkg")) {
      return "application/geopackage+sqlite3";
    }
    return "application/geo+json";
  }
}
