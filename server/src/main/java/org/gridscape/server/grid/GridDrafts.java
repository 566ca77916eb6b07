package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.store.DraftStore;
import org.gridscape.server.store.DraftStore.DraftRow;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.Sql;

/**
 * The working draft of a village's grid set beside its published revision: opening a draft (a copy
 * of the published set), reading the working set, and the diff that publishing applies. The live
 * {@code grid} table is written only by {@link #apply}.
 */
final class GridDrafts {

  /** Status of a grid in the draft revision that differs from the published one. */
  static final String DRAFT = "draft";

  /** What publishing changed. */
  record Diff(Set<String> created, Set<String> changed, Set<String> retired) {
    Set<String> all() {
      Set<String> out = new TreeSet<>(created);
      out.addAll(changed);
      out.addAll(retired);
      return out;
    }

    JsonObject toJson() {
      return new JsonObject().put("created", new JsonArray(List.copyOf(created)))
          .put("changed", new JsonArray(List.copyOf(changed))).put("retired", new JsonArray(List.copyOf(retired)));
    }
  }

  private final GeographyStore store;
  private final DraftStore drafts;

  GridDrafts(GeographyStore store, DraftStore drafts) {
    this.store = store;
    this.drafts = drafts;
  }

  /**
   * Locks the village's draft inside {@code tx}, creating it from the published set when there is
   * none. The village's region row is locked first, so that two first edits of one village queue
   * instead of both creating a draft.
   */
  Future<Void> open(Sql tx, String villageCode, String by, OffsetDateTime now) {
    DraftStore d = drafts.on(tx);
    return tx.query("SELECT code FROM region WHERE code = ? FOR UPDATE", io.vertx.sqlclient.Tuple.of(villageCode))
        .compose(locked -> d.draftForUpdate(villageCode)).compose(found -> found.isPresent() ? Future.<Void>succeededFuture()
        : store.on(tx).villageVersions(villageCode).compose(v -> d.createDraft(villageCode, v[1], v[0], now, by)))
        .compose(v -> d.touch(villageCode, now, by));
  }

  /**
   * The village's working grid set: the draft where there is one, else the published set. Grids
   * unchanged since publishing say "published", new and changed ones "draft".
   */
  Future<List<GridRow>> working(Sql sql, String villageCode) {
    GeographyStore s = store.on(sql);
    return drafts.on(sql).draft(villageCode).compose(draft -> s.gridsOfVillage(villageCode, false)
        .compose(published -> draft.isEmpty() ? Future.succeededFuture(published)
            : drafts.on(sql).grids(villageCode).map(rows -> withStatus(rows, published))));
  }

  /** One grid as the draft has it; empty when the village's draft has removed it or it never was. */
  Future<Optional<GridRow>> workingGrid(Sql sql, String code) {
    return store.on(sql).grid(code).compose(published -> {
      if (published.isPresent() && published.get().status().equals("retired")) {
        return Future.succeededFuture(published);
      }
      String village = published.map(GridRow::villageCode).orElse(code.length() == 15 ? code.substring(0, 12) : code);
      // The draft is looked at before its grid, so a draft created meanwhile is never half seen.
      return drafts.on(sql).draft(village).compose(draft -> draft.isEmpty() ? Future.succeededFuture(published)
          : drafts.on(sql).grid(code).map(inDraft -> inDraft.map(g -> withStatus(List.of(g),
              published.stream().toList()).get(0))));
    });
  }

  /** What publishing the draft would change, against the published set. */
  static Diff diff(List<GridRow> published, List<GridRow> working) {
    Map<String, GridRow> before = new HashMap<>();
    published.forEach(g -> before.put(g.code(), g));
    Set<String> created = new TreeSet<>();
    Set<String> changed = new TreeSet<>();
    Set<String> kept = new TreeSet<>();
    for (GridRow g : working) {
      GridRow old = before.get(g.code());
      kept.add(g.code());
      if (old == null) {
        created.add(g.code());
      } else if (!sameContent(old, g)) {
        changed.add(g.code());
      }
    }
    Set<String> retired = new TreeSet<>(before.keySet());
    retired.removeAll(kept);
    return new Diff(created, changed, retired);
  }

