package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Geometry;

/**
 * A village's draft compared with its published revision, as a planner reviews it before publishing:
 * grids added, removed, reshaped (outline moved by more than {@link #TOLERANCE_M2} of symmetric
 * difference, with the area before and after), recoded (a new code on an outline that overlaps a
 * removed one by at least {@link #RECODE_OVERLAP} of the larger area) and renamed (name or kind only),
 * and the residents that move between grids: for every building of both revisions, the grid that
 * holds it before and after (the rule publishing assigns buildings by), counted per from/to pair.
 * Counts only; nobody is named.
 */
public final class DraftComparison {

  /** Outlines differing by less than this (square metres of symmetric difference) count as unchanged. */
  static final double TOLERANCE_M2 = 1.0;
  /** A new code on an outline overlapping a removed grid this much (of the larger area) is a recode. */
  static final double RECODE_OVERLAP = 0.9;

  /** One changed grid: {@code kind} added, removed, reshaped, recoded or renamed. */
  record Change(String kind, String code, String previousCode, GridRow before, GridRow after, double areaBefore,
      double areaAfter) {}

  /** Residents (and their buildings) whose grid changes from {@code from} to {@code to} (null: no grid). */
  record Move(String from, String to, int residents, int buildings) {}

  private final Vertx vertx;
  private final GridService grids;

  public DraftComparison(Vertx vertx, GridService grids) {
    this.vertx = vertx;
    this.grids = grids;
  }

  /** The comparison of the village's draft (the published set where there is none) with the published set. */
  public Future<JsonObject> compare(String village) {
    return grids.revision(village, false).compose(published -> grids.revision(village, true)
        .compose(draft -> grids.drafts().draft(village).compose(found -> vertx.executeBlocking(() -> {
          List<Change> changes = changes(published.grids(), draft.grids());
          List<Move> moves = moves(published, draft);
          return toJson(village, found.isPresent(), changes, moves);
        }))));
  }

  /** Pairs the two grid sets: same code first, then removed and added grids by overlap. */
  static List<Change> changes(List<GridRow> published, List<GridRow> draft) {
    Map<String, GridRow> before = new LinkedHashMap<>();
    published.forEach(g -> before.put(g.code(), g));
    List<Change> out = new ArrayList<>();
    List<GridRow> added = new ArrayList<>();
    Map<String, GridRow> removed = new TreeMap<>(before);
    for (GridRow g : draft) {
      GridRow old = before.get(g.code());
      if (old == null) {
        added.add(g);
        continue;
      }
      removed.remove(g.code());
      if (!sameOutline(old.geom(), g.geom())) {
        out.add(change("reshaped", g.code(), null, old, g));
      } else if (!old.name().equals(g.name()) || old.kind() != g.kind()) {
        out.add(change("renamed", g.code(), null, old, g));
      }
    }
    for (GridRow g : added) {
      GridRow match = bestOverlap(g, removed.values());
      if (match != null) {
        removed.remove(match.code());
        out.add(change("recoded", g.code(), match.code(), match, g));
      } else {
        out.add(change("added", g.code(), null, null, g));
      }
    }
    removed.values().forEach(g -> out.add(change("removed", g.code(), null, g, null)));
    return out;
  }

  /** Residents per building located in the published and in the draft grids, grouped by (from, to). */
  static List<Move> moves(VillageRevision published, VillageRevision draft) {
    GridLocator before = new GridLocator(published.grids());
    GridLocator after = new GridLocator(draft.grids());
    Map<String, ResidentBuilding> afterById = new HashMap<>();
    draft.buildings().forEach(b -> afterById.put(b.id(), b));
    Map<List<String>, int[]> pairs = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    for (ResidentBuilding b : published.buildings()) {
      ResidentBuilding now = afterById.get(b.id());
      if (now == null || b.residents() == 0) {
        continue; // a building of one plan only has no "before and after"; an empty one moves nobody
      }
      String from = before.gridOf(b.footprint());
      String to = after.gridOf(now.footprint());
      if (!Objects.equals(from, to)) {
        int[] n = pairs.computeIfAbsent(java.util.Arrays.asList(from, to), k -> new int[2]);
        n[0] += b.residents();
        n[1]++;
      }
    }
    List<Move> out = new ArrayList<>();
    pairs.forEach((k, n) -> out.add(new Move(k.get(0), k.get(1), n[0], n[1])));
    return out;
  }

