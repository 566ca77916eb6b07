package org.gridscape.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import org.gridscape.server.testing.TestDatabases;
import org.gridscape.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export and restore of a tiny district on H2 and PostgreSQL, and the refusals that keep a target intact. */
class BackupRoundTripTest {

  private static final String PHOTO = "attachments/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png";
  private static final byte[] PHOTO_BYTES = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
  private static TestServer h2Source;
  private static Path h2Bundle;

  @TempDir
  Path temp;

  @BeforeAll
  static void exportTinyDistrict() throws IOException {
    h2Source = TestServer.start(TestDatabases.Kind.H2);
    BackupFixtures.loadTinyDistrict(h2Source);
    h2Bundle = Files.createTempFile("gridscape-tiny-", ".zip");
    var context = h2Source.server().context();
    // an event photo as the server stores it: content-addressed under the data directory
    Path photo = context.config().dataDir().resolve(PHOTO);
    Files.createDirectories(photo.getParent());
    Files.write(photo, PHOTO_BYTES);
    BackupFixtures.await(new BackupExporter(context.vertx(), context.db(), context.config().dataDir())
        .export(h2Bundle, line -> { }));
  }

  @AfterAll
  static void close() throws IOException {
    if (h2Source != null) {
      h2Source.close();
    }
    if (h2Bundle != null) {
      Files.deleteIfExists(h2Bundle);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void restoresEveryRowOfEveryTableIntoAFreshDatabase(TestDatabases.Kind kind) {
    Path again = temp.resolve("again.zip");
    try (BackupFixtures.Target target = new BackupFixtures.Target(kind)) {
      BackupRestorer.Result result = BackupFixtures.await(target.restorer().restore(h2Bundle, false, line -> { }));
      assertThat(result.rows()).isPositive();
      assertThat(BackupRestorer.verify(h2Bundle).files()).extracting(Manifest.DataFile::path)
          .containsExactly("files/" + PHOTO);
      assertThat(target.dir.resolve(PHOTO)).hasBinaryContent(PHOTO_BYTES);
      BackupFixtures.await(target.exporter().export(again, line -> { }));
      assertSameExceptDirtyScenes(BackupFixtures.contents(h2Bundle), BackupFixtures.contents(again));

      // identity sequences continue after the restored keys: a new row does not collide
      long maxId = ((Number) BackupFixtures.await(target.db.query("SELECT MAX(id) FROM audit_log")).iterator().next()
          .getValue(0)).longValue();
      BackupFixtures.await(target.db.query("INSERT INTO audit_log (occurred_at, action) VALUES (?, ?)",
          Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), "backup-test")));
      long newId = ((Number) BackupFixtures.await(target.db.query(
          "SELECT id FROM audit_log WHERE action = 'backup-test'")).iterator().next().getValue(0)).longValue();
      assertThat(newId).isGreaterThan(maxId);
    }
  }

  @Test
  void exportsFromPostgresAndRestoresIntoH2() {
    Path fromPg = temp.resolve("pg.zip");
    Path back = temp.resolve("back.zip");
    try (BackupFixtures.Target pg = new BackupFixtures.Target(TestDatabases.Kind.POSTGRESQL);
        BackupFixtures.Target h2 = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      BackupFixtures.await(pg.restorer().restore(h2Bundle, false, line -> { }));
      BackupFixtures.await(pg.exporter().export(fromPg, line -> { }));
      BackupFixtures.await(h2.restorer().restore(fromPg, false, line -> { }));
      BackupFixtures.await(h2.exporter().export(back, line -> { }));
      Map<String, List<String>> viaPg = BackupFixtures.contents(back);
      assertSameExceptDirtyScenes(BackupFixtures.contents(h2Bundle), viaPg);
    }
  }

