package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.ServerContext;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.store.Database;

/**
 * The HTTP handlers of the layers (registered in {@code http.Routes}): imports (admins only), region
 * and district figures (anyone within scope), GeoJSON overlays (within scope) and the person-level
 * reads under the {@link Disclosure} policy.
 */
public final class LayerRoutes {

  private final LayerImporter importer;
  private final LayerFigures figures;
  private final LayerGeoJson geoJson;
  private final PersonalData people;
  private final Database db;

  public LayerRoutes(ServerContext context) {
    this.importer = new LayerImporter(context.vertx(), context.db());
    this.figures = new LayerFigures(context.db());
    this.geoJson = new LayerGeoJson(context.db());
    this.people = new PersonalData(context.db());
    this.db = context.db();
  }

  /** {@code POST /api/v1/imports/{layer}?mode=upsert|replace}; body CSV or JSON. */
  public Future<Map<String, Object>> importLayer(RoutingContext ctx, LayerKind kind) {
    Principal principal = AuthHandler.require(ctx);
    return importer.importTable(kind, body(ctx), ctx.request().getHeader("Content-Type"), mode(ctx),
        principal.username(), remote(ctx)).map(ImportResult::toMap).recover(LayerRoutes::asApiError);
  }

  /** {@code POST /api/v1/imports/party}: one JSON object {@code {orgs, members, links}}. */
  public Future<Map<String, Object>> importParty(RoutingContext ctx) {
    Principal principal = AuthHandler.require(ctx);
    return importer.importParty(body(ctx), mode(ctx), principal.username(), remote(ctx))
        .map(results -> Map.<String, Object>of("imports", results.stream().map(ImportResult::toMap).toList()))
        .recover(LayerRoutes::asApiError);
  }

  /** {@code GET /api/v1/stats}: the district figures; callers limited to part of the district get 403. */
  public Future<Map<String, Object>> districtStats(RoutingContext ctx) {
    Principal principal = official(ctx);
    return recentDistrictStats().map(stats -> {
      String district = (String) stats.get("code");
      if (district != null && !principal.covers(district)) {
        throw ApiException.forbidden("the district figures are outside your assigned areas; ask for "
            + "/api/v1/regions/{code}/stats of your own area");
      }
      return stats;
    });
  }

  /**
   * The district figures are the same for every caller and take a few hundred milliseconds of
   * aggregation: a dashboard refreshing on many screens is served the figures of the last
   * second (like the OGC pages) instead of recomputing them per request, and screens asking while
   * they are computed share that computation. Both only while the change log's head is the one read
   * before the computation started: viewers refresh because the change feed told them of a commit,
   * and must not get the figures from before it (they would keep showing them until the next change).
   */
  private Future<Map<String, Object>> recentDistrictStats() {
    long now = System.nanoTime();
    return ChangeLog.head(db).compose(head -> {
      DistrictStats current = districtStats;
      if (current != null && current.changeHead() == head && now - current.startedAt() < DISTRICT_STATS_TTL_NANOS
          && !current.stats().failed()) {
        return current.stats();
      }
      Future<Map<String, Object>> stats = figures.districtStats()
          .map(computed -> Collections.unmodifiableMap(new LinkedHashMap<>(computed)));
      districtStats = new DistrictStats(now, head, stats);
      return stats;
    });
  }

  /** District figures computed (or being computed) from {@code startedAt}, after the log's head was {@code changeHead}. */
  private record DistrictStats(long startedAt, long changeHead, Future<Map<String, Object>> stats) {}

  private static final long DISTRICT_STATS_TTL_NANOS = 1_000_000_000L;
  private volatile DistrictStats districtStats;

  /** {@code GET /api/v1/regions/{code}/stats}: district, township, work area, village or grid. */
  public Future<Map<String, Object>> regionStats(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal principal = official(ctx);
    if (!principal.covers(code)) {
      throw ApiException.forbidden("'" + code + "' is outside your assigned areas");
    }
    return figures.regionStats(code).map(found -> found.orElseThrow(
        () -> ApiException.notFound("no region or grid with code '" + code + "'")));
  }

  /** {@code GET /api/v1/layers/party-links?grid=}. */
  public Future<Map<String, Object>> partyLinks(RoutingContext ctx) {
    String grid = gridParameter(ctx);
    return geoJson.partyLinks(grid).map(found -> orNotFound(found, grid));
  }

