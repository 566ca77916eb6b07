package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.ingest.Building;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.ingest.IngestProblem;
import org.gridscape.server.ingest.VillagePlan;
import org.gridscape.server.ingest.VillagePlanImporter;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.DraftStore;
import org.gridscape.server.store.DraftStore.DraftPlan;
import org.gridscape.server.store.DraftStore.DraftRow;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.AreaRow;
import org.gridscape.server.store.GeographyStore.BuildingRow;
import org.gridscape.server.store.GeographyStore.PointRow;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.store.GeographyStore.RoadRow;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Geometry;

/**
 * Village plans (一村一图: boundary, roads, buildings, points) in the draft and published revisions.
 * An import writes the village's draft; publishing the draft replaces the published plan together
 * with the grid set, since a new plan moves buildings between grids.
 */
final class VillagePlans {

  /** The plan a revision validates against: the draft's plan where it has one, else the published plan. */
  record WorkingPlan(Geometry boundary, List<BuildingRow> buildings, List<RoadRow> roads, boolean fromDraft) {}

  private final Vertx vertx;
  private final Database db;
  private final GeographyStore store;
  private final DraftStore drafts;
  private final GridDrafts gridDrafts;

  VillagePlans(Vertx vertx, Database db, GeographyStore store, DraftStore drafts, GridDrafts gridDrafts) {
    this.vertx = vertx;
    this.db = db;
    this.store = store;
    this.drafts = drafts;
    this.gridDrafts = gridDrafts;
  }

  /** Parses the upload and puts it into the village's draft as its new plan; all or nothing. */
  Future<JsonObject> importPlan(RegionRow village, byte[] body, String mediaType, IngestOptions options,
      Principal who) {
    String villageCode = village.code();
    return vertx.executeBlocking(() -> VillagePlanImporter.importPlan(body, mediaType, options)).compose(plan -> {
      DraftPlan draftPlan = new DraftPlan(plan.boundary(), plan.sourceCrs(), toBuildingRows(villageCode, plan),
          plan.roads().stream().map(r -> new RoadRow(villageCode, r.name(), r.roadClass(), r.line())).toList(),
          plan.points().stream().map(p -> new PointRow(villageCode, p.kind(), p.name(), p.point())).toList(),
          plan.areas().stream().map(a -> new AreaRow(villageCode, a.layer(), a.kind(), a.name(), a.area())).toList());
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      return db.inTransaction(tx -> gridDrafts.open(tx, villageCode, who.username(), now)
          .compose(v -> drafts.on(tx).setPlan(villageCode, draftPlan))
          .compose(v -> drafts.on(tx).buildingIdsTakenElsewhere(villageCode, 20))
          .compose(taken -> taken.isEmpty() ? Future.<Void>succeededFuture()
              : Future.failedFuture(GridException.conflict(taken.size() + (taken.size() == 20 ? "+" : "")
                  + " building id(s) of the plan belong to another village (building ids are unique across the "
                  + "district): " + String.join(", ", taken.subList(0, Math.min(5, taken.size()))),
                  taken.stream().map(id -> new JsonObject().put("building", id).put("rule", "unique")).toList())))
          .compose(v -> ChangeLog.append(tx, Change.draft(villageCode))))
          .map(v -> new JsonObject().put("village", villageCode).put("revision", "draft")
              .put("sourceCrs", plan.sourceCrs())
              .put("counts", new JsonObject().put("buildings", draftPlan.buildings().size())
                  .put("roads", draftPlan.roads().size()).put("points", draftPlan.points().size())
                  .put("areas", draftPlan.areas().size()))
              .put("repairs", GridService.problemsJson(plan.repairs()))
              .put("ignoredLayers", new JsonArray(plan.ignoredLayers())));
    });
  }

  /** The plan of the draft revision ({@code draft}, falling back to the published plan) or the published one. */
  Future<WorkingPlan> plan(RegionRow village, boolean draft) {
    String code = village.code();
    Future<java.util.Optional<DraftPlan>> inDraft = draft ? drafts.plan(code)
        : Future.succeededFuture(java.util.Optional.empty());
    return inDraft.compose(found -> found.isPresent()
        ? Future.succeededFuture(new WorkingPlan(found.get().boundary(), found.get().buildings(), found.get().roads(),
            true))
        : store.buildingsOfVillage(code).compose(buildings -> store.roadsOfVillage(code)
            .map(roads -> new WorkingPlan(village.geom(), buildings, roads, false))));
  }

  /**
   * Inside the publishing transaction: replaces the published plan by the draft's (buildings keep
   * their rows where ids match, so people stay in their houses) and the village boundary; returns
   * the grids whose buildings the old plan had, which are rebuilt with the new one. Nothing when
   * the draft keeps the published plan.
   */
  Future<Set<String>> publish(Sql tx, RegionRow village, DraftRow draft) {
    if (!draft.hasPlan()) {
      return Future.succeededFuture(Set.of());
    }
    String code = village.code();
    GeographyStore s = store.on(tx);
    return drafts.on(tx).plan(code).compose(found -> {
      DraftPlan plan = found.orElseThrow(() -> GridException.conflict("the draft plan of village " + code
          + " disappeared while it was being published; review the draft and publish again"));
      return s.buildingsOfVillage(code).compose(old -> {
        Set<String> dirty = new TreeSet<>();
        old.stream().map(BuildingRow::gridCode).filter(Objects::nonNull).forEach(dirty::add);
        return s.replacePlan(code, plan.buildings(), plan.roads(), plan.points(), plan.areas())
            .compose(v -> s.upsertRegions(List.of(new RegionRow(code, village.name(), village.fullName(),
                village.level(), village.parentCode(), plan.boundary()))))
            .compose(v -> s.bumpVillageVersion(code, true, plan.sourceCrs()))
            .map(v -> dirty);
      });
    });
  }

