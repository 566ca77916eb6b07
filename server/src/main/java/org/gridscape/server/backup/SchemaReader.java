package org.gridscape.server.backup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gridscape.server.store.Sql;

/**
 * Discovers the tables of the current schema from {@code information_schema} (the same views on H2 2.x
 * and PostgreSQL), so tables that later migrations add are backed up without code changes. Flyway's
 * history table is left out: a bundle records the schema version instead.
 */
final class SchemaReader {

  static final String FLYWAY_TABLE = "flyway_schema_history";
  /** The published scene trees: rebuilt from the data after a restore, so not worth a bundle's bytes. */
  static final java.util.Set<String> REBUILT_TABLES = java.util.Set.of("scene_tree", "scene_tree_file");

  private SchemaReader() {}

  /** Every table, parents before children (foreign-key order). */
  static Future<List<TableInfo>> tables(Sql sql) {
    Map<String, List<TableInfo.Column>> columns = new TreeMap<>();
    Map<String, List<String>> keys = new TreeMap<>();
    Map<String, Set<String>> parents = new TreeMap<>();
    Map<String, List<String>> selfRefs = new TreeMap<>();
    return sql.query("SELECT t.table_name, c.column_name, c.data_type, c.is_nullable, c.is_identity, c.column_default"
            + " FROM information_schema.tables t JOIN information_schema.columns c"
            + " ON c.table_schema = t.table_schema AND c.table_name = t.table_name"
            + " WHERE t.table_schema = CURRENT_SCHEMA AND t.table_type = 'BASE TABLE'"
            + " ORDER BY t.table_name, c.ordinal_position")
        .compose(rows -> {
          for (Row r : rows) {
            String table = text(r, 0);
            if (table.equals(FLYWAY_TABLE) || REBUILT_TABLES.contains(table)) {
              continue;
            }
            String column = text(r, 1);
            String defaultValue = r.getValue(5) == null ? "" : text(r, 5);
            boolean identity = "YES".equalsIgnoreCase(text(r, 4)) || defaultValue.startsWith("nextval(");
            columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new TableInfo.Column(column,
                ColumnType.fromSqlType(text(r, 2), table, column), "YES".equalsIgnoreCase(text(r, 3)), identity));
          }
          return sql.query("SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc"
              + " JOIN information_schema.key_column_usage kcu ON kcu.constraint_schema = tc.constraint_schema"
              + " AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name"
              + " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = CURRENT_SCHEMA"
              + " ORDER BY kcu.table_name, kcu.ordinal_position");
        })
        .compose(rows -> {
          for (Row r : rows) {
            keys.computeIfAbsent(text(r, 0), t -> new ArrayList<>()).add(text(r, 1));
          }
          return sql.query("SELECT fk.table_name, fk.column_name, pk.table_name"
              + " FROM information_schema.referential_constraints rc"
              + " JOIN information_schema.key_column_usage fk ON fk.constraint_schema = rc.constraint_schema"
              + " AND fk.constraint_name = rc.constraint_name"
              + " JOIN information_schema.key_column_usage pk ON pk.constraint_schema = rc.unique_constraint_schema"
              + " AND pk.constraint_name = rc.unique_constraint_name"
              + " AND pk.ordinal_position = fk.position_in_unique_constraint"
              + " WHERE rc.constraint_schema = CURRENT_SCHEMA");
        })
        .map(rows -> {
          for (Row r : rows) {
            String child = text(r, 0);
            String parent = text(r, 2);
            if (child.equals(parent)) {
              selfRefs.computeIfAbsent(child, t -> new ArrayList<>()).add(text(r, 1));
            } else {
              parents.computeIfAbsent(child, t -> new TreeSet<>()).add(parent);
            }
          }
          Map<String, TableInfo> tables = new LinkedHashMap<>();
          columns.forEach((name, cols) -> tables.put(name, new TableInfo(name, cols, keys.getOrDefault(name, List.of()),
              parents.getOrDefault(name, Set.of()), selfRefs.getOrDefault(name, List.of()))));
          return inForeignKeyOrder(tables);
        });
  }

  /** Parents first; ties by name, so the order is the same on every database. */
  static List<TableInfo> inForeignKeyOrder(Map<String, TableInfo> tables) {
    List<TableInfo> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Deque<String> path = new ArrayDeque<>();
    for (String name : new TreeSet<>(tables.keySet())) {
      visit(name, tables, done, path, ordered);
    }
    return ordered;
  }

  private static void visit(String name, Map<String, TableInfo> tables, Set<String> done, Deque<String> path,
      List<TableInfo> ordered) {
    if (done.contains(name) || !tables.containsKey(name)) {
      return;
    }
    if (path.contains(name)) {
      throw new BackupException("tables reference each other in a cycle (" + String.join(" -> ", path) + " -> " + name
          + "); backup cannot order their rows");
    }
    path.push(name);
    for (String parent : new TreeSet<>(tables.get(name).parents())) {
      visit(parent, tables, done, path, ordered);
    }
    path.pop();
    done.add(name);
    ordered.add(tables.get(name));
  }

  /** The version of the last successful Flyway migration, e.g. {@code "5"}. */
  static Future<String> flywayVersion(Sql sql) {
    return sql.query("SELECT version FROM " + FLYWAY_TABLE + " WHERE success = TRUE AND version IS NOT NULL"
        + " ORDER BY installed_rank DESC").map(rows -> {
          if (rows.size() == 0) {
            throw new BackupException("the database has no Flyway schema history; open it with GridScape once first");
          }
          return text(rows.iterator().next(), 0);
        });
  }

  private static String text(Row r, int i) {
    Object v = r.getValue(i);
    return v == null ? null : v.toString();
  }
}
