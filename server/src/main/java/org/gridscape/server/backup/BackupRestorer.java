package org.gridscape.server.backup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code restore}: a bundle back into a database at the same schema version. Everything is checked
 * before anything is written (the manifest, every file's sha256, the schema version, the tables and
 * their columns, that the target is empty unless replacing); then the tables are emptied and loaded in
 * one transaction, parents first, so a failure anywhere leaves the target as it was. Identity sequences
 * restart after the highest restored key and every grid is marked dirty so the server rebuilds its
 * scene.
 */
public final class BackupRestorer {

  private static final Logger LOG = LoggerFactory.getLogger(BackupRestorer.class);
  static final int BATCH_ROWS = 1000;
  private static final long PROGRESS_EVERY = 50_000;

  /** What a restore loaded. */
  public record Result(int tables, long rows, long dirtyGrids) {}

  private final Vertx vertx;
  private final Database db;
  private final Path dataDir;

  /** @param dataDir the data directory that receives the bundle's files (event photos), or null to skip them */
  public BackupRestorer(Vertx vertx, Database db, Path dataDir) {
    this.vertx = vertx;
    this.db = db;
    this.dataDir = dataDir;
  }

  /**
   * Restores {@code bundle}; with {@code replace} false the target must hold nothing but what its
   * migrations inserted.
   *
   * @return a failed future with a {@link BackupException} naming the file, table or check that failed
   */
  public Future<Result> restore(Path bundle, boolean replace, Consumer<String> progress) {
    return vertx.executeBlocking(() -> verify(bundle)).compose(manifest -> {
      progress.accept("Verified " + bundle.getFileName() + ": " + manifest.tables().size() + " tables, checksums match");
      return SchemaReader.flywayVersion(db).compose(version -> {
        if (!version.equals(manifest.schemaVersion())) {
          throw new BackupException("the bundle is at schema version " + manifest.schemaVersion()
              + " but the target database is at version " + version
              + "; restore into a database migrated to version " + manifest.schemaVersion()
              + " by the GridScape release that wrote it (" + manifest.gridscapeVersion() + ")");
        }
        return SchemaReader.tables(db);
      }).compose(tables -> {
        Map<String, TableInfo> byName = checkTables(manifest, tables);
        return checkEmpty(tables, replace).compose(v -> load(bundle, manifest, byName, tables, progress))
            .compose(result -> vertx.executeBlocking(() -> {
              restoreFiles(bundle, manifest, progress);
              return result;
            }));
      });
    });
  }

