package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.store.Sql;

/**
 * Aggregates of the layers, computed from the database: per building (what the scene publisher writes
 * into the tile metadata), per region or grid ({@code GET /api/v1/regions/{code}/stats}) and for the
 * district ({@code GET /api/v1/stats}). Every figure is a count or a state; nothing personal leaves here.
 * People count where they live: a resident in the building of their household, a Party member in
 * the building of their own household.
 */
public final class LayerFigures {

  /** Above this many grids one district-wide pass (or one over their range of codes) beats a long IN list. */
  private static final int GRIDS_IN_ONE_QUERY = 50;

  /*
   * The households of a batch's buildings with those linked to a Party member, in one walk: as two
   * statements they walked the batch's households twice. (Residents and members stay two statements:
   * joined in one, H2 planned the whole household table first and took seconds for one grid.)
   */
  private static final String HOUSEHOLDS_LINKED = "SELECT h.building_id, COUNT(*),"
      + " SUM(CASE WHEN EXISTS (SELECT 1 FROM party_link l WHERE l.household_id = h.id) THEN 1 ELSE 0 END)"
      + " FROM household h JOIN building b ON b.id = h.building_id WHERE %s GROUP BY h.building_id";
  /*
   * The same walk one row per household, for a build that counts members from a map read once
   * (partyMembersByHousehold): members per building need no walk of the batch's residents then.
   */
  private static final String HOUSEHOLD_ROWS = "SELECT h.building_id, h.id,"
      + " CASE WHEN EXISTS (SELECT 1 FROM party_link l WHERE l.household_id = h.id) THEN 1 ELSE 0 END"
      + " FROM household h JOIN building b ON b.id = h.building_id WHERE %s";
  private static final String MEMBERS_BY_HOUSEHOLD = "SELECT r.household_id, COUNT(*) FROM party_member m"
      + " JOIN resident r ON r.id = m.resident_id GROUP BY r.household_id";
  private static final String RESIDENTS = "SELECT h.building_id, COUNT(*) FROM resident r"
      + " JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id WHERE %s GROUP BY h.building_id";
  private static final String MEMBERS = "SELECT h.building_id, COUNT(*) FROM party_member m"
      + " JOIN resident r ON r.id = m.resident_id JOIN household h ON h.id = r.household_id"
      + " JOIN building b ON b.id = h.building_id WHERE %s GROUP BY h.building_id";
  private static final String ASSISTANCE = "SELECT h.building_id, h.id, a.category FROM assistance_case a"
      + " JOIN household h ON h.id = a.household_id JOIN building b ON b.id = h.building_id"
      + " WHERE %s AND a.status = 'active'";
  private static final String INSPECTIONS = "SELECT i.building_id, i.grade, i.inspected_on FROM inspection i"
      + " JOIN building b ON b.id = i.building_id WHERE %s";
  private static final String ILLEGAL = "SELECT c.building_id, c.status FROM illegal_case c"
      + " JOIN building b ON b.id = c.building_id WHERE %s";

  private final Sql sql;

  public LayerFigures(Sql sql) {
    this.sql = sql;
  }

  /** A WHERE fragment on {@code building b} with its parameters; fragments are constants, values parameters. */
  private record Filter(String clause, List<Object> args) {
    static Filter all() {
      return new Filter("1 = 1", List.of());
    }

    /** From the first to the last of the sorted values (a batch of neighbouring grids: codes in a row). */
    static Filter range(String column, java.util.SortedSet<String> values) {
      return new Filter(column + " BETWEEN ? AND ?", List.of(values.first(), values.last()));
    }

    static Filter in(String column, Collection<String> values) {
      if (values.isEmpty()) {
        return new Filter("1 = 0", List.of());
      }
      return new Filter(column + " IN (" + "?, ".repeat(values.size() - 1) + "?)", List.copyOf(values));
    }

    Tuple tuple() {
      return Tuple.from(args);
    }
  }

  // ---------------------------------------------------------------- per building

  /** The figures of every building of a grid, by building id (buildings without data included, zero). */
  public Future<Map<String, BuildingFigures>> figuresForGrid(String gridCode) {
    return figuresForGrids(List.of(gridCode)).map(byGrid -> byGrid.getOrDefault(gridCode, Map.of()));
  }

