package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.event.EventCategory;
import org.gridscape.server.event.EventService;
import org.gridscape.server.layer.AuditLog;
import org.gridscape.server.scene.SceneService;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.Sql;

/**
 * Information collection (信息采集; docs/FIELD.md): grid workers propose changes to the layers of
 * their own grids; the grid's reviewer (a planner or administrator with the area, or a department
 * of the matching sector) approves, which writes the layers, marks the grid's scene dirty and
 * appends the change feed in one transaction with the review, or rejects with a reason.
 */
public final class CollectionService {

  public static final String APPROVE = "field_collection.approve";
  public static final String REJECT = "field_collection.reject";
  private static final String COLUMNS = "id, kind, worker, grid_code, village_code, building_id, household_id,"
      + " proposal, note, state, proposed_at, reviewer, reviewed_at, reason, applied";

  /** A stored proposal. */
  public record Collection(String id, Proposal proposal, String worker, String gridCode, String villageCode,
      String buildingId, String householdId, String note, String state, OffsetDateTime proposedAt, String reviewer,
      OffsetDateTime reviewedAt, String reason, JsonObject applied) {}

  /** The answer to a proposal: it, and whether this request created it. */
  public record Proposed(Collection collection, boolean created) {}

  /** List filters; null does not filter. */
  public record Filter(String state, String grid, String worker, int limit) {}

  private final Vertx vertx;
  private final Database db;
  private final EventService events;
  private final Clock clock;

