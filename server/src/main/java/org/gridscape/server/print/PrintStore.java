package org.gridscape.server.print;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.store.Sql;

/**
 * The figures a printed map needs that no other store reads in this shape: residents and grid
 * workers per grid of a village, grids and residents per village, the village's data versions.
 * Grid workers' names are read only when the sheet may show them.
 */
final class PrintStore {

  private final Sql sql;

  PrintStore(Sql sql) {
    this.sql = sql;
  }

  /** Residents per grid code of the village's buildings. */
  Future<Map<String, Integer>> residentsPerGrid(String villageCode) {
    return sql.query("SELECT b.grid_code, COUNT(*) FROM resident r JOIN household h ON h.id = r.household_id"
        + " JOIN building b ON b.id = h.building_id WHERE b.village_code = ? AND b.grid_code IS NOT NULL"
        + " GROUP BY b.grid_code", Tuple.of(villageCode)).map(PrintStore::counts);
  }

  /** Grid workers per grid code of the village, by type and id; names only when {@code withNames}. */
  Future<Map<String, List<VillageSheet.Worker>>> workersPerGrid(String villageCode, boolean withNames) {
    return sql.query("SELECT wg.grid_code, w.type, " + (withNames ? "w.name" : "NULL") + " FROM worker_grid wg"
        + " JOIN worker w ON w.id = wg.worker_id WHERE wg.grid_code LIKE ? ORDER BY wg.grid_code, w.type, w.id",
        Tuple.of(villageCode + "%")).map(rows -> {
          Map<String, List<VillageSheet.Worker>> out = new HashMap<>();
          for (Row row : rows) {
            out.computeIfAbsent(row.getString(0), k -> new ArrayList<>())
                .add(new VillageSheet.Worker(row.getString(1), withNames ? row.getString(2) : null));
          }
          return out;
        });
  }

  /** The published versions of the village's grid set and plan, and when either last changed. */
  Future<VillageSheet.Revision> revision(String villageCode) {
    return sql.query("SELECT grids_version, plan_version, grids_at, plan_at FROM village_state WHERE village_code = ?",
        Tuple.of(villageCode)).map(rows -> {
          if (rows.size() == 0) {
            return new VillageSheet.Revision(0, 0, null);
          }
          Row row = rows.iterator().next();
          OffsetDateTime grids = row.getOffsetDateTime(2);
          OffsetDateTime plan = row.getOffsetDateTime(3);
          OffsetDateTime latest = grids == null ? plan : plan == null || grids.isAfter(plan) ? grids : plan;
          return new VillageSheet.Revision(row.getInteger(0), row.getInteger(1), latest);
        });
  }

  /** Grids (not retired) per village code. */
  Future<Map<String, Integer>> gridsPerVillage() {
    return sql.query("SELECT village_code, COUNT(*) FROM grid WHERE status <> 'retired' GROUP BY village_code")
        .map(PrintStore::counts);
  }

  /** Residents per village code. */
  Future<Map<String, Integer>> residentsPerVillage() {
    return sql.query("SELECT b.village_code, COUNT(*) FROM resident r JOIN household h ON h.id = r.household_id"
        + " JOIN building b ON b.id = h.building_id GROUP BY b.village_code").map(PrintStore::counts);
  }

  private static Map<String, Integer> counts(Iterable<Row> rows) {
    Map<String, Integer> out = new HashMap<>();
    for (Row row : rows) {
      out.put(row.getString(0), ((Number) row.getValue(1)).intValue());
    }
    return out;
  }
}
