package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.store.Sql;

/**
 * Events received and closed for the district figures. The events table belongs to the events
 * engine, which may not be installed: without a table named {@code event} or {@code events} the
 * figures are zero. A closed event is one whose {@code step} (else {@code state} or {@code status})
 * is {@code closed}, else one with a {@code closed_at} time.
 */
final class EventFigures {

  private EventFigures() {}

  static Future<Map<String, Object>> read(Sql sql) {
    return sql.query("SELECT LOWER(table_name), LOWER(column_name) FROM information_schema.columns"
        + " WHERE LOWER(table_name) IN ('event', 'events') AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
        .compose(rows -> {
          Map<String, Set<String>> columnsOf = new LinkedHashMap<>();
          for (Row row : rows) {
            columnsOf.computeIfAbsent(row.getString(0), t -> new HashSet<>()).add(row.getString(1));
          }
          String table = columnsOf.containsKey("event") ? "event" : columnsOf.containsKey("events") ? "events" : null;
          Set<String> columns = table == null ? Set.of() : columnsOf.get(table);
          // The loop's state decides; a closing time alone may outlive a reopening.
          String closed = columns.contains("step") ? "step = 'closed'"
              : columns.contains("state") ? "state = 'closed'"
              : columns.contains("status") ? "status = 'closed'"
              : columns.contains("closed_at") ? "closed_at IS NOT NULL" : null;
          if (table == null) {
            return Future.succeededFuture(figures(0, 0));
          }
          // Table and condition come from the fixed lists above, never from input.
          String query = "SELECT COUNT(*), " + (closed == null ? "0" : "SUM(CASE WHEN " + closed + " THEN 1 ELSE 0 END)")
              + " FROM " + table;
          return sql.query(query).map(result -> {
            Row row = result.iterator().next();
            long received = ((Number) row.getValue(0)).longValue();
            Object c = row.getValue(1);
            return figures(received, c == null ? 0 : ((Number) c).longValue());
          });
        });
  }

  static Map<String, Object> figures(long received, long closed) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("received", received);
    out.put("closed", closed);
    out.put("closureRate", received == 0 ? 0.0
        : BigDecimal.valueOf(closed * 100).divide(BigDecimal.valueOf(received), 1, RoundingMode.HALF_UP).doubleValue());
    return out;
  }
}
