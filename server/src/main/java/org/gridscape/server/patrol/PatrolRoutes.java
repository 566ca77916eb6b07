package org.gridscape.server.patrol;

import static org.gridscape.server.http.Requests.day;
import static org.gridscape.server.http.Requests.intParam;
import static org.gridscape.server.http.Requests.number;
import static org.gridscape.server.http.Requests.param;
import static org.gridscape.server.http.Requests.text;
import static org.gridscape.server.http.Requests.time;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/** The HTTP handlers of patrols (registered in {@code http.Routes}); docs/PATROLS.md. */
public final class PatrolRoutes {

  private final PatrolService patrols;

  public PatrolRoutes(PatrolService patrols) {
    this.patrols = patrols;
  }

  /** {@code POST /api/v1/patrols} {@code {id, grid, startedAt?}}: 201 new, 200 when the id is the caller's already. */
  public Future<Map<String, Object>> start(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    String id = text(body, "id");
    String grid = text(body, "grid");
    OffsetDateTime startedAt = time(body.getValue("startedAt"), "startedAt");
    return patrols.start(who, id, grid, startedAt).map(started -> {
      ctx.response().setStatusCode(started.created() ? 201 : 200)
          .putHeader("Location", "/api/v1/patrols/" + started.patrol().id());
      return PatrolJson.summary(started.patrol());
    });
  }

  /** {@code POST /api/v1/patrols/{id}/points} {@code {points: [{id, t, lon, lat, accuracy}]}}. */
  public Future<Map<String, Object>> points(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    if (!(body.getValue("points") instanceof JsonArray array)) {
      throw PatrolException.invalid("points", "'points' is required: an array of {id, t, lon, lat, accuracy}");
    }
    if (array.size() > PatrolService.MAX_POINTS_PER_BATCH) {
      throw PatrolException.invalid("points", "'points' holds at most " + PatrolService.MAX_POINTS_PER_BATCH
          + " positions; send more batches");
    }
    List<TrackPoint> points = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      points.add(point(array.getValue(i), "points[" + i + "]"));
    }
    return patrols.addPoints(who, ctx.pathParam("id"), points).map(batch -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("received", batch.received());
      out.put("stored", batch.stored());
      out.put("duplicates", batch.duplicates());
      out.put("patrol", PatrolJson.summary(batch.patrol()));
      return out;
    });
  }

  /** {@code POST /api/v1/patrols/{id}/end} {@code {endedAt?}} (body optional): the summary with the coverage. */
  public Future<Map<String, Object>> end(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    String text = ctx.body() == null ? null : ctx.body().asString();
    OffsetDateTime endedAt = null;
    if (text != null && !text.isBlank()) {
      endedAt = time(Requests.jsonBody(ctx).getValue("endedAt"), "endedAt");
    }
    return patrols.end(who, ctx.pathParam("id"), endedAt);
  }

  /**
   * {@code GET /api/v1/patrols/{id}[?coverage=false]}: the GeoJSON track with times; without the
   * coverage of its grid (null) when asked, which spares reading the grid's roads and buildings.
   */
  public Future<Map<String, Object>> get(RoutingContext ctx) {
    String coverage = param(ctx, "coverage");
    if (coverage != null && !coverage.equals("true") && !coverage.equals("false")) {
      throw PatrolException.invalid("coverage", "'coverage' must be true or false");
    }
    return patrols.get(AuthHandler.principal(ctx), ctx.pathParam("id"), !"false".equals(coverage));
  }

  /** {@code GET /api/v1/patrols?grid=&worker=&from=&to=&limit=}: summaries, newest first. */
  public Future<Map<String, Object>> list(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    String grid = param(ctx, "grid");
    if (grid != null && !grid.matches("\\d{15}")) {
      throw PatrolException.invalid("grid", "'grid' must be a 15-digit grid code");
    }
    String worker = param(ctx, "worker");
    if (worker != null && !worker.matches("[A-Za-z0-9_.-]{2,64}")) {
      throw PatrolException.invalid("worker", "'worker' must be a user name (2-64 letters, digits, '_', '.' or '-')");
    }
    int limit = intParam(ctx, "limit", 100);
    return patrols.list(who, grid, worker, day(param(ctx, "from"), false, "from"),
        day(param(ctx, "to"), true, "to"), limit).map(list -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("patrols", list.stream().map(PatrolJson::summary).toList());
          out.put("numberReturned", list.size());
          return out;
        });
  }

  /** {@code GET /api/v1/patrols/stats?region=&from=&to=&distance=}: coverage per grid, worker and region. */
  public Future<Map<String, Object>> stats(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    String distance = param(ctx, "distance");
    double d;
    try {
      d = distance == null ? Coverage.DEFAULT_DISTANCE_M : Double.parseDouble(distance);
    } catch (NumberFormatException e) {
      throw PatrolException.invalid("distance", "'distance' must be a number of metres");
    }
    return patrols.stats(who, param(ctx, "region"), day(param(ctx, "from"), false, "from"),
        day(param(ctx, "to"), true, "to"), d);
  }

  // ---------------------------------------------------------------- parameters

  private static TrackPoint point(Object value, String path) {
    if (!(value instanceof JsonObject p)) {
      throw PatrolException.invalid(path, "'" + path + "' must be an object {id, t, lon, lat, accuracy}");
    }
    String id = text(p, "id", path + ".id");
    OffsetDateTime t = time(p.getValue("t"), path + ".t");
    if (t == null) {
      throw PatrolException.invalid(path + ".t", "'" + path + ".t' is required: an ISO time with offset");
    }
    double lon = number(p.getValue("lon"), path + ".lon");
    double lat = number(p.getValue("lat"), path + ".lat");
    Object acc = p.getValue("accuracy");
    if (acc != null && !(acc instanceof Number)) {
      throw PatrolException.invalid(path + ".accuracy", "'" + path + ".accuracy' must be a number of metres");
    }
    try {
      return new TrackPoint(id, t, lon, lat, acc == null ? null : ((Number) acc).doubleValue());
    } catch (IllegalArgumentException e) {
      int colon = Math.max(0, e.getMessage().indexOf(':'));
      String field = path + "." + e.getMessage().substring(0, colon);
      throw PatrolException.invalid(field, "'" + field + "'" + e.getMessage().substring(colon));
    }
  }
}
