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

    // --- audit and security (issue 11): headers on every response, every write under /api/ audited ---
    router.route().handler(SecurityHeaders.forWebApps()::handle);
    org.gridscape.server.audit.AuditTrail auditTrail = new org.gridscape.server.audit.AuditTrail(context.db());
    router.route("/api/*").handler(new org.gridscape.server.audit.WriteAudit(auditTrail));
    // --- end audit and security (issue 11) ---
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
      if (!prefix.startsWith("/ogc") || !context.config().ogcPublic()) {
        router.route(prefix).handler(authenticated);
      }
    }
    // --- grid layers for other systems: API-key limits, OGC API - Features, vector tiles, OpenAPI (issue 9) ---
    org.gridscape.server.ogc.ApiKeyGate apiKeyGate = new org.gridscape.server.ogc.ApiKeyGate(context.auth().users(),
        new org.gridscape.server.ogc.RateLimiter());
    for (String prefix : new String[] {"/api/*", "/3dtiles/*", "/tiles/*", "/ogc", "/ogc/*"}) {
      router.route(prefix).handler(apiKeyGate);
    }
    org.gridscape.server.ogc.LayerCache layerCache = new org.gridscape.server.ogc.LayerCache(
        new org.gridscape.server.ogc.FeatureStore(context.db()), java.time.Duration.ofSeconds(1), 256L << 20);
    org.gridscape.server.ogc.OgcRoutes ogc = new org.gridscape.server.ogc.OgcRoutes(layerCache);
    router.get("/ogc").handler(ogc::landing);
    router.get("/ogc/").handler(ogc::landing);
    router.get("/ogc/conformance").handler(ogc::conformance);
    router.get("/ogc/api").handler(ogc::api);
    router.get("/ogc/collections").handler(ogc::collections);
    router.get("/ogc/collections/:collectionId").handler(ogc::collection);
    router.get("/ogc/collections/:collectionId/items").handler(ogc::items);
    router.get("/ogc/collections/:collectionId/items/:featureId").handler(ogc::item);
    org.gridscape.server.vectortile.TileRoutes tiles = new org.gridscape.server.vectortile.TileRoutes(
        new org.gridscape.server.vectortile.TileService(context.vertx(), layerCache));
    router.getWithRegex("/tiles/([a-z-]+)\\.json").handler(tiles::tileJson);
    router.getWithRegex("/tiles/([a-z-]+)/([^/]+)/([^/]+)/([^/]+)\\.mvt").handler(tiles::tile);
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.json(org.gridscape.server.ogc.ApiDescription.build(
        ctx.request().scheme() + "://" + ctx.request().authority())));
    // --- end grid layers for other systems (issue 9) ---
    router.get("/api/v1/auth/me").respond(authRoutes::me);
    router.get("/api/v1/users").respond(authRoutes::listUsers);
    router.post("/api/v1/users").respond(authRoutes::createUser);
    router.post("/api/v1/api-keys").respond(authRoutes::createApiKey);
    // --- audit and security (issue 11): the audit log, admins only ---
    router.get("/api/v1/audit").respond(new org.gridscape.server.audit.AuditRoutes(auditTrail)::list);
    // --- end audit and security (issue 11) ---

    // --- grid editor (issue 8); before issue 4's /grids/:code so /grids/export is not taken for a code ---
    org.gridscape.server.grid.edit.EditRoutes editRoutes = new org.gridscape.server.grid.edit.EditRoutes(
        new org.gridscape.server.grid.edit.GridEditService(context.vertx(), context.db(), context.grids()));
    router.post("/api/v1/villages/:code/validation").respond(editRoutes::validateProposal);
    router.post("/api/v1/villages/:code/snap").respond(editRoutes::snap);
    router.post("/api/v1/villages/:code/auto-partition").respond(editRoutes::autoPartition);
    router.post("/api/v1/grids/merge").respond(editRoutes::merge);
    router.post("/api/v1/grids/:code/split").respond(editRoutes::split);
    router.get("/api/v1/grids/export").handler(editRoutes::export);
    // --- end grid editor (issue 8) ---

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

    // --- scenes (issue 5) ---
    org.gridscape.server.scene.SceneRoutes sceneRoutes = new org.gridscape.server.scene.SceneRoutes(context.scenes());
    router.post("/api/v1/scenes/build").respond(sceneRoutes::build);
    router.get("/api/v1/scenes").respond(sceneRoutes::status);
    router.get("/api/v1/scenes/jobs/:id").respond(sceneRoutes::job);
    router.route("/3dtiles/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(context.scenes().tiles());
    // --- end scenes (issue 5) ---

    // --- events (issue 10) ---
    org.gridscape.server.event.EventRoutes eventRoutes = new org.gridscape.server.event.EventRoutes(context.events());
    router.get("/api/v1/events").respond(eventRoutes::list);
    router.post("/api/v1/events").respond(eventRoutes::create);
    router.get("/api/v1/events/stats").respond(eventRoutes::stats);
    router.get("/api/v1/events/locate").respond(eventRoutes::locate);
    router.get("/api/v1/events/:id").respond(eventRoutes::get);
    router.post("/api/v1/events/:id/transitions").respond(eventRoutes::transition);
    org.gridscape.server.event.EventAttachmentRoutes photoRoutes = new org.gridscape.server.event.EventAttachmentRoutes(
        new org.gridscape.server.event.EventAttachments(context.vertx(), context.db(), context.events(),
            context.config().dataDir()));
    router.post("/api/v1/events/:id/attachments").respond(photoRoutes::upload);
    router.get("/api/v1/events/:id/attachments/:n").handler(photoRoutes::download);
    router.post("/api/v1/imports/events").respond(eventRoutes::importEvents);
    router.get("/api/v1/district/mode").respond(eventRoutes::mode);
    router.put("/api/v1/district/mode").respond(eventRoutes::setMode);
    router.get("/api/v1/district/resources").respond(eventRoutes::resources);
    router.post("/api/v1/imports/emergency-resources").respond(eventRoutes::importResources);
    router.get("/api/v1/departments/:username/sectors").respond(eventRoutes::sectors);
    router.put("/api/v1/departments/:username/sectors").respond(eventRoutes::setSectors);
    // --- end events (issue 10) ---

    // Web apps (static, public): the viewer at /, the editor at /editor.
    router.get("/editor").handler(ctx -> ctx.reroute("/editor.html"));
    // One StaticHandler per event loop: its file cache is not thread-safe and the router is shared (issue 9).
    io.vertx.core.Handler<RoutingContext> webApps = PerEventLoop.of(() -> StaticHandler.create("webroot")
        .setIndexPage("index.html").setCachingEnabled(true).setMaxAgeSeconds(3600).setDirectoryListing(false));
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

  /** Browsers refuse ES modules served without a JavaScript type; Vert.x knows no .mjs or .glb. */
  private static void moduleMimeTypes(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String type = path.endsWith(".mjs") || path.endsWith(".js") ? "text/javascript; charset=utf-8"
        : path.endsWith(".wasm") ? "application/wasm"
        : path.endsWith(".glb") ? "model/gltf-binary"
        : null;
    if (type != null) {
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() < 400) { // errors stay JSON
          ctx.response().headers().set("Content-Type", type);
        }
      });
    }
    ctx.next();
  }
}
