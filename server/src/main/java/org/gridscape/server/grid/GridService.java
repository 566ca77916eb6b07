package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.GridSet;
import org.gridscape.server.ingest.GridSetImporter;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.ingest.IngestProblem;
import org.gridscape.server.ingest.SourceFeature;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.DraftStore;
import org.gridscape.server.store.DraftStore.DraftRow;
import org.gridscape.server.store.GeographyStore;
import org.gridscape.server.store.GeographyStore.BuildingRow;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * Regions, village plans and grid sets: imports (all or nothing, versioned), grid edits with
 * optimistic concurrency, validation by the seven principles and publishing.
 */
public final class GridService {

  private static final List<String> LEVELS = List.of("district", "township", "workarea", "village");

  private final Vertx vertx;
  private final Database db;
  private final GeographyStore store;
  private final DraftStore drafts;
  private final GridDrafts gridDrafts;
  private final VillagePlans plans;
  private final GridPublishing publishing;
  private final GridValidator validator = new GridValidator(ValidationSettings.defaults());

  public GridService(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
    this.store = new GeographyStore(db);
    this.drafts = new DraftStore(db);
    this.gridDrafts = new GridDrafts(store, drafts);
    this.plans = new VillagePlans(vertx, db, store, drafts, gridDrafts);
    this.publishing = new GridPublishing(vertx, db, this, store, drafts, gridDrafts);
  }

  /** Single-grid writes straight to the published set, validated as a publish (OGC API - Features Part 4). */
  public GridPublishing publishing() {
    return publishing;
  }

  /** The working drafts (the grid editor writes split and merge results there). */
  public DraftStore drafts() {
    return drafts;
  }

  /** Opens (or locks) the village's draft inside {@code tx}, as every draft write does first. */
  public Future<Void> openDraft(Sql tx, String villageCode, Principal who, OffsetDateTime now) {
    return gridDrafts.open(tx, villageCode, who.username(), now);
  }

  public GeographyStore store() {
    return store;
  }

  /** After many village plans were imported at once (a district's load): statistics and visibility map (see {@link org.gridscape.server.store.Database#vacuumAnalyze}). */
  public Future<Void> vacuumPlanTables() {
    return db.vacuumAnalyze(List.of("region", "grid", "building", "road", "land_area", "plan_point"));
  }

  // --- regions

  /** Imports the region hierarchy from a GeoJSON FeatureCollection (code, name, level, parent). */
  public Future<JsonObject> importRegions(byte[] body) {
    return vertx.executeBlocking(() -> parseRegions(body))
        .compose(regions -> db.inTransaction(tx -> store.on(tx).upsertRegions(regions)
            .compose(v -> ChangeLog.append(tx, regions.stream().map(r -> Change.region(r.code())).toList()))).map(v -> {
          Map<String, Integer> byLevel = new LinkedHashMap<>();
          LEVELS.forEach(level -> byLevel.put(level, 0));
          regions.forEach(r -> byLevel.merge(r.level(), 1, Integer::sum));
          return new JsonObject().put("regions", regions.size()).put("byLevel", new JsonObject(new HashMap<>(byLevel)));
        }));
  }