  private static Change change(String kind, String code, String previous, GridRow before, GridRow after) {
    return new Change(kind, code, previous, before, after, before == null ? 0 : areaM2(before.geom()),
        after == null ? 0 : areaM2(after.geom()));
  }

  private static GridRow bestOverlap(GridRow g, Iterable<GridRow> candidates) {
    GridRow best = null;
    double bestShare = RECODE_OVERLAP;
    for (GridRow c : candidates) {
      if (!c.geom().getEnvelopeInternal().intersects(g.geom().getEnvelopeInternal())) {
        continue;
      }
      LocalProjection local = LocalProjection.around(g.geom());
      Geometry a = local.toMetres(g.geom());
      Geometry b = local.toMetres(c.geom());
      double share = a.intersection(b).getArea() / Math.max(a.getArea(), b.getArea());
      if (share >= bestShare) {
        best = c;
        bestShare = share;
      }
    }
    return best;
  }

  private static boolean sameOutline(Geometry a, Geometry b) {
    if (a.equalsExact(b)) {
      return true;
    }
    LocalProjection local = LocalProjection.around(a);
    return local.toMetres(a).symDifference(local.toMetres(b)).getArea() <= TOLERANCE_M2;
  }

  private static double areaM2(Geometry g) {
    return LocalProjection.around(g).toMetres(g).getArea();
  }

  private static JsonObject toJson(String village, boolean draftExists, List<Change> changes, List<Move> moves) {
    JsonObject counts = new JsonObject();
    for (String kind : List.of("added", "removed", "reshaped", "recoded", "renamed")) {
      counts.put(kind, changes.stream().filter(c -> c.kind().equals(kind)).count());
    }
    JsonArray features = new JsonArray();
    JsonArray list = new JsonArray();
    for (Change c : changes) {
      GridRow shown = c.after() != null ? c.after() : c.before();
      JsonObject props = new JsonObject().put("change", c.kind()).put("code", c.code()).put("name", shown.name())
          .put("kind", shown.kind().code());
      if (c.previousCode() != null) {
        props.put("previousCode", c.previousCode());
      }
      if (c.before() != null && c.after() != null && !c.before().name().equals(c.after().name())) {
        props.put("previousName", c.before().name());
      }
      if (c.before() != null) {
        props.put("areaBefore", Math.round(c.areaBefore()));
      }
      if (c.after() != null) {
        props.put("areaAfter", Math.round(c.areaAfter()));
      }
      if (c.before() != null && c.after() != null) {
        props.put("areaChange", Math.round(c.areaAfter()) - Math.round(c.areaBefore()));
      }
      list.add(props.copy());
      features.add(new JsonObject().put("type", "Feature").put("properties", props)
          .put("geometry", ValidationJson.geometry(shown.geom())));
      if (c.kind().equals("reshaped")) {
        // The published outline too, so the map can draw before and after.
        features.add(new JsonObject().put("type", "Feature").put("properties", new JsonObject().put("change", "before")
            .put("code", c.code())).put("geometry", ValidationJson.geometry(c.before().geom())));
      }
    }
    JsonArray movesJson = new JsonArray();
    int total = 0;
    for (Move m : moves) {
      movesJson.add(new JsonObject().put("from", m.from()).put("to", m.to()).put("residents", m.residents())
          .put("buildings", m.buildings()));
      total += m.residents();
    }
    return new JsonObject().put("village", village).put("draft", draftExists).put("counts", counts)
        .put("changes", list).put("residentsMoving", total).put("moves", movesJson)
        .put("features", new JsonObject().put("type", "FeatureCollection").put("features", features));
  }
}
