package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.ValidationJson;
import org.gridscape.server.ingest.AttributeMapping;
import org.gridscape.server.ingest.GridFieldMapping;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.gridscape.server.store.GeographyStore.RegionRow;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/** Handlers for regions, imports of plans and grid sets, grids, validation and publishing. */
final class GridRoutes {

  private static final Role[] EDITORS = {Role.PLANNER};
  private static final Role[] READERS = {Role.PLANNER, Role.LEADER, Role.DEPARTMENT, Role.GRIDWORKER};
  /** The district overview tells where drafts are open and by whom: the editor's users and leaders. */
  private static final Role[] OVERVIEW_READERS = {Role.PLANNER, Role.LEADER};

  /** About 5 m: village outlines for a district-wide map. */
  private static final double OVERVIEW_TOLERANCE = 0.00005;

  private final GridService grids;

  GridRoutes(GridService grids) {
    this.grids = grids;
  }

  // --- imports

  Future<JsonObject> importRegions(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    return grids.importRegions(body(ctx)).map(created(ctx));
  }

  Future<JsonObject> importVillagePlan(RoutingContext ctx) {
    String village = requiredParam(ctx, "village");
    Principal who = AuthHandler.requireIn(ctx, village, EDITORS);
    return grids.importPlan(village, body(ctx), ctx.request().getHeader("Content-Type"), options(ctx), who)
        .map(created(ctx));
  }

  Future<JsonObject> importGrids(RoutingContext ctx) {
    String village = requiredParam(ctx, "village");
    Principal who = AuthHandler.requireIn(ctx, village, EDITORS);
    return grids.importGrids(village, body(ctx), ctx.request().getHeader("Content-Type"), options(ctx), who)
        .map(created(ctx));
  }

  // --- villages