  /** The figures of every building of these grids: grid code to building id to figures. */
  public Future<Map<String, Map<String, BuildingFigures>>> figuresForGrids(Collection<String> gridCodes) {
    Set<String> wanted = new HashSet<>(gridCodes);
    Filter filter = wanted.size() > GRIDS_IN_ONE_QUERY ? Filter.all() : Filter.in("b.grid_code", wanted);
    return byGrid(wanted, buildingFigures(filter));
  }

  /**
   * Like {@link #figuresForGrids}, for a batch of neighbouring grids (codes in a row, as a city's build
   * reads them): one pass over the range of their codes, so the city is not read for every batch.
   */
  public Future<Map<String, Map<String, BuildingFigures>>> figuresForGridRange(Collection<String> gridCodes) {
    return figuresForGridRange(gridCodes, null);
  }

  /**
   * Like {@link #figuresForGridRange(Collection)}, with the Party members per household read once for
   * the whole build ({@link #partyMembersByHousehold}) rather than by walking every batch's residents
   * again: that walk was a third of the database's work in a city's build.
   */
  public Future<Map<String, Map<String, BuildingFigures>>> figuresForGridRange(Collection<String> gridCodes,
      Map<String, Integer> membersByHousehold) {
    java.util.SortedSet<String> wanted = new TreeSet<>(gridCodes);
    Filter filter = wanted.size() > GRIDS_IN_ONE_QUERY ? Filter.range("b.grid_code", wanted)
        : Filter.in("b.grid_code", wanted);
    return byGrid(wanted, buildingTallies(filter, null, membersByHousehold).map(LayerFigures::figures));
  }

  /**
   * The Party members of every household that has any, in one statement: a few hundred thousand
   * entries for a city (its members), which a multi-batch build holds for its duration.
   */
  public Future<Map<String, Integer>> partyMembersByHousehold() {
    return sql.query(MEMBERS_BY_HOUSEHOLD, Tuple.tuple()).map(rows -> {
      Map<String, Integer> out = new HashMap<>(rows.size() * 4 / 3 + 1);
      for (Row row : rows) {
        out.put(row.getString(0), count(row, 1));
      }
      return out;
    });
  }

  private static Future<Map<String, Map<String, BuildingFigures>>> byGrid(Set<String> wanted,
      Future<Map<String, BuildingFigures>> figures) {
    return figures.map(all -> {
      Map<String, Map<String, BuildingFigures>> byGrid = new TreeMap<>();
      for (String grid : wanted) {
        byGrid.put(grid, new TreeMap<>());
      }
      for (BuildingFigures f : all.values()) {
        Map<String, BuildingFigures> grid = f.gridCode() == null ? null : byGrid.get(f.gridCode());
        if (grid != null) {
          grid.put(f.buildingId(), f);
        }
      }
      return byGrid;
    });
  }

  /** Mutable tallies of one building while the queries come in. */
  private static final class Tally {
    final String gridCode;
    int residents;
    int households;
    int members;
    int linked;
    final Set<String> assisted = new HashSet<>();
    final Map<AssistanceCategory, Set<String>> assistedBy = new EnumMap<>(AssistanceCategory.class);
    HousingGrade grade = HousingGrade.UNKNOWN;
    LocalDate inspectedOn;
    IllegalConstruction illegal = IllegalConstruction.NONE;

    Tally(String gridCode) {
      this.gridCode = gridCode;
    }

    BuildingFigures figures(String id) {
      Map<AssistanceCategory, Integer> byCategory = new EnumMap<>(AssistanceCategory.class);
      assistedBy.forEach((c, households) -> byCategory.put(c, households.size()));
      return new BuildingFigures(id, gridCode, residents, households, members, linked, assisted.size(), byCategory,
          grade, inspectedOn, illegal);
    }
  }

  private Future<Map<String, BuildingFigures>> buildingFigures(Filter filter) {
    return buildingTallies(filter, null, null).map(LayerFigures::figures);
  }

  private static Map<String, BuildingFigures> figures(Map<String, Tally> tallies) {
    Map<String, BuildingFigures> out = new HashMap<>(tallies.size() * 4 / 3 + 1);
    tallies.forEach((id, t) -> out.put(id, t.figures(id)));
    return out;
  }

