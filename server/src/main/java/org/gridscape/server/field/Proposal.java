package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gridscape.server.event.EventCategory;
import org.gridscape.server.layer.AssistanceCategory;
import org.gridscape.server.layer.Masking;
import org.gridscape.server.store.Sql;

/**
 * The five kinds of proposed change (信息采集; docs/FIELD.md): what each carries, how it is checked
 * when proposed and how an approval writes it to the layer tables.
 *
 * @param kind     what it changes
 * @param fields   the kind's fields (see {@link Kind}); the whole of it is stored as the proposal
 */
record Proposal(Kind kind, JsonObject fields) {

  /** What a proposal changes, the layer table it writes and the department sector that reviews it. */
  enum Kind {
    /** A resident moved into a household: {@code household, resident: {name, idNumber?, phone?, gender?, birthYear?, relation?}}. */
    RESIDENT_IN("residents", null),
    /** A resident moved out: {@code resident}. */
    RESIDENT_OUT("residents", null),
    /** A household's assistance category opened or closed: {@code household, category, action: open|close}. */
    ASSISTANCE("assistance", EventCategory.ASSISTANCE),
    /** A building's housing-safety grade from a new inspection: {@code building, grade: A-D, inspectedOn?}. */
    SAFETY_GRADE("inspections", EventCategory.HOUSING_SAFETY),
    /** A new illegal-construction case at a building: {@code building, foundOn?}. */
    ILLEGAL_CASE("illegal-construction", EventCategory.ILLEGAL_CONSTRUCTION);

    final String layer;
    /** The event sector whose departments review it; null: planners and administrators only. */
    final EventCategory sector;

    Kind(String layer, EventCategory sector) {
      this.layer = layer;
      this.sector = sector;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw FieldException.invalid("kind", "'kind' must be one of resident_in, resident_out, assistance,"
          + " safety_grade, illegal_case; got '" + id + "'");
    }
  }

  private static final Set<String> GENDERS = Set.of("male", "female");
  private static final Set<String> RELATIONS = Set.of("head", "spouse", "parent", "child", "grandchild", "sibling",
      "other");

  /** Where a proposal lies: the building (and household) it is about, whose grid decides who may propose. */
  record Target(String building, String household) {}

  /** Reads and checks the kind's fields from the request body (400 naming the field). */
  static Proposal from(JsonObject body) {
    Kind kind = Kind.parse(text(body, "kind", true, 16));
    JsonObject f = new JsonObject();
    switch (kind) {
      case RESIDENT_IN -> {
        f.put("household", text(body, "household", true, 40));
        if (!(body.getValue("resident") instanceof JsonObject r)) {
          throw FieldException.invalid("resident", "'resident' is required: {name, idNumber?, phone?, gender?,"
              + " birthYear?, relation?}");
        }
        JsonObject person = new JsonObject().put("name", text(r, "name", true, 100, "resident.name"));
        String idNumber = text(r, "idNumber", false, 18, "resident.idNumber");
        if (idNumber != null && !idNumber.matches("\\d{17}[\\dXx]")) {
          throw FieldException.invalid("resident.idNumber", "'resident.idNumber' must be 18 characters: 17 digits and a digit or X");
        }
        String phone = text(r, "phone", false, 20, "resident.phone");
        if (phone != null && !phone.matches("[0-9+\\- ]{5,20}")) {
          throw FieldException.invalid("resident.phone", "'resident.phone' must be digits");
        }
        person.put("idNumber", idNumber).put("phone", phone)
            .put("gender", choice(r, "gender", GENDERS, "resident.gender"))
            .put("relation", choice(r, "relation", RELATIONS, "resident.relation"));
        Object year = r.getValue("birthYear");
        if (year != null && !(year instanceof Integer y && y >= 1850 && y <= 2100)) {
          throw FieldException.invalid("resident.birthYear", "'resident.birthYear' must be a year 1850-2100");
        }
        f.put("resident", person.put("birthYear", year));
      }
      case RESIDENT_OUT -> f.put("resident", text(body, "resident", true, 40));
      case ASSISTANCE -> {
        f.put("household", text(body, "household", true, 40));
        String category = text(body, "category", true, 24);
        if (Arrays.stream(AssistanceCategory.values()).noneMatch(c -> c.id().equals(category))) {
          throw FieldException.invalid("category", "'category' must be one of dibao, tekun, dibao_edge, disabled,"
              + " elderly_alone, left_behind_child");
        }
        f.put("category", category).put("action", choice(body, "action", Set.of("open", "close"), "action"));
        if (f.getString("action") == null) {
          throw FieldException.invalid("action", "'action' is required: open or close");
        }
      }
      case SAFETY_GRADE -> {
        f.put("building", text(body, "building", true, 40));
        f.put("grade", choice(body, "grade", Set.of("A", "B", "C", "D"), "grade"));
        if (f.getString("grade") == null) {
          throw FieldException.invalid("grade", "'grade' is required: A, B, C or D (JGJ 125)");
        }
        f.put("inspectedOn", date(body, "inspectedOn"));
      }
      case ILLEGAL_CASE -> f.put("building", text(body, "building", true, 40)).put("foundOn", date(body, "foundOn"));
    }
    return new Proposal(kind, f);
  }