  /**
   * Replaces the published set by the working set inside {@code tx}: creates, updates and retires
   * as the diff says, each with its history row. Versions only grow: a published grid's new version
   * is above both its old one and its draft version, so an ETag seen earlier never names it.
   */
  Future<Diff> apply(Sql tx, List<GridRow> published, List<GridRow> working, String by, OffsetDateTime now) {
    GeographyStore s = store.on(tx);
    Diff diff = diff(published, working);
    Map<String, GridRow> before = new HashMap<>();
    published.forEach(g -> before.put(g.code(), g));
    Future<Void> chain = Future.succeededFuture();
    // Retire first, so that a new grid never overlaps a live one it replaces.
    for (String code : diff.retired()) {
      GridRow old = before.get(code);
      GridRow row = new GridRow(code, old.villageCode(), old.name(), old.kind(), "retired", old.version() + 1,
          old.geom(), now, by);
      chain = chain.compose(v -> s.updateGrid(row, old.version(), "retired").compose(GridDrafts::requireUpdated));
    }
    for (GridRow g : working) {
      GridRow old = before.get(g.code());
      if (diff.created().contains(g.code())) {
        GridRow row = new GridRow(g.code(), g.villageCode(), g.name(), g.kind(), "published", g.version() + 1,
            g.geom(), now, by);
        chain = chain.compose(v -> s.insertGrid(row));
      } else if (diff.changed().contains(g.code())) {
        GridRow row = new GridRow(g.code(), g.villageCode(), g.name(), g.kind(), "published",
            Math.max(g.version(), old.version()) + 1, g.geom(), now, by);
        chain = chain.compose(v -> s.updateGrid(row, old.version(), "published").compose(GridDrafts::requireUpdated));
      }
    }
    return chain.map(diff);
  }

  /** The draft's rows of one village, locked with the draft; fails when the draft is not the one validated. */
  Future<DraftRow> lockUnchanged(Sql tx, String villageCode, int revision) {
    return drafts.on(tx).draftForUpdate(villageCode).compose(found -> {
      if (found.isEmpty() || found.get().revision() != revision) {
        return Future.failedFuture(GridException.conflict("the draft of village " + villageCode
            + " changed while it was being published; review it and publish again"));
      }
      return store.on(tx).villageVersions(villageCode).compose(versions -> versions[1] != found.get().baseGridsVersion()
          ? Future.failedFuture(GridException.conflict("the published grids of village " + villageCode
              + " changed since this draft began; discard the draft and edit again"))
          : Future.succeededFuture(found.get()));
    });
  }

  private static List<GridRow> withStatus(List<GridRow> draftRows, List<GridRow> published) {
    Map<String, GridRow> before = new HashMap<>();
    published.forEach(g -> before.put(g.code(), g));
    List<GridRow> out = new ArrayList<>(draftRows.size());
    for (GridRow g : draftRows) {
      GridRow old = before.get(g.code());
      String status = old != null && sameContent(old, g) ? "published" : DRAFT;
      out.add(new GridRow(g.code(), g.villageCode(), g.name(), g.kind(), status, g.version(), g.geom(), g.updatedAt(),
          g.updatedBy()));
    }
    return out;
  }

  private static boolean sameContent(GridRow a, GridRow b) {
    return a.name().equals(b.name()) && a.kind() == b.kind() && a.geom().equalsExact(b.geom());
  }

  private static Future<Void> requireUpdated(boolean updated) {
    return updated ? Future.succeededFuture()
        : Future.failedFuture(GridException.conflict("a published grid changed during publishing; try again"));
  }
}
