package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.GridWorkers;

/**
 * Handlers of a published grid's workers for the editor's side panel (planners in their areas and
 * admins): {@code GET} and {@code PUT /api/v1/grids/{code}/workers}. Workers' names are staff names a
 * planner needs to assign them; their phones are never answered.
 */
final class GridWorkerRoutes {

  private final GridWorkers workers;

  GridWorkerRoutes(GridWorkers workers) {
    this.workers = workers;
  }

  /** {@code GET /api/v1/grids/{code}/workers}. */
  Future<JsonObject> read(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, Role.PLANNER);
    return workers.read(code, who.username(), remote(ctx));
  }

  /** {@code PUT /api/v1/grids/{code}/workers} with {@code {"workers": [ids]}}: the grid's workers from now on. */
  Future<JsonObject> assign(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, Role.PLANNER);
    JsonObject body = Requests.jsonBody(ctx);
    if (!body.containsKey("workers")) {
      // Absent is not "nobody": a client that forgot the field must not unassign every worker.
      throw ApiException.badRequest("'workers' is required: the ids of the grid's workers ([] for none)",
          new JsonObject().put("field", "workers"));
    }
    List<String> ids = new ArrayList<>();
    for (Object id : Requests.array(body, "workers")) {
      if (!(id instanceof String s) || s.isBlank() || s.length() > 40) {
        throw ApiException.badRequest("'workers' must hold worker ids (text of 1-40 characters), got " + id,
            new JsonObject().put("field", "workers"));
      }
      ids.add(s);
    }
    return workers.assign(code, ids, who.username(), remote(ctx));
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }
}
