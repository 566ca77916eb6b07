package org.gridscape.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.Set;
import org.gridscape.server.ServerContext;
import org.gridscape.server.Version;
import org.gridscape.server.appraisal.AppraisalRoutes;
import org.gridscape.server.appraisal.AppraisalService;
import org.gridscape.server.audit.AuditRoutes;
import org.gridscape.server.audit.AuditTrail;
import org.gridscape.server.audit.WriteAudit;
import org.gridscape.server.change.ChangeRoutes;
import org.gridscape.server.config.ServerConfig;
import org.gridscape.server.event.EventAttachmentRoutes;
import org.gridscape.server.event.EventAttachments;
import org.gridscape.server.event.EventRoutes;
import org.gridscape.server.field.CollectionService;
import org.gridscape.server.field.FieldRoutes;
import org.gridscape.server.field.VisitService;
import org.gridscape.server.grid.edit.EditRoutes;
import org.gridscape.server.grid.edit.GridEditService;
import org.gridscape.server.imagery.ImageryRoutes;
import org.gridscape.server.imagery.basemap.BaseMapRoutes;
import org.gridscape.server.imagery.basemap.BaseMapService;
import org.gridscape.server.layer.LayerKind;
import org.gridscape.server.layer.LayerRoutes;
import org.gridscape.server.ogc.ApiDescription;
import org.gridscape.server.ogc.ApiKeyGate;
import org.gridscape.server.ogc.FeatureStore;
import org.gridscape.server.ogc.ItemWrites;
import org.gridscape.server.ogc.LayerCache;
import org.gridscape.server.ogc.OgcRoutes;
import org.gridscape.server.ogc.RateLimiter;
import org.gridscape.server.party.DutyPoints;
import org.gridscape.server.party.PartyPointsRoutes;
import org.gridscape.server.patrol.PatrolRoutes;
import org.gridscape.server.print.PrintFonts;
import org.gridscape.server.print.PrintRoutes;
import org.gridscape.server.print.PrintService;
import org.gridscape.server.scene.SceneRoutes;
import org.gridscape.server.tileset.TilesetRoutes;
import org.gridscape.server.vectortile.OgcTileRoutes;
import org.gridscape.server.vectortile.TileRoutes;
import org.gridscape.server.vectortile.TileService;

/** Every HTTP route of the server, registered in this one place. */
public final class Routes {

  /** Largest body of an OGC API - Features Part 4 write (one feature; a grid outline has a few thousand vertices). */
  private static final long OGC_WRITE_LIMIT = 4L << 20;

  private Routes() {}

