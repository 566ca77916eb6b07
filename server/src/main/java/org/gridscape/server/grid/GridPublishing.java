package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.DraftStore;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Polygon;

/**
 * One grid created, replaced or retired in the <em>published</em> set at once, for other systems
 * (OGC API - Features Part 4), which have no draft to stage a change in. The write is a publish:
 * the village's published grids with the change applied must pass the validation that publishing
 * a draft passes (the seven principles, against the published plan), else 422 naming the errors
 * and nothing is written; then one transaction writes it through {@link GridDrafts#apply} (history
 * rows, versions that only grow), reassigns the buildings, marks the scenes dirty, bumps the
 * village's grids version and appends the grid entries to the change feed, as the editor's publish
 * does. Refused with 409 while the village has a draft: publishing beside it would either publish a
 * planner's unfinished work or be silently undone by the planner's next publish.
 */
public final class GridPublishing {

  /** What a write starts from: the published revision and the grids version it was read at. */
  private record Before(String village, int gridsVersion, VillageRevision revision, List<GridRow> withRetired) {

    GridRow live(String code) {
      GridRow found = revision.grids().stream().filter(g -> g.code().equals(code)).findFirst().orElse(null);
      if (found != null) {
        return found;
      }
      if (withRetired.stream().anyMatch(g -> g.code().equals(code))) {
        throw GridException.conflict("grid " + code + " is retired; its code stays reserved and is never reused",
            List.of(new JsonObject().put("code", code).put("rule", "retired")));
      }
      throw GridException.notFound("no published grid " + code);
    }

