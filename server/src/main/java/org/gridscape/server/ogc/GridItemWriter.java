package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.grid.GridPublishing;
import org.gridscape.server.grid.GridService;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Part 4 writes of the {@code grids} collection: each one publishes (see {@link GridPublishing}), so
 * it passes the validation of the editor's publish or is refused with nothing written. Who: planners
 * whose areas cover the grid (admins always), as in the editor.
 */
final class GridItemWriter implements ItemWrites.CollectionWriter {

  private static final List<String> WRITABLE = List.of("name", "kind");
  private static final String WGS84 = "EPSG:4326";
  private static final String CGCS2000 = "EPSG:4490";

  private final GridPublishing publishing;
  private final FeatureStore store;

  GridItemWriter(GridService grids, FeatureStore store) {
    this.publishing = grids.publishing();
    this.store = store;
  }

  @Override
  public void authorize(RoutingContext ctx, String featureId) {
    if (featureId == null) {
      AuthHandler.require(ctx, Role.PLANNER);
    } else {
      AuthHandler.requireIn(ctx, featureId, Role.PLANNER);
    }
  }

  /**
   * A new grid: {@code code} (15 digits; absent: assigned) and/or {@code village_code}, {@code name},
   * {@code kind} and a Polygon.
   */
  @Override
  public Future<ItemWrites.Written> create(RoutingContext ctx, JsonObject feature, Crs crs) {
    JsonObject props = ItemWrites.properties(feature);
    ItemWrites.checkProperties(Layers.GRIDS, props, List.of("code", "village_code", "name", "kind"), List.of(), null);
    String code = ItemWrites.text(props, "code").orElse(null);
    String village = ItemWrites.text(props, "village_code").orElse(null);
    if (village == null && code != null && code.length() >= 12) {
      village = code.substring(0, 12);
    }
    if (village == null) {
      throw ApiException.badRequest("a new grid needs properties.village_code (12 digits) or properties.code");
    }
    if (code != null && !code.startsWith(village)) {
      throw new ApiException(422, "grid_code_wrong_village", "grid code " + code + " does not begin with the code of "
          + "village " + village, List.of(new JsonObject().put("code", code).put("village_code", village)));
    }
    Principal who = AuthHandler.requireIn(ctx, village, Role.PLANNER);
    Polygon geom = polygon(ItemWrites.geometry(feature, crs), true);
    return publishing.create(village, code, ItemWrites.text(props, "name").orElse(null), kind(props), geom,
        crsCode(crs), who).map(g -> new ItemWrites.Written(g.code(), g.version()));
  }

  /** The whole grid: name, kind (absent: standard) and outline; the code and the server's properties unchanged. */
  @Override
  public Future<ItemWrites.Written> replace(RoutingContext ctx, String id, int version, JsonObject feature, Crs crs) {
    Principal who = AuthHandler.principal(ctx);
    return ItemWrites.published(store, Layers.GRIDS, RegionScope.ALL, id)
        .compose(current -> write(id, version, feature, crs, current, who, true));
  }

  /** A merge patch of the grid as GET gives it; what it leaves out stays. */
  @Override
  public Future<ItemWrites.Written> update(RoutingContext ctx, String id, int version, JsonObject patch, Crs crs) {
    Principal who = AuthHandler.principal(ctx);
    if (patch.containsKey("geometry") && patch.getValue("geometry") == null) {
      throw new ApiException(422, "geometry_required", "a grid keeps a polygon; it cannot be patched away",
          List.of(new JsonObject().put("field", "geometry")));
    }
    return ItemWrites.published(store, Layers.GRIDS, RegionScope.ALL, id).compose(current -> {
      JsonObject before = ItemWrites.asJson(current);
      if (crs.latLon() && patch.containsKey("geometry")) {
        // The patch's geometry is in the request's CRS; the rest of the merged feature is CRS84.
        JsonObject merged = (JsonObject) MergePatch.apply(before, patch.copy().put("geometry", null));
        merged.put("geometry", patch.getValue("geometry"));
        return write(id, version, merged, crs, current, who, false);
      }
      JsonObject merged = (JsonObject) MergePatch.apply(before, patch);
      return write(id, version, merged, patch.containsKey("geometry") ? crs : Crs.CRS84, current, who, false);
    });
  }

  @Override
  public Future<Void> delete(RoutingContext ctx, String id, int version) {
    return publishing.retire(id, version, AuthHandler.principal(ctx)).mapEmpty();
  }

  private Future<ItemWrites.Written> write(String id, int version, JsonObject feature, Crs crs, Feature current,
      Principal who, boolean whole) {
    JsonObject props = ItemWrites.properties(feature);
    ItemWrites.checkProperties(Layers.GRIDS, props, WRITABLE, List.of(), current.properties());
    Geometry given = ItemWrites.geometry(feature, crs);
    if (whole && given == null) {
      throw new ApiException(422, "geometry_required", "PUT replaces the whole grid: give its Polygon too",
          List.of(new JsonObject().put("field", "geometry")));
    }
    Polygon geom = given == null ? null : polygon(given, true);
    String name = ItemWrites.text(props, "name").orElse(null);
    GridKind kind = props.getValue("kind") == null ? (whole ? GridKind.STANDARD : null) : kind(props);
    return publishing.replace(id, version, name, kind, geom, geom == null ? null : crsCode(crs), who)
        .map(g -> new ItemWrites.Written(g.code(), g.version()));
  }

  static Polygon polygon(Geometry g, boolean required) {
    if (g == null) {
      if (required) {
        throw new ApiException(422, "geometry_required", "a grid needs a Polygon geometry",
            List.of(new JsonObject().put("field", "geometry")));
      }
      return null;
    }
    if (!(g instanceof Polygon polygon)) {
      throw new ApiException(422, "multi_part_grid", "a grid is one Polygon, got " + g.getGeometryType(),
          List.of(new JsonObject().put("rule", "grid.single_polygon")));
    }
    if (polygon.isEmpty() || !polygon.isValid()) {
      throw new ApiException(422, "invalid_geometry", "the grid polygon is empty or self-intersecting",
          List.of(new JsonObject().put("rule", "geometry.valid")));
    }
    return polygon;
  }

  private static GridKind kind(JsonObject props) {
    Object value = props.getValue("kind");
    try {
      return value == null ? GridKind.STANDARD : GridKind.parse(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, "invalid_attribute", e.getMessage(),
          List.of(new JsonObject().put("property", "kind").put("value", value)));
    }
  }

  private static String crsCode(Crs crs) {
    return crs.latLon() ? CGCS2000 : WGS84;
  }
}
