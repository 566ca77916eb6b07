package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.DraftComparison;
import org.gridscape.server.grid.GridImportPreview;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.VillagePublications;
import org.gridscape.server.store.Database;

/**
 * Handlers of the editor's review steps: the draft compared with the published grids before
 * publishing, the village's published versions, and the preview of a grid-set upload.
 */
final class DraftReviewRoutes {

  private static final Role[] READERS = {Role.PLANNER, Role.LEADER, Role.DEPARTMENT, Role.GRIDWORKER};

  private final Database db;
  private final GridService grids;
  private final DraftComparison comparison;
  private final GridImportPreview preview;

  DraftReviewRoutes(io.vertx.core.Vertx vertx, Database db, GridService grids) {
    this.db = db;
    this.grids = grids;
    this.comparison = new DraftComparison(vertx, grids);
    this.preview = new GridImportPreview(vertx, grids);
  }

  /** {@code GET /api/v1/villages/{code}/draft/diff}: what publishing the draft would change, for planners. */
  Future<JsonObject> diff(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, Role.PLANNER);
    return comparison.compare(village);
  }

  /** {@code GET /api/v1/villages/{code}/versions}: the village's publishes, newest first. */
  Future<JsonObject> versions(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, READERS);
    return grids.requireVillage(village).compose(v -> VillagePublications.list(db, village));
  }

  /** {@code POST /api/v1/imports/grids/preview?village=}: the upload as the import would read it; nothing stored. */
  Future<JsonObject> importPreview(RoutingContext ctx) {
    String village = GridRoutes.requiredParam(ctx, "village");
    AuthHandler.requireIn(ctx, village, Role.PLANNER);
    return preview.preview(village, GridRoutes.body(ctx), ctx.request().getHeader("Content-Type"),
        GridRoutes.options(ctx));
  }
}
