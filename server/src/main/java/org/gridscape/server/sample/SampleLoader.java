package org.gridscape.server.sample;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.event.EventService;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.ingest.CsvChunks;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.layer.LayerKind;
import org.gridscape.server.field.FieldImport;
import org.gridscape.server.party.DutyPoints;
import org.gridscape.server.patrol.PatrolService;
import org.gridscape.server.store.Database;

/**
 * Loads a generated sample district through the same import services as users' data (no back door):
 * regions, every village plan and grid set (each published at once: the publish validates, and the
 * layer tables refer to published grids), then the people and layer tables. Memory does not grow
 * with the scale: one village's files, or one part of a table, at a time.
 */
public final class SampleLoader {

  /** Layer tables in dependency order (households before residents, organs before workers ...). */
  static final List<LayerKind> LAYER_ORDER = List.of(LayerKind.HOUSEHOLDS, LayerKind.RESIDENTS, LayerKind.PARTY_ORGS,
      LayerKind.PARTY_MEMBERS, LayerKind.PARTY_LINKS, LayerKind.ASSISTANCE, LayerKind.INSPECTIONS,
      LayerKind.ILLEGAL_CONSTRUCTION, LayerKind.ORGANS, LayerKind.WORKERS);

  /**
   * Rows per import of a large table: each part is checked and written in one transaction, so the
   * loader holds one part of a table at a time, not the city. At most the id count below which
   * the layer importer looks references up by id rather than scanning a table.
   */
  public static final int ROWS_PER_PART = 10_000;

  /** What was loaded, with the time of each step. */
  public record Loaded(int villages, int grids, int buildings, List<String> tables, List<Step> steps) {
    public Loaded {
      tables = List.copyOf(tables);
      steps = List.copyOf(steps);
    }

    public long rows() {
      return steps.stream().mapToLong(Step::rows).sum();
    }
  }

  /** One step of a load: what, how many rows (features for plans), how long. */
  public record Step(String name, long rows, double seconds) {}

  private final Vertx vertx;
  private final GridService grids;
  private final LayerImporter layers;
  private final EventService events;
  private final Principal loader;
  private final PatrolService patrols;
  /** Where visits.csv, field-collections.csv and duty-points.csv go; null leaves them out. */
  private Database fieldWork;

  /** Patrols per import of patrols.csv (each row a whole track of about a hundred positions). */
  static final int PATROLS_PER_PART = 400;

  public SampleLoader(Vertx vertx, GridService grids, LayerImporter layers, EventService events, Principal loader) {
    this(vertx, grids, layers, events, loader, null);
  }

  /** @param patrols where patrols.csv goes; null leaves the patrols out */
  public SampleLoader(Vertx vertx, GridService grids, LayerImporter layers, EventService events, Principal loader,
      PatrolService patrols) {
    this.vertx = vertx;
    this.grids = grids;
    this.layers = layers;
    this.events = events;
    this.loader = loader;
    this.patrols = patrols;
  }

  /**
   * Loads the sample's visits and proposals (visits.csv, field-collections.csv) and the duty points
   * recorded by hand (duty-points.csv, through the ledger) into this database too.
   */
  public SampleLoader withFieldWork(Database db) {
    this.fieldWork = db;
    return this;
  }

  /** Whether the database already holds a district (then the demo does not load again). */
  public Future<Boolean> alreadyLoaded() {
    return grids.store().regions().map(regions -> regions.stream().anyMatch(r -> r.level().equals("district")));
  }

