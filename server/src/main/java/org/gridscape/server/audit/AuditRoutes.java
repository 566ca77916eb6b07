package org.gridscape.server.audit;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;

/** {@code GET /api/v1/audit?actor=&action=&from=&to=&limit=&offset=}: the audit log, admins only. */
public final class AuditRoutes {

  private final AuditTrail trail;

  public AuditRoutes(AuditTrail trail) {
    this.trail = trail;
  }

  public Future<Map<String, Object>> list(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    AuditTrail.Query query;
    try {
      query = new AuditTrail.Query(blankToNull(ctx.request().getParam("actor")),
          blankToNull(ctx.request().getParam("action")), time(ctx.request().getParam("from"), false),
          time(ctx.request().getParam("to"), true), integer(ctx, "limit", 100), integer(ctx, "offset", 0));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return trail.find(query);
  }

  /** An ISO time, or a date (UTC): {@code from} its start, {@code to} inclusive, so the next day's start. */
  private static OffsetDateTime time(String value, boolean end) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (end ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + value + "' is neither a date (2026-11-27) nor an ISO time"
          + " (2026-11-27T08:00:00Z)");
    }
  }

  private static int integer(RoutingContext ctx, String name, int fallback) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