  private static List<RegionRow> parseRegions(byte[] body) {
    FeatureLayer layer = readGeoJson("regions", body);
    List<RegionRow> regions = new ArrayList<>();
    List<IngestProblem> problems = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (SourceFeature f : layer.features()) {
      String code = text(f, "code");
      String level = text(f, "level");
      String name = text(f, "name");
      if (code == null || !code.matches("[0-9A-Z]{6,15}")) {
        problems.add(IngestProblem.feature("region.code", "code must be 6-15 digits or capitals", "regions", f.index(), code));
        continue;
      }
      if (level == null || !LEVELS.contains(level)) {
        problems.add(IngestProblem.feature("region.level", "level must be one of " + LEVELS, "regions", f.index(), code));
        continue;
      }
      if (name == null) {
        problems.add(IngestProblem.feature("region.name", "name is required", "regions", f.index(), code));
        continue;
      }
      if (f.geometry() != null && !(f.geometry() instanceof Polygonal && f.geometry().isValid())) {
        problems.add(IngestProblem.feature("geometry.invalid", "a region needs a valid polygon", "regions", f.index(), code));
        continue;
      }
      if (!codes.add(code)) {
        problems.add(IngestProblem.feature("region.duplicate", "code appears twice", "regions", f.index(), code));
        continue;
      }
      regions.add(new RegionRow(code, name, text(f, "full_name"), level, text(f, "parent"), f.geometry()));
    }
    for (RegionRow r : regions) {
      if (!r.level().equals("district") && (r.parentCode() == null || !codes.contains(r.parentCode()))) {
        problems.add(IngestProblem.feature("region.parent", "parent '" + r.parentCode() + "' is not in the file",
            "regions", 0, r.code()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IngestException(IngestException.Kind.INVALID_ATTRIBUTE, problems.size() + " region(s) are invalid", problems);
    }
    regions.sort(Comparator.comparingInt((RegionRow r) -> LEVELS.indexOf(r.level())).thenComparing(RegionRow::code));
    return regions;
  }

  // --- village plans

  /** Puts a new plan for the village into its draft: buildings, roads, points and boundary; all or nothing. */
  public Future<JsonObject> importPlan(String villageCode, byte[] body, String mediaType, IngestOptions options,
      Principal who) {
    return importPlan(villageCode, body, mediaType, options, who, true);
  }

  /** As above; bulk loads skip the validation in the response and validate once at the end. */
  public Future<JsonObject> importPlan(String villageCode, byte[] body, String mediaType, IngestOptions options,
      Principal who, boolean validate) {
    return requireVillage(villageCode)
        .compose(village -> plans.importPlan(village, body, mediaType, options, who))
        .recover(GridService::mapConflict)
        .compose(result -> validateIf(validate, villageCode).map(validation -> result.put("validation", validation)));
  }

  /**
   * The village plan of a revision as GeoJSON (the draft's new plan with {@code draft}, falling back
   * to the published one), in the layer and attribute names the importer reads.
   */
  public Future<JsonObject> planGeoJson(String villageCode, boolean draft) {
    return requireVillage(villageCode).compose(village -> plans.geoJson(village, draft));
  }

  // --- grid sets: every write goes to the village's draft; only publish changes the published set

  /** Replaces the draft's grid set by the upload; the published set does not change until publish. */
  public Future<JsonObject> importGrids(String villageCode, byte[] body, String mediaType, IngestOptions options,
      Principal who) {
    return importGrids(villageCode, body, mediaType, options, who, true);
  }

  /** As above; bulk loads skip the validation in the response and validate once at the end. */
  public Future<JsonObject> importGrids(String villageCode, byte[] body, String mediaType, IngestOptions options,
      Principal who, boolean validate) {
    return requireVillage(villageCode).compose(village -> importContext(villageCode))
        .compose(context -> vertx.executeBlocking(() -> GridSetImporter.importGrids(body, mediaType, context, options))
            .compose(set -> writeGridSet(villageCode, set, who, validate)));
  }

  /** The village's codes as a grid-set upload is read against: live and draft codes, and retired ones. */
  public Future<GridSetImporter.Context> importContext(String villageCode) {
    return store.gridsOfVillage(villageCode, true).compose(live -> workingGrids(villageCode).map(working -> {
      Set<String> active = new TreeSet<>();
      Set<String> retired = new TreeSet<>();
      live.forEach(g -> (g.status().equals("retired") ? retired : active).add(g.code()));
      working.forEach(g -> active.add(g.code()));
      return new GridSetImporter.Context(villageCode, active, retired);
    }));
  }

  private Future<JsonObject> writeGridSet(String villageCode, GridSet set, Principal who, boolean validate) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    int[] counts = new int[4]; // created, changed, unchanged, removed (relative to the draft before)
    return db.inTransaction(tx -> gridDrafts.open(tx, villageCode, who.username(), now)
        .compose(v -> drafts.on(tx).grids(villageCode))
        .compose(existing -> {
          DraftStore d = drafts.on(tx);
          Map<String, GridRow> byCode = new HashMap<>();
          existing.forEach(g -> byCode.put(g.code(), g));
          Future<Void> chain = d.setGridsCrs(villageCode, set.sourceCrs());
          Set<String> incoming = new HashSet<>();
          for (GridFeature g : set.grids()) {
            incoming.add(g.code());
            GridRow old = byCode.get(g.code());
            String name = g.name() != null ? g.name() : "网格" + g.code().substring(12);
            if (old == null) {
              counts[0]++;
              GridRow row = new GridRow(g.code(), villageCode, name, g.kind(), GridDrafts.DRAFT, 1, g.geometry(), now,
                  who.username());
              chain = chain.compose(v -> d.insertGrid(row));
            } else if (!old.name().equals(name) || old.kind() != g.kind() || !old.geom().equalsExact(g.geometry())) {
              counts[1]++;
              GridRow row = new GridRow(g.code(), villageCode, name, g.kind(), GridDrafts.DRAFT, old.version() + 1,
                  g.geometry(), now, who.username());
              chain = chain.compose(v -> d.updateGrid(row, old.version()).compose(GridService::requireUpdated));
            } else {
              counts[2]++;
            }
          }
          for (GridRow old : existing) {
            if (!incoming.contains(old.code())) {
              counts[3]++;
              chain = chain.compose(v -> d.deleteGrid(old.code(), old.version()).compose(GridService::requireUpdated));
            }
          }
          return chain.compose(v -> ChangeLog.append(tx, Change.draft(villageCode)));
        })).recover(GridService::mapConflict).compose(v -> validateIf(validate, villageCode).map(validation ->
            new JsonObject().put("village", villageCode).put("revision", "draft").put("sourceCrs", set.sourceCrs())
                .put("counts", new JsonObject().put("grids", set.grids().size()).put("created", counts[0])
                    .put("changed", counts[1]).put("unchanged", counts[2]).put("retired", counts[3]))
                .put("assignedCodes", new JsonArray(new ArrayList<>(new TreeSet<>(set.assignedCodes()))))
                .put("repairs", problemsJson(set.repairs()))
                .put("validation", validation)));
  }

  /**
   * Puts every building of the village into the published grid that holds its interior point,
   * inside the caller's transaction; returns the grids that gained or lost a building.
   */
  public Future<Set<String>> reassignBuildings(GeographyStore s, String villageCode) {
    return s.gridsOfVillage(villageCode, false).compose(grids -> s.buildingsOfVillage(villageCode).compose(buildings -> {
      GridLocator locator = new GridLocator(grids);
      List<Tuple> changes = new ArrayList<>();
      Set<String> touched = new TreeSet<>();
      for (BuildingRow b : buildings) {
        String grid = locator.gridOf(b.geom());
        if (!Objects.equals(grid, b.gridCode())) {
          changes.add(Tuple.of(grid, b.id()));
          if (grid != null) {
            touched.add(grid);
          }
          if (b.gridCode() != null) {
            touched.add(b.gridCode());
          }
        }
      }
      return s.assignBuildingsToGrids(changes).map(touched);
    }));
  }

  // --- reading a revision

  /** The working grid set of a village: its draft where there is one, else the published set. */
  public Future<List<GridRow>> workingGrids(String villageCode) {
    return gridDrafts.working(db, villageCode);
  }

  /** A published (or retired) grid. */
  public Future<GridRow> grid(String code) {
    return store.grid(code).map(found -> found.orElseThrow(() -> GridException.notFound("no grid " + code)));
  }

  /** A grid as the working draft has it (the published grid where its village has no draft). */
  public Future<GridRow> workingGrid(String code) {
    return gridDrafts.workingGrid(db, code).map(found -> found.orElseThrow(() -> GridException.notFound(
        "no grid " + code + " in the working draft (it may have been removed there; publish or discard the draft)")));
  }

  // --- single grids (in the draft)

  /** Creates one grid in the draft; its code is assigned when missing. 409 when the code is taken, 422 for a foreign prefix. */
  public Future<GridRow> createGrid(String villageCode, String code, String name, GridKind kind, Geometry geom,
      Principal who) {
    return requireVillage(villageCode).compose(v -> store.gridsOfVillage(villageCode, true))
        .compose(live -> workingGrids(villageCode).compose(working -> {
          Set<String> reserved = new TreeSet<>();
          live.forEach(g -> reserved.add(g.code()));
          working.forEach(g -> reserved.add(g.code()));
          String finalCode = code;
          if (finalCode == null) {
            finalCode = GridCodeAssigner.assign(villageCode, List.of(geom), reserved).get(0).value();
          } else {
            checkCode(finalCode, villageCode);
            if (reserved.contains(finalCode)) {
              return Future.failedFuture(taken(finalCode));
            }
          }
          String c = finalCode;
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
          GridRow row = new GridRow(c, villageCode, name != null ? name : "网格" + c.substring(12), kind,
              GridDrafts.DRAFT, 1, geom, now, who.username());
          return db.inTransaction(tx -> gridDrafts.open(tx, villageCode, who.username(), now)
              .compose(x -> drafts.on(tx).insertGrid(row))
              .compose(x -> ChangeLog.append(tx, Change.draft(villageCode))))
              .recover(e -> mapConflict(e, c)).map(row);
        }));
  }

  /** Updates a grid of the draft when {@code expectedVersion} is its current draft version: 412 otherwise. */
  public Future<GridRow> updateGrid(String code, int expectedVersion, String name, GridKind kind, Geometry geom,
      Principal who) {
    return editable(code).compose(old -> {
      if (old.version() != expectedVersion) {
        return Future.failedFuture(stale(code, old.version()));
      }
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      GridRow row = new GridRow(code, old.villageCode(), name != null ? name : old.name(), kind != null ? kind : old.kind(),
          GridDrafts.DRAFT, old.version() + 1, geom != null ? geom : old.geom(), now, who.username());
      return db.inTransaction(tx -> gridDrafts.open(tx, old.villageCode(), who.username(), now)
          .compose(v -> drafts.on(tx).updateGrid(row, expectedVersion))
          .compose(updated -> updated ? ChangeLog.append(tx, Change.draft(old.villageCode())).map(row)
              : Future.failedFuture(stale(code, -1))));
    });
  }

  /** Removes a grid from the draft: publishing retires it, and its code stays reserved with its history. */
  public Future<GridRow> retireGrid(String code, Integer expectedVersion, Principal who) {
    return editable(code).compose(old -> {
      if (expectedVersion != null && old.version() != expectedVersion) {
        return Future.failedFuture(stale(code, old.version()));
      }
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      GridRow row = new GridRow(code, old.villageCode(), old.name(), old.kind(), "retired", old.version() + 1,
          old.geom(), now, who.username());
      return db.inTransaction(tx -> gridDrafts.open(tx, old.villageCode(), who.username(), now)
          .compose(v -> drafts.on(tx).deleteGrid(code, old.version()))
          .compose(deleted -> deleted ? ChangeLog.append(tx, Change.draft(old.villageCode())).map(row)
              : Future.failedFuture(stale(code, -1))));
    });
  }

  /** The working grid an edit starts from; 409 for a retired code. */
  public Future<GridRow> editable(String code) {
    return store.grid(code).compose(live -> {
      if (live.isPresent() && live.get().status().equals("retired")) {
        return Future.failedFuture(GridException.conflict("grid " + code + " is retired; its code stays reserved"));
      }
      return workingGrid(code);
    });
  }

  // --- drafts and publishing

  /** What the village's draft changes against the published set (exists false when there is no draft). */
  public Future<JsonObject> draftSummary(String villageCode) {
    return requireVillage(villageCode).compose(v -> drafts.draft(villageCode)).compose(found -> {
      JsonObject out = new JsonObject().put("village", villageCode).put("exists", found.isPresent());
      if (found.isEmpty()) {
        return Future.succeededFuture(out);
      }
      DraftRow d = found.get();
      out.put("revision", d.revision()).put("baseGridsVersion", d.baseGridsVersion())
          .put("createdAt", String.valueOf(d.createdAt())).put("createdBy", d.createdBy())
          .put("updatedAt", String.valueOf(d.updatedAt())).put("updatedBy", d.updatedBy());
      return store.gridsOfVillage(villageCode, false).compose(published -> drafts.grids(villageCode)
          .map(working -> out.put("grids", GridDrafts.diff(published, working).toJson())))
          .compose(x -> plans.summary(villageCode, d)).map(plan -> out.put("plan", plan));
    });
  }

  /** Throws the village's draft away; the editor shows the published set again. */
  public Future<JsonObject> discard(String villageCode) {
    return requireVillage(villageCode).compose(v -> db.inTransaction(tx -> drafts.on(tx).delete(villageCode)
            .compose(deleted -> deleted ? ChangeLog.append(tx, Change.draft(villageCode)).map(deleted)
                : Future.succeededFuture(deleted))))
        .map(deleted -> new JsonObject().put("village", villageCode).put("discarded", deleted));
  }

  /**
   * Publishes the village's draft: validates it and, when it has no errors, replaces the published
   * set in one transaction (history written, buildings reassigned, changed scenes marked dirty) and
   * deletes the draft. Refused with 422 while there are errors; a refused publish changes nothing.
   */
  public Future<JsonObject> publish(String villageCode, Principal who) {
    return requireVillage(villageCode).compose(village -> drafts.draft(villageCode).compose(found -> {
      if (found.isEmpty()) {
        return validate(villageCode, false).map(validation -> new JsonObject().put("village", villageCode)
            .put("published", new JsonArray()).put("changes", new GridDrafts.Diff(Set.of(), Set.of(), Set.of()).toJson())
            .put("message", "no draft: the published grids are unchanged").put("validation", validation));
      }
      DraftRow draft = found.get();
      return validate(villageCode, true).compose(validation -> {
        if (!validation.getBoolean("ok")) {
          return Future.failedFuture(GridException.refused("validation_failed",
              "village " + villageCode + " has " + validation.getJsonArray("errors").size()
                  + " validation error(s); fix them before publishing",
              validation.getJsonArray("errors").getList()));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return db.inTransaction(tx -> gridDrafts.lockUnchanged(tx, villageCode, draft.revision())
            .compose(locked -> store.on(tx).gridsOfVillage(villageCode, false))
            .compose(published -> drafts.on(tx).grids(villageCode)
                .compose(working -> gridDrafts.apply(tx, published, working, who.username(), now)))
            .compose(diff -> plans.publish(tx, village, draft).compose(oldPlanGrids -> reassignBuildings(store.on(tx),
                villageCode).compose(moved -> store.on(tx).gridsOfVillage(villageCode, false).compose(after -> {
                  Set<String> dirty = new TreeSet<>(diff.all());
                  dirty.addAll(moved);
                  dirty.addAll(oldPlanGrids);
                  if (draft.hasPlan()) {
                    // A new plan can reshape any building or road: every grid of the village is rebuilt.
                    after.forEach(g -> dirty.add(g.code()));
                  }
                  return store.on(tx).markDirty(dirty);
                })))
                .compose(v -> store.on(tx).bumpVillageVersion(villageCode, false, draft.gridsCrs()))
                .compose(version -> VillagePublications.record(tx, villageCode, version, who.username(), now, diff,
                    draft.hasPlan()).map(version))
                .compose(version -> drafts.on(tx).delete(villageCode).map(x -> new JsonObject()
                    .put("village", villageCode).put("gridsVersion", version)
                    .put("published", new JsonArray(List.copyOf(diff.all()))).put("changes", diff.toJson())
                    .put("planPublished", draft.hasPlan())))
                .compose(result -> logPublish(tx, villageCode, diff.all()).map(result))))
            .recover(GridService::mapConflict).map(result -> result.put("validation", validation));
      });
    }));
  }

  /** The change entries of a publish, last in its transaction: each grid it changed, and the draft gone. */
  private Future<Void> logPublish(Sql tx, String villageCode, Set<String> published) {
    return store.on(tx).gridsOfVillage(villageCode, true).compose(grids -> {
      List<Change> changes = new ArrayList<>();
      grids.stream().filter(g -> published.contains(g.code()))
          .forEach(g -> changes.add(Change.grid(g.code(), g.version())));
      changes.add(Change.draft(villageCode));
      return ChangeLog.append(tx, changes);
    });
  }

  // --- validation

  /** Validates a village's working grids (its draft, else the published set) against its plan. */
  public Future<JsonObject> validate(String villageCode) {
    return validate(villageCode, true);
  }

  /** Validates the draft revision ({@code draft}, falling back to the published set) or the published one. */
  public Future<JsonObject> validate(String villageCode, boolean draft) {
    return revision(villageCode, draft).compose(village -> vertx.executeBlocking(() -> {
      if (village.boundary() == null) {
        throw GridException.refused("no_plan", "village " + villageCode
            + " has no boundary yet: import its village plan first", List.of());
      }
      List<GridFeature> features = new ArrayList<>();
      for (int i = 0; i < village.grids().size(); i++) {
        GridRow g = village.grids().get(i);
        features.add(new GridFeature(i, g.code(), g.name(), g.kind(), g.geom()));
      }
      ValidationResult result = validator.run(new ValidationInput(villageCode, village.boundary(), features,
          village.buildings(), village.roads()));
      return ValidationJson.toJson(result);
    }));
  }

  /**
   * The village as the draft revision has it ({@code draft}: its draft grids and plan, each falling
   * back to the published one) or as published, with the residents of its buildings.
   */
  public Future<VillageRevision> revision(String villageCode, boolean draft) {
    return requireVillage(villageCode).compose(village -> (draft ? workingGrids(villageCode)
        : store.gridsOfVillage(villageCode, false))
        .compose(grids -> plans.plan(village, draft).compose(plan -> store.residentsPerBuilding(villageCode)
            .map(residents -> new VillageRevision(villageCode, plan.boundary(), grids,
                plan.buildings().stream()
                    .map(b -> new ResidentBuilding(b.id(), b.geom(), residents.getOrDefault(b.id(), 0))).toList(),
                plan.roads().stream().map(GeographyStore.RoadRow::geom).toList(), plan.fromDraft())))));
  }

  private Future<JsonObject> validateIf(boolean validate, String villageCode) {
    return validate ? validate(villageCode) : Future.succeededFuture(new JsonObject().put("skipped", true));
  }

  // --- helpers

  public Future<RegionRow> requireVillage(String code) {
    if (code == null || !code.matches("\\d{12}")) {
      return Future.failedFuture(GridException.invalid("village must be a 12-digit village code, got '" + code + "'"));
    }
    return store.region(code).map(found -> {
      RegionRow region = found.orElseThrow(() -> GridException.notFound("no village " + code));
      if (!region.level().equals("village")) {
        throw GridException.invalid(code + " is a " + region.level() + ", not a village");
      }
      return region;
    });
  }

  static void checkCode(String code, String villageCode) {
    try {
      GridCode.parseInVillage(code, villageCode);
    } catch (GridCodeException e) {
      throw GridException.badCode(e);
    }
  }

  private static GridException taken(String code) {
    return GridException.conflict("grid code " + code + " is already taken (codes are unique and never "
        + "reused)", List.of(new JsonObject().put("code", code).put("rule", "unique")));
  }

  private static GridException stale(String code, int current) {
    return GridException.stale("grid " + code + " was changed by someone else"
        + (current > 0 ? " (now version " + current + ")" : "") + "; reload it and apply your edit again",
        List.of(new JsonObject().put("code", code).put("currentVersion", current)));
  }

  private static Future<Void> requireUpdated(boolean updated) {
    return updated ? Future.succeededFuture()
        : Future.failedFuture(GridException.conflict("a grid changed during the import; try again"));
  }

  private static <T> Future<T> mapConflict(Throwable e) {
    return mapConflict(e, null);
  }

  private static <T> Future<T> mapConflict(Throwable e, String code) {
    if (isUniqueViolation(e)) {
      String what = code != null ? "grid code " + code + " is already taken (codes are unique and never reused)"
          : "a key is already taken: " + firstLine(e.getMessage());
      return Future.failedFuture(GridException.conflict(what,
          code == null ? List.of() : List.of(new JsonObject().put("code", code).put("rule", "unique"))));
    }
    return Future.failedFuture(e);
  }

  /** Whether a database failure is a unique-key violation (e.g. a grid code taken meanwhile). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("23505") || message.contains("duplicate key") || message.contains("Unique index")
          || message.contains("PRIMARY KEY ON")) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static JsonArray problemsJson(List<IngestProblem> problems) {
    JsonArray out = new JsonArray();
    problems.forEach(p -> out.add(p.toJson()));
    return out;
  }

  private static FeatureLayer readGeoJson(String name, byte[] body) {
    return GeoJson.read(name, body, Geometries.FACTORY);
  }

  private static String text(SourceFeature f, String key) {
    Object value = f.properties().get(key);
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value).strip();
    return s.isEmpty() ? null : s;
  }
}
