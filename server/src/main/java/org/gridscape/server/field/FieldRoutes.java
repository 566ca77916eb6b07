package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/**
 * The HTTP handlers of visits ({@code /api/v1/visits}) and information collection
 * ({@code /api/v1/field-collections}, not "collections", which OGC API - Features uses), registered
 * in {@code http.Routes}; docs/FIELD.md.
 */
public final class FieldRoutes {

  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private final VisitService visits;
  private final CollectionService collections;

  public FieldRoutes(VisitService visits, CollectionService collections) {
    this.visits = visits;
    this.collections = collections;
  }

  // ---------------------------------------------------------------- visits

  /** {@code POST /api/v1/visits}: 201 new, 200 when the id is the caller's visit already. */
  public Future<Map<String, Object>> checkIn(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    Object acc = body.getValue("accuracy");
    if (acc != null && !(acc instanceof Number)) {
      throw FieldException.invalid("accuracy", "'accuracy' must be a number of metres");
    }
    VisitService.CheckIn in = new VisitService.CheckIn(Requests.text(body, "id"),
        Requests.text(body, "building"), optional(body, "household"), Requests.number(body.getValue("lon"), "lon"),
        Requests.number(body.getValue("lat"), "lat"), acc == null ? null : ((Number) acc).doubleValue(),
        Requests.time(body.getValue("t"), "t"), optional(body, "note"), optional(body, "patrol"));
    return visits.checkIn(AuthHandler.principal(ctx), in).map(recorded -> {
      ctx.response().setStatusCode(recorded.created() ? 201 : 200)
          .putHeader("Location", "/api/v1/visits/" + recorded.visit().id());
      return visit(recorded.visit());
    });
  }