  /**
   * Tallies per building; {@code illegalCases} (when given) also counts cases by status, and
   * {@code membersByHousehold} (when given) stands for the members' statement. The statements run at
   * once (each on its own pooled connection), so a build's read of a few grids costs the slowest of
   * them rather than their sum.
   */
  private Future<Map<String, Tally>> buildingTallies(Filter filter, Map<String, Integer> illegalCases,
      Map<String, Integer> membersByHousehold) {
    boolean mapped = membersByHousehold != null;
    List<Future<RowSet<Row>>> reads = new ArrayList<>();
    for (String template : List.of("SELECT b.id, b.grid_code FROM building b WHERE %s",
        mapped ? HOUSEHOLD_ROWS : HOUSEHOLDS_LINKED, RESIDENTS, ASSISTANCE, INSPECTIONS, ILLEGAL)) {
      reads.add(query(template, filter));
    }
    if (!mapped) {
      reads.add(query(MEMBERS, filter));
    }
    return Future.all(reads).map(all -> {
      Map<String, Tally> tallies = new HashMap<>();
      for (Row row : reads.get(0).result()) {
        tallies.put(row.getString(0), new Tally(row.getString(1)));
      }
      for (Row row : reads.get(1).result()) {
        Tally t = tallies.get(row.getString(0));
        if (t == null) {
          continue;
        }
        if (mapped) { // one row per household
          t.households++;
          t.linked += count(row, 2);
          t.members += membersByHousehold.getOrDefault(row.getString(1), 0);
        } else {
          t.households = count(row, 1);
          t.linked = count(row, 2);
        }
      }
      for (Row row : reads.get(2).result()) {
        Tally t = tallies.get(row.getString(0));
        if (t != null) {
          t.residents = count(row, 1);
        }
      }
      for (Row row : mapped ? List.<Row>of() : reads.get(6).result()) {
        Tally t = tallies.get(row.getString(0));
        if (t != null) {
          t.members = count(row, 1);
        }
      }
      for (Row row : reads.get(3).result()) {
        Tally t = tallies.get(row.getString(0));
        if (t != null) {
          t.assisted.add(row.getString(1));
          t.assistedBy.computeIfAbsent(AssistanceCategory.of(row.getString(2)), c -> new HashSet<>())
              .add(row.getString(1));
        }
      }
      for (Row row : reads.get(4).result()) {
        Tally t = tallies.get(row.getString(0));
        LocalDate on = date(row.getValue(2));
        if (t != null && (t.inspectedOn == null || on.isAfter(t.inspectedOn))) {
          t.inspectedOn = on;
          t.grade = HousingGrade.valueOf(row.getString(1).strip());
        }
      }
      for (Row row : reads.get(5).result()) {
        Tally t = tallies.get(row.getString(0));
        if (t != null) {
          t.illegal = t.illegal.worse(IllegalConstruction.of(row.getString(1)));
          if (illegalCases != null) {
            illegalCases.merge(row.getString(1), 1, Integer::sum);
          }
        }
      }
      return tallies;
    });
  }

  private static int count(Row row, int column) {
    return ((Number) row.getValue(column)).intValue();
  }

  private Future<RowSet<Row>> query(String template, Filter filter) {
    return sql.query(String.format(Locale.ROOT, template, filter.clause()), filter.tuple());
  }

