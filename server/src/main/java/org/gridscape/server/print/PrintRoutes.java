package org.gridscape.server.print;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.layer.Disclosure;
import org.gridscape.server.layer.PersonalData;

/**
 * {@code GET /api/v1/villages/{code}/map.pdf|png} (一村一图) and {@code GET /api/v1/district/map.pdf|png}.
 * Who may print what (docs/PRINT.md): a village's map, whoever may read its plan (planners, leaders and
 * departments in their areas, admins). Grid workers' names on it: in full for those who assign the
 * grid's workers (planners in scope and admins), as the editor's side panel shows them
 * ({@code GridWorkers}), audit-logged as a full read; for everyone else they follow the rules for
 * person-level data ({@link Disclosure}): masked for leaders and grid workers, in full for grid
 * workers in scope who ask ({@code full=true}, audit-logged), left out (counted by type) for
 * departments. The district sheet: officials whose areas cover the district.
 */
public final class PrintRoutes {

  private static final Role[] READERS = {Role.PLANNER, Role.LEADER, Role.DEPARTMENT, Role.GRIDWORKER};
  private static final Role[] DISTRICT_READERS = {Role.PLANNER, Role.LEADER, Role.DEPARTMENT};
  static final float DEFAULT_DPI = 150;

  private final PrintService service;
  private final PersonalData people;

  public PrintRoutes(PrintService service, PersonalData people) {
    this.service = service;
    this.people = people;
  }

  public void villageMap(RoutingContext ctx, PrintService.Output output) {
    String code = ctx.pathParam("code");
    Principal who = AuthHandler.requireIn(ctx, code, READERS);
    PageFormat format = PageFormat.parse(ctx.queryParams().get("size"), ctx.queryParams().get("orientation"));
    float dpi = dpi(ctx);
    boolean full = full(ctx);
    Disclosure.Decision decision = Disclosure.decide(who, code, full);
    VillageSheet.WorkerNames names;
    if (who.hasAny(Role.ADMIN, Role.PLANNER) && who.covers(code)) {
      names = VillageSheet.WorkerNames.FULL;
    } else if (decision.allowed()) {
      names = decision.disclosure() == Disclosure.FULL ? VillageSheet.WorkerNames.FULL
          : VillageSheet.WorkerNames.MASKED;
    } else if (full) {
      throw ApiException.forbidden(decision.refusal());
    } else {
      names = VillageSheet.WorkerNames.HIDDEN;
    }
    service.village(code, format, names, output, dpi)
        .compose(printed -> names == VillageSheet.WorkerNames.FULL
            ? people.auditFullRead(who.username(), "village-map:" + code, "grid workers' names, " + format.label(),
                remote(ctx)).map(printed)
            : Future.succeededFuture(printed))
        .onSuccess(printed -> send(ctx, printed, output))
        .onFailure(ctx::fail);
  }

  public void districtMap(RoutingContext ctx, PrintService.Output output) {
    Principal who = AuthHandler.require(ctx, DISTRICT_READERS);
    String district = ctx.queryParams().get("district");
    if (district != null && !district.matches("\\d{12}")) {
      throw PrintException.invalid("district", "district must be a 12-digit code, got '" + district + "'");
    }
    PageFormat format = PageFormat.parse(ctx.queryParams().get("size"), ctx.queryParams().get("orientation"));
    float dpi = dpi(ctx);
    boolean wholeDistrict = who.has(Role.ADMIN) || who.scopes().isEmpty()
        || who.scopes().stream().anyMatch(scope -> Principal.significantPrefix(scope).length() <= 6);
    if (!wholeDistrict) {
      throw ApiException.forbidden("the district sheet is for callers whose areas cover the whole district");
    }
    service.district(district, format, output, dpi)
        .onSuccess(printed -> send(ctx, printed, output))
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, PrintService.Printed printed, PrintService.Output output) {
    ctx.response()
        .putHeader("Content-Type", output == PrintService.Output.PDF ? "application/pdf" : "image/png")
        .putHeader("Content-Disposition", "inline; filename=\"" + printed.fileName() + "\"")
        .putHeader("Cache-Control", "private, no-store")
        .putHeader("Server-Timing", "load;dur=" + printed.loadMillis() + ", render;dur=" + printed.renderMillis())
        .end(Buffer.buffer(printed.bytes()));
  }

  /** {@code dpi} of a PNG: 72-300, default 150. */
  private static float dpi(RoutingContext ctx) {
    String raw = ctx.queryParams().get("dpi");
    if (raw == null || raw.isBlank()) {
      return DEFAULT_DPI;
    }
    try {
      int dpi = Integer.parseInt(raw.strip());
      if (dpi >= 72 && dpi <= 300) {
        return dpi;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw PrintException.invalid("dpi", "dpi must be a whole number from 72 to 300, got '" + raw + "'");
  }

  private static boolean full(RoutingContext ctx) {
    String raw = ctx.queryParams().get("full");
    if (raw == null || raw.isBlank() || raw.equalsIgnoreCase("false")) {
      return false;
    }
    if (raw.equalsIgnoreCase("true")) {
      return true;
    }
    throw PrintException.invalid("full", "full must be true or false, got '" + raw.toLowerCase(Locale.ROOT) + "'");
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }
}
