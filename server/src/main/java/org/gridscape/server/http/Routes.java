package org.gridscape.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Set;
import org.gridscape.server.ServerContext;
import org.gridscape.server.Version;

/** Every HTTP route of the server, registered in this one place. */
public final class Routes {

  private Routes() {}

  public static Router create(ServerContext context) {
    Router router = Router.router(context.vertx());
    AuthRoutes authRoutes = new AuthRoutes(context.auth());
    GridRoutes gridRoutes = new GridRoutes(context.grids());
    AuthHandler authenticated = new AuthHandler(context.auth());

    router.route().handler(Routes::securityHeaders);
    if (!context.config().corsOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create().addOrigins(context.config().corsOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "X-API-Key")));
    }
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(context.config().maxUploadBytes()));

    // Public
    router.get("/health").handler(ctx -> health(ctx, context));
    router.post("/api/v1/auth/login").respond(authRoutes::login);
    router.post("/api/v1/auth/logout").respond(authRoutes::logout);

    // Everything else under these prefixes needs a signed-in user or an API key.
    for (String prefix : new String[] {"/api/*", "/3dtiles/*", "/tiles/*", "/ogc", "/ogc/*"}) {
      router.route(prefix).handler(authenticated);
    }
    router.get("/api/v1/auth/me").respond(authRoutes::me);
    router.get("/api/v1/users").respond(authRoutes::listUsers);
    router.post("/api/v1/users").respond(authRoutes::createUser);
    router.post("/api/v1/api-keys").respond(authRoutes::createApiKey);

    // Regions, village plans, grids (issue 4)
    router.post("/api/v1/imports/regions").respond(gridRoutes::importRegions);
    router.post("/api/v1/imports/village-plan").respond(gridRoutes::importVillagePlan);
    router.post("/api/v1/imports/grids").respond(gridRoutes::importGrids);
    router.get("/api/v1/regions/:code").respond(gridRoutes::region);
    router.get("/api/v1/regions/:code/children").respond(gridRoutes::children);
    router.get("/api/v1/villages/:code/validation").respond(gridRoutes::validation);
    router.post("/api/v1/villages/:code/publish").respond(gridRoutes::publish);
    router.get("/api/v1/grids").respond(gridRoutes::listGrids);
    router.post("/api/v1/grids").respond(gridRoutes::createGrid);
    router.get("/api/v1/grids/:code").respond(gridRoutes::getGrid);
    router.put("/api/v1/grids/:code").respond(gridRoutes::updateGrid);
    router.delete("/api/v1/grids/:code").respond(gridRoutes::deleteGrid);
    router.get("/api/v1/grids/:code/history").respond(gridRoutes::gridHistory);

    // --- layers (issue 6) ---
    org.gridscape.server.layer.LayerRoutes layerRoutes = new org.gridscape.server.layer.LayerRoutes(context);
    for (org.gridscape.server.layer.LayerKind kind : org.gridscape.server.layer.LayerKind.values()) {
      router.post("/api/v1/imports/" + kind.path()).respond(ctx -> layerRoutes.importLayer(ctx, kind));
    }
    router.post("/api/v1/imports/party").respond(layerRoutes::importParty);
    router.get("/api/v1/stats").respond(layerRoutes::districtStats);
    router.get("/api/v1/regions/:code/stats").respond(layerRoutes::regionStats);
    router.get("/api/v1/layers/party-links").respond(layerRoutes::partyLinks);
    router.get("/api/v1/layers/points").respond(layerRoutes::points);
    router.get("/api/v1/buildings/:id/households").respond(layerRoutes::buildingHouseholds);
    router.get("/api/v1/residents/:id").respond(layerRoutes::resident);
    // --- end layers (issue 6) ---

    // Web apps (static, public): the viewer at /, the editor at /editor.
    router.get("/editor").handler(ctx -> ctx.reroute("/editor.html"));
    StaticHandler webApps = StaticHandler.create("webroot").setIndexPage("index.html")
        .setCachingEnabled(true).setMaxAgeSeconds(3600).setDirectoryListing(false);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(Routes::moduleMimeTypes)
        .handler(webApps);

    for (int status : new int[] {400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 500, 503}) {
      router.errorHandler(status, ErrorHandler::handle);
    }
    return router;
  }

  private static void health(RoutingContext ctx, ServerContext context) {
    JsonObject body = new JsonObject().put("db", context.db().kind().label()).put("version", Version.VERSION);
    context.db().ping()
        .onSuccess(ok -> ctx.json(body.put("status", "UP")))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(new JsonObject().put("status", "DOWN").mergeIn(body).put("reason", "database not reachable")
                .toBuffer()));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "same-origin")
        .set("Content-Security-Policy", "frame-ancestors 'self'");
    ctx.next();
  }

  /** Browsers refuse ES modules served without a JavaScript type; Vert.x knows no .mjs or .glb. */
  private static void moduleMimeTypes(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String type = path.endsWith(".mjs") || path.endsWith(".js") ? "text/javascript; charset=utf-8"
        : path.endsWith(".wasm") ? "application/wasm"
        : path.endsWith(".glb") ? "model/gltf-binary"
        : null;
    if (type != null) {
      ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Content-Type", type));
    }
    ctx.next();
  }
}
