package org.gridscape.server.party;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.server.DomainException.Refusal;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.layer.AuditLog;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;

/**
 * The duty-points ledger (修分争星; docs/APPRAISAL.md). Every write runs in one transaction that
 * first locks the member's {@code party_member} row, so one member's entries are written one at a
 * time: two spends at once cannot both see the same balance. Each entry stores the balance after it
 * (never negative, also by a CHECK in V20), is audited in {@code audit_log} in the same transaction,
 * and brings {@code party_member.duty_points} and {@code stars} up to date, so the layers, the card and
 * the scene read the ledger's balance without summing it.
 */
public final class DutyPoints {

  /** The audit action of every ledger entry. */
  public static final String AUDIT_ACTION = "party.points";
  /** Who an automatic entry (opening balance, visit award) is recorded by. */
  static final String SYSTEM = "system";
  static final int MAX_POINTS = 1000;

  /** Why points changed. */
  public enum Kind {
    OPENING, VISIT, ACTIVITY, RELIEF_GOODS, ADJUSTMENT;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.id().equals(text)) {
          return k;
        }
      }
      return null;
    }
  }

  /** A request to record points by hand: {@code points} is the amount, spent for relief goods. */
  public record Request(Kind kind, int points, String note, String household) {}

  private record Member(String id, String org, String region, Integer imported) {}

  /** An entry to write; {@code at} null: now. */
  private record NewEntry(Kind kind, int points, String note, String visit, String household, String by,
      OffsetDateTime at) {
    NewEntry(Kind kind, int points, String note, String visit, String household, String by) {
      this(kind, points, note, visit, household, by, null);
    }
  }

  /** The entries to write after one member's balance. */
  private record Ledger(String member, int balance, List<NewEntry> entries) {}

  /**
   * An entry recorded by hand, read from a ledger file (the sample's duty-points.csv): what
   * {@code POST /api/v1/party-members/{member}/points} with {@code request} records, by {@code by} at
   * {@code at}; {@code line} numbers it in the file, for messages.
   */
  public record Recorded(String member, Request request, String by, OffsetDateTime at, long line) {}

  private final Database db;
  private final Clock clock;
  private final StarRule rule;

  public DutyPoints(Database db, Clock clock) {
    this(db, clock, StarRule.PUBLISHED);
  }

  DutyPoints(Database db, Clock clock, StarRule rule) {
    this.db = db;
    this.clock = clock;
    this.rule = rule;
  }

  public StarRule rule() {
    return rule;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  // ---------------------------------------------------------------- reads

  /**
   * The member's ledger, balance and stars. Awards the member's qualifying visits not yet in the
   * ledger first (idempotent: a visit earns once), so what is read is up to date.
   */
  public Future<Map<String, Object>> ledger(Principal who, String memberId) {
    requireId(memberId);
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.PLANNER, Role.GRIDWORKER)) {
      throw PartyException.forbidden("duty points are read by officials of the member's branch");
    }
    return db.inTransaction(tx -> lock(tx, memberId).compose(m -> {
      if (!who.covers(m.region())) {
        throw PartyException.forbidden("member " + memberId + " belongs to a branch outside your areas");
      }
      return open(tx, m).compose(balance -> awardVisits(tx, m, balance)).map(balance -> m);
    })).compose(m -> db.query("SELECT id, points, balance, kind, note, visit_id, household_id, recorded_by, recorded_at"
        + " FROM duty_point_entry WHERE member_id = ? ORDER BY id", Tuple.of(memberId)).map(rows -> {
          List<Object> entries = new ArrayList<>();
          int balance = 0;
          for (Row r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.getLong(0));
            e.put("points", r.getInteger(1));
            e.put("balance", r.getInteger(2));
            e.put("kind", r.getString(3));
            e.put("note", r.getString(4));
            e.put("visit", r.getString(5));
            e.put("household", r.getString(6));
            e.put("recordedBy", r.getString(7));
            e.put("recordedAt", r.getOffsetDateTime(8).withOffsetSameInstant(ZoneOffset.UTC).toString());
            entries.add(e);
            balance = r.getInteger(2);
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("member", m.id());
          out.put("org", m.org());
          out.put("balance", balance);
          out.put("stars", rule.stars(balance));
          out.put("rule", rule.toMap());
          out.put("entries", entries);
          return out;
        }));
  }

  /**
   * Points per grid Party branch of a grid (its own members and those of its building groups): the
   * balances, plus the points of qualifying visits not yet awarded, so the card shows what the
   * ledgers will hold without writing on a read. Two set-based reads.
   */
  public Future<List<Map<String, Object>>> branchTotals(String gridCode) {
    String members = " FROM party_org o JOIN party_org g ON (g.id = o.id OR g.parent_id = o.id)"
        + " JOIN party_member m ON m.org_id = g.id WHERE o.kind = 'grid_branch' AND o.region_code = ?";
    return db.query("SELECT o.id, o.name, COUNT(m.id), COALESCE(SUM(m.duty_points), 0), COALESCE(SUM(m.stars), 0)"
        + members + " GROUP BY o.id, o.name ORDER BY o.id", Tuple.of(gridCode)).compose(rows -> db.query(
            "SELECT o.id, COUNT(v.id)" + members.replace(" WHERE", " JOIN visit v ON v.member_id = m.id"
                + " JOIN party_link pl ON pl.member_id = m.id AND pl.household_id = v.household_id WHERE")
                + " AND NOT EXISTS (SELECT 1 FROM duty_point_entry d WHERE d.visit_id = v.id) GROUP BY o.id",
            Tuple.of(gridCode)).map(pending -> {
              Map<String, Long> pendingVisits = new LinkedHashMap<>();
              pending.forEach(r -> pendingVisits.put(r.getString(0), ((Number) r.getValue(1)).longValue()));
              List<Map<String, Object>> out = new ArrayList<>();
              for (Row r : rows) {
                long count = ((Number) r.getValue(2)).longValue();
                long visits = pendingVisits.getOrDefault(r.getString(0), 0L);
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("org", r.getString(0));
                b.put("name", r.getString(1));
                b.put("members", count);
                b.put("points", ((Number) r.getValue(3)).longValue() + visits * rule.visitPoints());
                b.put("pendingVisits", visits);
                b.put("averageStars", count == 0 ? null
                    : Math.round(((Number) r.getValue(4)).doubleValue() * 10.0 / count) / 10.0);
                out.add(b);
              }
              return out;
            }));
  }

  // ---------------------------------------------------------------- writes

  /**
   * Records points by hand: an activity (earned), relief goods for an assistance household (spent;
   * the household needs an active assistance case) or an adjustment (administrators, either sign).
   * Refused whole with 422 when a spend exceeds the balance.
   */
  public Future<Map<String, Object>> record(Principal who, String memberId, Request request) {
    requireId(memberId);
    check(request);
    if (request.kind() == Kind.ADJUSTMENT && !who.has(Role.ADMIN)) {
      throw PartyException.forbidden("adjustments are made by administrators");
    }
    if (!who.hasAny(Role.ADMIN, Role.PLANNER, Role.LEADER)) {
      throw PartyException.forbidden("points are recorded by administrators and the branch's village planners"
          + " or leaders");
    }
    boolean relief = request.kind() == Kind.RELIEF_GOODS;
    int delta = relief ? -request.points() : request.points();
    return db.inTransaction(tx -> lock(tx, memberId).compose(m -> {
      if (!who.covers(m.region())) {
        throw PartyException.forbidden("member " + memberId + " belongs to a branch outside your areas");
      }
      Future<Void> household = relief ? activeCase(tx, request.household()) : Future.succeededFuture();
      return household.compose(v -> open(tx, m)).compose(balance -> awardVisits(tx, m, balance)).compose(balance -> {
        if (balance + delta < 0) {
          throw PartyException.insufficient(memberId, balance, request.points());
        }
        return write(tx, m, balance, List.of(new NewEntry(request.kind(), delta, request.note(), null,
            relief ? request.household() : null, who.username())));
      });
    })).compose(balance -> ledger(who, memberId));
  }

  /** Checks a hand-recorded entry's fields, as the API would: kind, amount, note, household. */
  private static void check(Request request) {
    if (request.kind() == null || request.kind() == Kind.OPENING || request.kind() == Kind.VISIT) {
      throw PartyException.invalid("kind", "'kind' must be activity, relief_goods or adjustment (visits are awarded"
          + " from the visits themselves)");
    }
    int amount = request.points();
    if (amount == 0 || Math.abs(amount) > MAX_POINTS || amount < 0 && request.kind() != Kind.ADJUSTMENT) {
      throw PartyException.invalid("points", "'points' must be 1.." + MAX_POINTS
          + (request.kind() == Kind.ADJUSTMENT ? " or -" + MAX_POINTS + "..-1" : "") + ", got " + amount);
    }
    if (request.note() != null && request.note().length() > 500) {
      throw PartyException.invalid("note", "'note' holds at most 500 characters");
    }
    boolean relief = request.kind() == Kind.RELIEF_GOODS;
    if (relief && (request.household() == null || request.household().isBlank())) {
      throw PartyException.invalid("household", "'household' is required for relief goods: the assistance household");
    }
  }

  /**
   * Awards the qualifying visits of every member with visits in the region (a village, township or
   * grid code prefix; null: everywhere) that are not in a ledger yet; one transaction per member.
   *
   * @return the members touched and the entries written
   */
  public Future<Map<String, Object>> awardAll(Principal who, String region) {
    if (!who.hasAny(Role.ADMIN, Role.PLANNER, Role.LEADER)) {
      throw PartyException.forbidden("awards are run by administrators, planners and leaders");
    }
    if (region != null && !region.matches("\\d{12}|\\d{15}")) {
      throw PartyException.invalid("region", "'region' must be a 12-digit region or 15-digit grid code");
    }
    if (region == null && !who.has(Role.ADMIN) && !who.scopes().isEmpty()) {
      throw PartyException.forbidden("give ?region= within your areas");
    }
    if (region != null && !who.covers(region)) {
      throw PartyException.forbidden("'" + region + "' is outside your areas");
    }
    String prefix = region == null ? "" : Principal.significantPrefix(region);
    return db.query("SELECT DISTINCT v.member_id FROM visit v JOIN party_link pl ON pl.member_id = v.member_id"
        + " AND pl.household_id = v.household_id WHERE v.grid_code LIKE ? AND NOT EXISTS"
        + " (SELECT 1 FROM duty_point_entry d WHERE d.visit_id = v.id) ORDER BY v.member_id", Tuple.of(prefix + "%"))
        .compose(rows -> {
          List<String> members = new ArrayList<>();
          rows.forEach(r -> members.add(r.getString(0)));
          Future<Integer> chain = Future.succeededFuture(0);
          for (String member : members) {
            chain = chain.compose(n -> db.inTransaction(tx -> lock(tx, member)
                .compose(m -> open(tx, m).compose(b -> countAwards(tx, m, b)))).map(k -> n + k)
                .recover(e -> e instanceof PartyException p && p.refusal() == Refusal.NOT_FOUND ? Future.succeededFuture(n)
                    : Future.failedFuture(e)));
          }
          return chain.map(entries -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("members", members.size());
            out.put("entries", entries);
            out.put("points", entries * rule.visitPoints());
            return out;
          });
        });
  }

  /**
   * Writes entries recorded elsewhere (the sample's duty-points.csv) in one transaction, so that each
   * member's ledger ends as {@link #record} would have left it had every entry been recorded at its
   * time: the members' rows are locked; a ledger used for the first time opens with the imported
   * points; before each entry, the member's visits to linked households made by then and not yet in
   * the ledger are awarded (recorded at the entry's time, as a write awards them); relief goods need
   * an active assistance case and the balance. The checks of {@link #record} apply to every entry, and
   * any failure refuses the whole call, naming the line. An entry the ledger holds already (same
   * member, kind, points, note and time) is skipped, so an import can be repeated. Every entry is
   * audited (one row each, by the importing administrator, naming who recorded it and when).
   * Three batched writes whatever the count: the sample's month of entries loads in about a second.
   *
   * @return the entries written, visit awards and opening balances included
   */
  public Future<Integer> importRecorded(Principal who, List<Recorded> rows) {
    if (!who.has(Role.ADMIN)) {
      throw PartyException.forbidden("ledger files are imported by administrators");
    }
    Map<String, List<Recorded>> byMember = new LinkedHashMap<>();
    java.util.Set<String> households = new java.util.HashSet<>();
    for (Recorded r : rows) {
      requireId(r.member());
      try {
        check(r.request());
        if (r.at() == null || r.by() == null || r.by().isBlank() || r.by().length() > 64) {
          throw PartyException.invalid("recorded_at", "'recorded_by' (1-64 characters) and 'recorded_at' are required");
        }
      } catch (PartyException e) {
        throw PartyException.invalid("line " + r.line(), "line " + r.line() + ": " + e.getMessage());
      }
      List<Recorded> list = byMember.computeIfAbsent(r.member(), k -> new ArrayList<>());
      if (!list.isEmpty() && r.at().isBefore(list.get(list.size() - 1).at())) {
        throw PartyException.invalid("line " + r.line(), "line " + r.line() + ": a member's entries must be in time"
            + " order (" + r.at() + " is before the entry above it)");
      }
      list.add(r);
      if (r.request().kind() == Kind.RELIEF_GOODS) {
        households.add(r.request().household());
      }
    }
    if (byMember.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<String> members = new ArrayList<>(byMember.keySet());
    return db.inTransaction(tx -> lockAll(tx, members).compose(imported -> stored(tx, members).compose(ledgers ->
        pendingVisitsOf(tx, members).compose(visits -> activeCases(tx, households).compose(active -> {
          List<Ledger> out = new ArrayList<>();
          int count = 0;
          for (Map.Entry<String, List<Recorded>> e : byMember.entrySet()) {
            String member = e.getKey();
            if (!imported.containsKey(member)) {
              throw PartyException.notFound("line " + e.getValue().get(0).line() + ": no Party member '" + member + "'");
            }
            Stored ledger = ledgers.get(member);
            List<NewEntry> entries = new ArrayList<>();
            int start;
            int balance;
            if (ledger == null) {
              start = 0;
              Integer points = imported.get(member);
              balance = points == null ? 0 : Math.max(0, points);
              if (balance > 0) {
                entries.add(new NewEntry(Kind.OPENING, balance, "imported balance", null, null, SYSTEM,
                    e.getValue().get(0).at()));
              }
            } else {
              start = ledger.balance();
              balance = start;
            }
            java.util.ArrayDeque<NewEntry> pending = new java.util.ArrayDeque<>(visits.getOrDefault(member, List.of()));
            for (Recorded r : e.getValue()) {
              Request q = r.request();
              int delta = q.kind() == Kind.RELIEF_GOODS ? -q.points() : q.points();
              if (ledger != null && ledger.recorded().contains(key(q.kind(), delta, q.note(), r.at()))) {
                continue;
              }
              while (!pending.isEmpty() && !pending.peek().at().isAfter(r.at())) {
                NewEntry v = pending.poll();
                entries.add(new NewEntry(v.kind(), v.points(), v.note(), v.visit(), v.household(), SYSTEM, r.at()));
                balance += v.points();
              }
              if (q.kind() == Kind.RELIEF_GOODS && !active.contains(q.household())) {
                throw PartyException.refused("not_assisted", "household", "line " + r.line() + ": household "
                    + q.household() + " has no active assistance case: relief goods go to assistance households");
              }
              if (balance + delta < 0) {
                throw PartyException.insufficient(member + " (line " + r.line() + ")", balance, q.points());
              }
              balance += delta;
              entries.add(new NewEntry(q.kind(), delta, q.note(), null,
                  q.kind() == Kind.RELIEF_GOODS ? q.household() : null, r.by(), r.at()));
            }
            count += entries.size();
            out.add(new Ledger(member, start, entries));
          }
          int written = count;
          return writeAll(tx, out, who.username()).map(v -> written);
        })))));
  }

  /** Reads a ledger file (duty-points.csv, docs/DATA-FORMATS.md) into entries; a malformed row is 400 naming its line. */
  public static List<Recorded> readCsv(byte[] csv) {
    return readCsv(csv, line -> line);
  }

  /** As {@link #readCsv(byte[])} for a part of a file: {@code fileLine} turns the part's line numbers into the file's. */
  public static List<Recorded> readCsv(byte[] csv, java.util.function.IntUnaryOperator fileLine) {
    List<org.gridscape.server.ingest.CsvParser.Record> records =
        org.gridscape.server.ingest.CsvParser.parse(new String(csv, java.nio.charset.StandardCharsets.UTF_8));
    List<Recorded> out = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      org.gridscape.server.ingest.CsvParser.Record r = records.get(i);
      List<String> f = r.fields();
      if (f.size() == 1 && f.get(0).isBlank()) {
        continue;
      }
      int line = fileLine.applyAsInt(r.line());
      String where = "line " + line;
      if (f.size() != 7) {
        throw PartyException.invalid(where, where + ": expected 7 fields (member_id, kind, points, household_id, note,"
            + " recorded_by, recorded_at), got " + f.size());
      }
      Kind kind = Kind.parse(f.get(1));
      int points;
      OffsetDateTime at;
      try {
        points = Integer.parseInt(f.get(2));
        at = OffsetDateTime.parse(f.get(6));
      } catch (RuntimeException e) {
        throw PartyException.invalid(where, where + ": 'points' must be a whole number and 'recorded_at' an ISO time"
            + " with offset");
      }
      out.add(new Recorded(f.get(0), new Request(kind, points, blank(f.get(4)), blank(f.get(3))), f.get(5), at, line));
    }
    return out;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** What a member's ledger holds already: its balance, and the hand-recorded entries (for repeated imports). */
  private record Stored(int balance, java.util.Set<String> recorded) {}

  private static String key(Kind kind, int points, String note, OffsetDateTime at) {
    return kind.id() + "|" + points + "|" + (note == null ? "" : note) + "|" + at.toInstant();
  }

  private static final int IDS_PER_QUERY = 500;

  /** Runs a query over the ids in parts of {@link #IDS_PER_QUERY}: {@code %s} becomes the placeholders. */
  private static Future<Void> inParts(Sql tx, String template, List<String> ids, java.util.function.Consumer<Row> each) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      String query = String.format(Locale.ROOT, template, "?, ".repeat(part.size() - 1) + "?");
      chain = chain.compose(v -> tx.query(query, Tuple.from(new ArrayList<Object>(part))).map(rows -> {
        rows.forEach(each);
        return null;
      }));
    }
    return chain;
  }

  /** Locks the members' rows (in parts) and answers their imported points; an unknown member is absent. */
  private static Future<Map<String, Integer>> lockAll(Sql tx, List<String> members) {
    Map<String, Integer> out = new java.util.HashMap<>();
    return inParts(tx, "SELECT id, duty_points FROM party_member WHERE id IN (%s) FOR UPDATE", members,
        r -> out.put(r.getString(0), r.getInteger(1))).map(out);
  }

  private static Future<Map<String, Stored>> stored(Sql tx, List<String> members) {
    Map<String, Stored> out = new java.util.HashMap<>();
    return inParts(tx, "SELECT member_id, balance, kind, points, note, recorded_at FROM duty_point_entry"
        + " WHERE member_id IN (%s) ORDER BY member_id, id", members, r -> {
          Stored before = out.get(r.getString(0));
          java.util.Set<String> recorded = before == null ? new java.util.HashSet<>() : before.recorded();
          Kind kind = Kind.parse(r.getString(2));
          if (kind == Kind.ACTIVITY || kind == Kind.RELIEF_GOODS || kind == Kind.ADJUSTMENT) {
            recorded.add(key(kind, r.getInteger(3), r.getString(4), r.getOffsetDateTime(5)));
          }
          out.put(r.getString(0), new Stored(r.getInteger(1), recorded));
        }).map(out);
  }

  /** The members' visits to linked households not yet in a ledger, oldest first per member ({@code at}: the visit's time). */
  private Future<Map<String, List<NewEntry>>> pendingVisitsOf(Sql tx, List<String> members) {
    Map<String, List<NewEntry>> out = new java.util.HashMap<>();
    return inParts(tx, "SELECT v.member_id, v.id, v.household_id, v.visited_at FROM visit v JOIN party_link pl"
        + " ON pl.member_id = v.member_id AND pl.household_id = v.household_id WHERE v.member_id IN (%s)"
        + " AND NOT EXISTS (SELECT 1 FROM duty_point_entry d WHERE d.visit_id = v.id)"
        + " ORDER BY v.member_id, v.visited_at, v.id", members, r -> {
          OffsetDateTime at = r.getOffsetDateTime(3);
          out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new NewEntry(Kind.VISIT, rule.visitPoints(),
              "visit on " + at.atZoneSameInstant(ZoneOffset.ofHours(8)).toLocalDate(), r.getString(1), r.getString(2),
              SYSTEM, at));
        }).map(out);
  }

  private static Future<java.util.Set<String>> activeCases(Sql tx, java.util.Set<String> households) {
    java.util.Set<String> out = new java.util.HashSet<>();
    return inParts(tx, "SELECT DISTINCT household_id FROM assistance_case WHERE status = 'active' AND household_id IN (%s)",
        new ArrayList<>(households), r -> out.add(r.getString(0))).map(out);
  }

  // ---------------------------------------------------------------- inside a member's transaction

  private static void requireId(String memberId) {
    if (memberId == null || !memberId.matches("[A-Za-z0-9_.:-]{1,40}")) {
      throw PartyException.invalid("id", "the member id must be 1-40 letters, digits or . _ : -");
    }
  }

  /** Locks the member's row for the rest of the transaction: the ledger's entries queue behind it. */
  private static Future<Member> lock(Sql tx, String memberId) {
    return tx.query("SELECT id, org_id, duty_points FROM party_member WHERE id = ? FOR UPDATE", Tuple.of(memberId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw PartyException.notFound("no Party member '" + memberId + "'");
          }
          Row r = rows.iterator().next();
          return tx.query("SELECT region_code FROM party_org WHERE id = ?", Tuple.of(r.getString(1))).map(orgs -> {
            String region = orgs.size() == 0 ? null : orgs.iterator().next().getString(0);
            // a member of no known organisation is the district's: only unscoped officials reach it
            return new Member(r.getString(0), r.getString(1), region == null ? "000000000000" : region,
                r.getInteger(2));
          });
        });
  }

  /** The balance; the first use of a ledger writes the imported points as its opening entry. */
  private Future<Integer> open(Sql tx, Member m) {
    return tx.query("SELECT balance FROM duty_point_entry WHERE member_id = ? ORDER BY id DESC LIMIT 1",
        Tuple.of(m.id())).compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(rows.iterator().next().getInteger(0));
          }
          int imported = m.imported() == null ? 0 : Math.max(0, m.imported());
          if (imported == 0) {
            return Future.succeededFuture(0);
          }
          return write(tx, m, 0, List.of(new NewEntry(Kind.OPENING, imported, "imported balance", null, null, SYSTEM)));
        });
  }

  private Future<Integer> awardVisits(Sql tx, Member m, int balance) {
    return pendingVisits(tx, m).compose(entries -> write(tx, m, balance, entries));
  }

  private Future<Integer> countAwards(Sql tx, Member m, int balance) {
    return pendingVisits(tx, m).compose(entries -> write(tx, m, balance, entries).map(b -> entries.size()));
  }

  /** The member's visits to households linked to them that earned nothing yet, oldest first. */
  private Future<List<NewEntry>> pendingVisits(Sql tx, Member m) {
    return tx.query("SELECT v.id, v.household_id, v.visited_at FROM visit v JOIN party_link pl"
        + " ON pl.member_id = v.member_id AND pl.household_id = v.household_id WHERE v.member_id = ?"
        + " AND NOT EXISTS (SELECT 1 FROM duty_point_entry d WHERE d.visit_id = v.id) ORDER BY v.visited_at, v.id",
        Tuple.of(m.id())).map(rows -> {
          List<NewEntry> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new NewEntry(Kind.VISIT, rule.visitPoints(), "visit on "
                + r.getOffsetDateTime(2).atZoneSameInstant(ZoneOffset.ofHours(8)).toLocalDate(), r.getString(0),
                r.getString(1), SYSTEM));
          }
          return out;
        });
  }

  /** Writes entries after {@code balance}, each audited, and the member's cached balance and stars. */
  private Future<Integer> write(Sql tx, Member m, int balance, List<NewEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(balance);
    }
    return writeAll(tx, List.of(new Ledger(m.id(), balance, entries)), null).map(after -> after.get(m.id()));
  }

  /**
   * Writes the entries of several members' ledgers in three batches: the entries with the balance
   * after each (the caller has checked that none goes below 0; the CHECK of V20 would refuse it
   * anyway), one audit row per entry (by {@code auditActor}, or each entry's recorder when null), and
   * each member's cached balance and stars. The members' rows must be locked by the caller.
   *
   * @return each member's balance after their entries
   */
  private Future<Map<String, Integer>> writeAll(Sql tx, List<Ledger> ledgers, String auditActor) {
    OffsetDateTime now = now();
    List<Tuple> rows = new ArrayList<>();
    List<String[]> audits = new ArrayList<>();
    List<Tuple> members = new ArrayList<>();
    Map<String, Integer> after = new LinkedHashMap<>();
    for (Ledger ledger : ledgers) {
      if (ledger.entries().isEmpty()) {
        continue;
      }
      int running = ledger.balance();
      for (NewEntry e : ledger.entries()) {
        running += e.points();
        OffsetDateTime at = e.at() == null ? now : e.at().withOffsetSameInstant(ZoneOffset.UTC);
        rows.add(Tuple.of(ledger.member(), e.points(), running, e.kind().id(), e.note(), e.visit(), e.household(), e.by())
            .addValue(at));
        String detail = e.kind().id() + " " + (e.points() > 0 ? "+" : "") + e.points() + " -> " + running
            + (e.visit() == null ? "" : " visit " + e.visit()) + (e.household() == null ? "" : " household " + e.household())
            + (auditActor == null ? "" : " (imported: recorded by " + e.by() + " at " + at + ")");
        audits.add(new String[] {auditActor == null ? e.by() : auditActor, "party_member:" + ledger.member(), detail});
      }
      members.add(Tuple.of(running, rule.stars(running), ledger.member()));
      after.put(ledger.member(), running);
    }
    return tx.batch("INSERT INTO duty_point_entry (member_id, points, balance, kind, note, visit_id, household_id,"
        + " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        .compose(v -> AuditLog.recordAll(tx, AUDIT_ACTION, audits))
        .compose(v -> tx.batch("UPDATE party_member SET duty_points = ?, stars = ? WHERE id = ?", members))
        .map(v -> after);
  }

  private static Future<Void> activeCase(Sql tx, String household) {
    return tx.query("SELECT COUNT(*) FROM assistance_case WHERE household_id = ? AND status = 'active'",
        Tuple.of(household)).map(rows -> {
          if (((Number) rows.iterator().next().getValue(0)).longValue() == 0) {
            throw PartyException.refused("not_assisted", "household", "household " + household
                + " has no active assistance case: relief goods go to assistance households");
          }
          return null;
        });
  }
}