  /** @param events for the sectors of departments, which review the proposals of their sectors */
  public CollectionService(Vertx vertx, Database db, EventService events, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.events = events;
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  // ---------------------------------------------------------------- propose

  /**
   * Stores a proposal about a building of one of the caller's grids (403 elsewhere); the same id
   * again answers the stored one (another worker's: 409).
   */
  public Future<Proposed> propose(Principal who, String id, JsonObject body) {
    FieldAccess.requireRecorder(who, "proposals");
    VisitService.requireId(id, "id");
    Proposal proposal = Proposal.from(body);
    String note = body.getValue("note") == null ? null : Proposal.text(body, "note", false, 2000);
    return find(db, id).compose(found -> {
      if (found.isPresent()) {
        Collection c = found.get();
        if (!c.worker().equals(who.username())) {
          throw FieldException.conflict("proposal id '" + id + "' is taken; generate another");
        }
        if (c.proposal().kind() != proposal.kind()) {
          throw FieldException.conflict("proposal '" + id + "' is a " + c.proposal().kind().id() + " proposal");
        }
        return Future.succeededFuture(new Proposed(c, false));
      }
      return proposal.target(db).compose(target -> db.query("SELECT b.grid_code, b.village_code FROM building b"
          + " JOIN grid g ON g.code = b.grid_code WHERE b.id = ? AND g.status = 'published'", Tuple.of(target.building()))
          .compose(rows -> {
            if (rows.size() == 0) {
              throw FieldException.refused("unknown_building", "no building '" + target.building()
                  + "' in a published grid");
            }
            String grid = rows.iterator().next().getString(0);
            String village = rows.iterator().next().getString(1);
            Collection c = new Collection(id, proposal, who.username(), grid, village, target.building(),
                target.household(), note, "pending", now(), null, null, null, null);
            return FieldAccess.requireOwnGrid(db, who, grid).compose(v -> proposal.stillApplies(db))
                .compose(v -> db.inTransaction(tx -> insert(tx, c)
                    .compose(x -> ChangeLog.append(tx, Change.collection(id, grid, 1)))))
                .map(v -> new Proposed(c, true));
          }))
          .recover(e -> find(db, id).map(again -> again.filter(c -> c.worker().equals(who.username()))
              .map(c -> new Proposed(c, false))
              .orElseThrow(() -> e instanceof RuntimeException re ? re : new IllegalStateException(e))));
    });
  }

  private Future<Void> insert(Sql sql, Collection c) {
    return sql.query("INSERT INTO field_collection (id, kind, worker, grid_code, village_code, building_id,"
        + " household_id, proposal, note, state, proposed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.tuple().addValue(c.id()).addValue(c.proposal().kind().id()).addValue(c.worker()).addValue(c.gridCode())
            .addValue(c.villageCode()).addValue(c.buildingId()).addValue(c.householdId())
            .addValue(c.proposal().fields().encode()).addValue(c.note()).addValue(c.state()).addValue(c.proposedAt())
            .addValue(now())).mapEmpty();
  }

  // ---------------------------------------------------------------- review

  /**
   * Approves or rejects a pending proposal. Approval writes the change, marks the grid's scene dirty,
   * records both names in the audit log and appends the change feed, all in one transaction; a
   * change that no longer applies (the household is gone) is 422 and nothing is written. The same
   * decision again by the same reviewer answers the proposal as it is; another: 409.
   */
  public Future<Collection> review(Principal who, String id, String decision, String reason, String remote) {
    VisitService.requireId(id, "id");
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      throw FieldException.invalid("decision", "'decision' is required: approve or reject");
    }
    if ("reject".equals(decision) && (reason == null || reason.isBlank())) {
      throw FieldException.invalid("reason", "'reason' is required when rejecting: tell the worker why");
    }
    if (reason != null && reason.length() > 2000) {
      throw FieldException.invalid("reason", "'reason' holds at most 2000 characters");
    }
    if (who.has(Role.GRIDWORKER) && !who.has(Role.ADMIN)) {
      throw FieldException.forbidden("grid workers propose changes; their village or department reviews them");
    }
    if (!who.hasAny(Role.ADMIN, Role.PLANNER, Role.DEPARTMENT)) {
      throw FieldException.forbidden("proposals are reviewed by the village's planners, the matching department or "
          + "administrators");
    }
    String state = "approve".equals(decision) ? "approved" : "rejected";
    return sectors(who).compose(sectors -> db.inTransaction(tx -> lock(tx, id).compose(found -> {
      Collection c = found.orElseThrow(() -> FieldException.notFound("no proposal '" + id + "'"));
      requireReviewer(who, c, sectors);
      if (!"pending".equals(c.state())) {
        if (c.state().equals(state) && who.username().equals(c.reviewer())) {
          return Future.succeededFuture(false);
        }
        throw FieldException.conflict("proposal " + id + " was " + c.state() + " by " + c.reviewer());
      }
      OffsetDateTime at = now();
      // personal data of a new resident stays only in the resident row (approved) or nowhere (rejected)
      String kept = c.proposal().masked().encode();
      Future<JsonObject> write = "approved".equals(state)
          ? c.proposal().stillApplies(tx).compose(v -> c.proposal().apply(tx, id, c.worker(),
              at.atZoneSameInstant(ZoneOffset.ofHours(8)).toLocalDate()))
          : Future.succeededFuture(null);
      return write.compose(applied -> tx.query("UPDATE field_collection SET state = ?, reviewer = ?, reviewed_at = ?,"
              + " reason = ?, applied = ?, proposal = ? WHERE id = ?", Tuple.tuple().addValue(state)
              .addValue(who.username()).addValue(at).addValue(reason).addValue(applied == null ? null : applied.encode())
              .addValue(kept).addValue(id))
          .compose(v -> AuditLog.record(tx, who.username(), "approved".equals(state) ? APPROVE : REJECT, id,
              c.proposal().kind().id() + " in grid " + c.gridCode() + ": proposed by " + c.worker() + ", " + state
                  + " by " + who.username() + (reason == null ? "" : "; reason: " + reason)
                  + (applied == null ? "" : "; wrote " + applied.encode()), remote))
          .compose(v -> "approved".equals(state) ? new GeographyStore(tx).markDirty(Set.of(c.gridCode()))
              : Future.succeededFuture())
          .compose(v -> {
            List<Change> changes = new ArrayList<>();
            if ("approved".equals(state)) {
              changes.add(Change.layer(c.proposal().kind().layer, c.gridCode()));
            }
            changes.add(Change.collection(id, c.gridCode(), "approved".equals(state) ? 2 : 3));
            return ChangeLog.append(tx, changes);
          })
          .map(v -> "approved".equals(state)));
    }))).compose(approved -> {
      if (approved) {
        // the scene service builds at once instead of at its next poll
        vertx.eventBus().publish(SceneService.DIRTY_ADDRESS, id);
      }
      return find(db, id).map(Optional::orElseThrow);
    });
  }

  private Future<Set<EventCategory>> sectors(Principal who) {
    return events.sectorsOf(who);
  }

  /** Administrators; planners whose areas hold the grid; departments of the kind's sector within their areas. */
  private static void requireReviewer(Principal who, Collection c, Set<EventCategory> sectors) {
    if (mayReview(who, c, sectors)) {
      return;
    }
    throw FieldException.forbidden("proposal " + c.id() + " (" + c.proposal().kind().id() + " in grid " + c.gridCode()
        + ") is reviewed by planners of its area" + (c.proposal().kind().sector == null ? ""
            : " or departments of sector " + c.proposal().kind().sector.code()));
  }

  static boolean mayReview(Principal who, Collection c, Set<EventCategory> sectors) {
    if (who.has(Role.ADMIN)) {
      return true;
    }
    if (who.has(Role.GRIDWORKER) || !who.covers(c.gridCode())) {
      return false;
    }
    return who.has(Role.PLANNER) || who.has(Role.DEPARTMENT) && c.proposal().kind().sector != null
        && sectors.contains(c.proposal().kind().sector);
  }

  // ---------------------------------------------------------------- reads

