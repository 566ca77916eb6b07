package org.gridscape.server.backup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gridscape.server.Version;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code export}: the whole database to one zip bundle (see docs/BACKUP.md). Reads every table in one
 * transaction (REPEATABLE READ on PostgreSQL, so a running server's writes do not tear the bundle),
 * a page of rows at a time in primary-key order, so memory stays bounded whatever the table size.
 * The bundle appears under its name only when complete.
 */
public final class BackupExporter {

  private static final Logger LOG = LoggerFactory.getLogger(BackupExporter.class);
  static final int PAGE_ROWS = 2000;
  private static final long PROGRESS_EVERY = 50_000;

  /** What an export wrote. */
  public record Result(Path file, int tables, long rows, long bytes, String schemaVersion) {}

  /** Folders of the data directory that hold data (not caches or scenes, which are rebuilt). */
  static final List<String> DATA_FOLDERS = List.of("attachments");

  private final Vertx vertx;
  private final Database db;
  private final Path dataDir;

  /** @param dataDir the data directory whose {@link #DATA_FOLDERS} go into the bundle, or null for none */
  public BackupExporter(Vertx vertx, Database db, Path dataDir) {
    this.vertx = vertx;
    this.db = db;
    this.dataDir = dataDir;
  }

  /** Writes the bundle to {@code file}, replacing an existing file only when the new one is complete. */
  public Future<Result> export(Path file, Consumer<String> progress) {
    Path target = file.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    Path geoPackage = target.resolveSibling(target.getFileName() + ".part.gpkg");
    return vertx.executeBlocking(() -> {
      Files.createDirectories(target.getParent());
      return new BundleWriter(partial, geoPackage);
    }).compose(writer -> db.inTransaction(tx -> snapshot(tx)
            .compose(v -> SchemaReader.flywayVersion(tx))
            .compose(version -> SchemaReader.tables(tx).compose(tables -> writeTables(tx, tables, writer, progress))
                .map(tables -> new Manifest(Manifest.FORMAT_VERSION, Version.VERSION, version, db.kind().label(),
                    OffsetDateTime.now(ZoneOffset.UTC).toString(), BundleWriter.GEOPACKAGE, "", tables, List.of()))))
        .compose(manifest -> vertx.executeBlocking(() -> {
          Manifest complete = manifest.withGeometrySha256(writer.geoPackageSha256())
              .withFiles(writeDataFiles(writer, progress));
          writer.finish(complete);
          writer.close();
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          long rows = complete.tables().stream().mapToLong(Manifest.Table::rows).sum();
          LOG.info("Exported {} tables, {} rows to {}", complete.tables().size(), rows, target);
          return new Result(target, complete.tables().size(), rows, Files.size(target), complete.schemaVersion());
        }))
        .recover(failure -> vertx.executeBlocking(() -> {
          try {
            writer.close();
          } catch (RuntimeException ignored) {
            // the failure that matters is the one being reported
          }
          Files.deleteIfExists(partial);
          return null;
        }).transform(ignored -> Future.failedFuture(failure))));
  }

  /** Copies the data folders' files into the bundle, in name order. */
  private List<Manifest.DataFile> writeDataFiles(BundleWriter writer, Consumer<String> progress) throws IOException {
    List<Manifest.DataFile> files = new ArrayList<>();
    if (dataDir == null) {
      return files;
    }
    for (String folder : DATA_FOLDERS) {
      Path root = dataDir.resolve(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> found;
      try (var walk = Files.walk(root)) {
        found = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".part"))
            .sorted().toList();
      }
      for (Path file : found) {
        String name = Manifest.FILES_PREFIX + dataDir.relativize(file).toString().replace('\\', '/');
        files.add(new Manifest.DataFile(name, Files.size(file), writer.addFile(name, file)));
      }
      progress.accept(String.format("  %-24s %,10d files", folder + "/", found.size()));
    }
    return files;
  }

  /** On PostgreSQL, every table of the bundle is read from the same snapshot. */
  private Future<Void> snapshot(Sql tx) {
    return db.kind() == Database.Kind.POSTGRESQL
        ? tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").mapEmpty()
        : Future.succeededFuture();
  }

  private Future<List<Manifest.Table>> writeTables(Sql tx, List<TableInfo> tables, BundleWriter writer,
      Consumer<String> progress) {
    List<Manifest.Table> written = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (TableInfo table : tables) {
      chain = chain.compose(v -> writeTable(tx, table, writer, progress)).map(entry -> {
        written.add(entry);
        return null;
      });
    }
    return chain.map(v -> written);
  }

  private Future<Manifest.Table> writeTable(Sql tx, TableInfo table, BundleWriter writer, Consumer<String> progress) {
    return tx.query("SELECT COUNT(*) FROM " + quote(table.name())).compose(count -> {
      long total = ((Number) count.iterator().next().getValue(0)).longValue();
      long started = System.nanoTime();
      return vertx.executeBlocking(() -> {
        writer.beginTable(table);
        return null;
      }).compose(v -> page(tx, table, writer, null, 0, total, progress)).compose(rows -> vertx.executeBlocking(() -> {
        Manifest.Table entry = writer.endTable(table);
        progress.accept(String.format("  %-24s %,10d rows  %6.1f s", table.name(), entry.rows(),
            (System.nanoTime() - started) / 1e9));
        return entry;
      }));
    });
  }

  /** Writes the rows after {@code lastKey} (all when null), a page at a time; returns the rows written. */
  private Future<Long> page(Sql tx, TableInfo table, BundleWriter writer, Tuple lastKey, long offset, long total,
      Consumer<String> progress) {
    return tx.query(pageSql(table, lastKey != null), pageArgs(table, lastKey, offset)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(offset);
      }
      Tuple nextKey = table.primaryKey().isEmpty() ? null : lastKey(table, rows);
      return vertx.executeBlocking(() -> {
        write(table, rows, writer);
        return null;
      }).compose(v -> {
        long done = offset + rows.size();
        if (total >= PROGRESS_EVERY && done / PROGRESS_EVERY != offset / PROGRESS_EVERY) {
          progress.accept(String.format("  %-24s %,10d / %,d rows", table.name(), done, total));
        }
        return rows.size() < PAGE_ROWS ? Future.succeededFuture(done)
            : page(tx, table, writer, nextKey, done, total, progress);
      });
    });
  }

  private static void write(TableInfo table, RowSet<Row> rows, BundleWriter writer) {
    int geometryIndex = table.hasGeometry() ? table.columnNames().indexOf(TableInfo.GEOMETRY_COLUMN) : -1;
    List<TableInfo.Column> columns = table.columns();
    for (Row row : rows) {
      List<String> values = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        Object value = row.getValue(i);
        try {
          values.add(columns.get(i).type().encode(value));
        } catch (ClassCastException | IllegalStateException e) {
          throw new BackupException("table " + table.name() + " column " + columns.get(i).name()
              + ": the database returned a " + value.getClass().getName() + " for a " + columns.get(i).type().label()
              + " column", e);
        }
      }
      byte[] wkb = geometryIndex < 0 || row.getValue(geometryIndex) == null ? null
          : ColumnType.bytes(row.getValue(geometryIndex));
      writer.row(values, wkb);
    }
  }

  /**
   * Keyset pages in primary-key order: each page starts after the last key of the one before, so a
   * page costs the same at the end of a long table as at its start. A table without a primary key is
   * paged by offset over all its columns.
   */
  static String pageSql(TableInfo table, boolean after) {
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(String.join(", ", table.columnNames().stream().map(BackupExporter::quote).toList()));
    sql.append(" FROM ").append(quote(table.name()));
    List<String> key = table.primaryKey();
    if (key.isEmpty()) {
      List<String> order = table.columns().stream().filter(c -> c.type() != ColumnType.BINARY)
          .map(c -> quote(c.name())).toList();
      if (!order.isEmpty()) {
        sql.append(" ORDER BY ").append(String.join(", ", order));
      }
      return sql.append(" LIMIT ").append(PAGE_ROWS).append(" OFFSET ?").toString();
    }
    List<String> quoted = key.stream().map(BackupExporter::quote).toList();
    if (after) {
      sql.append(" WHERE ");
      if (key.size() == 1) {
        sql.append(quoted.get(0)).append(" > ?");
      } else {
        sql.append('(').append(String.join(", ", quoted)).append(") > (")
            .append(String.join(", ", key.stream().map(k -> "?").toList())).append(')');
      }
    }
    return sql.append(" ORDER BY ").append(String.join(", ", quoted)).append(" LIMIT ").append(PAGE_ROWS).toString();
  }

  private static Tuple pageArgs(TableInfo table, Tuple lastKey, long offset) {
    if (table.primaryKey().isEmpty()) {
      return Tuple.of(offset);
    }
    return lastKey == null ? Tuple.tuple() : lastKey;
  }

  private static Tuple lastKey(TableInfo table, RowSet<Row> rows) {
    Row last = null;
    for (Row r : rows) {
      last = r;
    }
    Tuple key = Tuple.tuple();
    List<String> names = table.columnNames();
    for (String k : table.primaryKey()) {
      Object v = last.getValue(names.indexOf(k));
      key.addValue(v instanceof byte[] b ? Buffer.buffer(b) : v);
    }
    return key;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
