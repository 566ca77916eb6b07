package org.gridscape.server.reliability;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.gridscape.server.store.Database;

/**
 * What a request that was refused must not change: the row count of every table of the schema and,
 * for tables with version columns, their sum and maximum. Two snapshots are equal when nothing was
 * inserted, deleted or versioned.
 */
record DatabaseSnapshot(Map<String, String> figures) {

  static DatabaseSnapshot of(Database db) {
    Map<String, String> figures = new TreeMap<>();
    Map<String, List<String>> versionColumns = new TreeMap<>();
    for (Row row : await(db.query("SELECT table_name, column_name, data_type FROM information_schema.columns"
        + " WHERE table_schema = current_schema() ORDER BY table_name, column_name"))) {
      String table = row.getString(0).toLowerCase(java.util.Locale.ROOT);
      String column = row.getString(1).toLowerCase(java.util.Locale.ROOT);
      String type = row.getString(2).toLowerCase(java.util.Locale.ROOT);
      List<String> columns = versionColumns.computeIfAbsent(table, t -> new ArrayList<>());
      // numbers only: a scene tree's tileset_version is a label, not a counter
      boolean numeric = type.contains("int") || type.contains("numeric") || type.contains("decimal");
      if (numeric && (column.equals("version") || column.endsWith("_version"))) {
        columns.add(column);
      }
    }
    versionColumns.remove("flyway_schema_history");
    versionColumns.forEach((table, columns) -> {
      StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
      for (String c : columns) {
        sql.append(", COALESCE(SUM(").append(c).append("), 0), COALESCE(MAX(").append(c).append("), 0)");
      }
      sql.append(" FROM ").append(table);
      Row row = await(db.query(sql.toString())).iterator().next();
      StringBuilder value = new StringBuilder("rows=").append(row.getValue(0));
      for (int i = 0; i < columns.size(); i++) {
        value.append(' ').append(columns.get(i)).append(" sum=").append(row.getValue(1 + 2 * i))
            .append(" max=").append(row.getValue(2 + 2 * i));
      }
      figures.put(table, value.toString());
    });
    if (figures.size() < 20) {
      throw new IllegalStateException("expected the whole schema, found only " + figures.keySet());
    }
    return new DatabaseSnapshot(Map.copyOf(figures));
  }

  /**
   * Tables that every request may add to by design: the audit log records each write attempt, refused
   * ones included (callers check its rows themselves), and the sign-in throttle counts every refused
   * sign-in (SignInThrottleContractTest checks its counts).
   */
  static final java.util.Set<String> APPEND_ONLY = java.util.Set.of("audit_log", "sign_in_throttle");

  /** The tables whose figures differ, as "table: before -> after", the append-only audit log aside. */
  List<String> differences(DatabaseSnapshot after) {
    List<String> out = new ArrayList<>();
    for (String table : new java.util.TreeSet<>(figures.keySet())) {
      if (APPEND_ONLY.contains(table)) {
        continue;
      }
      String a = figures.get(table);
      String b = after.figures.get(table);
      if (!a.equals(b)) {
        out.add(table + ": " + a + " -> " + b);
      }
    }
    return out;
  }

  long rows(String table) {
    String f = figures.get(table);
    return Long.parseLong(f.substring(5, f.indexOf(' ') < 0 ? f.length() : f.indexOf(' ')));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
