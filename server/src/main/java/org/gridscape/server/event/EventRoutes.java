package org.gridscape.server.event;

import static org.gridscape.server.http.Requests.intParam;
import static org.gridscape.server.http.Requests.param;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;

/** The HTTP handlers of events, the district mode and emergency resources (registered in {@code http.Routes}). */
public final class EventRoutes {

  static final int DEFAULT_LIMIT = 500;

  private final EventService events;

  public EventRoutes(EventService events) {
    this.events = events;
  }

  /**
   * {@code GET /api/v1/events?grid=&village=&category=&step=&status=open|closed|overdue|supervised&bbox=&limit=&offset=}:
   * a GeoJSON FeatureCollection without personal data, the viewer's events layer.
   */
  public Future<Map<String, Object>> list(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
    int offset = intParam(ctx, "offset", 0);
    EventFilter filter = filter(ctx);
    return events.list(who, filter, limit, offset).map(list -> {
      Map<String, Object> out = EventJson.featureCollection(list, events.now());
      out.put("limit", limit);
      out.put("offset", offset);
      return out;
    });
  }

  private EventFilter filter(RoutingContext ctx) {
    try {
      String status = param(ctx, "status");
      Boolean open = null;
      Boolean supervised = null;
      OffsetDateTime overdueAt = null;
      if (status != null) {
        switch (status) {
          case "open" -> open = true;
          case "closed" -> open = false;
          case "overdue" -> overdueAt = events.now();
          case "supervised" -> {
            open = true;
            supervised = true;
          }
          default -> throw new IllegalArgumentException("status is open, closed, overdue or supervised");
        }
      }
      String category = param(ctx, "category");
      String step = param(ctx, "step");
      return new EventFilter(param(ctx, "grid"), param(ctx, "village"),
          category == null ? null : EventCategory.parse(category), step == null ? null : Step.parse(step), open,
          supervised, overdueAt, bbox(param(ctx, "bbox")));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** {@code POST /api/v1/events}: a report; 201 with the event. */
  public Future<Map<String, Object>> create(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    EventService.NewEvent report;
    try {
      List<String> attachments = new ArrayList<>();
      for (Object o : Requests.array(body, "attachments")) {
        attachments.add(String.valueOf(o));
      }
      report = new EventService.NewEvent(EventCategory.parse(required(body, "category")),
          body.getString("level") == null ? null : EventLevel.parse(body.getString("level")), body.getString("title"),
          body.getString("description"), number(body, "lon"), number(body, "lat"), attachments,
          body.getString("reporterName"), body.getString("step") == null ? null : Step.parse(body.getString("step")),
          body.getString("patrol"), body.getString("clientId"));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return events.create(who, report).map(detail -> {
      // a report sent again with the same clientId: 200 with the event the first sending created
      ctx.response().setStatusCode(EventService.created(detail, report) ? 201 : 200)
          .putHeader("Location", "/api/v1/events/" + detail.event().id());
      return EventJson.detail(detail, events.now());
    });
  }

  /** {@code GET /api/v1/events/{id}}: the whole record with its steps and the caller's actions. */
  public Future<Map<String, Object>> get(RoutingContext ctx) {
    return events.get(AuthHandler.principal(ctx), ctx.pathParam("id")).map(d -> EventJson.detail(d, events.now()));
  }

  /** {@code POST /api/v1/events/{id}/transitions} {@code {action, note?, assignee?, to?, version?}}. */
  public Future<Map<String, Object>> transition(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    EventService.TransitionRequest request;
    try {
      request = new EventService.TransitionRequest(Action.parse(required(body, "action")), body.getString("note"),
          body.getString("assignee"), body.getString("to") == null ? null : Escalation.parse(body.getString("to")),
          body.getInteger("version"));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return events.transition(who, ctx.pathParam("id"), request).map(d -> EventJson.detail(d, events.now()));
  }

  /** {@code GET /api/v1/events/stats?region=&from=&to=&asOf=}: dates (China time) or ISO times; {@code to} inclusive. */
  public Future<Map<String, Object>> stats(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    OffsetDateTime from = time(param(ctx, "from"), false, "from");
    OffsetDateTime to = time(param(ctx, "to"), true, "to");
    OffsetDateTime asOf = time(param(ctx, "asOf"), false, "asOf");
    return events.stats(who, param(ctx, "region"), from, to, asOf);
  }

  /** {@code GET /api/v1/events/locate?lon=&lat=}: the published grid a report there lands in. */
  public Future<Map<String, Object>> locate(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    double lon = doubleParam(ctx, "lon");
    double lat = doubleParam(ctx, "lat");
    return events.gridAt(lon, lat).map(found -> {
      String grid = found.orElseThrow(() -> new ApiException(404, "outside_grids",
          "no published grid contains " + lon + "," + lat));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("gridCode", grid);
      out.put("villageCode", grid.substring(0, 12));
      out.put("yours", AuthHandler.principal(ctx).covers(grid));
      return out;
    });
  }

  /** {@code POST /api/v1/imports/events}: events.csv, admins only. */
  public Future<Map<String, Object>> importEvents(RoutingContext ctx) {
    Principal who = AuthHandler.require(ctx, Role.ADMIN);
    return events.importCsv(body(ctx), who.username()).map(result -> {
      ctx.response().setStatusCode(201);
      return result;
    });
  }

  /** {@code GET /api/v1/district/mode}. */
  public Future<Map<String, Object>> mode(RoutingContext ctx) {
    AuthHandler.principal(ctx);
    return events.readiness().mode().map(DistrictReadiness.ModeState::toMap);
  }

  /** {@code PUT /api/v1/district/mode} {@code {mode: peacetime|wartime, reason?}}. */
  public Future<Map<String, Object>> setMode(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    JsonObject body = Requests.jsonBody(ctx);
    DistrictMode mode;
    try {
      mode = DistrictMode.parse(required(body, "mode"));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return events.readiness().setMode(who, mode, body.getString("reason"), remote).map(DistrictReadiness.ModeState::toMap);
  }

  /** {@code GET /api/v1/district/resources}: emergency spaces and supplies as GeoJSON. */
  public Future<Map<String, Object>> resources(RoutingContext ctx) {
    return events.readiness().resources(AuthHandler.principal(ctx));
  }

  /** {@code POST /api/v1/imports/emergency-resources}: CSV, admins only. */
  public Future<Map<String, Object>> importResources(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    return events.readiness().importResources(body(ctx)).map(result -> {
      ctx.response().setStatusCode(201);
      return result;
    });
  }

  /** {@code GET /api/v1/departments/{username}/sectors}: admins, or the department user. */
  public Future<Map<String, Object>> sectors(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    Principal who = AuthHandler.principal(ctx);
    if (!who.has(Role.ADMIN) && !who.username().equals(username)) {
      throw ApiException.forbidden("only admins read other users' sectors");
    }
    return events.sectors(username).map(s -> sectorsJson(username, s));
  }

  /** {@code PUT /api/v1/departments/{username}/sectors} {@code {categories: [...]}}: admins only. */
  public Future<Map<String, Object>> setSectors(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    String username = ctx.pathParam("username");
    JsonObject body = Requests.jsonBody(ctx);
    if (!(body.getValue("categories") instanceof JsonArray)) {
      throw ApiException.badRequest("'categories' (an array of event categories, possibly empty) is required");
    }
    Set<EventCategory> categories = EnumSet.noneOf(EventCategory.class);
    try {
      for (Object o : Requests.array(body, "categories")) {
        categories.add(EventCategory.parse(String.valueOf(o)));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return events.setSectors(username, categories).map(s -> sectorsJson(username, s));
  }

  private static Map<String, Object> sectorsJson(String username, Set<EventCategory> sectors) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", username);
    out.put("categories", new JsonArray(sectors.stream().map(EventCategory::code).toList()).getList());
    return out;
  }

  // ---------------------------------------------------------------- parameters


  private static double doubleParam(RoutingContext ctx, String name) {
    String v = param(ctx, name);
    try {
      if (v == null) {
        throw ApiException.badRequest("'" + name + "' is required");
      }
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a number");
    }
  }

  private static double[] bbox(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException("bbox must be minLon,minLat,maxLon,maxLat");
    }
    double[] out = new double[4];
    for (int i = 0; i < 4; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }

  /** A date (start of that day in China, or of the next day when {@code endOfDay}) or an ISO time. */
  static OffsetDateTime time(String text, boolean endOfDay, String name) {
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().atOffset(EventStore.CHINA);
      }
      return EventCsv.parseTime(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'" + name + "' must be a date (2026-07-01) or a time (2026-07-01T08:00:00+08:00)");
    }
  }

  private static String required(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return s;
  }

  private static double number(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("'" + field + "' is required as a number");
    }
    return n.doubleValue();
  }

  private static byte[] body(RoutingContext ctx) {
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("send the CSV file as the request body");
    }
    return buffer.getBytes();
  }
}
