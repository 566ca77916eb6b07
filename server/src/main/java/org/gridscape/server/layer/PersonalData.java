package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;

/**
 * The person-level reads: the households of a building with their residents, and one resident.
 * The only place names, ID numbers, phones and sensitive tags leave the database; what a caller
 * sees is decided by {@link Disclosure} and rendered masked or full here. Full reads are written
 * to the audit log by {@link #auditFullRead}.
 */
public final class PersonalData {

  private static final String RESIDENT_COLUMNS = "r.id, r.household_id, r.name, r.id_number, r.phone, r.gender,"
      + " r.birth_year, r.relation, r.tags, (SELECT COUNT(*) FROM party_member m WHERE m.resident_id = r.id)";

  private final Database db;
  private final Sql sql;

  public PersonalData(Database db) {
    this.db = db;
    this.sql = db;
  }

  /** Where a building or resident is, for the access decision before anything personal is read. */
  public record Location(String buildingId, String areaCode) {
    public Location {
      if (buildingId == null || areaCode == null) {
        throw new IllegalArgumentException("building and area required");
      }
    }
  }

  public Future<Optional<Location>> locateBuilding(String buildingId) {
    return sql.query("SELECT id, COALESCE(grid_code, village_code) FROM building WHERE id = ?", Tuple.of(buildingId))
        .map(PersonalData::location);
  }

  public Future<Optional<Location>> locateResident(String residentId) {
    return sql.query("SELECT b.id, COALESCE(b.grid_code, b.village_code) FROM resident r"
        + " JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id WHERE r.id = ?",
        Tuple.of(residentId)).map(PersonalData::location);
  }

  private static Optional<Location> location(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new Location(row.getString(0), row.getString(1)));
  }

  /** The households of a building with their residents, rendered for the disclosure. */
  public Future<Map<String, Object>> buildingHouseholds(Location location, Disclosure disclosure) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("buildingId", location.buildingId());
    out.put("areaCode", location.areaCode());
    out.put("disclosure", disclosure.name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Map<String, Object>> households = new LinkedHashMap<>();
    Tuple building = Tuple.of(location.buildingId());
    return sql.query("SELECT h.id, h.size, (SELECT COUNT(*) FROM party_link l WHERE l.household_id = h.id)"
        + " FROM household h WHERE h.building_id = ? ORDER BY h.id", building).compose(rows -> {
          for (Row row : rows) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("id", row.getString(0));
            h.put("size", row.getValue(1));
            h.put("partyLinked", ((Number) row.getValue(2)).intValue() > 0);
            h.put("residents", new ArrayList<>());
            households.put(row.getString(0), h);
          }
          return sql.query("SELECT a.household_id, a.category FROM assistance_case a JOIN household h"
              + " ON h.id = a.household_id WHERE h.building_id = ? AND a.status = 'active'", building);
        }).compose(cases -> {
          Map<String, Set<String>> categories = new HashMap<>();
          for (Row row : cases) {
            categories.computeIfAbsent(row.getString(0), k -> new HashSet<>()).add(row.getString(1));
          }
          households.forEach((id, h) -> {
            Set<String> c = categories.getOrDefault(id, Set.of());
            // The category of need is itself sensitive: masked responses only say that help is given.
            if (disclosure == Disclosure.FULL) {
              h.put("assistance", c.stream().sorted().toList());
            } else {
              h.put("assisted", !c.isEmpty());
            }
          });
          return sql.query("SELECT " + RESIDENT_COLUMNS + " FROM resident r JOIN household h ON h.id = r.household_id"
              + " WHERE h.building_id = ? ORDER BY r.household_id, r.id", building);
        }).map(rows -> {
          int residents = 0;
          for (Row row : rows) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) households.get(row.getString(1)).get("residents");
            list.add(resident(row, disclosure));
            residents++;
          }
          out.put("householdCount", households.size());
          out.put("residentCount", residents);
          out.put("households", new ArrayList<>(households.values()));
          return out;
        });
  }

  /** One resident with household and building, rendered for the disclosure; empty when unknown. */
  public Future<Optional<Map<String, Object>>> resident(String residentId, Location location, Disclosure disclosure) {
    return sql.query("SELECT " + RESIDENT_COLUMNS + " FROM resident r WHERE r.id = ?", Tuple.of(residentId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Map<String, Object> out = resident(rows.iterator().next(), disclosure);
          out.put("buildingId", location.buildingId());
          out.put("areaCode", location.areaCode());
          out.put("disclosure", disclosure.name().toLowerCase(java.util.Locale.ROOT));
          return Optional.of(out);
        });
  }

  private static Map<String, Object> resident(Row row, Disclosure disclosure) {
    boolean full = disclosure == Disclosure.FULL;
    String tagText = row.getString(8);
    List<String> tags = tagText == null || tagText.isEmpty() ? List.of() : Arrays.asList(tagText.split(";"));
    Integer birthYear = row.getValue(6) == null ? null : ((Number) row.getValue(6)).intValue();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", row.getString(0));
    r.put("householdId", row.getString(1));
    r.put("name", full ? row.getString(2) : Masking.name(row.getString(2)));
    r.put("idNumber", full ? row.getString(3) : Masking.idNumber(row.getString(3)));
    r.put("phone", full ? row.getString(4) : Masking.phone(row.getString(4)));
    r.put("gender", row.getString(5));
    if (full) {
      r.put("birthYear", birthYear);
    } else {
      r.put("birthDecade", Masking.birthDecade(birthYear));
    }
    r.put("relation", row.getString(7));
    r.put("tags", full ? tags : Masking.tags(tags));
    r.put("partyMember", ((Number) row.getValue(9)).intValue() > 0);
    return r;
  }

  /** Records a full read: who, what (target), when (now), from where. */
  public Future<Void> auditFullRead(String actor, String target, String detail, String remote) {
    // In an explicit transaction: a pooled connection is not trusted to be in auto-commit mode.
    return db.inTransaction(tx -> AuditLog.record(tx, actor, AuditLog.FULL_READ, target, detail, remote));
  }
}
