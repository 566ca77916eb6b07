package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.layer.AuditLog;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.Sql;

/**
 * The grid workers of a published grid, for the editor's side panel: who works in the grid (type and
 * name, never a phone), its Party branches, and the village's workers a planner may assign. Worker
 * assignments ({@code worker_grid}) are layer data, not part of the grid draft: a draft-only grid
 * has none until it is published. An assignment is written in one transaction with its audit entry
 * and a {@code layer} change-feed entry for the grid (the change log's head keys the caches of
 * figures that count workers); workers are not drawn in scenes, so no scene is marked for rebuilding.
 */
public final class GridWorkers {

  static final String ASSIGN = "grid.workers";
  private static final int MAX_WORKERS = 100;

  private final Database db;
  private final GridService grids;

  public GridWorkers(Database db, GridService grids) {
    this.db = db;
    this.grids = grids;
  }

  /**
   * {@code {grid, village, workers: [{id, type, name}], partyBranches: [{id, name}], villageWorkers: [...]}}.
   * Workers' names are read in full (a planner assigns people, not ids), so an answer naming any is
   * audit-logged as a full read, like the printed map's legend with names.
   */
  public Future<JsonObject> read(String gridCode, String actor, String remote) {
    return published(gridCode).compose(grid -> describe(db, grid)).compose(body -> body.getJsonArray("villageWorkers")
        .isEmpty() ? Future.succeededFuture(body) : AuditLog.record(db, actor, AuditLog.FULL_READ,
            "grid-workers:" + gridCode, "grid workers' names", remote).map(body));
  }

  /**
   * Makes {@code workerIds} the grid's workers: the ones not listed lose the grid, the others keep
   * their other grids. Unknown ids are 404, workers of another village 422, both naming the ids.
   */
  public Future<JsonObject> assign(String gridCode, List<String> workerIds, String actor, String remote) {
    Set<String> wanted = new LinkedHashSet<>(workerIds);
    if (wanted.size() > MAX_WORKERS) {
      return Future.failedFuture(GridException.invalid("at most " + MAX_WORKERS + " workers per grid"));
    }
    return published(gridCode).compose(grid -> candidates(db, grid).compose(ofVillage -> {
      List<String> unknown = new ArrayList<>();
      List<String> foreign = new ArrayList<>();
      return known(wanted).compose(existing -> {
        for (String id : wanted) {
          if (!existing.contains(id)) {
            unknown.add(id);
          } else if (!ofVillage.containsKey(id)) {
            foreign.add(id);
          }
        }
        if (!unknown.isEmpty()) {
          throw new GridException(GridException.Refusal.NOT_FOUND, "not_found", "no grid worker "
              + String.join(", ", unknown), unknown.stream().map(id -> Map.of("worker", id)).toList());
        }
        if (!foreign.isEmpty()) {
          throw GridException.refused("worker.other_village", "grid workers " + String.join(", ", foreign)
              + " do not work in village " + grid.villageCode() + "; assign a village's own workers",
              foreign.stream().map(id -> Map.of("worker", id)).toList());
        }
        return db.inTransaction(tx -> write(tx, grid, wanted, actor, remote));
      });
    }));
  }

  private Future<JsonObject> write(Sql tx, GridRow grid, Set<String> wanted, String actor, String remote) {
    return tx.query("SELECT worker_id FROM worker_grid WHERE grid_code = ?", Tuple.of(grid.code())).compose(rows -> {
      Set<String> before = new TreeSet<>();
      rows.forEach(row -> before.add(row.getString(0)));
      List<Tuple> removed = new ArrayList<>();
      List<Tuple> added = new ArrayList<>();
      before.stream().filter(id -> !wanted.contains(id)).forEach(id -> removed.add(Tuple.of(id, grid.code())));
      wanted.stream().filter(id -> !before.contains(id)).forEach(id -> added.add(Tuple.of(id, grid.code())));
      if (removed.isEmpty() && added.isEmpty()) {
        return describe(tx, grid);
      }
      String detail = "assigned=" + added.stream().map(t -> t.getString(0)).toList()
          + " unassigned=" + removed.stream().map(t -> t.getString(0)).toList();
      return tx.batch("DELETE FROM worker_grid WHERE worker_id = ? AND grid_code = ?", removed)
          .compose(v -> tx.batch("INSERT INTO worker_grid (worker_id, grid_code) VALUES (?, ?)", added))
          .compose(v -> AuditLog.record(tx, actor, ASSIGN, "grid:" + grid.code(), detail, remote))
          .compose(v -> ChangeLog.append(tx, Change.layer("workers", grid.code())))
          .compose(v -> describe(tx, grid));
    });
  }

