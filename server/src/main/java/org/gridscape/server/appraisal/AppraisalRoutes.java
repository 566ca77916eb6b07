package org.gridscape.server.appraisal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/** The HTTP handlers of the appraisal (registered in {@code http.Routes}); docs/APPRAISAL.md. */
public final class AppraisalRoutes {

  /** Periods are months and days in China Standard Time. */
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private final Vertx vertx;
  private final AppraisalService appraisal;
  private final Clock clock;

  public AppraisalRoutes(Vertx vertx, AppraisalService appraisal, Clock clock) {
    this.vertx = vertx;
    this.appraisal = appraisal;
    this.clock = clock;
  }

  /**
   * {@code GET /api/v1/appraisal?region=&period=2026-11|from=&to=&level=&format=json|csv|xlsx}: the
   * table; without a period, the current month.
   */
  public void table(RoutingContext ctx) {
    String format = param(ctx, "format");
    if (format != null && !List.of("json", "csv", "xlsx").contains(format)) {
      throw AppraisalException.invalid("format", "'format' must be json, csv or xlsx");
    }
    Principal who = AuthHandler.principal(ctx);
    AppraisalService.Query q = query(ctx);
    appraisal.appraise(who, q).compose(out -> {
      if (format == null || format.equals("json")) {
        return Future.succeededFuture(Buffer.buffer(io.vertx.core.json.Json.encode(out)));
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) out.get("rows");
      String name = "appraisal-" + (q.region() == null ? "district" : q.region()) + "-"
          + q.from().withOffsetSameInstant(CHINA).toLocalDate() + ".";
      ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + name + format + "\"");
      if (format.equals("csv")) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8");
        return Future.succeededFuture(Buffer.buffer(AppraisalTable.csv(rows)));
      }
      ctx.response().putHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      String title = "效能督导 " + q.from().withOffsetSameInstant(CHINA).toLocalDate() + " — "
          + q.to().withOffsetSameInstant(CHINA).toLocalDate().minusDays(1);
      return vertx.executeBlocking(() -> Buffer.buffer(AppraisalTable.xlsx(rows, title)), false);
    }).onSuccess(body -> {
      if (format == null || format.equals("json")) {
        ctx.response().putHeader("Content-Type", "application/json");
      }
      ctx.response().putHeader("Cache-Control", "no-store").end(body);
    }).onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/appraisal/weights}. */
  public Future<Map<String, Object>> weights(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    return appraisal.weights().map(w -> Map.of("weights", w.toMap(), "defaults", Weights.DEFAULT.toMap()));
  }

  /** {@code PUT /api/v1/appraisal/weights} {@code {coverage, timely, onTime, firstPass, overdue}} (administrators). */
  public Future<Map<String, Object>> setWeights(RoutingContext ctx) {
    return appraisal.setWeights(AuthHandler.principal(ctx), Requests.jsonBody(ctx))
        .map(w -> Map.of("weights", w.toMap(), "defaults", Weights.DEFAULT.toMap()));
  }

  private AppraisalService.Query query(RoutingContext ctx) {
    String period = param(ctx, "period");
    String fromText = param(ctx, "from");
    String toText = param(ctx, "to");
    OffsetDateTime from;
    OffsetDateTime to;
    if (period != null) {
      if (fromText != null || toText != null) {
        throw AppraisalException.invalid("period", "give either 'period' or 'from'/'to', not both");
      }
      YearMonth month;
      try {
        month = YearMonth.parse(period);
      } catch (DateTimeParseException e) {
        throw AppraisalException.invalid("period", "'period' must be a month such as 2026-11");
      }
      from = month.atDay(1).atStartOfDay().atOffset(CHINA);
      to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(CHINA);
    } else if (fromText != null || toText != null) {
      if (fromText == null || toText == null) {
        throw AppraisalException.invalid(fromText == null ? "from" : "to", "give both 'from' and 'to' (dates)");
      }
      from = day(fromText, "from").atStartOfDay().atOffset(CHINA);
      to = day(toText, "to").plusDays(1).atStartOfDay().atOffset(CHINA);
      if (to.isAfter(from.plusDays(366))) {
        throw AppraisalException.invalid("to", "a period is at most a year");
      }
    } else {
      YearMonth month = YearMonth.from(OffsetDateTime.now(clock).atZoneSameInstant(CHINA));
      from = month.atDay(1).atStartOfDay().atOffset(CHINA);
      to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(CHINA);
    }
    return new AppraisalService.Query(param(ctx, "region"), from, to, param(ctx, "level"));
  }

  private static LocalDate day(String text, String field) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw AppraisalException.invalid(field, "'" + field + "' must be a date such as 2026-11-01");
    }
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
