package org.gridscape.server.bench;

import static org.gridscape.server.layer.LayerFixture.await;

import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.layer.ImportResult;
import org.gridscape.server.layer.LayerFigures;
import org.gridscape.server.layer.LayerFixture;
import org.gridscape.server.layer.LayerImporter;
import org.gridscape.server.layer.LayerKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.store.Database;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.locationtech.jts.io.WKBWriter;

/**
 * Imports the sample district's people and layer tables through {@link LayerImporter} and prints
 * the time per table and in total (target: people under 30 s on 2 cores). Regions, grids and
 * buildings are written straight from the ids the tables use, with placeholder footprints, since
 * the village-plan import is measured elsewhere.
 *
 * <p>Usage: {@code LayerImportBenchmark [h2|postgresql] [sample-dir]}; a directory without the sample
 * (or none: a temporary one) gets it generated first.
 */
public final class LayerImportBenchmark {

  private static final String[] ORDER = {"households", "residents", "party-orgs", "party-members", "party-links",
      "assistance", "inspections", "illegal-construction", "organs", "workers"};

  private LayerImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    TestDatabases.Kind kind = args.length > 0 && args[0].startsWith("p") ? TestDatabases.Kind.POSTGRESQL
        : TestDatabases.Kind.H2;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("gridscape-bench-sample-");
    if (!Files.exists(dir.resolve("households.csv"))) {
      SampleDistrictGenerator.generate(new SampleOptions(dir, SampleOptions.DEFAULT_SEED, 1), line -> { });
    }
    try (TestServer server = TestServer.start(kind)) {
      Database db = server.server().context().db();
      seedPlaces(db, dir);
      LayerImporter importer = new LayerImporter(server.server().context().vertx(), db);
      Principal admin = new Principal("benchmark", Set.of(Role.ADMIN), List.of());
      long total = 0;
      long people = 0;
      for (String name : ORDER) {
        byte[] body = Files.readAllBytes(dir.resolve(name + ".csv"));
        long start = System.nanoTime();
        ImportResult result = await(importer.importCsv(LayerKind.fromPath(name).orElseThrow(), body, admin));
        long ms = (System.nanoTime() - start) / 1_000_000;
        total += ms;
        if (List.of("households", "residents", "party-members", "party-links", "assistance").contains(name)) {
          people += ms;
        }
        System.out.printf("%-22s %8d rows %7d ms %10.0f rows/s%n", name, result.rows(), ms,
            result.rows() * 1000.0 / Math.max(1, ms));
      }
      System.out.printf("people tables (households, residents, members, links, assistance): %d ms%n", people);
      System.out.printf("all layer tables on %s: %d ms%n", kind, total);
      long start = System.nanoTime();
      await(new LayerFigures(db).figuresForGrid(firstGrid(db)));
      System.out.printf("one grid's building figures: %d ms%n", (System.nanoTime() - start) / 1_000_000);
      start = System.nanoTime();
      await(new LayerFigures(db).regionStats("350521000000"));
      System.out.printf("district region stats: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static String firstGrid(Database db) {
    return await(db.query("SELECT MIN(grid_code) FROM building")).iterator().next().getString(0);
  }

  /** Villages and grids named by the Party organisations and workers, buildings named by the tables. */
  private static void seedPlaces(Database db, Path dir) throws Exception {
    Set<String> villages = new LinkedHashSet<>();
    Set<String> grids = new LinkedHashSet<>();
    for (CsvParser.Record r : rows(dir.resolve("party-orgs.csv"))) {
      String code = r.fields().get(4);
      (code.length() == 12 ? villages : grids).add(code);
    }
    for (CsvParser.Record r : rows(dir.resolve("workers.csv"))) {
      for (String g : r.fields().get(6).split(";")) {
        if (!g.isEmpty()) {
          grids.add(g);
        }
      }
    }
    grids.forEach(g -> villages.add(g.substring(0, 12)));
    Set<String> buildings = new LinkedHashSet<>();
    for (String file : List.of("households.csv", "inspections.csv", "illegal-construction.csv")) {
      int column = file.startsWith("illegal") ? 1 : file.startsWith("households") ? 1 : 0;
      for (CsvParser.Record r : rows(dir.resolve(file))) {
        buildings.add(r.fields().get(column));
        villages.add(r.fields().get(column).substring(1, 13));
      }
    }
    byte[] square = new WKBWriter().write(LayerFixture.box(118.7, 24.9, 118.7001, 24.9001));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Tuple> regionRows = new ArrayList<>();
    villages.forEach(v -> regionRows.add(Tuple.of(v, v, "village")));
    await(db.batch("INSERT INTO region (code, name, level) VALUES (?, ?, ?)", regionRows));
    List<Tuple> gridRows = new ArrayList<>();
    grids.forEach(g -> gridRows.add(Tuple.of(g, g.substring(0, 12), g, square).addValue(now)));
    await(db.batch("INSERT INTO grid (code, village_code, name, kind, status, version, geom, minx, miny, maxx, maxy,"
        + " updated_at) VALUES (?, ?, ?, 'standard', 'published', 1, ?, 118.7, 24.9, 118.7001, 24.9001, ?)", gridRows));
    List<Tuple> buildingRows = new ArrayList<>();
    List<String> gridList = new ArrayList<>(grids);
    int i = 0;
    for (String b : buildings) {
      // Spread buildings over the grids so that imports have grids to mark dirty.
      buildingRows.add(Tuple.of(b, b.substring(1, 13), gridList.get(i++ % gridList.size()), square));
    }
    await(db.batch("INSERT INTO building (id, village_code, grid_code, geom, minx, miny, maxx, maxy)"
        + " VALUES (?, ?, ?, ?, 118.7, 24.9, 118.7001, 24.9001)", buildingRows));
    System.out.printf("seeded %d villages, %d grids, %d buildings%n", villages.size(), grids.size(), buildings.size());
  }

  private static List<CsvParser.Record> rows(Path file) throws Exception {
    List<CsvParser.Record> all = CsvParser.parse(Files.readString(file));
    return all.subList(1, all.size());
  }
}