  /**
   * Writes the bundle's data-directory files after the database is committed. Photos are named by
   * their content, so a file already there is the same file; each is written beside its place and
   * moved in, so a crash leaves no half-written photo under its name.
   */
  private void restoreFiles(Path bundle, Manifest manifest, Consumer<String> progress) throws IOException {
    if (dataDir == null || manifest.files().isEmpty()) {
      return;
    }
    Path root = dataDir.toAbsolutePath().normalize();
    int written = 0;
    try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
      for (Manifest.DataFile f : manifest.files()) {
        Path target = root.resolve(f.dataDirPath()).normalize();
        if (!target.startsWith(root)) {
          throw new BackupException("bundle file " + f.path() + " would be written outside the data directory");
        }
        if (Files.isRegularFile(target) && Files.size(target) == f.bytes()) {
          continue;
        }
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = zip.getInputStream(zip.getEntry(f.path()))) {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        written++;
      }
    }
    progress.accept("Restored " + written + " of " + manifest.files().size() + " data files (event photos)");
  }

  /** Reads the manifest and checks every file against its sha256, writing nothing. */
  static Manifest verify(Path bundle) {
    String name = bundle.getFileName().toString();
    try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
      ZipEntry manifestEntry = zip.getEntry(Manifest.FILE);
      if (manifestEntry == null) {
        throw new BackupException("bundle " + name + " has no " + Manifest.FILE + "; is it a GridScape backup?");
      }
      Manifest manifest;
      try (InputStream in = zip.getInputStream(manifestEntry)) {
        manifest = Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      Set<String> seen = new TreeSet<>();
      for (Manifest.Table t : manifest.tables()) {
        if (!seen.add(t.name())) {
          throw new BackupException("bundle " + name + ": " + Manifest.FILE + " lists table " + t.name() + " twice");
        }
        if (!t.file().equals(BundleWriter.csvFile(t.name()))) {
          throw new BackupException("bundle " + name + ": table " + t.name() + " must be in "
              + BundleWriter.csvFile(t.name()) + ", not " + t.file());
        }
        for (Manifest.Column c : t.columns()) {
          ColumnType.fromLabel(c.type());
        }
        checkSum(zip, name, t.file(), t.sha256());
      }
      checkSum(zip, name, manifest.geometryFile(), manifest.geometrySha256());
      for (Manifest.DataFile f : manifest.files()) {
        checkSum(zip, name, f.path(), f.sha256());
      }
      return manifest;
    } catch (ZipException e) {
      throw new BackupException("bundle " + name + " is not a readable zip file: " + e.getMessage());
    } catch (IOException e) {
      throw new BackupException("cannot read bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  private static void checkSum(ZipFile zip, String bundle, String file, String expected) throws IOException {
    ZipEntry entry = zip.getEntry(file);
    if (entry == null) {
      throw new BackupException("bundle " + bundle + " lacks " + file + ", which its manifest lists");
    }
    MessageDigest digest = BundleWriter.sha256();
    try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (ZipException e) {
      throw new BackupException("bundle " + bundle + ": " + file + " is damaged (" + e.getMessage() + ")");
    }
    String actual = BundleWriter.hex(digest);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new BackupException("bundle " + bundle + ": " + file + " fails its sha256 check (manifest " + expected
          + ", file " + actual + "); the bundle is damaged or was changed, nothing was restored");
    }
  }

  /** The target must have exactly the bundle's tables, each with the same columns and types. */
  private static Map<String, TableInfo> checkTables(Manifest manifest, List<TableInfo> tables) {
    Map<String, TableInfo> byName = new LinkedHashMap<>();
    tables.forEach(t -> byName.put(t.name(), t));
    Set<String> inBundle = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Manifest.Table t : manifest.tables()) {
      inBundle.add(t.name());
      TableInfo target = byName.get(t.name());
      if (target == null) {
        problems.add("table " + t.name() + " is not in the target database");
        continue;
      }
      Map<String, String> want = new TreeMap<>();
      t.columns().forEach(c -> want.put(c.name(), c.type()));
      Map<String, String> have = new TreeMap<>();
      target.columns().forEach(c -> have.put(c.name(), c.type().label()));
      if (!want.equals(have)) {
        problems.add("table " + t.name() + " has columns " + have + " in the target but " + want + " in the bundle");
      }
    }
    for (String name : byName.keySet()) {
      if (!inBundle.contains(name)) {
        problems.add("table " + name + " of the target database is not in the bundle");
      }
    }
    if (!problems.isEmpty()) {
      throw new BackupException("the bundle does not fit the target schema: " + String.join("; ", problems));
    }
    return byName;
  }

  /**
   * Refuses a target holding more than what its migrations insert (the migrations' own rows are
   * counted on a throw-away in-memory database).
   */
  private Future<Void> checkEmpty(List<TableInfo> tables, boolean replace) {
    if (replace) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(BackupRestorer::migrationRows).compose(baseline -> {
      Future<Void> chain = Future.succeededFuture();
      List<String> filled = new ArrayList<>();
      for (TableInfo t : tables) {
        chain = chain.compose(v -> db.query("SELECT COUNT(*) FROM " + BackupExporter.quote(t.name()))).map(rows -> {
          long n = ((Number) rows.iterator().next().getValue(0)).longValue();
          if (n > baseline.getOrDefault(t.name(), 0L)) {
            filled.add(t.name() + " (" + n + " rows)");
          }
          return null;
        });
      }
      return chain.map(v -> {
        if (!filled.isEmpty()) {
          String listed = filled.size() <= 5 ? String.join(", ", filled)
              : String.join(", ", filled.subList(0, 5)) + " and " + (filled.size() - 5) + " more tables";
          throw new BackupException("the target database is not empty: " + listed
              + "; restore into a new database, or add --replace to overwrite everything in it");
        }
        return null;
      });
    });
  }

  /** Rows per table right after the migrations ran on an empty database. */
  static Map<String, Long> migrationRows() throws Exception {
    String url = "jdbc:h2:mem:gridscape-baseline-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    try (Connection keepAlive = pool.getConnection()) {
      Database.migrations(Database.Kind.H2).dataSource(pool).load().migrate();
      Map<String, Long> counts = new HashMap<>();
      List<String> names = new ArrayList<>();
      try (Statement s = keepAlive.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA"
              + " AND table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        try (Statement s = keepAlive.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + BackupExporter.quote(name))) {
          rs.next();
          counts.put(name, rs.getLong(1));
        }
      }
      return counts;
    } finally {
      pool.dispose();
    }
  }

  private Future<Result> load(Path bundle, Manifest manifest, Map<String, TableInfo> byName, List<TableInfo> order,
      Consumer<String> progress) {
    Map<String, Manifest.Table> entries = new HashMap<>();
    manifest.tables().forEach(t -> entries.put(t.name(), t));
    for (TableInfo t : order) {
      for (String column : t.selfReferences()) {
        if (!t.column(column).nullable()) {
          throw new BackupException("table " + t.name() + " column " + column
              + " references its own table and is NOT NULL; backup cannot order such rows");
        }
      }
    }
    long started = System.nanoTime();
    return vertx.executeBlocking(() -> new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)).compose(zip ->
        db.inTransaction(tx -> clear(tx, order)
            .compose(v -> {
              Future<Long> chain = Future.succeededFuture(0L);
              for (TableInfo t : order) {
                chain = chain.compose(sum -> loadTable(tx, zip, t, entries.get(t.name()), progress).map(n -> sum + n));
              }
              return chain;
            })
            .compose(rows -> markScenesDirty(tx).compose(dirty -> resetIdentities(tx, order)
                .map(v -> new Result(order.size(), rows, dirty)))))
            .eventually(() -> vertx.executeBlocking(() -> {
              zip.close();
              return null;
            })))
        .onSuccess(r -> {
          LOG.info("Restored {} tables, {} rows from {} in {} s", r.tables(), r.rows(), bundle.getFileName(),
              String.format("%.1f", (System.nanoTime() - started) / 1e9));
          progress.accept("Marked " + r.dirtyGrids() + " grids' scenes for rebuilding");
        });
  }

  /** Empties every table, children first; self-references are cut first so the order inside a table is free. */
  private static Future<Void> clear(Sql tx, List<TableInfo> order) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = order.size() - 1; i >= 0; i--) {
      TableInfo t = order.get(i);
      for (String column : t.selfReferences()) {
        chain = chain.compose(v -> tx.query("UPDATE " + BackupExporter.quote(t.name()) + " SET "
            + BackupExporter.quote(column) + " = NULL WHERE " + BackupExporter.quote(column) + " IS NOT NULL")).mapEmpty();
      }
      chain = chain.compose(v -> tx.query("DELETE FROM " + BackupExporter.quote(t.name()))).mapEmpty();
    }
    // The scene trees of what was here before are not served on: the restored data's scenes are built anew.
    for (String rebuilt : new java.util.TreeSet<>(SchemaReader.REBUILT_TABLES).descendingSet()) {
      chain = chain.compose(v -> tx.query("DELETE FROM " + BackupExporter.quote(rebuilt))).mapEmpty();
    }
    return chain;
  }

  private Future<Long> loadTable(Sql tx, ZipFile zip, TableInfo table, Manifest.Table entry, Consumer<String> progress) {
    List<String> columns = entry.columnNames();
    List<ColumnType> types = columns.stream().map(c -> table.column(c).type()).toList();
    List<Integer> selfRefs = table.selfReferences().stream().map(columns::indexOf).toList();
    String insert = "INSERT INTO " + BackupExporter.quote(table.name()) + " ("
        + String.join(", ", columns.stream().map(BackupExporter::quote).toList()) + ") VALUES ("
        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    long started = System.nanoTime();
    return vertx.executeBlocking(() -> open(zip, entry)).compose(csv -> batches(tx, csv, table, entry, types,
            selfRefs, insert, 0, progress)
        .compose(rows -> {
          if (rows != entry.rows()) {
            throw new BackupException(entry.file() + " holds " + rows + " rows but the manifest says " + entry.rows());
          }
          return selfRefs.isEmpty() ? Future.succeededFuture(rows) : linkSelfReferences(tx, zip, table, entry, types)
              .map(rows);
        }))
        .onSuccess(rows -> progress.accept(String.format("  %-24s %,10d rows  %6.1f s", table.name(), rows,
            (System.nanoTime() - started) / 1e9)));
  }

  private BundleCsv.In open(ZipFile zip, Manifest.Table entry) throws IOException {
    BundleCsv.In csv = new BundleCsv.In(new BufferedReader(new InputStreamReader(
        zip.getInputStream(zip.getEntry(entry.file())), StandardCharsets.UTF_8), 1 << 16));
    List<String> header = csv.next();
    if (header == null || !header.equals(entry.columnNames())) {
      throw new BackupException(entry.file() + ": the header row " + header + " does not match the manifest's columns "
          + entry.columnNames());
    }
    return csv;
  }

  private Future<Long> batches(Sql tx, BundleCsv.In csv, TableInfo table, Manifest.Table entry, List<ColumnType> types,
      List<Integer> selfRefs, String insert, long done, Consumer<String> progress) {
    return vertx.executeBlocking(() -> readBatch(csv, entry, types, selfRefs, false)).compose(batch -> {
      Future<Void> written = batch.tuples().isEmpty() ? Future.succeededFuture()
          : tx.batch(insert, batch.tuples()).recover(e -> Future.failedFuture(new BackupException(entry.file()
              + ": the database refused a row between lines " + batch.firstLine() + " and " + batch.lastLine()
              + " (" + e.getMessage() + "); nothing was restored", e)));
      return written.compose(v -> {
        long total = done + batch.tuples().size();
        if (entry.rows() >= PROGRESS_EVERY && total / PROGRESS_EVERY != done / PROGRESS_EVERY) {
          progress.accept(String.format("  %-24s %,10d / %,d rows", table.name(), total, entry.rows()));
        }
        return batch.end() ? Future.succeededFuture(total)
            : batches(tx, csv, table, entry, types, selfRefs, insert, total, progress);
      });
    });
  }

  /** Bind tuples read from up to {@link #BATCH_ROWS} records, their line range, and whether the file ended. */
  private record Batch(List<Tuple> tuples, int firstLine, int lastLine, boolean end) {}

  /**
   * Reads up to {@link #BATCH_ROWS} records as bind tuples. In the first pass self-referencing columns
   * are NULL; with {@code links}, only rows that have such a reference, as (references..., key...).
   */
  private Batch readBatch(BundleCsv.In csv, Manifest.Table entry, List<ColumnType> types, List<Integer> selfRefs,
      boolean links) {
    List<Tuple> tuples = new ArrayList<>();
    List<Integer> key = entry.primaryKey().stream().map(entry.columnNames()::indexOf).toList();
    int firstLine = -1;
    for (int read = 0; read < BATCH_ROWS; read++) {
      List<String> record = csv.next();
      if (record == null) {
        return new Batch(tuples, firstLine, csv.recordLine(), true);
      }
      if (firstLine < 0) {
        firstLine = csv.recordLine();
      }
      if (record.size() != types.size()) {
        throw new BackupException(entry.file() + " line " + csv.recordLine() + ": " + record.size() + " fields, expected "
            + types.size());
      }
      Object[] values = new Object[types.size()];
      for (int i = 0; i < values.length; i++) {
        try {
          values[i] = types.get(i).decode(record.get(i), db.kind());
        } catch (RuntimeException e) {
          throw new BackupException(entry.file() + " line " + csv.recordLine() + " column " + entry.columnNames().get(i)
              + ": '" + abbreviate(record.get(i)) + "' is not a " + types.get(i).label() + " value", e);
        }
      }
      if (links) {
        if (selfRefs.stream().allMatch(i -> values[i] == null)) {
          continue;
        }
        Tuple t = Tuple.tuple();
        selfRefs.forEach(i -> t.addValue(values[i]));
        key.forEach(i -> t.addValue(values[i]));
        tuples.add(t);
      } else {
        selfRefs.forEach(i -> values[i] = null);
        tuples.add(Tuple.wrap(values));
      }
    }
    return new Batch(tuples, firstLine, csv.recordLine(), false);
  }

  /** Second pass over a self-referencing table: every row exists now, so its references can be set. */
  private Future<Void> linkSelfReferences(Sql tx, ZipFile zip, TableInfo table, Manifest.Table entry,
      List<ColumnType> types) {
    if (entry.primaryKey().isEmpty()) {
      return Future.failedFuture(new BackupException("table " + table.name()
          + " references itself but has no primary key; backup cannot restore its references"));
    }
    List<Integer> selfRefs = table.selfReferences().stream().map(entry.columnNames()::indexOf).toList();
    String update = "UPDATE " + BackupExporter.quote(table.name()) + " SET "
        + String.join(", ", table.selfReferences().stream().map(c -> BackupExporter.quote(c) + " = ?").toList())
        + " WHERE " + String.join(" AND ", entry.primaryKey().stream().map(c -> BackupExporter.quote(c) + " = ?")
        .toList());
    return vertx.executeBlocking(() -> open(zip, entry)).compose(csv -> linkBatches(tx, csv, entry, types, selfRefs,
        update));
  }

  private Future<Void> linkBatches(Sql tx, BundleCsv.In csv, Manifest.Table entry, List<ColumnType> types,
      List<Integer> selfRefs, String update) {
    return vertx.executeBlocking(() -> readBatch(csv, entry, types, selfRefs, true)).compose(batch -> {
      Future<Void> written = batch.tuples().isEmpty() ? Future.succeededFuture()
          : tx.batch(update, batch.tuples()).recover(e -> Future.failedFuture(new BackupException(entry.file()
              + ": a reference within the table between lines " + batch.firstLine() + " and " + batch.lastLine()
              + " could not be restored (" + e.getMessage() + "); nothing was restored", e)));
      return written.compose(v -> batch.end() ? Future.succeededFuture()
          : linkBatches(tx, csv, entry, types, selfRefs, update));
    });
  }

  /** Marks every grid dirty so the server builds its scene from the restored data. */
  private static Future<Long> markScenesDirty(Sql tx) {
    return tx.query("INSERT INTO scene_dirty (grid_code, since) SELECT g.code, CAST(? AS TIMESTAMP WITH TIME ZONE)"
            + " FROM grid g WHERE NOT EXISTS (SELECT 1 FROM scene_dirty d WHERE d.grid_code = g.code)",
            Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))
        .compose(v -> tx.query("SELECT COUNT(*) FROM scene_dirty"))
        .map(rows -> ((Number) rows.iterator().next().getValue(0)).longValue());
  }

  /**
   * Identity and serial columns continue after the highest restored value. On H2 this is DDL, which
   * commits: it therefore runs last, after every row is in.
   */
  private Future<Void> resetIdentities(Sql tx, List<TableInfo> order) {
    Future<Void> chain = Future.succeededFuture();
    for (TableInfo t : order) {
      for (TableInfo.Column c : t.columns()) {
        if (!c.identity()) {
          continue;
        }
        String table = BackupExporter.quote(t.name());
        String column = BackupExporter.quote(c.name());
        chain = chain.compose(v -> tx.query("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table))
            .compose(rows -> {
              long next = ((Number) rows.iterator().next().getValue(0)).longValue();
              if (db.kind() == Database.Kind.POSTGRESQL) {
                return tx.query("SELECT setval(pg_get_serial_sequence(?, ?), ?, false)",
                    Tuple.of(table, c.name(), next)).mapEmpty();
              }
              return tx.query("ALTER TABLE " + table + " ALTER COLUMN " + column + " RESTART WITH " + next).mapEmpty();
            });
      }
    }
    return chain;
  }

  private static String abbreviate(String s) {
    return s == null ? "NULL" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

}
