package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.ingest.CsvChunks;
import org.gridscape.server.layer.Column.Ref;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the people, housing-safety, Party and assistance tables. Each import is one transaction:
 * the upload is read and checked whole (values, duplicate keys, and every reference to a building,
 * household, resident, member, organisation, organ, region or grid, 人房关联), and nothing is written
 * unless every row resolves. Rows replace stored rows with the same key (upsert) or, in
 * {@link ImportMode#REPLACE}, the whole table. The grids of every building whose figures change are
 * marked dirty, and the import is audit-logged.
 */
public final class LayerImporter {

  private static final Logger LOG = LoggerFactory.getLogger(LayerImporter.class);
  /** Rows per executeBatch call: large enough to amortise round trips, small enough for memory. */
  private static final int BATCH = 2_000;

  /** Database columns of each table, in the order of {@link LayerKind#columns()}; null: stored elsewhere. */
  private static final Map<LayerKind, List<String>> DB_COLUMNS = new EnumMap<>(Map.of(
      LayerKind.HOUSEHOLDS, List.of("id", "building_id", "size"),
      LayerKind.RESIDENTS, List.of("id", "household_id", "name", "id_number", "phone", "gender", "birth_year",
          "relation", "tags"),
      LayerKind.PARTY_ORGS, List.of("id", "kind", "name", "parent_id", "region_code", "formation"),
      LayerKind.PARTY_MEMBERS, List.of("id", "resident_id", "org_id", "duty_points", "stars"),
      LayerKind.PARTY_LINKS, List.of("member_id", "household_id"),
      LayerKind.ASSISTANCE, List.of("id", "household_id", "category", "helper_member_id", "status", "visits",
          "last_visit"),
      LayerKind.INSPECTIONS, List.of("building_id", "inspected_on", "grade", "inspector"),
      LayerKind.ILLEGAL_CONSTRUCTION, List.of("id", "building_id", "status", "found_on"),
      LayerKind.WORKERS, Arrays.asList("id", "name", "type", "phone", "organ_id", "village_code", null, "member_id"),
      LayerKind.ORGANS, List.of("id", "name")));

  /**
   * Stored rows of each table by key, with the building they count in (null when none). {@code %s}
   * is a filter on the key's first column: an IN list of the uploaded keys, or everything.
   */
  private static final Map<LayerKind, Lookup> EXISTING = new EnumMap<>(Map.of(
      LayerKind.HOUSEHOLDS, new Lookup("SELECT id, building_id FROM household WHERE %s", "id"),
      LayerKind.RESIDENTS, new Lookup("SELECT r.id, h.building_id FROM resident r LEFT JOIN household h"
          + " ON h.id = r.household_id WHERE %s", "r.id"),
      LayerKind.PARTY_ORGS, new Lookup("SELECT id, region_code FROM party_org WHERE %s", "id"),
      LayerKind.PARTY_MEMBERS, new Lookup("SELECT m.id, h.building_id FROM party_member m LEFT JOIN resident r"
          + " ON r.id = m.resident_id LEFT JOIN household h ON h.id = r.household_id WHERE %s", "m.id"),
      LayerKind.PARTY_LINKS, new Lookup("SELECT l.member_id || '|' || l.household_id, h.building_id FROM party_link l"
          + " LEFT JOIN household h ON h.id = l.household_id WHERE %s", "l.member_id"),
      LayerKind.ASSISTANCE, new Lookup("SELECT a.id, h.building_id FROM assistance_case a LEFT JOIN household h"
          + " ON h.id = a.household_id WHERE %s", "a.id"),
      LayerKind.INSPECTIONS, new Lookup("SELECT building_id || '|' || CAST(inspected_on AS VARCHAR(10)), building_id"
          + " FROM inspection WHERE %s", "building_id"),
      LayerKind.ILLEGAL_CONSTRUCTION, new Lookup("SELECT id, building_id FROM illegal_case WHERE %s", "id"),
      LayerKind.WORKERS, new Lookup("SELECT id, village_code FROM worker WHERE %s", "id"),
      LayerKind.ORGANS, new Lookup("SELECT id, id FROM organ WHERE %s", "id")));

  /** Ids that references may name, each with the building (or grid) it belongs to where that applies. */
  private static final Map<Ref, List<Lookup>> REFERENCES = new EnumMap<>(Map.of(
      Ref.BUILDING, List.of(new Lookup("SELECT id, grid_code FROM building WHERE %s", "id")),
      Ref.HOUSEHOLD, List.of(EXISTING.get(LayerKind.HOUSEHOLDS)),
      Ref.RESIDENT, List.of(EXISTING.get(LayerKind.RESIDENTS)),
      Ref.PARTY_MEMBER, List.of(EXISTING.get(LayerKind.PARTY_MEMBERS)),
      Ref.PARTY_ORG, List.of(EXISTING.get(LayerKind.PARTY_ORGS)),
      Ref.ORGAN, List.of(EXISTING.get(LayerKind.ORGANS)),
      Ref.REGION, List.of(new Lookup("SELECT code, level FROM region WHERE %s", "code"),
          new Lookup("SELECT code, 'grid' FROM grid WHERE %s", "code")),
      Ref.VILLAGE, List.of(new Lookup("SELECT code, level FROM region WHERE level = 'village' AND %s", "code")),
      Ref.GRID, List.of(new Lookup("SELECT code, status FROM grid WHERE status <> 'retired' AND %s", "code"))));

  /** A two-column query whose rows become a map; filtered by {@code column} (constants only, values bound). */
  private record Lookup(String template, String column) {}

  /** Ids per IN list: few round trips, statements small enough for any driver. */
  private static final int IDS_PER_LOOKUP = 500;
  private static final int SCAN_ABOVE_IDS = 10_000;

  /** Which column places a row in a building, and through which reference (BUILDING: the column is the building). */
  private static final Map<LayerKind, Object[]> LOCATOR = new EnumMap<>(Map.of(
      LayerKind.HOUSEHOLDS, new Object[] {"building_id", Ref.BUILDING},
      LayerKind.RESIDENTS, new Object[] {"household_id", Ref.HOUSEHOLD},
      LayerKind.PARTY_MEMBERS, new Object[] {"resident_id", Ref.RESIDENT},
      LayerKind.PARTY_LINKS, new Object[] {"household_id", Ref.HOUSEHOLD},
      LayerKind.ASSISTANCE, new Object[] {"household_id", Ref.HOUSEHOLD},
      LayerKind.INSPECTIONS, new Object[] {"building_id", Ref.BUILDING},
      LayerKind.ILLEGAL_CONSTRUCTION, new Object[] {"building_id", Ref.BUILDING}));

  static {
    for (LayerKind kind : LayerKind.values()) {
      if (DB_COLUMNS.get(kind).size() != kind.columns().size()) {
        throw new IllegalStateException("database columns of " + kind + " do not match its file columns");
      }
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final BulkInserts inserts;

  public LayerImporter(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
    this.inserts = new BulkInserts(db);
  }

  /** Imports a CSV or JSON table as the lead's sample loader does: upsert, by the given user. */
  public Future<ImportResult> importCsv(LayerKind kind, byte[] body, Principal principal) {
    return importTable(kind, body, null, ImportMode.UPSERT, principal.username(), null);
  }

  /**
   * Imports a large CSV file part by part, each part of at most {@code rowsPerImport} rows read
   * off the event loop and imported as {@link #importCsv} does (checked whole, one transaction),
   * so that memory stays bounded whatever the size of the file. Rows may refer to rows of earlier
   * parts. Not all or nothing as a whole: when a part is rejected, the parts before it stay
   * imported and the failure names the file's lines at fault.
   *
   * @return the parts' results added up (dirty grids merged)
   */
  public Future<ImportResult> importCsvFile(LayerKind kind, Path file, int rowsPerImport, Principal principal) {
    ImportResult[] total = {null};
    Set<String> dirty = new TreeSet<>();
    long started = System.nanoTime();
    return CsvChunks.forEach(vertx, file, rowsPerImport, chunk -> importTable(kind, chunk.csv(), null,
        ImportMode.UPSERT, principal.username(), null, true)
        .recover(e -> Future.failedFuture(inFileLines(e, kind, chunk)))
        .map(result -> {
          dirty.addAll(result.dirtyGrids());
          ImportResult t = total[0];
          total[0] = t == null ? result : new ImportResult(kind, t.mode(), t.rows() + result.rows(),
              t.replaced() + result.replaced(), List.of(), t.ignoredColumns(), t.charset());
          return result;
        }))
        // a city's scene build then reads a batch of grids by index, not the whole table
        .compose(records -> db.vacuumAnalyze(List.of(kind.table())).map(records))
        .map(records -> {
          ImportResult t = total[0];
          LOG.info("Imported {} {} rows from {} in parts of {} ({} grids dirty) in {} ms", t == null ? 0 : t.rows(),
              kind.path(), file.getFileName(), rowsPerImport, dirty.size(), (System.nanoTime() - started) / 1_000_000);
          return t == null ? new ImportResult(kind, ImportMode.UPSERT, 0, 0, List.of(), List.of(), "UTF-8")
              : new ImportResult(kind, t.mode(), t.rows(), t.replaced(), List.copyOf(dirty), t.ignoredColumns(),
                  t.charset());
        });
  }

  /** A part's rejection with its rows numbered as the lines of the whole file. */
  private static Throwable inFileLines(Throwable e, LayerKind kind, CsvChunks.Chunk chunk) {
    if (!(e instanceof LayerImportException rejected) || rejected.kind() != LayerImportException.Kind.INVALID_ROWS
        || rejected.problems().isEmpty()) {
      return e;
    }
    List<RowProblem> problems = new ArrayList<>();
    for (RowProblem p : rejected.problems()) {
      problems.add(new RowProblem(p.json(), chunk.fileLine(p.position()), p.column(), p.rule(), p.message()));
    }
    String more = rejected.total() > 1 ? " (and " + (rejected.total() - 1) + " more problems)" : "";
    return new LayerImportException(LayerImportException.Kind.INVALID_ROWS, kind.path() + ": " + problems.get(0)
        + more + "; the rows from line " + chunk.firstLine() + " on were not imported", problems);
  }

  /**
   * Imports one table.
   *
   * @param mediaType {@code text/csv}, {@code application/json}, or null to recognise the content
   * @param remote the caller's address for the audit log (null for local loads)
   * @return what was written; fails with {@link LayerImportException} when the upload was rejected
   */
  public Future<ImportResult> importTable(LayerKind kind, byte[] body, String mediaType, ImportMode mode, String actor,
      String remote) {
    return importTable(kind, body, mediaType, mode, actor, remote, false);
  }

  private Future<ImportResult> importTable(LayerKind kind, byte[] body, String mediaType, ImportMode mode,
      String actor, String remote, boolean part) {
    return vertx.executeBlocking(() -> LayerTable.read(kind, body, mediaType), false)
        .compose(table -> db.inTransaction(sql -> write(sql, table, mode, part)
            .compose(result -> audit(sql, result, actor, remote))
            .compose(result -> ChangeLog.append(sql, result.changes()).map(result))));
  }

  /**
   * Imports Party organisations, members and links together from one JSON object
   * {@code {"orgs": [...], "members": [...], "links": [...]}} (each optional), in that order, in one
   * transaction: members may name organisations of the same upload, links members of it.
   */
  public Future<List<ImportResult>> importParty(byte[] body, ImportMode mode, String actor, String remote) {
    return vertx.executeBlocking(() -> LayerTable.readParty(body), false).compose(tables -> db.inTransaction(sql -> {
      List<ImportResult> results = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (LayerTable table : tables) {
        chain = chain.compose(v -> write(sql, table, mode, false).compose(result -> audit(sql, result, actor, remote)))
            .map(result -> {
              results.add(result);
              return null;
            });
      }
      return chain.compose(v -> ChangeLog.append(sql, results.stream().flatMap(r -> r.changes().stream()).toList()))
          .map(v -> results);
    }));
  }

  private Future<ImportResult> audit(Sql sql, ImportResult result, String actor, String remote) {
    String detail = "rows=" + result.rows() + " replaced=" + result.replaced() + " mode="
        + result.mode().name().toLowerCase(java.util.Locale.ROOT) + " dirtyGrids=" + result.dirtyGrids().size();
    return AuditLog.record(sql, actor, AuditLog.IMPORT, result.kind().path(), detail, remote).map(result);
  }

  // ---------------------------------------------------------------- one table, inside the transaction

  private Future<ImportResult> write(Sql sql, LayerTable table, ImportMode mode, boolean part) {
    LayerKind kind = table.kind;
    long started = System.nanoTime();
    // Only what the upload names is looked up: the tables may hold hundreds of thousands of rows.
    Map<Ref, Set<String>> named = new EnumMap<>(Ref.class);
    List<Column> columns = kind.columns();
    for (int c = 0; c < columns.size(); c++) {
      Ref ref = columns.get(c).ref();
      if (ref == null) {
        continue;
      }
      Set<String> ids = named.computeIfAbsent(ref, r -> new HashSet<>());
      for (LayerTable.Row row : table.rows) {
        Object value = row.values()[c];
        if (value instanceof List<?> list) {
          list.forEach(item -> ids.add((String) item));
        } else if (value != null) {
          ids.add((String) value);
        }
      }
    }
    Set<String> keys = new HashSet<>();
    for (LayerTable.Row row : table.rows) {
      keys.add((String) row.values()[0]);
    }
    Map<Ref, Map<String, String>> refs = new EnumMap<>(Ref.class);
    Future<Void> loading = Future.succeededFuture();
    for (Map.Entry<Ref, Set<String>> entry : named.entrySet()) {
      loading = loading.compose(v -> lookup(sql, REFERENCES.get(entry.getKey()), entry.getValue()).map(map -> {
        refs.put(entry.getKey(), map);
        return null;
      }));
    }
    Map<String, String> existing = new HashMap<>();
    Map<String, String> gridOfBuilding = new HashMap<>();
    // Whether the table has any row, not how many: a count reads the whole table on PostgreSQL.
    return loading.compose(v -> sql.query("SELECT 1 FROM " + kind.table() + " LIMIT 1")).compose(any -> {
      // A first import (the usual case for the big tables) has nothing to replace: skip the lookup.
      boolean empty = any.size() == 0;
      return empty ? Future.succeededFuture(Map.<String, String>of())
          : lookup(sql, List.of(EXISTING.get(kind)), mode == ImportMode.REPLACE ? null : keys);
    }).compose(stored -> {
          existing.putAll(stored);
          if (!LOCATOR.containsKey(kind)) {
            return Future.succeededFuture(Map.<String, String>of());
          }
          // Grids of the buildings named directly are known from the reference check already.
          Map<String, String> known = refs.getOrDefault(Ref.BUILDING, Map.of());
          gridOfBuilding.putAll(known);
          Set<String> missing = new HashSet<>(buildingsTouched(table, refs, existing));
          missing.removeAll(known.keySet());
          return lookup(sql, REFERENCES.get(Ref.BUILDING), missing);
        }).compose(moreGrids -> {
          gridOfBuilding.putAll(moreGrids);
          return inserts.columnTypes(sql, kind);
        }).compose(types -> {
          long checked = System.nanoTime();
          return vertx.executeBlocking(() -> plan(table, refs, existing, gridOfBuilding, mode, types), false)
              .compose(plan -> {
                if (!plan.problems().isEmpty()) {
                  return Future.failedFuture(LayerImportException.rows(kind, plan.problems()));
                }
                return run(sql, plan.steps()).map(v -> {
                  String message = "Imported {} {} rows ({} replaced, {} grids dirty): checked in {} ms, written in {} ms";
                  Object[] args = {table.rows.size(), kind.path(), plan.replaced(), plan.dirty().size(),
                      (checked - started) / 1_000_000, (System.nanoTime() - checked) / 1_000_000};
                  // The parts of a large file are summed up once by importCsvFile.
                  if (part) {
                    LOG.debug(message, args);
                  } else {
                    LOG.info(message, args);
                  }
                  return new ImportResult(kind, mode, table.rows.size(), plan.replaced(), List.copyOf(plan.dirty()),
                      table.ignoredColumns, table.charset.name());
                });
              });
        });
  }

  /**
   * Rows of the lookups for these ids (of the first column), or of everything when {@code ids} is
   * null, as a map from the first to the second column.
   */
  private Future<Map<String, String>> lookup(Sql sql, List<Lookup> lookups, Set<String> ids) {
    Map<String, String> map = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    boolean postgres = db.kind() == Database.Kind.POSTGRESQL;
    // On H2, past some thousands of ids one scan of the table beats many IN lists (extra rows do no
    // harm). PostgreSQL takes all the ids as one array in one statement, which stays an index
    // lookup however large the table has grown (a scan per part made part-wise loads quadratic).
    List<String> all = ids == null || (!postgres && ids.size() > SCAN_ABOVE_IDS) ? null : new ArrayList<>(ids);
    if (all != null && all.isEmpty()) {
      return Future.succeededFuture(map);
    }
    for (Lookup lookup : lookups) {
      if (all == null) {
        chain = chain.compose(v -> sql.query(String.format(java.util.Locale.ROOT, lookup.template(), "1 = 1"))
            .map(rows -> collect(rows, map)));
        continue;
      }
      if (postgres) {
        String filter = lookup.column() + " = ANY(?)";
        Tuple array = Tuple.of(all.toArray(new String[0]));
        chain = chain.compose(v -> sql.query(String.format(java.util.Locale.ROOT, lookup.template(), filter), array)
            .map(rows -> collect(rows, map)));
        continue;
      }
      for (int from = 0; from < all.size(); from += IDS_PER_LOOKUP) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_LOOKUP));
        String filter = lookup.column() + " IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
        chain = chain.compose(v -> sql.query(String.format(java.util.Locale.ROOT, lookup.template(), filter),
            Tuple.from(new ArrayList<Object>(chunk))).map(rows -> collect(rows, map)));
      }
    }
    return chain.map(v -> map);
  }

  private static Void collect(io.vertx.sqlclient.RowSet<Row> rows, Map<String, String> map) {
    for (Row row : rows) {
      Object value = row.getValue(1);
      map.put(row.getString(0), value == null ? null : value.toString());
    }
    return null;
  }

  /** Buildings whose figures the upload changes: where its rows are now and where they were. */
  private static Set<String> buildingsTouched(LayerTable table, Map<Ref, Map<String, String>> refs,
      Map<String, String> existing) {
    LayerKind kind = table.kind;
    Object[] locator = LOCATOR.get(kind);
    int column = kind.columnIndex((String) locator[0]);
    Map<String, String> buildingOf = locator[1] == Ref.BUILDING ? null : refs.get((Ref) locator[1]);
    Set<String> buildings = new HashSet<>();
    for (LayerTable.Row row : table.rows) {
      String value = (String) row.values()[column];
      buildings.add(buildingOf == null ? value : buildingOf.get(value));
    }
    buildings.addAll(existing.values());
    buildings.remove(null);
    return buildings;
  }

  private static void checkReferences(LayerTable table, Map<Ref, Map<String, String>> refs, List<RowProblem> problems) {
    LayerKind kind = table.kind;
    List<Column> columns = kind.columns();
    Set<String> ownKeys = null;
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      if (column.ref() == null) {
        continue;
      }
      Map<String, String> known = refs.get(column.ref());
      // Party organisations may name a parent of the same upload.
      boolean selfReference = kind == LayerKind.PARTY_ORGS && column.ref() == Ref.PARTY_ORG;
      if (selfReference && ownKeys == null) {
        ownKeys = new HashSet<>();
        for (LayerTable.Row row : table.rows) {
          ownKeys.add(kind.key(row.values()));
        }
      }
      for (LayerTable.Row row : table.rows) {
        Object value = row.values()[c];
        if (value == null) {
          continue;
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        for (Object item : items) {
          String id = (String) item;
          if (!known.containsKey(id) && !(selfReference && ownKeys.contains(id))) {
            problems.add(new RowProblem(table.json, row.position(), column.name(), "reference.unresolved",
                column.name() + " '" + id + "' names no " + column.ref().label() + unresolvedHint(column.ref())));
          }
        }
      }
    }
  }

  private static String unresolvedHint(Ref ref) {
    return switch (ref) {
      case BUILDING -> " (import the village plan first)";
      case HOUSEHOLD -> " (import households first)";
      case RESIDENT -> " (import residents first)";
      case PARTY_ORG -> " (import party-orgs first)";
      case PARTY_MEMBER -> " (import party-members first)";
      case ORGAN -> " (import organs first)";
      case REGION, VILLAGE -> " (import the regions first)";
      case GRID -> " (import the village's grids first)";
    };
  }

  /** Grids of the buildings whose figures the import changes, before and after. */
  private static Set<String> dirtyGrids(LayerTable table, Map<String, String> gridOfBuilding,
      Map<Ref, Map<String, String>> refs, Map<String, String> existing, ImportMode mode) {
    LayerKind kind = table.kind;
    Set<String> grids = new TreeSet<>();
    if (kind == LayerKind.PARTY_ORGS) {
      int region = kind.columnIndex("region_code");
      for (LayerTable.Row row : table.rows) {
        addGridCode(grids, (String) row.values()[region]);
        addGridCode(grids, existing.get(kind.key(row.values())));
      }
      if (mode == ImportMode.REPLACE) {
        existing.values().forEach(code -> addGridCode(grids, code));
      }
      return grids;
    }
    if (!LOCATOR.containsKey(kind)) {
      return grids;
    }
    for (String building : buildingsTouched(table, refs, existing)) {
      String grid = gridOfBuilding.get(building);
      if (grid != null) {
        grids.add(grid);
      }
    }
    return grids;
  }

  private static void addGridCode(Set<String> grids, String code) {
    if (code != null && code.length() == 15) {
      grids.add(code);
    }
  }

  /** Removes what the upload replaces; answers how many stored rows it replaces. */
  /** One statement to run, once or as a batch over many parameter rows. */
  private record Step(String sql, List<Tuple> rows, boolean batch) {}

  /** What an import will write, prepared off the event loop once every row has been checked. */
  private record Plan(List<RowProblem> problems, List<Step> steps, int replaced, Set<String> dirty) {}

  private static Plan plan(LayerTable table, Map<Ref, Map<String, String>> refs, Map<String, String> existing,
      Map<String, String> gridOfBuilding, ImportMode mode, Map<String, String> columnTypes) {
    List<RowProblem> problems = new ArrayList<>(table.problems);
    checkReferences(table, refs, problems);
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(RowProblem::position));
      return new Plan(problems, List.of(), 0, Set.of());
    }
    LayerKind kind = table.kind;
    List<Step> steps = new ArrayList<>();
    int replaced = removals(table, mode, existing, steps);
    insertions(table, mode, existing, columnTypes, steps);
    if (kind == LayerKind.WORKERS) {
      int grids = kind.columnIndex("grid_codes");
      List<Tuple> tuples = new ArrayList<>();
      for (LayerTable.Row row : table.rows) {
        if (row.values()[grids] instanceof List<?> list) {
          for (Object code : list) {
            tuples.add(Tuple.of(row.values()[0], code));
          }
        }
      }
      BulkInserts.multiRow("INSERT INTO worker_grid (worker_id, grid_code) VALUES ", 2, tuples)
          .forEach(st -> steps.add(new Step(st.sql(), List.of(st.args()), false)));
    }
    Set<String> dirty = dirtyGrids(table, gridOfBuilding, refs, existing, mode);
    steps.add(markDirtyStep(dirty));
    return new Plan(List.of(), steps, replaced, dirty);
  }

  /** Adds the deletions of what the upload replaces; answers how many stored rows it replaces. */
  private static int removals(LayerTable table, ImportMode mode, Map<String, String> existing, List<Step> steps) {
    LayerKind kind = table.kind;
    if (mode == ImportMode.REPLACE) {
      if (kind == LayerKind.WORKERS) {
        steps.add(new Step("DELETE FROM worker_grid", List.of(Tuple.tuple()), false));
      }
      steps.add(new Step("DELETE FROM " + kind.table(), List.of(Tuple.tuple()), false));
      return existing.size();
    }
    if (kind == LayerKind.PARTY_LINKS) {
      // A link has no other columns: an existing pair is simply kept.
      int kept = 0;
      for (LayerTable.Row row : table.rows) {
        kept += existing.containsKey(kind.key(row.values())) ? 1 : 0;
      }
      return kept;
    }
    List<String> dbColumns = DB_COLUMNS.get(kind);
    String where = kind.keyColumns() == 1 ? dbColumns.get(0) + " = ?"
        : dbColumns.get(0) + " = ? AND " + dbColumns.get(1) + " = ?";
    List<Tuple> keys = new ArrayList<>();
    for (LayerTable.Row row : table.rows) {
      if (existing.containsKey(kind.key(row.values()))) {
        keys.add(kind.keyColumns() == 1 ? Tuple.of(row.values()[0]) : Tuple.of(row.values()[0], row.values()[1]));
      }
    }
    if (!keys.isEmpty()) {
      if (kind == LayerKind.WORKERS) {
        steps.add(new Step("DELETE FROM worker_grid WHERE worker_id = ?", keys, true));
      }
      steps.add(new Step("DELETE FROM " + kind.table() + " WHERE " + where, keys, true));
    }
    return keys.size();
  }

  private static void insertions(LayerTable table, ImportMode mode, Map<String, String> existing,
      Map<String, String> columnTypes, List<Step> steps) {
    LayerKind kind = table.kind;
    List<String> dbColumns = DB_COLUMNS.get(kind);
    List<Integer> stored = new ArrayList<>();
    for (int i = 0; i < dbColumns.size(); i++) {
      if (dbColumns.get(i) != null) {
        stored.add(i);
      }
    }
    StringBuilder statement = new StringBuilder("INSERT INTO ").append(kind.table()).append(" (");
    for (int i = 0; i < stored.size(); i++) {
      statement.append(i > 0 ? ", " : "").append(dbColumns.get(stored.get(i)));
    }
    statement.append(") VALUES ");
    boolean skipExisting = kind == LayerKind.PARTY_LINKS && mode == ImportMode.UPSERT;
    List<Tuple> tuples = new ArrayList<>(table.rows.size());
    for (LayerTable.Row row : table.rows) {
      if (skipExisting && existing.containsKey(kind.key(row.values()))) {
        continue;
      }
      Tuple tuple = Tuple.tuple();
      for (int i : stored) {
        Object value = row.values()[i];
        tuple.addValue(value instanceof List<?> list ? String.join(";", castStrings(list)) : value);
      }
      tuples.add(tuple);
    }
    List<BulkInserts.Statement> statements = columnTypes.isEmpty()
        ? BulkInserts.multiRow(statement.toString(), stored.size(), tuples)
        : BulkInserts.unnest(kind.table(), stored.stream().map(dbColumns::get).toList(), columnTypes, tuples);
    statements.forEach(st -> steps.add(new Step(st.sql(), List.of(st.args()), false)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> castStrings(List<?> list) {
    return (List<String>) list;
  }

  /** Marks grids for rebuilding; a grid already marked keeps its earlier time. */
  private static Step markDirtyStep(Set<String> grids) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Tuple> tuples = new ArrayList<>(grids.size());
    for (String grid : grids) {
      tuples.add(Tuple.of(grid, now, grid));
    }
    return new Step("INSERT INTO scene_dirty (grid_code, since) SELECT CAST(? AS VARCHAR(15)),"
        + " CAST(? AS TIMESTAMP WITH TIME ZONE) WHERE NOT EXISTS"
        + " (SELECT 1 FROM scene_dirty WHERE grid_code = CAST(? AS VARCHAR(15)))", tuples, true);
  }

  private static Future<Void> run(Sql sql, List<Step> steps) {
    Future<Void> chain = Future.succeededFuture();
    for (Step step : steps) {
      if (!step.batch()) {
        chain = chain.compose(v -> sql.query(step.sql(), step.rows().get(0)).mapEmpty());
        continue;
      }
      for (int from = 0; from < step.rows().size(); from += BATCH) {
        List<Tuple> chunk = step.rows().subList(from, Math.min(step.rows().size(), from + BATCH));
        chain = chain.compose(v -> sql.batch(step.sql(), chunk));
      }
    }
    return chain;
  }
}