  /**
   * The whole plan of a revision as one GeoJSON FeatureCollection whose features carry the
   * {@code layer} and attribute names the importer reads, so it can be edited and imported again.
   * {@code revision} says which plan it is: the draft's, or the published one.
   */
  Future<JsonObject> geoJson(RegionRow village, boolean draft) {
    String code = village.code();
    Future<java.util.Optional<DraftPlan>> inDraft = draft ? drafts.plan(code)
        : Future.succeededFuture(java.util.Optional.empty());
    return inDraft.compose(found -> (found.isPresent() ? Future.succeededFuture(found.get())
        : store.buildingsOfVillage(code).compose(buildings -> store.roadsOfVillage(code)
            .compose(roads -> store.pointsOfVillage(code).compose(points -> store.areasOfVillage(code)
                .map(areas -> new DraftPlan(village.geom(), null, buildings, roads, points, areas))))))
        .map(plan -> toGeoJson(village, plan, found.isPresent())));
  }

  private static JsonObject toGeoJson(RegionRow village, DraftPlan plan, boolean fromDraft) {
    JsonArray features = new JsonArray();
    if (plan.boundary() != null) {
      features.add(feature(new JsonObject().put("layer", "boundary").put("code", village.code())
          .put("name", village.name()), plan.boundary()));
    }
    plan.areas().forEach(a -> features.add(feature(new JsonObject().put("layer", a.layer()).put("kind", a.kind())
        .put("name", a.name()), a.geom())));
    plan.roads().forEach(r -> features.add(feature(new JsonObject().put("layer", "road").put("name", r.name())
        .put("class", r.roadClass()), r.geom())));
    plan.buildings().forEach(b -> features.add(feature(new JsonObject().put("layer", "building").put("id", b.id())
        .put("floors", b.floors()).put("height", b.height()).put("use", b.use()).put("structure", b.structure())
        .put("year", b.year()).put("roof", b.roof()).put("grid_code", b.gridCode()), b.geom())));
    plan.points().forEach(p -> features.add(feature(new JsonObject().put("layer", "centre").put("kind", p.kind())
        .put("name", p.name()), p.point())));
    return new JsonObject().put("type", "FeatureCollection").put("village", village.code())
        .put("revision", fromDraft ? "draft" : "published").put("features", features);
  }

  private static JsonObject feature(JsonObject properties, Geometry geometry) {
    return new JsonObject().put("type", "Feature").put("properties", properties)
        .put("geometry", ValidationJson.geometry(geometry));
  }

  /** What the draft's plan changes against the published one; null when it keeps the published plan. */
  Future<JsonObject> summary(String villageCode, DraftRow draft) {
    if (!draft.hasPlan()) {
      return Future.succeededFuture(null);
    }
    return drafts.plan(villageCode).compose(found -> store.buildingIdsOfVillage(villageCode).map(published -> {
      if (found.isEmpty()) {
        return null;
      }
      DraftPlan plan = found.get();
      Set<String> incoming = new HashSet<>();
      plan.buildings().forEach(b -> incoming.add(b.id()));
      int kept = 0;
      for (String id : incoming) {
        if (published.contains(id)) {
          kept++;
        }
      }
      int removed = published.size() - kept;
      return new JsonObject().put("sourceCrs", plan.sourceCrs())
          .put("buildings", new JsonObject().put("total", plan.buildings().size())
              .put("added", incoming.size() - kept).put("kept", kept).put("removed", removed))
          .put("roads", plan.roads().size()).put("points", plan.points().size()).put("areas", plan.areas().size());
    }));
  }

  private static List<BuildingRow> toBuildingRows(String villageCode, VillagePlan plan) {
    List<BuildingRow> rows = new ArrayList<>(plan.buildings().size());
    Map<String, Integer> seen = new HashMap<>();
    List<IngestProblem> problems = new ArrayList<>();
    for (Building b : plan.buildings()) {
      String id = b.id() != null && !b.id().isBlank() ? b.id().strip()
          : "B" + villageCode + "-" + String.format("%05d", b.featureIndex() + 1);
      if (id.length() > 40) {
        problems.add(IngestProblem.feature("building.id", "building id longer than 40 characters", "building",
            b.featureIndex(), id));
        continue;
      }
      Integer before = seen.put(id, b.featureIndex());
      if (before != null) {
        problems.add(IngestProblem.feature("building.duplicate_id", "building id also used by feature " + before,
            "building", b.featureIndex(), id));
        continue;
      }
      // The grid is assigned at publishing, against the grids published with the plan.
      rows.add(new BuildingRow(id, villageCode, null, b.floors(), b.height(), b.use(), b.structure(), b.year(),
          b.roof(), b.footprint()));
    }
    if (!problems.isEmpty()) {
      throw new IngestException(IngestException.Kind.INVALID_ATTRIBUTE, problems.size() + " building(s) are invalid",
          problems);
    }
    return rows;
  }
}