  public static Router create(ServerContext context) {
    Router router = Router.router(context.vertx());
    AuthRoutes authRoutes = new AuthRoutes(context.auth());
    GridRoutes gridRoutes = new GridRoutes(context.grids());
    AuthHandler authenticated = new AuthHandler(context.auth());

    // Headers on every response; every write under /api/ and /ogc/ audited.
    router.route().handler(SecurityHeaders.forWebApps(context.config().onlineBasemaps().stream()
        .map(ServerConfig.OnlineBasemap::origin).toList())::handle);
    AuditTrail auditTrail = new AuditTrail(context.db());
    WriteAudit writeAudit = new WriteAudit(auditTrail);
    router.route("/api/*").handler(writeAudit);
    router.route("/ogc/*").handler(writeAudit);
    if (!context.config().corsOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create().addOrigins(context.config().corsOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "X-API-Key")));
    }
    ApiKeyGate apiKeyGate = new ApiKeyGate(context.auth().users(), new RateLimiter(context.db()));
    // Orthophoto imports stream their GeoTIFF body (up to 2 GiB) to a file: before the body handler,
    // with their own authentication.
    LayerCache layerCache = new LayerCache(new FeatureStore(context.db()), Duration.ofSeconds(1), 256L << 20);
    BaseMapRoutes baseMap = new BaseMapRoutes(new BaseMapService(context.vertx(), layerCache),
        context.config().onlineBasemaps());
    ImageryRoutes imagery = new ImageryRoutes(context.vertx(), context.imagery(), baseMap.listing());
    router.post("/api/v1/imports/imagery").handler(StreamedUploads::holdBody).handler(authenticated)
        .handler(apiKeyGate).handler(imagery::upload);
    // Zipped 3D Tiles tilesets (photogrammetry, up to 2 GiB) likewise.
    TilesetRoutes tilesets = new TilesetRoutes(context.vertx(), context.tilesets());
    router.post("/api/v1/imports/3dtiles").handler(StreamedUploads::holdBody).handler(authenticated)
        .handler(apiKeyGate).handler(tilesets::upload);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(context.config().maxUploadBytes()));
    // OGC API - Features Part 4 writes: one feature per request, so a smaller limit than uploads.
    router.route("/ogc/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
        .handler(BodyHandler.create(false).setBodyLimit(Math.min(context.config().maxUploadBytes(), OGC_WRITE_LIMIT)));

    // Public
    router.get("/health").handler(ctx -> health(ctx, context));
    router.post("/api/v1/auth/login").respond(authRoutes::login);
    router.post("/api/v1/auth/logout").respond(authRoutes::logout);

    // Everything else under these prefixes needs a signed-in user or an API key.
    for (String prefix : new String[] {"/api/*", "/3dtiles/*", "/tiles/*", "/imagery", "/imagery/*", "/ogc", "/ogc/*"}) {
      if (!prefix.startsWith("/ogc") || !context.config().ogcPublic()) {
        router.route(prefix).handler(authenticated);
      }
    }
    if (context.config().ogcPublic()) {
      // An open /ogc is open for reading: writes still need a signed-in user or a key.
      router.route("/ogc/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
          .method(HttpMethod.DELETE).handler(authenticated);
    }
    // Layers for other systems: API-key scopes and limits, OGC API - Features, vector tiles, OpenAPI.
    for (String prefix : new String[] {"/api/*", "/3dtiles/*", "/tiles/*", "/imagery", "/imagery/*", "/ogc", "/ogc/*"}) {
      router.route(prefix).handler(apiKeyGate);
    }
    OgcRoutes ogc = new OgcRoutes(layerCache);
    router.get("/ogc").handler(ogc::landing);
    router.get("/ogc/").handler(ogc::landing);
    router.get("/ogc/conformance").handler(ogc::conformance);
    router.get("/ogc/api").handler(ogc::api);
    router.get("/ogc/collections").handler(ogc::collections);
    router.get("/ogc/collections/:collectionId").handler(ogc::collection);
    router.get("/ogc/collections/:collectionId/queryables").handler(ogc::queryables);
    router.get("/ogc/collections/:collectionId/items").handler(ogc::items);
    router.get("/ogc/collections/:collectionId/items/:featureId").handler(ogc::item);
    // Part 4: create, replace, update, delete, through the grid publish path and the event workflow.
    ItemWrites ogcWrites = new ItemWrites(layerCache, context.grids(), context.events());
    router.post("/ogc/collections/:collectionId/items").handler(ogcWrites::create);
    router.put("/ogc/collections/:collectionId/items/:featureId").handler(ogcWrites::replace);
    router.patch("/ogc/collections/:collectionId/items/:featureId").handler(ogcWrites::update);
    router.delete("/ogc/collections/:collectionId/items/:featureId").handler(ogcWrites::delete);
    TileRoutes tiles = new TileRoutes(new TileService(context.vertx(), layerCache));
    router.getWithRegex("/tiles/([a-z-]+)\\.json").handler(tiles::tileJson);
    router.getWithRegex("/tiles/([a-z-]+)/([^/]+)/([^/]+)/([^/]+)\\.mvt").handler(tiles::tile);
    // The same tiles as OGC API - Tiles.
    OgcTileRoutes ogcTiles = new OgcTileRoutes(tiles);
    router.get("/ogc/tileMatrixSets").handler(ogcTiles::tileMatrixSets);
    router.get("/ogc/tileMatrixSets/:tileMatrixSetId").handler(ogcTiles::tileMatrixSet);
    router.get("/ogc/tiles").handler(ogcTiles::datasetTilesets);
    router.get("/ogc/tiles/:tileMatrixSetId").handler(ogcTiles::datasetTileset);
    router.get("/ogc/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol").handler(ogcTiles::datasetTile);
    router.get("/ogc/collections/:collectionId/tiles").handler(ogcTiles::collectionTilesets);
    router.get("/ogc/collections/:collectionId/tiles/:tileMatrixSetId").handler(ogcTiles::collectionTileset);
    router.get("/ogc/collections/:collectionId/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol")
        .handler(ogcTiles::tile);
    router.get("/imagery/base.json").handler(baseMap::tileJson);
    router.getWithRegex("/imagery/base/([^/]+)/([^/]+)/([^/]+)\\.png").handler(baseMap::tile);
    router.getWithRegex("/imagery/online/([0-9]{1,3})\\.json").handler(baseMap::onlineTileJson);
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.json(ApiDescription.build(
        ctx.request().scheme() + "://" + ctx.request().authority())));

    // Users, API keys, the audit log (admins only).
    // The sign-in probe answers callers without credentials too ({"signedIn": false}): see AuthHandler.
    router.get("/api/v1/auth/me").respond(authRoutes::me);
    router.get("/api/v1/users").respond(authRoutes::listUsers);
    router.post("/api/v1/users").respond(authRoutes::createUser);
    router.post("/api/v1/api-keys").respond(authRoutes::createApiKey);
    router.get("/api/v1/audit").respond(new AuditRoutes(auditTrail)::list);

    // Grid editor; before /grids/:code so that /grids/export is not taken for a code.
    EditRoutes editRoutes = new EditRoutes(new GridEditService(context.vertx(), context.db(), context.grids()));
    router.post("/api/v1/villages/:code/validation").respond(editRoutes::validateProposal);
    router.post("/api/v1/villages/:code/snap").respond(editRoutes::snap);
    router.post("/api/v1/villages/:code/auto-partition").respond(editRoutes::autoPartition);
    router.post("/api/v1/grids/merge").respond(editRoutes::merge);
    router.post("/api/v1/grids/:code/split").respond(editRoutes::split);
    router.get("/api/v1/grids/export").handler(editRoutes::export);

    // Regions, village plans, grids.
    router.post("/api/v1/imports/regions").respond(gridRoutes::importRegions);
    router.post("/api/v1/imports/village-plan").respond(gridRoutes::importVillagePlan);
    router.post("/api/v1/imports/grids").respond(gridRoutes::importGrids);
    router.get("/api/v1/regions/:code").respond(gridRoutes::region);
    router.get("/api/v1/regions/:code/children").respond(gridRoutes::children);
    router.get("/api/v1/villages").respond(gridRoutes::villages);
    router.get("/api/v1/villages/:code/validation").respond(gridRoutes::validation);
    router.post("/api/v1/villages/:code/publish").respond(gridRoutes::publish);
    router.get("/api/v1/villages/:code/plan").respond(gridRoutes::plan);
    router.get("/api/v1/villages/:code/draft").respond(gridRoutes::draft);
    router.delete("/api/v1/villages/:code/draft").respond(gridRoutes::discardDraft);
    router.get("/api/v1/grids").respond(gridRoutes::listGrids);
    router.post("/api/v1/grids").respond(gridRoutes::createGrid);
    router.get("/api/v1/grids/:code").respond(gridRoutes::getGrid);
    router.put("/api/v1/grids/:code").respond(gridRoutes::updateGrid);
    router.delete("/api/v1/grids/:code").respond(gridRoutes::deleteGrid);
    router.get("/api/v1/grids/:code/history").respond(gridRoutes::gridHistory);
    // A published grid's workers (layer data, not part of the draft), for the editor's side panel.
    GridWorkerRoutes gridWorkers = new GridWorkerRoutes(new org.gridscape.server.grid.GridWorkers(context.db(),
        context.grids()));
    router.get("/api/v1/grids/:code/workers").respond(gridWorkers::read);
    router.put("/api/v1/grids/:code/workers").respond(gridWorkers::assign);
    // The editor's review steps: the draft against the published grids, published versions, import preview.
    DraftReviewRoutes review = new DraftReviewRoutes(context.vertx(), context.db(), context.grids());
    router.get("/api/v1/villages/:code/draft/diff").respond(review::diff);
    router.get("/api/v1/villages/:code/versions").respond(review::versions);
    router.post("/api/v1/imports/grids/preview").respond(review::importPreview);

    // Printed maps: a village's 网格分布图 (一村一图) and the district's overview, PDF or PNG.
    PrintRoutes print = new PrintRoutes(new PrintService(context.vertx(), context.db(), context.grids().store(),
        layerCache, new PrintFonts(context.config().printFont()), java.time.Clock.systemUTC()),
        new org.gridscape.server.layer.PersonalData(context.db()));
    router.get("/api/v1/villages/:code/map.pdf").handler(ctx -> print.villageMap(ctx, PrintService.Output.PDF));
    router.get("/api/v1/villages/:code/map.png").handler(ctx -> print.villageMap(ctx, PrintService.Output.PNG));
    router.get("/api/v1/district/map.pdf").handler(ctx -> print.districtMap(ctx, PrintService.Output.PDF));
    router.get("/api/v1/district/map.png").handler(ctx -> print.districtMap(ctx, PrintService.Output.PNG));

    // People, housing safety, Party and assistance layers.
    LayerRoutes layerRoutes = new LayerRoutes(context);
    for (LayerKind kind : LayerKind.values()) {
      router.post("/api/v1/imports/" + kind.path()).respond(ctx -> layerRoutes.importLayer(ctx, kind));
    }
    router.post("/api/v1/imports/party").respond(layerRoutes::importParty);
    router.get("/api/v1/stats").respond(layerRoutes::districtStats);
    PartyPointsRoutes partyPoints = new PartyPointsRoutes(new DutyPoints(context.db(), java.time.Clock.systemUTC()));
    router.get("/api/v1/regions/:code/stats").respond(ctx -> partyPoints.withBranchTotals(ctx, layerRoutes.regionStats(ctx)));
    router.get("/api/v1/layers/party-links").respond(layerRoutes::partyLinks);
    router.get("/api/v1/layers/points").respond(layerRoutes::points);
    router.get("/api/v1/buildings/:id/households").respond(layerRoutes::buildingHouseholds);
    router.get("/api/v1/residents/:id").respond(layerRoutes::resident);

    // Scenes.
    SceneRoutes sceneRoutes = new SceneRoutes(context.scenes());
    router.post("/api/v1/scenes/build").respond(sceneRoutes::build);
    router.get("/api/v1/scenes").respond(sceneRoutes::status);
    router.get("/api/v1/scenes/jobs/:id").respond(sceneRoutes::job);
    // Imported tilesets (photogrammetry): the list, removal, and their content-addressed files,
    // before the scene tree's handler takes the rest of /3dtiles.
    router.get("/api/v1/tilesets").respond(tilesets::list);
    router.delete("/api/v1/tilesets/:id").handler(tilesets::delete);
    router.route("/3dtiles/imported/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(tilesets::file);
    router.route("/3dtiles/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(context.scenes().tiles());

    // Orthophotos: import jobs and layer changes (planners), the layers and their tiles (map reads).
    // Layer ids never match "base", which is left to the server-drawn base map.
    router.get("/api/v1/imagery/jobs/:id").respond(imagery::job);
    router.patch("/api/v1/imagery/:id").respond(imagery::change);
    router.delete("/api/v1/imagery/:id").handler(imagery::delete);
    router.get("/imagery").handler(imagery::list);
    router.getWithRegex("/imagery/" + ImageryRoutes.LAYER + "\\.json").handler(imagery::tileJson);
    router.getWithRegex("/imagery/" + ImageryRoutes.LAYER + "/(\\d{1,2})/(\\d{1,8})/(\\d{1,8})\\.png")
        .handler(imagery::tile);

    // Events, photos, the district mode and emergency resources.
    EventRoutes eventRoutes = new EventRoutes(context.events());
    router.get("/api/v1/events").respond(eventRoutes::list);
    router.post("/api/v1/events").respond(eventRoutes::create);
    router.get("/api/v1/events/stats").respond(eventRoutes::stats);
    router.get("/api/v1/events/locate").respond(eventRoutes::locate);
    router.get("/api/v1/events/:id").respond(eventRoutes::get);
    router.post("/api/v1/events/:id/transitions").respond(eventRoutes::transition);
    EventAttachmentRoutes photoRoutes = new EventAttachmentRoutes(
        new EventAttachments(context.vertx(), context.db(), context.events(), context.config().dataDir(),
            context.sharedObjects()));
    router.post("/api/v1/events/:id/attachments").respond(photoRoutes::upload);
    router.get("/api/v1/events/:id/attachments/:n").handler(photoRoutes::download);
    router.post("/api/v1/imports/events").respond(eventRoutes::importEvents);
    router.get("/api/v1/district/mode").respond(eventRoutes::mode);
    router.put("/api/v1/district/mode").respond(eventRoutes::setMode);
    router.get("/api/v1/district/resources").respond(eventRoutes::resources);
    router.post("/api/v1/imports/emergency-resources").respond(eventRoutes::importResources);
    router.get("/api/v1/departments/:username/sectors").respond(eventRoutes::sectors);
    router.put("/api/v1/departments/:username/sectors").respond(eventRoutes::setSectors);

    // Grid workers' patrols and their coverage; /stats before /:id.
    PatrolRoutes patrolRoutes = new PatrolRoutes(context.patrols());
    router.post("/api/v1/patrols").respond(patrolRoutes::start);
    router.get("/api/v1/patrols").respond(patrolRoutes::list);
    router.get("/api/v1/patrols/stats").respond(patrolRoutes::stats);
    router.get("/api/v1/patrols/:id").respond(patrolRoutes::get);
    router.post("/api/v1/patrols/:id/points").respond(patrolRoutes::points);
    router.post("/api/v1/patrols/:id/end").respond(patrolRoutes::end);

    // Party members' duty points (修分争星) and the appraisal (效能督导); /points/award before /:id.
    router.post("/api/v1/party-members/points/award").respond(partyPoints::award);
    router.get("/api/v1/party-members/:id/points").respond(partyPoints::ledger);
    router.post("/api/v1/party-members/:id/points").respond(partyPoints::record);
    AppraisalRoutes appraisal = new AppraisalRoutes(context.vertx(),
        new AppraisalService(context.db(), context.patrols(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
    router.get("/api/v1/appraisal").handler(appraisal::table);
    router.get("/api/v1/appraisal/weights").respond(appraisal::weights);
    router.put("/api/v1/appraisal/weights").respond(appraisal::setWeights);
    // Visits and information collection (docs/FIELD.md); "field-collections" keeps clear of OGC's collections.
    java.time.Clock clock = java.time.Clock.systemUTC();
    FieldRoutes fieldRoutes = new FieldRoutes(new VisitService(context.db(), clock),
        new CollectionService(context.vertx(), context.db(), context.events(), clock));
    router.post("/api/v1/visits").respond(fieldRoutes::checkIn);
    router.get("/api/v1/visits").respond(fieldRoutes::listVisits);
    router.get("/api/v1/visits/nearby").respond(fieldRoutes::nearby);
    router.get("/api/v1/visits/:id").respond(fieldRoutes::getVisit);
    router.post("/api/v1/visits/:id/photo").respond(fieldRoutes::photo);
    router.get("/api/v1/visits/:id/photo").handler(fieldRoutes::readPhoto);
    router.post("/api/v1/field-collections").respond(fieldRoutes::propose);
    router.get("/api/v1/field-collections").respond(fieldRoutes::list);
    router.get("/api/v1/field-collections/:id").respond(fieldRoutes::get);
    router.post("/api/v1/field-collections/:id/review").respond(fieldRoutes::review);

    // The change feed and webhooks.
    ChangeRoutes changeRoutes = new ChangeRoutes(context.vertx(), context.db(), context.changes(),
        context.config().changeFeed());
    router.get("/api/v1/changes").respond(changeRoutes::changes);
    router.get("/api/v1/changes/stream").handler(changeRoutes::stream);
    router.post("/api/v1/webhooks").respond(changeRoutes::register);
    router.get("/api/v1/webhooks").respond(changeRoutes::list);
    router.delete("/api/v1/webhooks/:id").handler(changeRoutes::delete);
    router.get("/api/v1/webhooks/:id/deliveries").respond(changeRoutes::deliveries);

    // Web apps (static, public): the viewer at /, the editor at /editor.
    router.get("/editor").handler(ctx -> ctx.reroute("/editor.html"));
    router.get("/leader").handler(ctx -> ctx.reroute("/leader.html"));
    // One StaticHandler per event loop: its file cache is not thread-safe and the router is shared.
    Handler<RoutingContext> webApps = PerEventLoop.of(() -> StaticHandler.create("webroot")
        .setIndexPage("index.html").setCachingEnabled(true).setMaxAgeSeconds(3600).setDirectoryListing(false));
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(Routes::moduleMimeTypes)
        .handler(Routes::webAppCaching).handler(webApps);

    for (int status : new int[] {400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429, 500, 503}) {
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

  /**
   * The vendor libraries (CesiumJS, MapLibre, ECharts, terra-draw) change only with a release and
   * are cached for a day; the apps' own pages, scripts and styles are revalidated on every load
   * (a 304 from their Last-Modified), so an upgraded server is never mixed with stale modules.
   */
  private static void webAppCaching(RoutingContext ctx) {
    String policy = ctx.normalizedPath().startsWith("/vendor/") ? "public, max-age=86400" : "no-cache";
    ctx.addHeadersEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      if (status < 400) {
        ctx.response().headers().set("Cache-Control", policy);
      }
    });
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
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() < 400) { // errors stay JSON
          ctx.response().headers().set("Content-Type", type);
        }
      });
    }
    ctx.next();
  }
}
