package org.gridscape.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gridscape.server.ServerContext;
import org.gridscape.server.testing.SampleDistrict;
import org.gridscape.server.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sample district (229,323 residents) exported from the shared server, restored into a
 * fresh H2 and a fresh PostgreSQL schema, exported again, and every table compared row by row. Prints
 * the times behind docs/RELIABILITY.md.
 */
@Tag("slow")
class BackupSampleDistrictTest {

  @TempDir
  Path temp;

  @Test
  void theSampleDistrictSurvivesARoundTripThroughH2AndPostgres() throws IOException {
    ServerContext context = SampleDistrict.server().server().context();
    Path original = temp.resolve("sample.zip");
    long t0 = System.nanoTime();
    BackupExporter.Result exported = BackupFixtures.await(new BackupExporter(context.vertx(), context.db(), context.config().dataDir())
        .export(original, line -> { }));
    report("export (H2, shared sample server)", t0, exported.rows(), Files.size(original));
    assertThat(exported.rows()).isGreaterThan(229_323);
    Manifest manifest = BackupRestorer.verify(original);
    assertThat(manifest.tables().stream().filter(t -> t.name().equals("resident")).findFirst().orElseThrow().rows())
        .isEqualTo(229_323);

    for (TestDatabases.Kind kind : TestDatabases.Kind.values()) {
      Path again = temp.resolve("again-" + kind + ".zip");
      try (BackupFixtures.Target target = new BackupFixtures.Target(kind)) {
        long t1 = System.nanoTime();
        BackupRestorer.Result restored = BackupFixtures.await(target.restorer().restore(original, false, line -> { }));
        report("restore into " + kind, t1, restored.rows(), Files.size(original));
        assertThat(restored.rows()).isEqualTo(exported.rows());
        long t2 = System.nanoTime();
        BackupExporter.Result second = BackupFixtures.await(target.exporter().export(again, line -> { }));
        report("export (" + kind + ")", t2, second.rows(), Files.size(again));
      }
      for (Manifest.Table t : manifest.tables()) {
        List<String> before = BackupFixtures.table(original, t.name());
        List<String> after = BackupFixtures.table(again, t.name());
        if (t.name().equals("scene_dirty")) {
          assertThat(after).as(kind + " " + t.name()).containsAll(before);
        } else {
          assertThat(after).as(kind + " " + t.name()).hasSameSizeAs(before);
          assertThat(after).as(kind + " " + t.name()).isEqualTo(before);
        }
      }
      Files.delete(again);
    }
  }

  private static void report(String what, long startNanos, long rows, long bytes) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(Locale.ROOT, "BACKUP-BENCH %-40s %,10d rows %7.1f MB %7.1f s %,9.0f rows/s%n", what, rows,
        bytes / 1e6, seconds, rows / seconds);
  }
}
