package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;

/**
 * The statements that insert a layer import's rows: multi-row VALUES on H2, arrays through
 * {@code unnest} on PostgreSQL, whose column types are read once per table.
 */
final class BulkInserts {

  /** One statement and its parameters. */
  record Statement(String sql, Tuple args) {}

  /** Rows per multi-row INSERT; with 9 columns well below PostgreSQL's 65,535 parameters. */
  static final int ROWS_PER_INSERT = 500;
  /** Rows per {@code INSERT ... SELECT FROM unnest} on PostgreSQL. */
  static final int ROWS_PER_UNNEST = 10_000;

  private final Database db;
  private final Map<LayerKind, Map<String, String>> columnTypes = new ConcurrentHashMap<>();

  BulkInserts(Database db) {
    this.db = db;
  }

  /**
   * PostgreSQL: inserts {@link #ROWS_PER_UNNEST} rows per statement as one text array per column,
   * {@code INSERT ... SELECT CAST(c1 AS type), ... FROM unnest(?, ?, ...)}: a handful of
   * parameters instead of thousands, so the statement is parsed and planned once per prepared
   * name and the rows travel as compact arrays (several times the speed of multi-row VALUES).
   * Values go as text and are cast to the column's type, as a literal in a VALUES list would be.
   */
  static List<Statement> unnest(String table, List<String> columns, Map<String, String> columnTypes,
      List<Tuple> rows) {
    List<Statement> out = new ArrayList<>();
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
        .append(String.join(", ", columns)).append(") SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String type = columnTypes.get(columns.get(i));
      if (type == null) {
        throw new IllegalStateException("no column " + columns.get(i) + " in table " + table);
      }
      sql.append(i > 0 ? ", " : "").append("CAST(u.c").append(i).append(" AS ").append(type).append(')');
    }
    sql.append(" FROM unnest(").append("CAST(? AS TEXT[]), ".repeat(columns.size() - 1)).append("CAST(? AS TEXT[]))")
        .append(" AS u(");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i > 0 ? ", " : "").append('c').append(i);
    }
    sql.append(')');
    for (int from = 0; from < rows.size(); from += ROWS_PER_UNNEST) {
      List<Tuple> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_UNNEST));
      Tuple arrays = Tuple.tuple();
      for (int c = 0; c < columns.size(); c++) {
        String[] values = new String[chunk.size()];
        for (int r = 0; r < values.length; r++) {
          Object value = chunk.get(r).getValue(c);
          values[r] = value == null ? null : value.toString();
        }
        arrays.addValue(values);
      }
      out.add(new Statement(sql.toString(), arrays));
    }
    return out;
  }

  /**
   * The SQL types of the table's columns on PostgreSQL (empty on H2, which keeps multi-row
   * VALUES), read from the catalogue once per table. Names from the catalogue, not from uploads.
   */
  Future<Map<String, String>> columnTypes(Sql sql, LayerKind kind) {
    if (db.kind() != Database.Kind.POSTGRESQL) {
      return Future.succeededFuture(Map.of());
    }
    Map<String, String> cached = columnTypes.get(kind);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return sql.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
        + " AND table_schema = current_schema()", Tuple.of(kind.table())).map(rows -> {
          Map<String, String> types = new HashMap<>();
          for (Row row : rows) {
            String type = row.getString(1);
            // Only plain type names go into the statement.
            if (!type.matches("[a-z ]+")) {
              throw new IllegalStateException("unexpected type " + type + " of " + kind.table());
            }
            types.put(row.getString(0), type);
          }
          columnTypes.put(kind, Map.copyOf(types));
          return types;
        });
  }

  /**
   * Inserts as multi-row VALUES statements of {@link #ROWS_PER_INSERT} rows: several times faster
   * than a batch of one-row statements on both H2 and PostgreSQL, because each statement carries
   * many rows through the client, the driver and the parser at once.
   */
  static List<Statement> multiRow(String prefix, int columns, List<Tuple> rows) {
    List<Statement> out = new ArrayList<>();
    String group = "(" + "?, ".repeat(columns - 1) + "?)";
    String full = null;
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<Tuple> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      String statement = chunk.size() == ROWS_PER_INSERT && full != null ? full
          : prefix + (group + ", ").repeat(chunk.size() - 1) + group;
      if (chunk.size() == ROWS_PER_INSERT) {
        full = statement;
      }
      Tuple all = Tuple.tuple();
      for (Tuple row : chunk) {
        for (int i = 0; i < row.size(); i++) {
          all.addValue(row.getValue(i));
        }
      }
      out.add(new Statement(statement, all));
    }
    return out;
  }
}
