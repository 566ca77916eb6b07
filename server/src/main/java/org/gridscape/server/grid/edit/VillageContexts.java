package org.gridscape.server.grid.edit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.change.ChangeKind;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.change.ChangeScope;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.GridValidator;
import org.gridscape.server.store.Database;

/**
 * The editing contexts of the villages being edited, each kept while nothing it was read from
 * changes. A planner dragging a vertex sends a validation (and, on release, a snap) every few tens of
 * milliseconds; reading the plan, the residents and the draft grids and projecting them again each
 * time cost more than validating the grids. A context remembers the change-log head it was read at;
 * the next request reads only the log entries after it (DESIGN.md, "Change feed"), and reads the
 * village anew when one of them may touch it: an entry of the village or one of its grids, or of the
 * whole district, of any kind but those that cannot change a plan, residents or draft grids. The log
 * is in the database, so the same holds for every replica. At most {@value #MAX_VILLAGES} villages are
 * kept, the least recently used leaving first.
 */
final class VillageContexts {

  static final int MAX_VILLAGES = 32;

  /** Kinds of change that never alter a village's plan, residents or draft grids. */
  private static final EnumSet<ChangeKind> UNRELATED = EnumSet.of(ChangeKind.EVENT, ChangeKind.ATTACHMENT,
      ChangeKind.PATROL, ChangeKind.VISIT, ChangeKind.SCENE, ChangeKind.USER, ChangeKind.API_KEY, ChangeKind.MODE,
      ChangeKind.IMAGERY, ChangeKind.TILESET);

  private record Entry(long readAt, Future<VillageContext> context) {}

  private final Vertx vertx;
  private final Database db;
  private final GridService grids;
  private final GridValidator validator;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_VILLAGES;
    }
  };

  VillageContexts(Vertx vertx, Database db, GridService grids, GridValidator validator) {
    this.vertx = vertx;
    this.db = db;
    this.grids = grids;
    this.validator = validator;
  }

  /** The village's context as of now (its draft grids and plan, each falling back to the published one). */
  Future<VillageContext> get(String village) {
    Entry kept;
    synchronized (entries) {
      kept = entries.get(village);
    }
    if (kept == null) {
      return ChangeLog.head(db).compose(head -> load(village, head));
    }
    ChangeScope touching = new ChangeScope(List.of(village), EnumSet.complementOf(UNRELATED));
    return ChangeLog.page(db, touching, kept.readAt(), 1)
        .compose(page -> {
          if (!page.changes().isEmpty()) {
            return ChangeLog.head(db).compose(head -> load(village, head));
          }
          remember(village, new Entry(page.next(), kept.context()), kept);
          return kept.context();
        }, pruned -> ChangeLog.head(db).compose(head -> load(village, head)));
  }

  private Future<VillageContext> load(String village, long head) {
    Future<VillageContext> context = grids.revision(village, true).compose(r -> vertx.executeBlocking(() ->
        new VillageContext(village, r.boundary(), r.grids(), r.buildings(), r.roads(), r.boundary() == null ? null
            : validator.prepare(village, r.boundary(), r.buildings(), r.roads()))));
    Entry entry = new Entry(head, context);
    remember(village, entry, null);
    // a failed read is not kept: the next request tries again
    return context.onFailure(e -> forget(village, entry));
  }

  /** Keeps {@code entry} unless another request replaced {@code expected} meanwhile (null: always). */
  private void remember(String village, Entry entry, Entry expected) {
    synchronized (entries) {
      Entry now = entries.get(village);
      if (expected == null || now == expected) {
        entries.put(village, entry);
      }
    }
  }

  private void forget(String village, Entry entry) {
    synchronized (entries) {
      entries.remove(village, entry);
    }
  }
}