  /**
   * Loads the sample in {@code dir}: one village at a time, and each large table in parts of
   * {@link #ROWS_PER_PART} rows, every file read off the event loop when its turn comes.
   */
  public Future<Loaded> load(Path dir, Consumer<String> progress) {
    List<String> villages = villageCodes(dir);
    int[] counts = new int[2];
    long[] features = {0};
    List<String> tables = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    long[] stepStart = {System.nanoTime()};
    progress.accept("importing regions");
    Future<?> chain = readOff(dir.resolve("regions.geojson")).compose(grids::importRegions).map(r -> {
      steps.add(step("regions", r.getInteger("regions"), stepStart));
      return r;
    });
    for (int i = 0; i < villages.size(); i++) {
      String village = villages.get(i);
      int n = i + 1;
      chain = chain.compose(v -> readOff(dir.resolve("plans/" + village + ".geojson")))
          .compose(body -> grids.importPlan(village, body, "application/geo+json", IngestOptions.defaults(), loader,
              false))
          .compose(plan -> {
            JsonObject c = plan.getJsonObject("counts");
            counts[1] += c.getInteger("buildings");
            features[0] += c.getInteger("buildings") + c.getInteger("roads", 0);
            return readOff(dir.resolve("grids/" + village + ".geojson"));
          })
          .compose(body -> grids.importGrids(village, body, "application/geo+json", IngestOptions.defaults(), loader,
              false))
          .compose(set -> grids.publish(village, loader).map(set))
          .map(set -> {
            counts[0] += set.getJsonObject("counts").getInteger("grids");
            if (n % 10 == 0 || n == villages.size()) {
              progress.accept("village plans and grids published: " + n + "/" + villages.size());
            }
            if (n == villages.size()) {
              steps.add(step("village plans, grids, publish", features[0] + counts[0], stepStart));
            }
            return set;
          });
    }
    // The layers' joins and a city's scene build read the plan tables a few grids at a time.
    chain = chain.compose(v -> grids.vacuumPlanTables());
    for (LayerKind kind : LAYER_ORDER) {
      Path file = dir.resolve(kind.path() + ".csv");
      if (Files.exists(file)) {
        chain = chain.compose(v -> layers.importCsvFile(kind, file, ROWS_PER_PART, loader)).map(result -> {
          tables.add(kind.path());
          steps.add(step(kind.path(), result.rows(), stepStart));
          progress.accept(kind.path() + ": " + result.rows() + " rows");
          return result;
        });
      }
    }
    Path eventsFile = dir.resolve("events.csv");
    if (Files.exists(eventsFile)) {
      long[] imported = {0};
      chain = chain.compose(v -> CsvChunks.forEach(vertx, eventsFile, ROWS_PER_PART,
          chunk -> events.importCsv(chunk.csv(), loader.username()).map(result -> {
            imported[0] += ((Number) result.get("imported")).longValue();
            return result;
          }))).map(records -> {
            tables.add("events");
            steps.add(step("events", imported[0], stepStart));
            progress.accept("events: " + imported[0]);
            return records;
          });
    }
    Path resourcesFile = dir.resolve("emergency-resources.csv");
    if (Files.exists(resourcesFile)) {
      chain = chain.compose(v -> readOff(resourcesFile)).compose(events.readiness()::importResources).map(result -> {
        tables.add("emergency-resources");
        steps.add(step("emergency-resources", ((Number) result.get("imported")).longValue(), stepStart));
        progress.accept("emergency resources: " + result.get("imported"));
        return result;
      });
    }
    Path patrolsFile = dir.resolve("patrols.csv");
    if (patrols != null && Files.exists(patrolsFile)) {
      long[] imported = {0, 0};
      chain = chain.compose(v -> CsvChunks.forEach(vertx, patrolsFile, PATROLS_PER_PART,
          chunk -> patrols.importCsv(chunk.csv()).map(result -> {
            imported[0] += ((Number) result.get("imported")).longValue();
            imported[1] += ((Number) result.get("points")).longValue();
            return result;
          }))).map(records -> {
            tables.add("patrols");
            steps.add(step("patrols", imported[1], stepStart));
            progress.accept("patrols: " + imported[0] + " with " + imported[1] + " positions");
            return records;
          });
    }
    Path visitsFile = dir.resolve("visits.csv");
    Path collectionsFile = dir.resolve("field-collections.csv");
    if (fieldWork != null && Files.exists(visitsFile) && Files.exists(collectionsFile)) {
      long[] imported = {0, 0};
      chain = chain.compose(v -> CsvChunks.forEach(vertx, visitsFile, ROWS_PER_PART,
              chunk -> FieldImport.visits(vertx, fieldWork, chunk.csv()).map(n -> imported[0] += n)))
          .compose(v -> CsvChunks.forEach(vertx, collectionsFile, ROWS_PER_PART,
              chunk -> FieldImport.collections(vertx, fieldWork, chunk.csv()).map(n -> imported[1] += n)))
          .map(records -> {
            tables.add("visits");
            tables.add("field-collections");
            steps.add(step("visits", imported[0] + imported[1], stepStart));
            progress.accept("visits: " + imported[0] + ", proposals: " + imported[1]);
            return records;
          });
    }
    Path pointsFile = dir.resolve("duty-points.csv");
    if (fieldWork != null && Files.exists(pointsFile)) {
      // after the visits: the ledger awards the visits made before each entry
      DutyPoints ledger = new DutyPoints(fieldWork, Clock.systemUTC());
      long[] written = {0};
      chain = chain.compose(v -> CsvChunks.forEach(vertx, pointsFile, ROWS_PER_PART,
          chunk -> vertx.executeBlocking(() -> DutyPoints.readCsv(chunk.csv(), chunk::fileLine), false)
              .compose(rows -> ledger.importRecorded(loader, rows)).map(n -> written[0] += n)))
          .map(records -> {
            tables.add("duty-points");
            steps.add(step("duty-points", written[0], stepStart));
            progress.accept("duty points: " + written[0] + " ledger entries");
            return records;
          });
    }
    return chain.map(v -> new Loaded(villages.size(), counts[0], counts[1], tables, steps));
  }

  private static Step step(String name, long rows, long[] start) {
    long now = System.nanoTime();
    Step step = new Step(name, rows, (now - start[0]) / 1e9);
    start[0] = now;
    return step;
  }

  private Future<byte[]> readOff(Path file) {
    return vertx.executeBlocking(() -> read(file), false);
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