  /** {@code GET /api/v1/layers/points?grid=&kind=party_branch,neighbourhood_centre,...}. */
  public Future<Map<String, Object>> points(RoutingContext ctx) {
    String grid = gridParameter(ctx);
    Set<LayerGeoJson.PointKind> kinds;
    try {
      kinds = LayerGeoJson.PointKind.parse(ctx.request().getParam("kind"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return geoJson.points(grid, kinds).map(found -> orNotFound(found, grid));
  }

  /** {@code GET /api/v1/buildings/{id}/households?full=true}: masked unless full is allowed and asked for. */
  public Future<Map<String, Object>> buildingHouseholds(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal principal = AuthHandler.principal(ctx);
    boolean full = fullRequested(ctx);
    return people.locateBuilding(id).compose(found -> {
      PersonalData.Location location = found.orElseThrow(() -> ApiException.notFound("no building '" + id + "'"));
      Disclosure disclosure = decide(principal, location, full);
      return people.buildingHouseholds(location, disclosure).compose(body -> disclosure == Disclosure.FULL
          ? people.auditFullRead(principal.username(), "building:" + id, "households=" + body.get("householdCount")
              + " residents=" + body.get("residentCount"), remote(ctx)).map(body)
          : Future.succeededFuture(body));
    });
  }

  /** {@code GET /api/v1/residents/{id}?full=true}. */
  public Future<Map<String, Object>> resident(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal principal = AuthHandler.principal(ctx);
    boolean full = fullRequested(ctx);
    return people.locateResident(id).compose(found -> {
      PersonalData.Location location = found.orElseThrow(() -> ApiException.notFound("no resident '" + id + "'"));
      Disclosure disclosure = decide(principal, location, full);
      return people.resident(id, location, disclosure).compose(resident -> {
        Map<String, Object> body = resident.orElseThrow(() -> ApiException.notFound("no resident '" + id + "'"));
        return disclosure == Disclosure.FULL
            ? people.auditFullRead(principal.username(), "resident:" + id, "building=" + location.buildingId(),
                remote(ctx)).map(body)
            : Future.succeededFuture(body);
      });
    });
  }

  // ---------------------------------------------------------------- helpers

  private static Disclosure decide(Principal principal, PersonalData.Location location, boolean full) {
    Disclosure.Decision decision = Disclosure.decide(principal, location.areaCode(), full);
    if (!decision.allowed()) {
      throw ApiException.forbidden(decision.refusal());
    }
    return decision.disclosure();
  }

  private static boolean fullRequested(RoutingContext ctx) {
    String full = ctx.request().getParam("full");
    if (full == null || full.equalsIgnoreCase("false")) {
      return false;
    }
    if (full.equalsIgnoreCase("true")) {
      return true;
    }
    throw ApiException.badRequest("full must be true or false, not '" + full + "'");
  }

  private static String gridParameter(RoutingContext ctx) {
    String grid = ctx.request().getParam("grid");
    if (grid == null || !grid.matches("\\d{15}")) {
      throw ApiException.badRequest("the grid parameter must be a 15-digit grid code");
    }
    Principal principal = official(ctx);
    if (!principal.covers(grid)) {
      throw ApiException.forbidden("'" + grid + "' is outside your assigned areas");
    }
    return grid;
  }

  /**
   * The caller, unless an API client without another role: figures and overlays of people, Party and
   * assistance are for officials; other systems read the layers their key names (OGC, tiles). Found
   * by the authorisation matrix test: a key for the grids layer read every people figure.
   */
  private static Principal official(RoutingContext ctx) {
    Principal principal = AuthHandler.principal(ctx);
    if (principal.roles().equals(Set.of(org.gridscape.server.auth.Role.APICLIENT))) {
      throw ApiException.forbidden("figures and overlays are for officials; API keys read the layers they name");
    }
    return principal;
  }

  private static Map<String, Object> orNotFound(Optional<Map<String, Object>> found, String grid) {
    return found.orElseThrow(() -> ApiException.notFound("no grid with code '" + grid + "'"));
  }

  private static byte[] body(RoutingContext ctx) {
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  private static ImportMode mode(RoutingContext ctx) {
    try {
      return ImportMode.parse(ctx.request().getParam("mode"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  private static <T> Future<T> asApiError(Throwable failure) {
    if (failure instanceof LayerImportException e) {
      List<Object> details = e.problems().stream().<Object>map(RowProblem::toMap).toList();
      ApiException api = switch (e.kind()) {
        case MALFORMED -> new ApiException(400, "malformed_file", e.getMessage(), details);
        case UNSUPPORTED_MEDIA_TYPE -> new ApiException(415, "unsupported_media_type", e.getMessage());
        case INVALID_ROWS -> new ApiException(422, "invalid_rows", e.getMessage(), details);
      };
      return Future.failedFuture(api);
    }
    return Future.failedFuture(failure);
  }
}
