package org.gridscape.server.grid.edit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.grid.GridCode;
import org.gridscape.server.grid.GridCodeAssigner;
import org.gridscape.server.grid.GridCodeException;
import org.gridscape.server.grid.GridException;
import org.gridscape.server.grid.GridFeature;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.GridValidator;
import org.gridscape.server.grid.ValidationJson;
import org.gridscape.server.grid.ValidationSettings;
import org.gridscape.server.ingest.ExportLayers;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.ingest.geopackage.GeoPackageFormat;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.DraftStore;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * The planner's editing operations on a village's grids: live validation of unsaved sets, snapping
 * of drawn grids, split, merge, auto-partition and export. Geometry work runs on worker threads.
 * Split and merge write their grids to the village's working draft in one transaction (published on
 * publish); single-grid saves go through {@link GridService}.
 */
public final class GridEditService {

  /** How far a drawn vertex moves onto a boundary, road or neighbour. */
  public static final double SNAP_METRES = 5.0;
  /** Digitising tolerance between grids being merged. */
  public static final double MERGE_METRES = 0.5;

  private final Vertx vertx;
  private final Database db;
  private final GridService grids;
  private final GridValidator validator = new GridValidator(ValidationSettings.defaults());
  private final VillageContexts villages;

  public GridEditService(Vertx vertx, Database db, GridService grids) {
    this.vertx = vertx;
    this.db = db;
    this.grids = grids;
    this.villages = new VillageContexts(vertx, db, grids, validator);
  }

  /** Validates a proposed grid set of a village without saving it. */
  public Future<JsonObject> validateProposal(String village, List<GridFeature> proposal) {
    return load(village).compose(v -> vertx.executeBlocking(() -> ValidationJson.toJson(validator.run(v.prepared(),
        proposal))));
  }

  /** Fits a drawn polygon to the village, its roads and its other grids ({@code except} are ignored). */
  public Future<Polygon> snap(String village, Polygon drawn, Set<String> except) {
    return load(village).compose(v -> vertx.executeBlocking(() -> {
      List<Geometry> neighbours = new ArrayList<>();
      v.grids().stream().filter(g -> !except.contains(g.code())).forEach(g -> neighbours.add(g.geom()));
      return Snapping.snap(drawn, v.boundary(), neighbours, v.roads(), SNAP_METRES);
    }));
  }

