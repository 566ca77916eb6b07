package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.store.Sql;

/**
 * A region or grid resolved to what aggregates filter on: the villages under it (district, township,
 * work area, village), or the one grid.
 *
 * @param villages village codes under the region; for a grid, its village
 * @param gridCode the grid's code when the scope is one grid, else null
 */
record RegionScope(String code, String level, String name, Set<String> villages, String gridCode) {

  RegionScope {
    if (code == null || level == null) {
      throw new IllegalArgumentException("code and level required");
    }
    villages = Set.copyOf(villages);
  }

  boolean isGrid() {
    return gridCode != null;
  }

  /** Whether a grid code lies in this scope. */
  boolean containsGrid(String grid) {
    if (grid == null) {
      return false;
    }
    return isGrid() ? grid.equals(gridCode) : grid.length() >= 12 && villages.contains(grid.substring(0, 12));
  }

  /** Finds the grid or region with this code; empty when there is none. */
  static Future<Optional<RegionScope>> resolve(Sql sql, String code) {
    return sql.query("SELECT code, village_code, name FROM grid WHERE code = ?", Tuple.of(code)).compose(grids -> {
      if (grids.size() > 0) {
        Row g = grids.iterator().next();
        return Future.succeededFuture(Optional.of(new RegionScope(code, "grid", g.getString(2),
            Set.of(g.getString(1)), code)));
      }
      return sql.query("SELECT code, level, parent_code, name FROM region").map(rows -> {
        Map<String, List<String>> children = new HashMap<>();
        Map<String, String[]> byCode = new HashMap<>();
        for (Row row : rows) {
          byCode.put(row.getString(0), new String[] {row.getString(1), row.getString(3)});
          if (row.getString(2) != null) {
            children.computeIfAbsent(row.getString(2), k -> new ArrayList<>()).add(row.getString(0));
          }
        }
        String[] region = byCode.get(code);
        if (region == null) {
          return Optional.<RegionScope>empty();
        }
        Set<String> villages = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(code));
        while (!todo.isEmpty()) {
          String c = todo.pop();
          if ("village".equals(byCode.get(c)[0])) {
            villages.add(c);
          }
          todo.addAll(children.getOrDefault(c, List.of()));
        }
        return Optional.of(new RegionScope(code, region[0], region[1], villages, null));
      });
    });
  }
}