    List<GridRow> without(String code) {
      return revision.grids().stream().filter(g -> !g.code().equals(code)).toList();
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final GridService grids;
  private final GeographyStore store;
  private final DraftStore drafts;
  private final GridDrafts gridDrafts;
  private final GridValidator validator = new GridValidator(ValidationSettings.defaults());

  GridPublishing(Vertx vertx, Database db, GridService grids, GeographyStore store, DraftStore drafts,
      GridDrafts gridDrafts) {
    this.vertx = vertx;
    this.db = db;
    this.grids = grids;
    this.store = store;
    this.drafts = drafts;
    this.gridDrafts = gridDrafts;
  }

  /**
   * Publishes a new grid; {@code code} null: assigned as the editor assigns it. 422 for a code that
   * breaks the coding rules or a set that fails validation, 409 for a code taken (retired ones too).
   */
  public Future<GridRow> create(String villageCode, String code, String name, GridKind kind, Polygon geom,
      String sourceCrs, Principal who) {
    if (code != null) {
      GridService.checkCode(code, villageCode);
    }
    return write(villageCode, sourceCrs, who, before -> {
      Set<String> reserved = new TreeSet<>();
      before.withRetired().forEach(g -> reserved.add(g.code()));
      String finalCode = code != null ? code
          : GridCodeAssigner.assign(villageCode, List.of(geom), reserved).get(0).value();
      if (reserved.contains(finalCode)) {
        throw taken(finalCode);
      }
      List<GridRow> working = new ArrayList<>(before.revision().grids());
      // Version 0 in the working set: apply publishes a created grid at its version + 1.
      working.add(new GridRow(finalCode, villageCode, name != null ? name : defaultName(finalCode),
          kind == null ? GridKind.STANDARD : kind, GridDrafts.DRAFT, 0, geom, now(), who.username()));
      return new Edit(finalCode, working);
    });
  }

  /**
   * Replaces a published grid's name, kind and outline when {@code expectedVersion} is its version
   * (412 otherwise); the code never changes. Null name or kind keep the grid's.
   */
  public Future<GridRow> replace(String code, int expectedVersion, String name, GridKind kind, Polygon geom,
      String sourceCrs, Principal who) {
    return write(villageOf(code), sourceCrs, who, before -> {
      GridRow old = requireVersion(before.live(code), expectedVersion);
      List<GridRow> working = new ArrayList<>(before.without(code));
      working.add(new GridRow(code, old.villageCode(), name != null ? name : old.name(), kind != null ? kind : old.kind(),
          GridDrafts.DRAFT, old.version(), geom != null ? geom : old.geom(), now(), who.username()));
      return new Edit(code, working);
    });
  }

  /** Retires a published grid (its code stays reserved, with history) when the rest still passes validation. */
  public Future<GridRow> retire(String code, int expectedVersion, Principal who) {
    return write(villageOf(code), null, who, before -> {
      requireVersion(before.live(code), expectedVersion);
      return new Edit(code, before.without(code));
    });
  }

  /** The grid a write targets and the village's whole published set after it. */
  private record Edit(String code, List<GridRow> working) {}

  private Future<GridRow> write(String villageCode, String sourceCrs, Principal who, Function<Before, Edit> edit) {
    return before(villageCode).compose(before -> {
      Edit change = edit.apply(before);
      return vertx.executeBlocking(() -> validate(before, change.working())).compose(validation -> {
        if (!validation.getBoolean("ok")) {
          JsonArray errors = validation.getJsonArray("errors");
          return Future.failedFuture(GridException.refused("validation_failed", "the grids of village " + villageCode
              + " would have " + errors.size() + " validation error(s) after this write, so it is not published: "
              + summary(errors), errors.getList()));
        }
        return commit(before, change, sourceCrs, who);
      });
    }).recover(e -> GridService.isUniqueViolation(e) ? Future.failedFuture(GridException.conflict(
        "a grid code of this write was taken meanwhile (codes are unique and never reused)")) : Future.failedFuture(e));
  }

  private Future<Before> before(String villageCode) {
    return grids.requireVillage(villageCode).compose(v -> drafts.draft(villageCode)).compose(draft -> {
      if (draft.isPresent()) {
        return Future.failedFuture(draftPending(villageCode));
      }
      return store.villageVersions(villageCode).compose(versions -> grids.revision(villageCode, false)
          .compose(revision -> store.gridsOfVillage(villageCode, true)
              .map(all -> new Before(villageCode, versions[1], revision, all))));
    });
  }

  private JsonObject validate(Before before, List<GridRow> working) {
    if (before.revision().boundary() == null) {
      throw GridException.refused("no_plan", "village " + before.village()
          + " has no boundary yet: import its village plan first", List.of());
    }
    List<GridFeature> features = new ArrayList<>();
    for (int i = 0; i < working.size(); i++) {
      GridRow g = working.get(i);
      features.add(new GridFeature(i, g.code(), g.name(), g.kind(), g.geom()));
    }
    return ValidationJson.toJson(validator.run(new ValidationInput(before.village(), before.revision().boundary(),
        features, before.revision().buildings(), before.revision().roads())));
  }

  /**
   * The publishing transaction. The village's region row is locked first, as a draft's first edit
   * locks it, so a draft cannot begin meanwhile; a grids version other than the one validated means
   * another publish came between (409, nothing written).
   */
  private Future<GridRow> commit(Before before, Edit change, String sourceCrs, Principal who) {
    String village = before.village();
    OffsetDateTime now = now();
    return db.inTransaction(tx -> {
      GeographyStore s = store.on(tx);
      return tx.query("SELECT code FROM region WHERE code = ? FOR UPDATE", Tuple.of(village))
          .compose(locked -> drafts.on(tx).draft(village))
          .compose(draft -> draft.isPresent() ? Future.failedFuture(draftPending(village)) : s.villageVersions(village))
          .compose(versions -> versions[1] != before.gridsVersion()
              ? Future.failedFuture(GridException.stale("the grids of village " + village + " were published by "
                  + "someone else while this write was checked; read the grid again and retry", List.of()))
              : s.gridsOfVillage(village, false))
          .compose(published -> gridDrafts.apply(tx, published, change.working(), who.username(), now))
          .compose(diff -> grids.reassignBuildings(s, village).compose(moved -> {
            Set<String> dirty = new TreeSet<>(diff.all());
            dirty.addAll(moved);
            return s.markDirty(dirty);
          }).compose(v -> sourceCrs != null ? Future.succeededFuture(sourceCrs) : recordedCrs(tx, village))
              .compose(crs -> s.bumpVillageVersion(village, false, crs))
              .compose(version -> VillagePublications.record(tx, village, version, who.username(), now, diff, false))
              .compose(v -> s.gridsOfVillage(village, true)).compose(after -> {
                List<Change> entries = new ArrayList<>();
                GridRow written = null;
                for (GridRow g : after) {
                  if (diff.all().contains(g.code())) {
                    entries.add(Change.grid(g.code(), g.version()));
                  }
                  if (g.code().equals(change.code())) {
                    written = g;
                  }
                }
                GridRow result = written;
                return ChangeLog.append(tx, entries).map(result);
              }));
    });
  }

  // --- helpers

  private static String villageOf(String code) {
    if (code == null || !code.matches("\\d{15}")) {
      throw GridException.notFound("no grid " + code + " (grid codes have 15 digits)");
    }
    return code.substring(0, 12);
  }

  private static GridRow requireVersion(GridRow old, int expected) {
    if (old.version() != expected) {
      throw GridException.stale("grid " + old.code() + " is at version " + old.version() + ", not " + expected
          + "; read it again (its ETag) and apply the change to that",
          List.of(new JsonObject().put("code", old.code()).put("currentVersion", old.version())));
    }
    return old;
  }

  /** The grids CRS recorded for the village, kept when a write brings no geometry (a retirement). */
  private static Future<String> recordedCrs(org.gridscape.server.store.Sql tx, String village) {
    return tx.query("SELECT grids_crs FROM village_state WHERE village_code = ?", Tuple.of(village))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  private static GridException taken(String code) {
    return GridException.conflict("grid code " + code + " is already taken (codes are unique and never reused)",
        List.of(new JsonObject().put("code", code).put("rule", "unique")));
  }

  private static GridException draftPending(String village) {
    return GridException.conflict("village " + village + " has an unpublished draft in the grid editor; publish or "
        + "discard it there first (a write here publishes, and would otherwise mix with the planner's unfinished work)",
        List.of(new JsonObject().put("village", village).put("rule", "draft_pending")));
  }

  private static String summary(JsonArray errors) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < errors.size() && i < 3; i++) {
      JsonObject e = errors.getJsonObject(i);
      parts.add(e.getString("rule") + ": " + e.getString("message"));
    }
    return String.join("; ", parts) + (errors.size() > 3 ? "; ..." : "");
  }

  private static String defaultName(String code) {
    return "网格" + code.substring(12);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