  @Test
  void theBundleHoldsAManifestAndAGeoPackageOfEveryGeometryTable() throws Exception {
    Manifest manifest = BackupRestorer.verify(h2Bundle);
    assertThat(manifest.schemaVersion()).isNotBlank();
    assertThat(manifest.tables()).extracting(Manifest.Table::name)
        .contains("region", "grid", "building", "resident", "event", "audit_log")
        .doesNotContain(SchemaReader.FLYWAY_TABLE);
    List<String> order = manifest.tables().stream().map(Manifest.Table::name).toList();
    assertThat(order.indexOf("region")).isLessThan(order.indexOf("grid"));
    assertThat(order.indexOf("event")).isLessThan(order.indexOf("event_step"));
    Path gpkg = temp.resolve("geometry.gpkg");
    try (ZipFile zip = new ZipFile(h2Bundle.toFile())) {
      Files.copy(zip.getInputStream(zip.getEntry("geometry.gpkg")), gpkg);
    }
    GeoPackage geoPackage = GeoPackageManager.open(gpkg.toFile(), false);
    try {
      List<String> geometryTables = manifest.tables().stream().filter(Manifest.Table::geometry)
          .map(Manifest.Table::name).toList();
      assertThat(geometryTables).contains("region", "grid", "grid_history", "building", "road");
      assertThat(geoPackage.getFeatureTables()).containsExactlyInAnyOrderElementsOf(geometryTables);
      for (Manifest.Table t : manifest.tables()) {
        if (t.geometry()) {
          assertThat((long) geoPackage.getFeatureDao(t.name()).count()).as(t.name()).isEqualTo(t.rows());
          assertThat(geoPackage.getFeatureDao(t.name()).getSrsId()).isEqualTo(4326);
        }
      }
      assertThat(geoPackage.getFeatureDao("grid").getColumnNames()).contains("code", "village_code", "status", "geom");
    } finally {
      geoPackage.close();
    }
  }

  @Test
  void aDamagedBundleIsRefusedBeforeAnythingIsWritten() {
    Path damaged = temp.resolve("damaged.zip");
    rewrite(h2Bundle, damaged, "tables/grid.csv", bytes -> {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.replace("西片", "北片").getBytes(StandardCharsets.UTF_8);
    }, false);
    try (BackupFixtures.Target target = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      BackupFixtures.await(target.restorer().restore(h2Bundle, false, line -> { }));
      Map<String, List<String>> before = snapshot(target);
      assertThatThrownBy(() -> BackupFixtures.await(target.restorer().restore(damaged, true, line -> { })))
          .isInstanceOf(BackupException.class)
          .hasMessageContaining("damaged.zip").hasMessageContaining("tables/grid.csv").hasMessageContaining("sha256");
      assertThat(snapshot(target)).isEqualTo(before);
    }
  }

  @Test
  void aDamagedPhotoIsRefusedBeforeAnythingIsWritten() {
    Path damaged = temp.resolve("damaged-photo.zip");
    rewrite(h2Bundle, damaged, "files/" + PHOTO, bytes -> new byte[] {1, 2, 3}, false);
    try (BackupFixtures.Target target = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      Map<String, List<String>> before = snapshot(target);
      assertThatThrownBy(() -> BackupFixtures.await(target.restorer().restore(damaged, false, line -> { })))
          .isInstanceOf(BackupException.class).hasMessageContaining("files/" + PHOTO).hasMessageContaining("sha256");
      assertThat(snapshot(target)).isEqualTo(before);
      assertThat(target.dir.resolve(PHOTO)).doesNotExist();
    }
  }