  /** One proposal the caller may see: its worker, reviewers of it, leaders of its area, administrators. */
  public Future<Collection> get(Principal who, String id) {
    VisitService.requireId(id, "id");
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.PLANNER, Role.DEPARTMENT, Role.GRIDWORKER)) {
      throw FieldException.forbidden("proposals are read by grid workers and officials");
    }
    return sectors(who).compose(sectors -> find(db, id).map(found -> {
      Collection c = found.orElseThrow(() -> FieldException.notFound("no proposal '" + id + "'"));
      if (!who.username().equals(c.worker()) && !FieldAccess.oversees(who, c.gridCode())
          && !mayReview(who, c, sectors)) {
        throw FieldException.forbidden("proposal " + id + " is not yours to read");
      }
      return c;
    }));
  }

  /** Whether the caller may see a proposal's personal data in full: administrators and its worker. */
  static boolean mayReadFull(Principal who, Collection c) {
    return who.has(Role.ADMIN) || who.username().equals(c.worker());
  }

  /** Audits a full read of a proposal's personal data. */
  public Future<Void> auditFullRead(Principal who, String id, String remote) {
    return AuditLog.record(db, who.username(), AuditLog.FULL_READ, "field_collection/" + id, null, remote);
  }

  /**
   * Proposals the caller may see, newest first: grid workers their own; planners and leaders those of
   * their areas; departments those of their sectors in their areas; administrators all.
   */
  public Future<List<Collection>> list(Principal who, Filter f) {
    if (f.limit() < 1 || f.limit() > 1000) {
      throw FieldException.invalid("limit", "'limit' must be 1..1000");
    }
    if (f.state() != null && !List.of("pending", "approved", "rejected").contains(f.state())) {
      throw FieldException.invalid("state", "'state' must be pending, approved or rejected");
    }
    if (!who.hasAny(Role.ADMIN, Role.LEADER, Role.PLANNER, Role.DEPARTMENT, Role.GRIDWORKER)) {
      throw FieldException.forbidden("proposals are read by their workers, reviewers and leaders");
    }
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    String worker = f.worker();
    if (!who.has(Role.ADMIN)) {
      if (f.grid() != null && !who.covers(f.grid())) {
        throw FieldException.forbidden("grid " + f.grid() + " is outside your areas");
      }
      if (who.hasAny(Role.LEADER, Role.PLANNER, Role.DEPARTMENT)) {
        Scopes.restrict(who, "grid_code", where, args);
      } else {
        if (worker != null && !worker.equals(who.username())) {
          throw FieldException.forbidden("grid workers read only their own proposals");
        }
        worker = who.username();
      }
    }
    if (f.state() != null) {
      where.append(" AND state = ?");
      args.addValue(f.state());
    }
    if (f.grid() != null) {
      where.append(" AND grid_code = ?");
      args.addValue(f.grid());
    }
    if (worker != null) {
      where.append(" AND worker = ?");
      args.addValue(worker);
    }
    args.addInteger(f.limit());
    String query = "SELECT " + COLUMNS + " FROM field_collection" + where + " ORDER BY proposed_at DESC, id LIMIT ?";
    return sectors(who).compose(sectors -> db.query(query, args).map(rows -> {
      List<Collection> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        Collection c = toCollection(r);
        // a department sees only the kinds its sectors review (leaders and planners see their areas')
        if (who.has(Role.DEPARTMENT) && !who.hasAny(Role.ADMIN, Role.LEADER, Role.PLANNER)
            && !mayReview(who, c, sectors)) {
          continue;
        }
        out.add(c);
      }
      return out;
    }));
  }

  /** Counts of proposals per state in the caller's view, for the review list's header. */
  public static Map<String, Integer> counts(List<Collection> list) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String s : List.of("pending", "approved", "rejected")) {
      out.put(s, (int) list.stream().filter(c -> c.state().equals(s)).count());
    }
    return out;
  }

  private static Future<Optional<Collection>> find(Sql sql, String id) {
    return sql.query("SELECT " + COLUMNS + " FROM field_collection WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCollection(rows.iterator().next())));
  }

  private static Future<Optional<Collection>> lock(Sql sql, String id) {
    return sql.query("SELECT " + COLUMNS + " FROM field_collection WHERE id = ? FOR UPDATE", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCollection(rows.iterator().next())));
  }

  private static Collection toCollection(Row r) {
    Proposal p = new Proposal(Proposal.Kind.parse(r.getString(1)), new JsonObject(r.getString(7)));
    String applied = r.getString(14);
    return new Collection(r.getString(0), p, r.getString(2), r.getString(3), r.getString(4), r.getString(5),
        r.getString(6), r.getString(8), r.getString(9), r.getOffsetDateTime(10), r.getString(11),
        r.getOffsetDateTime(12), r.getString(13), applied == null ? null : new JsonObject(applied));
  }
}