  Future<JsonObject> validation(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, READERS);
    String revision = ctx.queryParams().get("revision");
    return grids.validate(village, revision == null || Requests.draftRevision(ctx));
  }

  Future<JsonObject> plan(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, READERS);
    return grids.planGeoJson(village, Requests.draftRevision(ctx));
  }

  Future<JsonObject> draft(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, EDITORS);
    return grids.draftSummary(village);
  }

  Future<JsonObject> discardDraft(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    AuthHandler.requireIn(ctx, village, EDITORS);
    return grids.discard(village);
  }

  Future<JsonObject> publish(RoutingContext ctx) {
    String village = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, village, EDITORS);
    return grids.publish(village, who);
  }

  // --- regions

  Future<JsonObject> region(RoutingContext ctx) {
    AuthHandler.require(ctx, READERS);
    String code = ctx.pathParam("code");
    return grids.store().region(code).map(found -> regionJson(found.orElseThrow(
        () -> ApiException.notFound("no region " + code)), true));
  }

  Future<JsonArray> children(RoutingContext ctx) {
    AuthHandler.require(ctx, READERS);
    String code = ctx.pathParam("code");
    return grids.store().region(code).compose(found -> {
      RegionRow region = found.orElseThrow(() -> ApiException.notFound("no region " + code));
      if (region.level().equals("village")) {
        return grids.store().gridsOfVillage(code, false).map(list -> {
          JsonArray out = new JsonArray();
          list.forEach(g -> out.add(new JsonObject().put("code", g.code()).put("name", g.name()).put("level", "grid")
              .put("kind", g.kind().code()).put("status", g.status()).put("parent", code)
              .put("bbox", bbox(g.geom()))));
          return out;
        });
      }
      return grids.store().children(code).map(list -> {
        JsonArray out = new JsonArray();
        list.forEach(r -> out.add(regionJson(r, false)));
        return out;
      });
    });
  }

  /**
   * Every village as a GeoJSON feature (outline simplified to about 5 m) with the state of its grids:
   * {@code published} (published grids, no draft: they passed validation when published), {@code draft}
   * (a draft is open; {@code draftErrors} is its validation's error count) or {@code none} (no grids
   * yet); {@code regions} lists the townships and work areas above them for the region tree. One query
   * for the figures; only the villages with an open draft (few at a time) are validated.
   */
  Future<JsonObject> villages(RoutingContext ctx) {
    AuthHandler.require(ctx, OVERVIEW_READERS);
    return grids.store().villageOverview().compose(rows -> {
      Map<String, Integer> draftErrors = new HashMap<>();
      Future<Void> chain = Future.succeededFuture();
      for (var row : rows) {
        if (row.hasDraft()) {
          String code = row.village().code();
          chain = chain.compose(v -> grids.validate(code, true)
              .map(result -> draftErrors.put(code, result.getJsonArray("errors").size()))
              .otherwise(failure -> null).mapEmpty());
        }
      }
      return chain.compose(v -> grids.store().regions()).map(regions -> {
        JsonArray features = new JsonArray();
        for (var row : rows) {
          RegionRow village = row.village();
          JsonObject properties = new JsonObject().put("code", village.code()).put("name", village.name())
              .put("parent", village.parentCode())
              .put("state", row.hasDraft() ? "draft" : row.grids() > 0 ? "published" : "none")
              .put("grids", row.grids());
          if (row.hasDraft()) {
            properties.put("draftGrids", row.draftGrids()).put("draftUpdatedAt", row.draftUpdatedAt().toString())
                .put("draftUpdatedBy", row.draftUpdatedBy()).put("draftErrors", draftErrors.get(village.code()));
          }
          JsonObject feature = new JsonObject().put("type", "Feature").put("id", village.code())
              .put("properties", properties);
          if (village.geom() != null) {
            feature.put("bbox", bbox(village.geom()))
                .put("geometry", ValidationJson.geometry(simplified(village.geom(), OVERVIEW_TOLERANCE)));
          } else {
            feature.putNull("geometry");
          }
          features.add(feature);
        }
        JsonArray above = new JsonArray();
        regions.stream().filter(r -> !r.level().equals("village")).forEach(r -> above.add(regionJson(r, false)));
        return new JsonObject().put("type", "FeatureCollection").put("features", features).put("regions", above);
      });
    });
  }

  // --- grids

  Future<JsonObject> listGrids(RoutingContext ctx) {
    AuthHandler.require(ctx, READERS);
    String village = ctx.queryParams().get("village");
    String bbox = ctx.queryParams().get("bbox");
    boolean draft = Requests.draftRevision(ctx);
    Future<List<GridRow>> rows;
    if (village != null && draft) {
      AuthHandler.requireIn(ctx, village, READERS);
      rows = grids.requireVillage(village).compose(v -> grids.workingGrids(village));
    } else if (village != null) {
      rows = grids.requireVillage(village).compose(v -> grids.store().gridsOfVillage(village,
          "true".equals(ctx.queryParams().get("includeRetired"))));
    } else if (draft) {
      throw ApiException.badRequest("revision=draft needs ?village=CODE (a draft belongs to one village)");
    } else if (bbox != null) {
      double[] box = parseBbox(bbox);
      rows = grids.store().gridsInBox(box[0], box[1], box[2], box[3], 2000);
    } else {
      throw ApiException.badRequest("give ?village=CODE or ?bbox=minLon,minLat,maxLon,maxLat");
    }
    double tolerance = tolerance(ctx.queryParams().get("tolerance"));
    return rows.map(list -> {
      JsonArray features = new JsonArray();
      list.forEach(g -> features.add(tolerance > 0 ? gridFeature(g, simplified(g.geom(), tolerance)) : gridFeature(g)));
      return new JsonObject().put("type", "FeatureCollection").put("features", features);
    });
  }

  /**
   * {@code ?tolerance=DEGREES}: outlines simplified within that distance (topology kept), for a map
   * that shows a whole city's grids where a pixel spans tens of metres; absent or 0: exact.
   */
  private static double tolerance(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      double t = Double.parseDouble(value);
      if (t >= 0 && t <= 0.1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badRequest("tolerance must be a number of degrees from 0 to 0.1");
  }

  private static Geometry simplified(Geometry outline, double tolerance) {
    Geometry simple = TopologyPreservingSimplifier.simplify(outline, tolerance);
    return simple.isEmpty() ? outline : simple;
  }

  Future<JsonObject> getGrid(RoutingContext ctx) {
    AuthHandler.require(ctx, READERS);
    String code = ctx.pathParam("code");
    if (Requests.draftRevision(ctx)) {
      AuthHandler.requireIn(ctx, code, READERS);
      return grids.workingGrid(code).map(g -> withEtag(ctx, g));
    }
    return grids.grid(code).map(g -> withEtag(ctx, g));
  }

  Future<JsonObject> gridHistory(RoutingContext ctx) {
    AuthHandler.require(ctx, READERS);
    String code = ctx.pathParam("code");
    return grids.grid(code).compose(g -> grids.store().gridHistory(code)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(t -> out.add(new JsonObject().put("version", t.getInteger(0)).put("change", t.getString(1))
          .put("status", t.getString(2)).put("at", String.valueOf(t.getValue(3))).put("by", t.getString(4))));
      return new JsonObject().put("code", code).put("history", out);
    });
  }

  Future<JsonObject> createGrid(RoutingContext ctx) {
    JsonObject feature = Requests.jsonBody(ctx);
    JsonObject props = feature.getJsonObject("properties", new JsonObject());
    String code = blankToNull(props.getString("code"));
    String village = blankToNull(props.getString("village"));
    if (village == null && code != null && code.length() >= 12) {
      village = code.substring(0, 12);
    }
    if (village == null) {
      throw ApiException.badRequest("properties.village (12 digits) or properties.code is required");
    }
    Principal who = AuthHandler.requireIn(ctx, village, EDITORS);
    Polygon geom = polygon(feature);
    return grids.createGrid(village, code, blankToNull(props.getString("name")), kind(props), geom, who)
        .map(g -> {
          ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/grids/" + g.code());
          return withEtag(ctx, g);
        });
  }

  Future<JsonObject> updateGrid(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, EDITORS);
    Integer expected = ifMatch(ctx);
    if (expected == null) {
      throw new ApiException(428, "precondition_required",
          "send If-Match with the grid's version (its ETag) so concurrent edits are not lost");
    }
    JsonObject feature = Requests.jsonBody(ctx);
    if (!feature.containsKey("properties") && !feature.containsKey("geometry")) {
      throw ApiException.badRequest("send a GeoJSON Feature with the changed properties and/or geometry");
    }
    JsonObject props = feature.getJsonObject("properties", new JsonObject());
    if (props.getString("code") != null && !props.getString("code").equals(code)) {
      throw new ApiException(422, "code_change", "a grid's code never changes; retire it and create a new grid",
          List.of(new JsonObject().put("code", code).put("given", props.getString("code"))));
    }
    Polygon geom = feature.getValue("geometry") == null ? null : polygon(feature);
    GridKind kind = props.getString("kind") == null ? null : kind(props);
    return grids.updateGrid(code, expected, blankToNull(props.getString("name")), kind, geom, who)
        .map(g -> withEtag(ctx, g));
  }

  Future<JsonObject> deleteGrid(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, EDITORS);
    return grids.retireGrid(code, ifMatch(ctx), who).map(g -> withEtag(ctx, g));
  }

  // --- JSON

  static JsonObject gridFeature(GridRow g) {
    return gridFeature(g, g.geom());
  }

  private static JsonObject gridFeature(GridRow g, Geometry outline) {
    return new JsonObject().put("type", "Feature").put("id", g.code())
        .put("properties", new JsonObject().put("code", g.code()).put("name", g.name()).put("kind", g.kind().code())
            .put("status", g.status()).put("version", g.version()).put("village", g.villageCode())
            .put("updatedAt", String.valueOf(g.updatedAt())).put("updatedBy", g.updatedBy()))
        .put("geometry", ValidationJson.geometry(outline));
  }

  private static JsonObject regionJson(RegionRow r, boolean withGeometry) {
    JsonObject out = new JsonObject().put("code", r.code()).put("name", r.name()).put("level", r.level())
        .put("parent", r.parentCode());
    if (r.fullName() != null) {
      out.put("fullName", r.fullName());
    }
    if (r.geom() != null) {
      out.put("bbox", bbox(r.geom()));
      if (withGeometry) {
        out.put("geometry", ValidationJson.geometry(r.geom()));
      }
    }
    return out;
  }

  private static JsonArray bbox(Geometry g) {
    var e = g.getEnvelopeInternal();
    return new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX()).add(e.getMaxY());
  }

  private static JsonObject withEtag(RoutingContext ctx, GridRow g) {
    ctx.response().putHeader("ETag", "\"" + g.version() + "\"");
    return gridFeature(g);
  }

  private static Integer ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip().replaceFirst("^W/", "").replace("\"", "");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("If-Match must be the grid's version, e.g. \"3\"");
    }
  }

  private static Polygon polygon(JsonObject feature) {
    JsonObject geometry = feature.getJsonObject("geometry");
    if (geometry == null) {
      throw ApiException.badRequest("a GeoJSON Feature with a Polygon geometry is required");
    }
    Geometry g;
    try {
      g = GeoJson.geometry(new com.fasterxml.jackson.databind.ObjectMapper().readTree(geometry.encode()),
          Geometries.FACTORY);
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(422, "invalid_geometry", "the geometry is not valid GeoJSON: " + e.getMessage());
    }
    if (!(g instanceof Polygon polygon)) {
      throw new ApiException(422, "multi_part_grid", "a grid is one Polygon, got " + (g == null ? "nothing"
          : g.getGeometryType()), List.of(new JsonObject().put("rule", "grid.single_polygon")));
    }
    if (!polygon.isValid() || polygon.isEmpty()) {
      throw new ApiException(422, "invalid_geometry", "the grid polygon is empty or self-intersecting",
          List.of(new JsonObject().put("rule", "geometry.valid")));
    }
    var e = polygon.getEnvelopeInternal();
    if (e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
      throw new ApiException(422, "coordinates_out_of_range", "coordinates must be WGS84 longitude/latitude");
    }
    return polygon;
  }

  private static GridKind kind(JsonObject props) {
    try {
      return GridKind.parse(props.getString("kind"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, "invalid_attribute", e.getMessage(),
          List.of(new JsonObject().put("field", "kind").put("value", props.getString("kind"))));
    }
  }

  static IngestOptions options(RoutingContext ctx) {
    IngestOptions options = IngestOptions.defaults().withCrs(ctx.queryParams().get("crs"))
        .withRepair("true".equalsIgnoreCase(ctx.queryParams().get("repair")));
    // A grid-set import's field mapping as chosen in the preview: ?code=FIELD&name=FIELD&kind=FIELD ("" = none).
    if (ctx.queryParams().contains("code") || ctx.queryParams().contains("name") || ctx.queryParams().contains("kind")) {
      options = options.withGridMapping(new GridFieldMapping(ctx.queryParams().get("code"),
          ctx.queryParams().get("name"), ctx.queryParams().get("kind")));
    }
    String mapping = ctx.queryParams().get("mapping");
    if (mapping != null) {
      Map<String, String> explicit = new HashMap<>();
      try {
        new JsonObject(mapping).forEach(e -> explicit.put(e.getKey(), String.valueOf(e.getValue())));
        options = options.withBuildingMapping(new AttributeMapping(explicit));
      } catch (RuntimeException e) {
        throw ApiException.badRequest("mapping must be a JSON object such as {\"floors\":\"CS\"}: " + e.getMessage());
      }
    }
    return options;
  }

  static byte[] body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0) {
      throw ApiException.badRequest("the upload is empty");
    }
    return ctx.body().buffer().getBytes();
  }

  static String requiredParam(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("query parameter '" + name + "' is required");
    }
    return value;
  }

  private static double[] parseBbox(String bbox) {
    String[] parts = bbox.split(",");
    if (parts.length != 4) {
      throw ApiException.badRequest("bbox must be minLon,minLat,maxLon,maxLat");
    }
    double[] out = new double[4];
    try {
      for (int i = 0; i < 4; i++) {
        out[i] = Double.parseDouble(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("bbox must be four numbers");
    }
    if (out[0] < -180 || out[2] > 180 || out[1] < -90 || out[3] > 90 || !(out[0] <= out[2]) || !(out[1] <= out[3])) {
      throw ApiException.badRequest("bbox must be minLon,minLat,maxLon,maxLat in degrees (WGS84), min before max");
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static java.util.function.Function<JsonObject, JsonObject> created(RoutingContext ctx) {
    return json -> {
      ctx.response().setStatusCode(201);
      return json;
    };
  }
}
