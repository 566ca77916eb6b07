package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/** The scene API: start a build, follow a build, what is served. */
public final class SceneRoutes {

  private final SceneService scenes;

  public SceneRoutes(SceneService scenes) {
    this.scenes = scenes;
  }

  /** {@code POST /api/v1/scenes/build} {"mode":"all"|"dirty"} (all when absent): 202 with the job. */
  public Future<JsonObject> build(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.PLANNER);
    BuildMode mode = BuildMode.ALL;
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text != null && !text.isBlank()) {
      Object value = Requests.jsonBody(ctx).getValue("mode");
      if (value != null) {
        if (!(value instanceof String s)) {
          throw ApiException.badRequest("'mode' must be \"all\" or \"dirty\"");
        }
        try {
          mode = BuildMode.parse(s);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(e.getMessage());
        }
      }
    }
    SceneJob job = scenes.submit(mode, "api:" + AuthHandler.principal(ctx).username());
    ctx.response().setStatusCode(202).putHeader("Location", "/api/v1/scenes/jobs/" + job.id());
    return Future.succeededFuture(job.toJson());
  }

  /** {@code GET /api/v1/scenes/jobs/{id}}: state and progress. */
  public Future<JsonObject> job(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    String id = ctx.pathParam("id");
    return scenes.job(id).map(job -> Future.succeededFuture(job.toJson()))
        .orElseGet(() -> Future.failedFuture(ApiException.notFound("no scene job " + id)));
  }

  /**
   * {@code GET /api/v1/scenes}: the version served, whether edits wait for a build ({@code dirty}, with
   * the grids marked and those a build has claimed; with replicas, another replica may be building
   * them) and this replica's recent jobs.
   */
  public Future<JsonObject> status(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    JsonArray jobs = new JsonArray();
    scenes.recentJobs().forEach(job -> jobs.add(job.toJson()));
    return scenes.dirtyMarks().map(mark -> new JsonObject().put("tilesetVersion", scenes.servedVersion().orElse(null))
        .put("tileset", "/3dtiles/tileset.json").put("dirty", !mark.isEmpty()).put("gridsMarked", mark.count())
        .put("gridsClaimed", mark.claimed()).put("jobs", jobs));
  }
}
