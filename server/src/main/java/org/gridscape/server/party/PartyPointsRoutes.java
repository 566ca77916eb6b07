package org.gridscape.server.party;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/** The HTTP handlers of duty points (registered in {@code http.Routes}); docs/APPRAISAL.md. */
public final class PartyPointsRoutes {

  private final DutyPoints points;

  public PartyPointsRoutes(DutyPoints points) {
    this.points = points;
  }

  /** {@code GET /api/v1/party-members/{id}/points}: ledger, balance, stars and the rule. */
  public Future<Map<String, Object>> ledger(RoutingContext ctx) {
    return points.ledger(AuthHandler.principal(ctx), ctx.pathParam("id"));
  }

  /** {@code POST /api/v1/party-members/{id}/points} {@code {kind, points, note?, household?}}: 201 with the ledger. */
  public Future<Map<String, Object>> record(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    Object kind = body.getValue("kind");
    DutyPoints.Kind k = kind instanceof String s ? DutyPoints.Kind.parse(s) : null;
    if (k == null) {
      throw PartyException.invalid("kind", "'kind' is required: activity, relief_goods or adjustment");
    }
    if (!(body.getValue("points") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || Math.abs(n.doubleValue()) > DutyPoints.MAX_POINTS) {
      throw PartyException.invalid("points", "'points' is required: a whole number of points");
    }
    String note = text(body, "note");
    String household = text(body, "household");
    return points.record(AuthHandler.principal(ctx), ctx.pathParam("id"),
        new DutyPoints.Request(k, n.intValue(), note, household)).map(out -> {
          ctx.response().setStatusCode(201);
          return out;
        });
  }

  /** {@code POST /api/v1/party-members/points/award?region=}: awards the visits not in a ledger yet. */
  public Future<Map<String, Object>> award(RoutingContext ctx) {
    String region = ctx.request().getParam("region");
    return points.awardAll(AuthHandler.principal(ctx), region == null || region.isBlank() ? null : region.trim());
  }

  /** A region's figures with, for a grid, the points of its Party branches ({@code partyPoints}). */
  public Future<Map<String, Object>> withBranchTotals(RoutingContext ctx, Future<Map<String, Object>> stats) {
    String code = ctx.pathParam("code");
    return stats.compose(figures -> {
      if (code == null || code.length() != 15) {
        return Future.succeededFuture(figures);
      }
      return points.branchTotals(code).map(branches -> {
        Map<String, Object> out = new LinkedHashMap<>(figures);
        out.put("partyPoints", branches);
        return out;
      });
    });
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw PartyException.invalid(field, "'" + field + "' must be text");
    }
    return v == null || ((String) v).isBlank() ? null : ((String) v).trim();
  }
}