  static LocalDate date(Object value) {
    if (value instanceof LocalDate d) {
      return d;
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return LocalDate.parse(value.toString().substring(0, 10));
  }

  // ---------------------------------------------------------------- regions

  /** Figures of a district, township, work area, village or grid; empty when the code names none. */
  public Future<Optional<Map<String, Object>>> regionStats(String code) {
    return subject(code).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Subject subject = found.get();
      RegionScope scope = subject.scope();
      // The scope's prefixes are whole codes here: the grid's, or the villages'.
      Filter filter = Filter.in(subject.isGrid() ? "b.grid_code" : "b.village_code", scope.prefixes());
      Map<String, Integer> illegalCases = new TreeMap<>();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", subject.code());
      out.put("level", subject.level());
      out.put("name", subject.name());
      return buildingTallies(filter, illegalCases, null).compose(tallies -> {
        sumBuildings(out, tallies, illegalCases);
        return organisationCounts(scope, out);
      }).compose(v -> workerCounts(scope)).map(workers -> {
        out.put("workers", workers);
        return Optional.of(out);
      });
    });
  }

  /** What a region's figures are about: its code, level ({@code grid} for a grid) and name, and what they count. */
  private record Subject(String code, String level, String name, RegionScope scope) {
    boolean isGrid() {
      return "grid".equals(level);
    }
  }

  /**
   * The grid or region with this code, its scope {@link RegionScope#exactly exactly} the grid or
   * the villages under the region; empty when there is none.
   */
  private Future<Optional<Subject>> subject(String code) {
    return sql.query("SELECT code, village_code, name FROM grid WHERE code = ?", Tuple.of(code)).compose(grids -> {
      if (grids.size() > 0) {
        Row g = grids.iterator().next();
        return Future.succeededFuture(Optional.of(new Subject(code, "grid", g.getString(2),
            RegionScope.exactly(List.of(code)))));
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
          return Optional.<Subject>empty();
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
        return Optional.of(new Subject(code, region[0], region[1], RegionScope.exactly(villages)));
      });
    });
  }

  private static void sumBuildings(Map<String, Object> out, Map<String, Tally> tallies, Map<String, Integer> illegal) {
    long residents = 0;
    long households = 0;
    long members = 0;
    long linked = 0;
    long assisted = 0;
    Map<String, Integer> grades = new LinkedHashMap<>();
    for (HousingGrade g : HousingGrade.values()) {
      grades.put(g.name().equals("UNKNOWN") ? "unknown" : g.name(), 0);
    }
    Map<String, Integer> byCategory = new LinkedHashMap<>();
    for (AssistanceCategory c : AssistanceCategory.values()) {
      byCategory.put(c.id(), 0);
    }
    for (Tally t : tallies.values()) {
      residents += t.residents;
      households += t.households;
      members += t.members;
      linked += t.linked;
      assisted += t.assisted.size();
      t.assistedBy.forEach((c, set) -> byCategory.merge(c.id(), set.size(), Integer::sum));
      grades.merge(t.grade == HousingGrade.UNKNOWN ? "unknown" : t.grade.name(), 1, Integer::sum);
    }
    out.put("buildings", tallies.size());
    out.put("residents", residents);
    out.put("households", households);
    out.put("partyMembers", members);
    out.put("linkedHouseholds", linked);
    Map<String, Object> assistance = new LinkedHashMap<>();
    assistance.put("total", assisted);
    assistance.putAll(byCategory);
    out.put("assistanceHouseholds", assistance);
    out.put("safetyGrades", grades);
    Map<String, Integer> cases = new LinkedHashMap<>();
    for (String status : List.of("open", "remediating", "remediated")) {
      cases.put(status, illegal.getOrDefault(status, 0));
    }
    out.put("illegalConstruction", cases);
  }

  private Future<Void> organisationCounts(RegionScope scope, Map<String, Object> out) {
    return sql.query("SELECT code FROM grid WHERE status <> 'retired'").compose(grids -> {
      int count = 0;
      for (Row row : grids) {
        count += scope.covers(row.getString(0)) ? 1 : 0;
      }
      out.put("grids", count);
      return sql.query("SELECT kind, region_code FROM party_org");
    }).map(orgs -> {
      int villageOrgs = 0;
      int branches = 0;
      int groups = 0;
      for (Row row : orgs) {
        String region = row.getString(1);
        switch (row.getString(0)) {
          case "village_org" -> villageOrgs += scope.covers(region) ? 1 : 0;
          case "grid_branch" -> branches += scope.covers(region) ? 1 : 0;
          default -> groups += scope.covers(region) ? 1 : 0;
        }
      }
      out.put("villagePartyOrgs", villageOrgs);
      out.put("partyBranches", branches);
      out.put("buildingPartyGroups", groups);
      return null;
    });
  }

  /** Workers serving a grid of the scope, or (without grids) assigned to one of its villages. */
  private Future<Map<String, Object>> workerCounts(RegionScope scope) {
    return sql.query("SELECT w.id, w.type, w.village_code, g.grid_code FROM worker w"
        + " LEFT JOIN worker_grid g ON g.worker_id = w.id").map(rows -> {
          Map<String, String> typeOf = new HashMap<>();
          Set<String> inScope = new HashSet<>();
          for (Row row : rows) {
            String id = row.getString(0);
            typeOf.put(id, row.getString(1));
            String grid = row.getString(3);
            boolean in = scope.covers(grid != null ? grid : row.getString(2));
            if (in) {
              inScope.add(id);
            }
          }
          return workerTypes(inScope, typeOf);
        });
  }

  private static Map<String, Object> workerTypes(Collection<String> ids, Map<String, String> typeOf) {
    Map<String, Object> out = new LinkedHashMap<>();
    int total = 0;
    for (String type : List.of("comprehensive", "police", "community", "part_time", "cadre")) {
      out.put(type, 0);
    }
    for (String id : ids) {
      out.merge(typeOf.get(id), 1, (a, b) -> (Integer) a + (Integer) b);
      total++;
    }
    out.put("total", total);
    return out;
  }

  // ---------------------------------------------------------------- district

  /** The district figures of the dashboard; events from the events table when it exists. */
  public Future<Map<String, Object>> districtStats() {
    Map<String, Object> out = new LinkedHashMap<>();
    return sql.query("SELECT code, level, name FROM region").compose(regions -> {
      Map<String, Integer> levels = new HashMap<>();
      for (Row row : regions) {
        levels.merge(row.getString(1), 1, Integer::sum);
        if ("district".equals(row.getString(1)) && !out.containsKey("code")) {
          out.put("code", row.getString(0));
          out.put("name", row.getString(2));
        }
      }
      out.putIfAbsent("code", null);
      out.putIfAbsent("name", null);
      out.put("townships", levels.getOrDefault("township", 0));
      out.put("workAreas", levels.getOrDefault("workarea", 0));
      out.put("villages", levels.getOrDefault("village", 0));
      return sql.query("SELECT kind, COUNT(*) FROM grid WHERE status <> 'retired' GROUP BY kind");
    }).compose(grids -> {
      Map<String, Object> byKind = new LinkedHashMap<>();
      for (GridKind kind : GridKind.values()) {
        byKind.put(kind.code(), 0);
      }
      int total = 0;
      for (Row row : grids) {
        int n = ((Number) row.getValue(1)).intValue();
        byKind.put(row.getString(0), n);
        total += n;
      }
      out.put("grids", total);
      out.put("gridsByKind", byKind);
      return sql.query("SELECT (SELECT COUNT(*) FROM resident), (SELECT COUNT(*) FROM household),"
          + " (SELECT COUNT(*) FROM party_org WHERE kind = 'grid_branch'),"
          + " (SELECT COUNT(*) FROM party_org WHERE kind = 'village_org'),"
          + " (SELECT COUNT(*) FROM party_org WHERE kind = 'building_group'),"
          + " (SELECT COUNT(*) FROM party_member), (SELECT COUNT(DISTINCT household_id) FROM party_link),"
          + " (SELECT COUNT(DISTINCT household_id) FROM assistance_case WHERE status = 'active'),"
          + " (SELECT COUNT(*) FROM organ)");
    }).compose(counts -> {
      Row row = counts.iterator().next();
      String[] names = {"residents", "households", "partyBranches", "villagePartyOrgs", "buildingPartyGroups",
          "partyMembers", "linkedHouseholds", "assistanceHouseholds", "organs"};
      for (int i = 0; i < names.length; i++) {
        out.put(names[i], ((Number) row.getValue(i)).longValue());
      }
      return sql.query("SELECT id, type FROM worker");
    }).compose(workers -> {
      Map<String, String> typeOf = new HashMap<>();
      for (Row row : workers) {
        typeOf.put(row.getString(0), row.getString(1));
      }
      out.put("workers", workerTypes(new ArrayList<>(typeOf.keySet()), typeOf));
      return EventFigures.read(sql);
    }).map(events -> {
      out.put("events", events);
      return out;
    });
  }
}
