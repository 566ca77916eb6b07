package org.gridscape.server.sample;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.event.EventService;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.layer.LayerKind;

/**
 * Loads a generated sample district through the same import services as users' data (no back door):
 * regions, every village plan and grid set (each published at once: the publish validates, and the
 * layer tables refer to published grids), then the people and layer tables.
 */
public final class SampleLoader {

  /** Layer tables in dependency order (households before residents, organs before workers ...). */
  static final List<LayerKind> LAYER_ORDER = List.of(LayerKind.HOUSEHOLDS, LayerKind.RESIDENTS, LayerKind.PARTY_ORGS,
      LayerKind.PARTY_MEMBERS, LayerKind.PARTY_LINKS, LayerKind.ASSISTANCE, LayerKind.INSPECTIONS,
      LayerKind.ILLEGAL_CONSTRUCTION, LayerKind.ORGANS, LayerKind.WORKERS);

  /** What was loaded. */
  public record Loaded(int villages, int grids, int buildings, List<String> tables) {}

  private final GridService grids;
  private final LayerImporter layers;
  private final EventService events;
  private final Principal loader;

  public SampleLoader(GridService grids, LayerImporter layers, EventService events, Principal loader) {
    this.grids = grids;
    this.layers = layers;
    this.events = events;
    this.loader = loader;
  }

  /** Whether the database already holds a district (then the demo does not load again). */
  public Future<Boolean> alreadyLoaded() {
    return grids.store().regions().map(regions -> regions.stream().anyMatch(r -> r.level().equals("district")));
  }

  public Future<Loaded> load(Path dir, Consumer<String> progress) {
    List<String> villages = villageCodes(dir);
    int[] counts = new int[2];
    List<String> tables = new ArrayList<>();
    progress.accept("importing regions");
    Future<?> chain = grids.importRegions(read(dir.resolve("regions.geojson")));
    for (int i = 0; i < villages.size(); i++) {
      String village = villages.get(i);
      int n = i + 1;
      chain = chain.compose(v -> grids.importPlan(village, read(dir.resolve("plans/" + village + ".geojson")),
              "application/geo+json", IngestOptions.defaults(), loader, false))
          .compose(plan -> {
            counts[1] += plan.getJsonObject("counts").getInteger("buildings");
            return grids.importGrids(village, read(dir.resolve("grids/" + village + ".geojson")),
                "application/geo+json", IngestOptions.defaults(), loader, false);
          })
          .compose(set -> grids.publish(village, loader).map(set))
          .map(set -> {
            counts[0] += set.getJsonObject("counts").getInteger("grids");
            if (n % 10 == 0 || n == villages.size()) {
              progress.accept("village plans and grids published: " + n + "/" + villages.size());
            }
            return set;
          });
    }
    for (LayerKind kind : LAYER_ORDER) {
      Path file = dir.resolve(kind.path() + ".csv");
      if (Files.exists(file)) {
        chain = chain.compose(v -> layers.importCsv(kind, read(file), loader)).map(result -> {
          tables.add(kind.path());
          progress.accept(kind.path() + ": " + result.rows() + " rows");
          return result;
        });
      }
    }
    Path eventsFile = dir.resolve("events.csv");
    if (Files.exists(eventsFile)) {
      chain = chain.compose(v -> events.importCsv(read(eventsFile), loader.username())).map(result -> {
        tables.add("events");
        progress.accept("events: " + result.getOrDefault("imported", result));
        return result;
      });
    }
    Path resourcesFile = dir.resolve("emergency-resources.csv");
    if (Files.exists(resourcesFile)) {
      chain = chain.compose(v -> events.importResources(read(resourcesFile))).map(result -> {
        tables.add("emergency-resources");
        progress.accept("emergency resources: " + result.get("imported"));
        return result;
      });
    }
    return chain.map(v -> new Loaded(villages.size(), counts[0], counts[1], List.copyOf(tables)));
  }

  private static List<String> villageCodes(Path dir) {
    try (Stream<Path> files = Files.list(dir.resolve("plans"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".geojson"))
          .map(n -> n.substring(0, n.length() - ".geojson".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no sample district in " + dir, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static JsonObject describe(Loaded loaded) {
    return new JsonObject().put("villages", loaded.villages()).put("grids", loaded.grids())
        .put("buildings", loaded.buildings());
  }
}