  /**
   * Splits a grid of the working draft: the largest part keeps the code, the others become new grids
   * with the {@code typedCodes} (in the order of the parts, largest first) or assigned codes. One
   * transaction on the draft: the kept grid's update and the new grids all or nothing.
   */
  public Future<List<GridRow>> split(String code, LineString line, Integer expectedVersion, List<String> typedCodes,
      Principal who) {
    return grids.editable(code).compose(old -> {
      requireVersion(old, expectedVersion);
      if (!(old.geom() instanceof Polygon polygon)) {
        return Future.failedFuture(new GeometryEditException("not_a_polygon", "grid " + code + " is not one polygon"));
      }
      String village = old.villageCode();
      typedCodes.forEach(c -> requireCodeOf(c, village));
      return reservedCodes(village).compose(all -> vertx.executeBlocking(() -> {
        List<Polygon> parts = GridSplit.split(polygon, line);
        List<Polygon> newParts = parts.subList(1, parts.size());
        if (typedCodes.size() > newParts.size()) {
          throw new GeometryEditException("too_many_codes", typedCodes.size() + " codes given for "
              + newParts.size() + " new part(s)");
        }
        for (String typed : typedCodes) {
          if (all.contains(typed)) {
            throw takenCode(typed);
          }
        }
        Set<String> reserved = new TreeSet<>(typedCodes);
        reserved.addAll(all);
        List<String> codes = new ArrayList<>(typedCodes);
        GridCodeAssigner.assign(village, newParts.subList(typedCodes.size(), newParts.size()), reserved)
            .forEach(c -> codes.add(c.value()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<GridRow> rows = new ArrayList<>();
        rows.add(new GridRow(code, village, old.name(), old.kind(), "draft", old.version() + 1, parts.get(0), now,
            who.username()));
        for (int i = 0; i < newParts.size(); i++) {
          String c = codes.get(i);
          rows.add(new GridRow(c, village, "网格" + c.substring(12), old.kind(), "draft", 1, newParts.get(i), now,
              who.username()));
        }
        return rows;
      })).compose(rows -> db.inTransaction(tx -> {
        DraftStore d = grids.drafts().on(tx);
        Future<Void> chain = grids.openDraft(tx, village, who, rows.get(0).updatedAt())
            .compose(v -> d.updateGrid(rows.get(0), old.version())).compose(updated -> updated
                ? Future.succeededFuture() : Future.failedFuture(stale(code)));
        for (GridRow part : rows.subList(1, rows.size())) {
          chain = chain.compose(v -> d.insertGrid(part));
        }
        return chain.compose(v -> ChangeLog.append(tx, Change.draft(village)));
      }).recover(GridEditService::takenCode).map(rows));
    });
  }

  /**
   * Merges adjacent grids of one village's working draft into the first; the others leave the draft
   * (retired, codes reserved, when it is published). {@code versions}, when given, are the versions
   * the planner saw (one per code). One transaction on the draft, all or nothing.
   */
  public Future<GridRow> merge(List<String> codes, List<Integer> versions, Principal who) {
    if (codes.size() < 2 || Set.copyOf(codes).size() != codes.size()) {
      return Future.failedFuture(new GeometryEditException("too_few_grids", "give at least two different grid codes"));
    }
    if (versions != null && versions.size() != codes.size()) {
      return Future.failedFuture(GridException.invalid("versions must give one version per code"));
    }
    List<Future<GridRow>> loads = codes.stream().map(grids::editable).toList();
    return Future.all(loads).compose(all -> {
      List<GridRow> rows = all.list();
      String village = rows.get(0).villageCode();
      List<Polygon> polygons = new ArrayList<>();
      for (GridRow r : rows) {
        if (!r.villageCode().equals(village)) {
          return Future.failedFuture(new GeometryEditException("different_villages", "grids of different villages cannot be merged"));
        }
        if (r.status().equals("retired") || !(r.geom() instanceof Polygon p)) {
          return Future.failedFuture(new GeometryEditException("not_mergeable", "grid " + r.code() + " is retired or not one polygon"));
        }
        polygons.add(p);
      }
      return vertx.executeBlocking(() -> GridMerge.merge(polygons, MERGE_METRES)).compose(merged -> {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        GridRow keep = rows.get(0);
        return db.inTransaction(tx -> {
          DraftStore d = grids.drafts().on(tx);
          Future<Void> chain = grids.openDraft(tx, village, who, now);
          // Every write checks the version the planner saw; the others leave the draft (retired on publish).
          for (int i = 1; i < rows.size(); i++) {
            GridRow r = rows.get(i);
            int expected = versions == null ? r.version() : versions.get(i);
            chain = chain.compose(v -> d.deleteGrid(r.code(), expected).compose(deleted -> deleted
                ? Future.succeededFuture() : Future.failedFuture(stale(r.code()))));
          }
          int expectedKeep = versions == null ? keep.version() : versions.get(0);
          GridRow keptRow = new GridRow(keep.code(), village, keep.name(), keep.kind(), "draft", expectedKeep + 1,
              merged, now, who.username());
          return chain.compose(v -> d.updateGrid(keptRow, expectedKeep).compose(updated -> updated
                  ? Future.succeededFuture() : Future.<Void>failedFuture(stale(keep.code()))))
              .compose(v -> ChangeLog.append(tx, Change.draft(village))).map(keptRow);
        });
      });
    });
  }

  /**
   * Proposes grids for a village: its special grids stay as they are, the rest is divided along roads
   * into grids of 500-1000 residents with fresh codes. Nothing is saved.
   */
  public Future<JsonObject> autoPartition(String village) {
    ValidationSettings settings = ValidationSettings.defaults();
    return load(village).compose(v -> reservedCodes(village).compose(all -> vertx.executeBlocking(() -> {
      List<GridRow> special = v.grids().stream().filter(g -> g.kind() != GridKind.STANDARD).toList();
      List<Geometry> reservedAreas = special.stream().map(GridRow::geom).toList();
      List<AutoPartition.Proposal> proposals = new AutoPartition(settings.minResidents(), settings.maxResidents())
          .partition(v.boundary(), reservedAreas, v.roads(), v.buildings());
      Set<String> reservedCodes = new TreeSet<>(all);
      var codes = GridCodeAssigner.assign(village, proposals.stream().map(AutoPartition.Proposal::polygon).toList(),
          reservedCodes);
      JsonArray features = new JsonArray();
      for (GridRow s : special) {
        features.add(feature(s.code(), s.name(), s.kind(), s.geom(), null));
      }
      for (int i = 0; i < proposals.size(); i++) {
        String code = codes.get(i).value();
        features.add(feature(code, "网格" + code.substring(12), GridKind.STANDARD, proposals.get(i).polygon(),
            proposals.get(i).residents()));
      }
      return new JsonObject().put("type", "FeatureCollection").put("village", village).put("features", features);
    })));
  }

  /**
   * A village's grids as GeoJSON or GeoPackage bytes, in the layout the grid import reads: the
   * published set, or with {@code draft} the working draft (the published set where there is none).
   */
  public Future<byte[]> export(String village, String format, boolean draft) {
    return grids.requireVillage(village).compose(v -> draft ? grids.workingGrids(village)
        : grids.store().gridsOfVillage(village, false)).compose(rows ->
        vertx.executeBlocking(() -> {
          List<GridFeature> features = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            GridRow g = rows.get(i);
            features.add(new GridFeature(i, g.code(), g.name(), g.kind(), g.geom()));
          }
          var layer = ExportLayers.grids(features);
          return "gpkg".equals(format) ? GeoPackageFormat.write(List.of(layer)) : GeoJson.write(layer);
        }));
  }

  static JsonObject feature(String code, String name, GridKind kind, Geometry geom, Integer residents) {
    JsonObject props = new JsonObject().put("code", code).put("name", name).put("kind", kind.code());
    if (residents != null) {
      props.put("residents", residents);
    }
    return new JsonObject().put("type", "Feature").put("properties", props).put("geometry", ValidationJson.geometry(geom));
  }

  /** Codes a new grid of the village may not take: published, retired and those in its draft. */
  private Future<Set<String>> reservedCodes(String village) {
    return grids.store().gridsOfVillage(village, true).compose(live -> grids.workingGrids(village).map(working -> {
      Set<String> codes = new TreeSet<>();
      live.forEach(g -> codes.add(g.code()));
      working.forEach(g -> codes.add(g.code()));
      return codes;
    }));
  }

  /** A typed code must be well formed and belong to the village (uniqueness is the database's key). */
  private static void requireCodeOf(String code, String village) {
    try {
      GridCode.parseInVillage(code, village);
    } catch (GridCodeException e) {
      throw GridException.badCode(e);
    }
  }

  private static GridException stale(String code) {
    return GridException.stale("grid " + code + " was changed by someone else; "
        + "reload it and apply your edit again", List.of(new JsonObject().put("code", code)));
  }

  private static GridException takenCode(String code) {
    return GridException.conflict("grid code " + code + " is already taken (codes are unique and never "
        + "reused); nothing was changed", List.of(new JsonObject().put("code", code).put("rule", "unique")));
  }

  private static <T> Future<T> takenCode(Throwable e) {
    if (GridService.isUniqueViolation(e)) {
      return Future.failedFuture(GridException.conflict("a grid code of the new parts is already taken "
          + "(codes are unique and never reused); nothing was changed", List.of(new JsonObject().put("rule", "unique"))));
    }
    return Future.failedFuture(e);
  }

  private static void requireVersion(GridRow row, Integer expected) {
    if (expected != null && row.version() != expected) {
      throw GridException.stale("grid " + row.code()
          + " was changed by someone else (now version " + row.version() + "); reload it and apply your edit again",
          List.of(new JsonObject().put("code", row.code()).put("currentVersion", row.version())));
    }
  }

  private Future<VillageContext> load(String village) {
    return villages.get(village);
  }

}