  /** {@code GET /api/v1/visits/nearby?lon=&lat=&limit=}: the nearest buildings of the caller's grids. */
  public Future<Map<String, Object>> nearby(RoutingContext ctx) {
    double lon = coordinate(ctx, "lon");
    double lat = coordinate(ctx, "lat");
    return visits.nearby(AuthHandler.principal(ctx), lon, lat, Requests.intParam(ctx, "limit", 10)).map(list -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("buildings", list.stream().map(b -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("grid", b.gridCode());
        m.put("distanceM", Math.round(b.distanceM() * 10) / 10.0);
        m.put("lon", b.lon());
        m.put("lat", b.lat());
        m.put("use", b.use());
        m.put("floors", b.floors());
        return m;
      }).toList());
      return out;
    });
  }

  private static double coordinate(RoutingContext ctx, String name) {
    String v = Requests.param(ctx, name);
    try {
      return Double.parseDouble(v == null ? "x" : v);
    } catch (NumberFormatException e) {
      throw FieldException.invalid(name, "'" + name + "' is required: WGS84 degrees");
    }
  }

  /** {@code POST /api/v1/visits/{id}/photo}: the JPEG or PNG bytes as the body. */
  public Future<Map<String, Object>> photo(RoutingContext ctx) {
    byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
    return visits.photo(AuthHandler.principal(ctx), ctx.pathParam("id"), ctx.request().getHeader("Content-Type"), bytes)
        .map(v -> {
          ctx.response().setStatusCode(201);
          return visit(v);
        });
  }

  /** {@code GET /api/v1/visits/{id}/photo}. */
  public void readPhoto(RoutingContext ctx) {
    visits.readPhoto(AuthHandler.principal(ctx), ctx.pathParam("id"))
        .onSuccess(p -> ctx.response().putHeader("Content-Type", p.contentType()).putHeader("Cache-Control", "private")
            .end(io.vertx.core.buffer.Buffer.buffer(p.bytes())))
        .onFailure(ctx::fail);
  }

  public Future<Map<String, Object>> getVisit(RoutingContext ctx) {
    return visits.get(AuthHandler.principal(ctx), ctx.pathParam("id")).map(FieldRoutes::visit);
  }

  /** {@code GET /api/v1/visits?grid=&worker=&from=&to=&limit=}. */
  public Future<Map<String, Object>> listVisits(RoutingContext ctx) {
    String grid = grid(ctx);
    String worker = worker(ctx);
    return visits.list(AuthHandler.principal(ctx), grid, worker,
        Requests.day(Requests.param(ctx, "from"), false, "from"),
        Requests.day(Requests.param(ctx, "to"), true, "to"), Requests.intParam(ctx, "limit", 100))
        .map(list -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("visits", list.stream().map(FieldRoutes::visit).toList());
          out.put("numberReturned", list.size());
          return out;
        });
  }

  static Map<String, Object> visit(Visit v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", v.id());
    out.put("worker", v.worker());
    out.put("grid", v.gridCode());
    out.put("village", v.villageCode());
    out.put("building", v.buildingId());
    out.put("household", v.householdId());
    out.put("member", v.memberId());
    out.put("patrol", v.patrolId());
    out.put("visitedAt", time(v.visitedAt()));
    out.put("lon", v.lon());
    out.put("lat", v.lat());
    out.put("accuracy", v.accuracy());
    out.put("distanceM", Math.round(v.distanceM() * 10) / 10.0);
    out.put("flagged", v.flagged());
    out.put("note", v.note());
    out.put("photo", v.photoType() == null ? null : "/api/v1/visits/" + v.id() + "/photo");
    return out;
  }

  // ---------------------------------------------------------------- proposals

  /** {@code POST /api/v1/field-collections} {@code {id, kind, ...}}: 201 new, 200 the caller's again. */
  public Future<Map<String, Object>> propose(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    return collections.propose(who, Requests.text(body, "id"), body).map(p -> {
      ctx.response().setStatusCode(p.created() ? 201 : 200)
          .putHeader("Location", "/api/v1/field-collections/" + p.collection().id());
      return collection(p.collection(), CollectionService.mayReadFull(who, p.collection()));
    });
  }

  /** {@code GET /api/v1/field-collections?state=&grid=&worker=&limit=}: masked personal data. */
  public Future<Map<String, Object>> list(RoutingContext ctx) {
    String state = Requests.param(ctx, "state");
    return collections.list(AuthHandler.principal(ctx), new CollectionService.Filter(state, grid(ctx), worker(ctx),
        Requests.intParam(ctx, "limit", 100))).map(list -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("collections", list.stream().map(c -> collection(c, false)).toList());
          out.put("numberReturned", list.size());
          out.put("states", CollectionService.counts(list));
          return out;
        });
  }

  /** {@code GET /api/v1/field-collections/{id}[?full=true]}: in full for its worker and administrators, audited. */
  public Future<Map<String, Object>> get(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    boolean full = "true".equals(Requests.param(ctx, "full"));
    return collections.get(who, ctx.pathParam("id")).compose(c -> {
      if (!full) {
        return Future.succeededFuture(collection(c, false));
      }
      if (!CollectionService.mayReadFull(who, c)) {
        throw FieldException.forbidden("a proposal's personal data in full is for its worker and administrators");
      }
      return (c.proposal().personal() ? collections.auditFullRead(who, c.id(), remote(ctx)) : Future.<Void>succeededFuture())
          .map(v -> collection(c, true));
    });
  }

  /** {@code POST /api/v1/field-collections/{id}/review} {@code {decision: approve|reject, reason}}. */
  public Future<Map<String, Object>> review(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    Object reason = body.getValue("reason");
    if (reason != null && !(reason instanceof String)) {
      throw FieldException.invalid("reason", "'reason' must be text");
    }
    return collections.review(AuthHandler.principal(ctx), ctx.pathParam("id"), body.getValue("decision") instanceof String
        s ? s : null, (String) reason, remote(ctx)).map(c -> collection(c, false));
  }

  static Map<String, Object> collection(CollectionService.Collection c, boolean full) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.id());
    out.put("kind", c.proposal().kind().id());
    out.put("state", c.state());
    out.put("worker", c.worker());
    out.put("grid", c.gridCode());
    out.put("village", c.villageCode());
    out.put("building", c.buildingId());
    out.put("household", c.householdId());
    out.put("proposal", (full ? c.proposal().fields() : c.proposal().masked()).getMap());
    out.put("masked", !full && c.proposal().personal());
    out.put("note", c.note());
    out.put("proposedAt", time(c.proposedAt()));
    out.put("reviewer", c.reviewer());
    out.put("reviewedAt", time(c.reviewedAt()));
    out.put("reason", c.reason());
    out.put("applied", c.applied() == null ? null : c.applied().getMap());
    return out;
  }

  // ---------------------------------------------------------------- parameters

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(CHINA).toString();
  }

  private static String optional(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null || v instanceof String s && s.isBlank()) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw FieldException.invalid(field, "'" + field + "' must be text");
    }
    return s;
  }

  private static String grid(RoutingContext ctx) {
    String grid = Requests.param(ctx, "grid");
    if (grid != null && !grid.matches("\\d{15}")) {
      throw FieldException.invalid("grid", "'grid' must be a 15-digit grid code");
    }
    return grid;
  }

  private static String worker(RoutingContext ctx) {
    String worker = Requests.param(ctx, "worker");
    if (worker != null && !worker.matches("[A-Za-z0-9_.-]{2,64}")) {
      throw FieldException.invalid("worker", "'worker' must be a user name (2-64 letters, digits, '_', '.' or '-')");
    }
    return worker;
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

}