  @Test
  void aTargetWithDataIsRefusedUnlessReplacing() {
    try (BackupFixtures.Target target = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      BackupFixtures.await(target.restorer().restore(h2Bundle, false, line -> { }));
      Map<String, List<String>> before = snapshot(target);
      assertThatThrownBy(() -> BackupFixtures.await(target.restorer().restore(h2Bundle, false, line -> { })))
          .isInstanceOf(BackupException.class).hasMessageContaining("not empty").hasMessageContaining("--replace");
      assertThat(snapshot(target)).isEqualTo(before);
      BackupFixtures.await(target.restorer().restore(h2Bundle, true, line -> { }));
      // the same rows again; only the time grids were marked dirty is new
      assertThat(withoutDirtyTimes(snapshot(target))).isEqualTo(withoutDirtyTimes(before));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aBadRowInTheLastTableLeavesTheTargetAsItWas(TestDatabases.Kind kind) {
    Manifest manifest = BackupRestorer.verify(h2Bundle);
    Manifest.Table last = manifest.tables().stream().filter(t -> t.rows() > 0).reduce((a, b) -> b).orElseThrow();
    Path bad = temp.resolve("bad.zip");
    // the last row again: a duplicate primary key, which only the database notices, at the very end
    rewrite(h2Bundle, bad, last.file(), bytes -> {
      String text = new String(bytes, StandardCharsets.UTF_8);
      String[] lines = text.split("\r\n");
      return (text + lines[lines.length - 1] + "\r\n").getBytes(StandardCharsets.UTF_8);
    }, true);
    try (BackupFixtures.Target target = new BackupFixtures.Target(kind)) {
      BackupFixtures.await(target.restorer().restore(h2Bundle, false, line -> { }));
      Map<String, List<String>> before = snapshot(target);
      assertThatThrownBy(() -> BackupFixtures.await(target.restorer().restore(bad, true, line -> { })))
          .isInstanceOf(BackupException.class).hasMessageContaining(last.file()).hasMessageContaining("nothing was restored");
      assertThat(snapshot(target)).isEqualTo(before);
    }
  }

  @Test
  void aValueThatIsNotOfItsColumnsTypeNamesTheLineAndColumn() {
    Path bad = temp.resolve("badvalue.zip");
    rewrite(h2Bundle, bad, "tables/grid.csv", bytes -> new String(bytes, StandardCharsets.UTF_8)
        .replace(",published,", ",published,x").getBytes(StandardCharsets.UTF_8), true);
    try (BackupFixtures.Target target = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      assertThatThrownBy(() -> BackupFixtures.await(target.restorer().restore(bad, false, line -> { })))
          .isInstanceOf(BackupException.class).hasMessageContaining("tables/grid.csv line 2 column version");
      assertThat(BackupFixtures.await(target.db.query("SELECT COUNT(*) FROM region")).iterator().next().getValue(0)
          .toString()).isEqualTo("0");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void tablesAndTypesAreDiscoveredNotListed(TestDatabases.Kind kind) {
    String ddl = "CREATE TABLE backup_probe (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, amount NUMERIC(12, 4),"
        + " ratio REAL, small SMALLINT, flag BOOLEAN, on_day DATE, at_local TIMESTAMP, at_time TIME, note VARCHAR(100),"
        + " blob BYTEA)";
    Path bundle = temp.resolve("probe.zip");
    Path again = temp.resolve("probe-again.zip");
    try (BackupFixtures.Target source = new BackupFixtures.Target(kind);
        BackupFixtures.Target target = new BackupFixtures.Target(kind)) {
      BackupFixtures.await(source.db.query(ddl));
      BackupFixtures.await(target.db.query(ddl));
      BackupFixtures.await(source.db.query("INSERT INTO backup_probe (amount, ratio, small, flag, on_day, at_local, at_time,"
          + " note, blob) VALUES (12345678.1200, 0.1, -3, TRUE, DATE '2026-02-28', TIMESTAMP '2026-02-28 13:14:15.123456',"
          + " TIME '07:08:09', '', NULL), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"));
      BackupFixtures.await(source.exporter().export(bundle, line -> { }));
      assertThat(BackupFixtures.contents(bundle).get("backup_probe")).containsExactly(
          "id,amount,ratio,small,flag,on_day,at_local,at_time,note,blob",
          "'1'|'12345678.1200'|'0.1'|'-3'|'true'|'2026-02-28'|'2026-02-28T13:14:15.123456'|'07:08:09'|''|\\N",
          "'2'|\\N|\\N|\\N|\\N|\\N|\\N|\\N|\\N|\\N");
      BackupFixtures.await(target.restorer().restore(bundle, false, line -> { }));
      BackupFixtures.await(target.exporter().export(again, line -> { }));
      assertThat(BackupFixtures.contents(again)).isEqualTo(BackupFixtures.contents(bundle));
      BackupFixtures.await(target.db.query("INSERT INTO backup_probe (note) VALUES ('after')"));
      assertThat(BackupFixtures.await(target.db.query("SELECT id FROM backup_probe WHERE note = 'after'")).iterator()
          .next().getValue(0).toString()).isEqualTo("3");
    }
  }

  @Test
  void aColumnTypeBackupDoesNotKnowFailsTheExportByName() {
    try (BackupFixtures.Target source = new BackupFixtures.Target(TestDatabases.Kind.H2)) {
      BackupFixtures.await(source.db.query("CREATE TABLE backup_odd (id INT PRIMARY KEY, shape GEOMETRY)"));
      Path bundle = temp.resolve("odd.zip");
      assertThatThrownBy(() -> BackupFixtures.await(source.exporter().export(bundle, line -> { })))
          .isInstanceOf(BackupException.class).hasMessageContaining("backup_odd.shape");
      assertThat(bundle).doesNotExist();
      assertThat(temp.resolve("odd.zip.part")).doesNotExist();
    }
  }

  @Test
  void theCommandsRestoreExportAndRefuseThroughTheCommandLine() {
    Path dataDir = temp.resolve("cli-data");
    Path exported = temp.resolve("cli.zip");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream o = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
    java.io.PrintStream e = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);
    String dir = dataDir.toString();
    assertThat(org.gridscape.server.cli.Commands.run(new String[] {"restore", h2Bundle.toString(), "--data-dir", dir},
        o, e)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Restored ").contains("grids' scenes for rebuilding");
    assertThat(org.gridscape.server.cli.Commands.run(new String[] {"export", "--out", exported.toString(), "--data-dir",
        dir}, o, e)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertSameExceptDirtyScenes(BackupFixtures.contents(h2Bundle), BackupFixtures.contents(exported));
    assertThat(org.gridscape.server.cli.Commands.run(new String[] {"restore", h2Bundle.toString(), "--data-dir", dir},
        o, e)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not empty").contains("--replace");
    assertThat(org.gridscape.server.cli.Commands.run(new String[] {"restore", h2Bundle.toString(), "--replace",
        "--data-dir", dir}, o, e)).isZero();
    assertThat(org.gridscape.server.cli.Commands.run(new String[] {"export", "--data-dir", dir}, o, e)).isEqualTo(2);
  }

  /** The restored bundle equals the original except scene_dirty, which gains every grid. */
  private static void assertSameExceptDirtyScenes(Map<String, List<String>> original, Map<String, List<String>> restored) {
    assertThat(restored.keySet()).isEqualTo(original.keySet());
    for (String table : original.keySet()) {
      if (!table.equals("scene_dirty")) {
        assertThat(restored.get(table)).as(table).isEqualTo(original.get(table));
      }
    }
    List<String> dirty = restored.get("scene_dirty");
    assertThat(dirty).containsAll(original.get("scene_dirty"));
    for (String grid : original.get("grid").subList(1, original.get("grid").size())) {
      String code = grid.substring(0, grid.indexOf('|'));
      assertThat(dirty).anyMatch(d -> d.startsWith(code + "|"));
    }
  }

  private static Map<String, List<String>> withoutDirtyTimes(Map<String, List<String>> tables) {
    Map<String, List<String>> copy = new java.util.TreeMap<>(tables);
    copy.put("scene_dirty", tables.get("scene_dirty").stream().map(r -> r.split("\\|")[0]).toList());
    return copy;
  }

  private Map<String, List<String>> snapshot(BackupFixtures.Target target) {
    Path file = temp.resolve("snapshot-" + System.nanoTime() + ".zip");
    BackupFixtures.await(target.exporter().export(file, line -> { }));
    return BackupFixtures.contents(file);
  }

  /** Copies a bundle with one file edited; with {@code fixChecksum} the manifest is updated to match. */
  static void rewrite(Path in, Path out, String file, UnaryOperator<byte[]> edit, boolean fixChecksum) {
    try (ZipFile zip = new ZipFile(in.toFile()); ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
      byte[] edited = edit.apply(read(zip, zip.getEntry(file)));
      List<String> names = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        names.add(e.nextElement().getName());
      }
      for (String name : names) {
        byte[] bytes = name.equals(file) ? edited : read(zip, zip.getEntry(name));
        if (name.equals(Manifest.FILE) && fixChecksum) {
          io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(new String(bytes, StandardCharsets.UTF_8));
          for (Object o : json.getJsonArray("tables")) {
            io.vertx.core.json.JsonObject t = (io.vertx.core.json.JsonObject) o;
            if (t.getString("file").equals(file)) {
              long records = new String(edited, StandardCharsets.UTF_8).split("\r\n").length - 1;
              t.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(edited)));
              t.put("rows", records);
            }
          }
          bytes = json.encodePrettily().getBytes(StandardCharsets.UTF_8);
        }
        zos.putNextEntry(new ZipEntry(name));
        zos.write(bytes);
        zos.closeEntry();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