  /** A published grid, or why not: 404 for none, 409 for a retired grid or one only in the draft. */
  private Future<GridRow> published(String gridCode) {
    if (gridCode == null || !gridCode.matches("\\d{15}")) {
      return Future.failedFuture(GridException.invalid("a grid code has 15 digits, got '" + gridCode + "'"));
    }
    return grids.store().grid(gridCode).compose(found -> {
      if (found.isPresent()) {
        GridRow grid = found.get();
        return "retired".equals(grid.status())
            ? Future.failedFuture(GridException.conflict("grid " + gridCode + " is retired"))
            : Future.succeededFuture(grid);
      }
      return grids.workingGrid(gridCode).transform(draft -> Future.failedFuture(draft.succeeded()
          ? GridException.conflict("grid " + gridCode + " exists only in its village's draft: grid workers are "
              + "assigned to published grids, so publish the draft first")
          : GridException.notFound("no grid " + gridCode)));
    });
  }

  private Future<Set<String>> known(Set<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<Tuple> args = ids.stream().map(Tuple::of).toList();
    // One lookup per id keeps the SQL fixed (no IN list built from the request); at most MAX_WORKERS.
    List<Future<String>> found = args.stream().map(arg -> db.query("SELECT id FROM worker WHERE id = ?", arg)
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0))).toList();
    return Future.all(found).map(all -> {
      Set<String> out = new TreeSet<>();
      found.forEach(f -> {
        if (f.result() != null) {
          out.add(f.result());
        }
      });
      return out;
    });
  }

  /**
   * The workers a planner may assign to a grid of the village: those registered in the village and
   * those already working in one of its grids (part-time workers cover grids of several villages).
   */
  private static Future<Map<String, JsonObject>> candidates(Sql sql, GridRow grid) {
    return sql.query("SELECT w.id, w.type, w.name FROM worker w WHERE w.village_code = ? OR w.id IN"
        + " (SELECT wg.worker_id FROM worker_grid wg WHERE wg.grid_code LIKE ?) ORDER BY w.type, w.id",
        Tuple.of(grid.villageCode(), grid.villageCode() + "%")).map(rows -> {
          Map<String, JsonObject> out = new LinkedHashMap<>();
          for (Row row : rows) {
            out.put(row.getString(0), worker(row));
          }
          return out;
        });
  }

  private static Future<JsonObject> describe(Sql sql, GridRow grid) {
    Future<Map<String, JsonObject>> village = candidates(sql, grid);
    Future<List<String>> assigned = sql.query("SELECT worker_id FROM worker_grid WHERE grid_code = ? ORDER BY worker_id",
        Tuple.of(grid.code())).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.getString(0)));
          return out;
        });
    Future<JsonArray> branches = sql.query("SELECT id, name FROM party_org WHERE kind = 'grid_branch'"
        + " AND region_code = ? ORDER BY id", Tuple.of(grid.code())).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(new JsonObject().put("id", row.getString(0)).put("name", row.getString(1))));
          return out;
        });
    return Future.all(village, assigned, branches).map(all -> {
      Set<String> mine = new TreeSet<>(assigned.result());
      JsonArray workers = new JsonArray();
      JsonArray villageWorkers = new JsonArray();
      village.result().forEach((id, w) -> {
        villageWorkers.add(w.copy().put("assigned", mine.contains(id)));
        if (mine.contains(id)) {
          workers.add(w);
        }
      });
      return new JsonObject().put("grid", grid.code()).put("village", grid.villageCode()).put("workers", workers)
          .put("partyBranches", branches.result()).put("villageWorkers", villageWorkers);
    });
  }

  private static JsonObject worker(Row row) {
    return new JsonObject().put("id", row.getString(0)).put("type", row.getString(1)).put("name", row.getString(2));
  }
}