  /** The building and household it is about, read from the layers (422 for what does not exist). */
  Future<Target> target(Sql sql) {
    return switch (kind) {
      case RESIDENT_IN, ASSISTANCE -> one(sql, "SELECT building_id, id FROM household WHERE id = ?",
          fields.getString("household"), "unknown_household", "household");
      case RESIDENT_OUT -> one(sql, "SELECT h.building_id, h.id FROM resident r JOIN household h ON h.id = r.household_id"
          + " WHERE r.id = ?", fields.getString("resident"), "unknown_resident", "resident");
      case SAFETY_GRADE, ILLEGAL_CASE -> Future.succeededFuture(new Target(fields.getString("building"), null));
    };
  }

  private static Future<Target> one(Sql sql, String query, String id, String code, String what) {
    return sql.query(query, Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw FieldException.refused(code, "no " + what + " '" + id + "'");
      }
      Row r = rows.iterator().next();
      return new Target(r.getString(0), r.getString(1));
    });
  }

  /** Checks what must hold when proposed and again when approved (an assistance case to close must be open). */
  Future<Void> stillApplies(Sql sql) {
    if (kind == Kind.ASSISTANCE && "close".equals(fields.getString("action"))) {
      return sql.query("SELECT id FROM assistance_case WHERE household_id = ? AND category = ? AND status = 'active'",
          Tuple.of(fields.getString("household"), fields.getString("category"))).map(rows -> {
            if (rows.size() == 0) {
              throw FieldException.refused("no_open_case", "household " + fields.getString("household")
                  + " has no active " + fields.getString("category") + " case to close");
            }
            return null;
          });
    }
    return target(sql).mapEmpty();
  }

  /**
   * Writes the change (in the caller's transaction): answers what was written, as JSON for the
   * proposal's record. New rows' ids derive from the proposal's id, so they are stable.
   */
  Future<JsonObject> apply(Sql sql, String proposalId, String worker, LocalDate today) {
    String newId = "FC" + hash(proposalId);
    return switch (kind) {
      case RESIDENT_IN -> {
        JsonObject r = fields.getJsonObject("resident");
        yield sql.query("INSERT INTO resident (id, household_id, name, id_number, phone, gender, birth_year, relation,"
            + " tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", Tuple.tuple().addValue(newId)
            .addValue(fields.getString("household")).addValue(r.getString("name")).addValue(r.getString("idNumber"))
            .addValue(r.getString("phone")).addValue(r.getString("gender")).addValue(r.getInteger("birthYear"))
            .addValue(r.getString("relation"))).map(x -> new JsonObject().put("resident", newId));
      }
      case RESIDENT_OUT -> sql.query("DELETE FROM resident WHERE id = ?", Tuple.of(fields.getString("resident")))
          .map(x -> new JsonObject().put("removedResident", fields.getString("resident")));
      case ASSISTANCE -> "open".equals(fields.getString("action"))
          ? sql.query("INSERT INTO assistance_case (id, household_id, category, helper_member_id, status, visits,"
              + " last_visit) VALUES (?, ?, ?, NULL, 'active', 0, NULL)", Tuple.of(newId, fields.getString("household"),
              fields.getString("category"))).map(x -> new JsonObject().put("openedCase", newId))
          : sql.query("UPDATE assistance_case SET status = 'closed' WHERE household_id = ? AND category = ?"
              + " AND status = 'active'", Tuple.of(fields.getString("household"), fields.getString("category")))
              .map(x -> new JsonObject().put("closedCases", x.rowCount()));
      case SAFETY_GRADE -> {
        LocalDate on = fields.getString("inspectedOn") == null ? today : LocalDate.parse(fields.getString("inspectedOn"));
        // one inspection a day per building (the table's key): a second on the same day replaces it
        yield sql.query("DELETE FROM inspection WHERE building_id = ? AND inspected_on = ?",
                Tuple.of(fields.getString("building"), on))
            .compose(x -> sql.query("INSERT INTO inspection (building_id, inspected_on, grade, inspector)"
                + " VALUES (?, ?, ?, ?)", Tuple.of(fields.getString("building"), on, fields.getString("grade"), worker)))
            .map(x -> new JsonObject().put("inspection", fields.getString("building") + "@" + on));
      }
      case ILLEGAL_CASE -> {
        LocalDate on = fields.getString("foundOn") == null ? today : LocalDate.parse(fields.getString("foundOn"));
        yield sql.query("INSERT INTO illegal_case (id, building_id, status, found_on) VALUES (?, ?, 'open', ?)",
            Tuple.of(newId, fields.getString("building"), on)).map(x -> new JsonObject().put("illegalCase", newId));
      }
    };
  }

  /** The fields with a new resident's name, ID number and phone masked (birth year as a decade). */
  JsonObject masked() {
    if (kind != Kind.RESIDENT_IN) {
      return fields.copy();
    }
    JsonObject out = fields.copy();
    JsonObject r = out.getJsonObject("resident");
    r.put("name", Masking.name(r.getString("name"))).put("idNumber", Masking.idNumber(r.getString("idNumber")))
        .put("phone", Masking.phone(r.getString("phone")));
    return out;
  }

  /** Whether it carries personal data (a new resident). */
  boolean personal() {
    return kind == Kind.RESIDENT_IN;
  }

  static String hash(String id) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- fields

  static String text(JsonObject body, String field, boolean required, int max) {
    return text(body, field, required, max, field);
  }

  private static String text(JsonObject body, String field, boolean required, int max, String path) {
    Object v = body.getValue(field);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank() || s.length() > max) {
      throw FieldException.invalid(path, "'" + path + "' is " + (required ? "required as" : "optional,") + " text of 1-"
          + max + " characters");
    }
    return s.trim();
  }

  private static String choice(JsonObject body, String field, Set<String> allowed, String path) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      throw FieldException.invalid(path, "'" + path + "' must be one of " + List.copyOf(new java.util.TreeSet<>(allowed)));
    }
    return s;
  }

  private static String date(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse((String) v);
      if (d.getYear() < 1950 || d.isAfter(LocalDate.now().plusDays(1))) {
        throw new DateTimeParseException("out of range", (String) v, 0);
      }
      return d.toString();
    } catch (ClassCastException | DateTimeParseException e) {
      throw FieldException.invalid(field, "'" + field + "' must be a date such as 2026-11-20, not in the future");
    }
  }
}
