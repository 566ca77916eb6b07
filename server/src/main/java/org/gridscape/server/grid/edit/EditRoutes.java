package org.gridscape.server.grid.edit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.GridFeature;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.SourceFeature;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** HTTP handlers of the grid editor's operations; registered in {@code http.Routes}. */
public final class EditRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PROPOSED_GRIDS = 999;

  private final GridEditService edits;

  public EditRoutes(GridEditService edits) {
    this.edits = edits;
  }

  /** POST /api/v1/villages/:code/validation - validates the FeatureCollection in the body, saves nothing. */
  public Future<JsonObject> validateProposal(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, Role.PLANNER, Role.LEADER);
    JsonObject body = Requests.jsonBody(ctx);
    FeatureLayer layer;
    try {
      layer = GeoJson.read("proposal", body.toBuffer().getBytes(), Geometries.FACTORY);
    } catch (RuntimeException e) {
      throw new ApiException(422, "invalid_geojson", "the body must be a GeoJSON FeatureCollection: " + e.getMessage());
    }
    if (layer.features().size() > MAX_PROPOSED_GRIDS) {
      throw new ApiException(413, "too_many_features", "a village has at most " + MAX_PROPOSED_GRIDS + " grids");
    }
    List<GridFeature> proposal = new ArrayList<>();
    for (SourceFeature f : layer.features()) {
      if (f.geometry() == null) {
        throw new ApiException(422, "invalid_geometry", "feature #" + f.index() + " has no geometry");
      }
      Object kind = f.properties().get("kind");
      GridKind k;
      try {
        k = kind == null ? GridKind.STANDARD : GridKind.parse(String.valueOf(kind));
      } catch (IllegalArgumentException e) {
        throw new ApiException(422, "invalid_attribute", "feature #" + f.index() + ": " + e.getMessage());
      }
      Object code = f.properties().get("code");
      Object name = f.properties().get("name");
      proposal.add(new GridFeature(proposal.size(), code == null ? null : String.valueOf(code),
          name == null ? null : String.valueOf(name), k, f.geometry()));
    }
    return edits.validateProposal(village, proposal).recover(EditRoutes::mapped);
  }

  /** POST /api/v1/villages/:code/snap {geometry, except: [codes]} - the drawn polygon fitted to its surroundings. */
  public Future<JsonObject> snap(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, Role.PLANNER);
    JsonObject body = Requests.jsonBody(ctx);
    Geometry drawn = geometry(body.getJsonObject("geometry"), "geometry");
    if (!(drawn instanceof Polygon polygon)) {
      throw new ApiException(422, "invalid_geometry", "geometry must be a Polygon");
    }
    Set<String> except = new HashSet<>();
    JsonArray list = body.getJsonArray("except", new JsonArray());
    list.forEach(c -> except.add(String.valueOf(c)));
    return edits.snap(village, polygon, except)
        .map(p -> new JsonObject().put("type", "Feature").put("properties", new JsonObject())
            .put("geometry", org.gridscape.server.grid.ValidationJson.geometry(p)))
        .recover(EditRoutes::mapped);
  }

  /**
   * POST /api/v1/grids/:code/split {line, codes?} (If-Match optional) - saves the parts in one
   * transaction; returns them. {@code codes}: typed codes for the new parts, largest part first.
   */
  public Future<JsonObject> split(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, Role.PLANNER);
    JsonObject body = Requests.jsonBody(ctx);
    Geometry line = geometry(body.getJsonObject("line"), "line");
    if (!(line instanceof LineString ls)) {
      throw new ApiException(422, "invalid_geometry", "line must be a LineString");
    }
    List<String> codes = new ArrayList<>();
    Object typed = body.getValue("codes");
    if (typed != null && !(typed instanceof JsonArray)) {
      throw ApiException.badRequest("codes must be an array of 15-digit grid codes");
    }
    if (typed != null) {
      ((JsonArray) typed).forEach(c -> codes.add(String.valueOf(c)));
    }
    if (Set.copyOf(codes).size() != codes.size()) {
      throw ApiException.badRequest("codes must be different from each other");
    }
    return edits.split(code, ls, ifMatch(ctx), codes, who).map(EditRoutes::collection).recover(EditRoutes::mapped);
  }

  /**
   * POST /api/v1/grids/merge {codes, versions?} - the first grid takes the union, the others are
   * retired, in one transaction; {@code versions} (one per code) are the versions the planner saw.
   */
  public Future<JsonObject> merge(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    JsonArray array = body.getJsonArray("codes");
    if (array == null || array.isEmpty()) {
      throw ApiException.badRequest("codes (an array of grid codes) is required");
    }
    List<String> codes = new ArrayList<>();
    array.forEach(c -> codes.add(String.valueOf(c)));
    Principal who = null;
    for (String c : codes) {
      who = AuthHandler.requireIn(ctx, c, Role.PLANNER);
    }
    Principal by = who;
    List<Integer> versions = null;
    if (body.getValue("versions") != null) {
      if (!(body.getValue("versions") instanceof JsonArray list)) {
        throw ApiException.badRequest("versions must be an array of integers, one per code");
      }
      versions = new ArrayList<>();
      for (Object v : list) {
        if (!(v instanceof Integer i)) {
          throw ApiException.badRequest("versions must be an array of integers, one per code; got '" + v + "'");
        }
        versions.add(i);
      }
    }
    return edits.merge(codes, versions, by).map(row -> collection(List.of(row))).recover(EditRoutes::mapped);
  }

  /** POST /api/v1/villages/:code/auto-partition - a proposed FeatureCollection; nothing is saved. */
  public Future<JsonObject> autoPartition(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, Role.PLANNER);
    return edits.autoPartition(village).recover(EditRoutes::mapped);
  }

  /** GET /api/v1/grids/export?village=&format=geojson|gpkg */
  public void export(RoutingContext ctx) {
    String village = ctx.queryParams().get("village");
    if (village == null || village.isBlank()) {
      throw ApiException.badRequest("query parameter 'village' is required");
    }
    AuthHandler.requireIn(ctx, village, Role.PLANNER, Role.LEADER, Role.DEPARTMENT, Role.GRIDWORKER);
    String format = ctx.queryParams().get("format") == null ? "geojson" : ctx.queryParams().get("format");
    if (!format.equals("geojson") && !format.equals("gpkg")) {
      throw ApiException.badRequest("format must be geojson or gpkg");
    }
    edits.export(village, format, Requests.draftRevision(ctx)).onSuccess(bytes -> ctx.response()
        .putHeader("Content-Type", format.equals("gpkg") ? "application/geopackage+sqlite3" : "application/geo+json")
        .putHeader("Content-Disposition", "attachment; filename=\"grids-" + village + "." + format + "\"")
        .end(Buffer.buffer(bytes))).onFailure(ctx::fail);
  }

  private static JsonObject collection(List<GridRow> rows) {
    JsonArray features = new JsonArray();
    for (GridRow g : rows) {
      features.add(new JsonObject().put("type", "Feature").put("id", g.code())
          .put("properties", new JsonObject().put("code", g.code()).put("name", g.name()).put("kind", g.kind().code())
              .put("status", g.status()).put("version", g.version()).put("village", g.villageCode()))
          .put("geometry", org.gridscape.server.grid.ValidationJson.geometry(g.geom())));
    }
    return new JsonObject().put("type", "FeatureCollection").put("features", features);
  }

  private static Geometry geometry(JsonObject json, String field) {
    if (json == null) {
      throw ApiException.badRequest("'" + field + "' (a GeoJSON geometry) is required");
    }
    try {
      Geometry g = GeoJson.geometry(JSON.readTree(json.encode()), Geometries.FACTORY);
      if (g == null || g.isEmpty()) {
        throw new IllegalArgumentException("empty geometry");
      }
      var e = g.getEnvelopeInternal();
      if (e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
        throw new IllegalArgumentException("coordinates must be WGS84 longitude/latitude");
      }
      return g;
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(422, "invalid_geometry", "'" + field + "' is not a valid GeoJSON geometry: " + e.getMessage());
    }
  }

  private static Integer ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(header.strip().replaceFirst("^W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("If-Match must be the grid's version, e.g. \"3\"");
    }
  }

  private static <T> Future<T> mapped(Throwable e) {
    if (e instanceof GeometryEditException g) {
      return Future.failedFuture(new ApiException(422, g.reason(), g.getMessage()));
    }
    return Future.failedFuture(e);
  }
}
