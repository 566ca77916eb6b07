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

  private record NewEntry(Kind kind, int points, String note, String visit, String household, String by) {}

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
    if (request.kind() == Kind.ADJUSTMENT && !who.has(Role.ADMIN)) {
      throw PartyException.forbidden("adjustments are made by administrators");
    }
    if (!who.hasAny(Role.ADMIN, Role.PLANNER, Role.LEADER)) {
      throw PartyException.forbidden("points are recorded by administrators and the branch's village planners"
          + " or leaders");
    }
    int delta = relief ? -amount : amount;
    return db.inTransaction(tx -> lock(tx, memberId).compose(m -> {
      if (!who.covers(m.region())) {
        throw PartyException.forbidden("member " + memberId + " belongs to a branch outside your areas");
      }
      Future<Void> household = relief ? activeCase(tx, request.household()) : Future.succeededFuture();
      return household.compose(v -> open(tx, m)).compose(balance -> awardVisits(tx, m, balance)).compose(balance -> {
        if (balance + delta < 0) {
          throw PartyException.insufficient(memberId, balance, amount);
        }
        return write(tx, m, balance, List.of(new NewEntry(request.kind(), delta, request.note(), null,
            relief ? request.household() : null, who.username())));
      });
    })).compose(balance -> ledger(who, memberId));
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
    OffsetDateTime now = now();
    List<Tuple> rows = new ArrayList<>();
    List<String[]> details = new ArrayList<>();
    int running = balance;
    for (NewEntry e : entries) {
      running += e.points();
      rows.add(Tuple.of(m.id(), e.points(), running, e.kind().id(), e.note(), e.visit(), e.household(), e.by())
          .addValue(now));
      String detail = e.kind().id() + " " + (e.points() > 0 ? "+" : "") + e.points() + " -> " + running
          + (e.visit() == null ? "" : " visit " + e.visit()) + (e.household() == null ? "" : " household " + e.household());
      details.add(new String[] {e.by(), detail});
    }
    int after = running;
    return tx.batch("INSERT INTO duty_point_entry (member_id, points, balance, kind, note, visit_id, household_id,"
        + " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows).compose(v -> {
          Future<Void> audits = Future.succeededFuture();
          for (String[] d : details) {
            audits = audits.compose(x -> AuditLog.record(tx, d[0], AUDIT_ACTION, "party_member:" + m.id(), d[1], null));
          }
          return audits;
        })
        .compose(v -> tx.query("UPDATE party_member SET duty_points = ?, stars = ? WHERE id = ?",
            Tuple.of(after, rule.stars(after), m.id())))
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
