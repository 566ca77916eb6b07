package org.gridscape.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reading request bodies and parameters with 4xx errors that say what was wrong. */
public final class Requests {

  /** China time: the day a date parameter names. */
  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private Requests() {}

  /** The body as a JSON object; 400 when missing or malformed, 415 when declared as something else. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      throw new ApiException(415, "unsupported_media_type", "send the body as application/json, not " + type);
    }
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("a JSON body is required");
    }
    text = text.strip();
    if (!text.startsWith("{")) {
      throw new ApiException(400, "malformed_json", "the request body must be a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ApiException(400, "malformed_json", "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** A query parameter, trimmed; null when absent or blank. */
  public static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** A whole-number query parameter, or the fallback when absent; 400 naming it when not a number. */
  public static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = param(ctx, name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(name, "'" + name + "' must be a whole number");
    }
  }

  /** A required number in a JSON body; 400 naming the field otherwise. */
  public static double number(Object v, String field) {
    if (!(v instanceof Number n)) {
      throw invalid(field, "'" + field + "' is required as a number");
    }
    return n.doubleValue();
  }

  /** A required, non-blank text field of a JSON body; 400 naming it otherwise. */
  public static String text(JsonObject body, String field) {
    return text(body, field, field);
  }

  /** As {@link #text(JsonObject, String)} for a field of a nested object, named by its whole {@code path}. */
  public static String text(JsonObject body, String field, String path) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw invalid(path, "'" + path + "' is required as text");
    }
    return s;
  }

  /** An optional ISO time with offset: null when absent, 400 naming the field when not such a time. */
  public static OffsetDateTime time(Object v, String field) {
    if (v == null) {
      return null;
    }
    try {
      if (v instanceof String s) {
        return OffsetDateTime.parse(s);
      }
    } catch (DateTimeParseException e) {
      // answered below, like a value that is not text
    }
    throw invalid(field, "'" + field + "' must be an ISO time such as 2026-12-06T08:30:00+08:00");
  }

  /**
   * An optional date or time parameter: a date (2026-11-01) is the start of that day in China time,
   * or of the next day when {@code endOfDay} (so {@code to} is inclusive); else an ISO time with
   * offset. Null when absent; 400 naming the field otherwise.
   */
  public static OffsetDateTime day(String text, boolean endOfDay, String field) {
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate d = LocalDate.parse(text);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay().atOffset(CHINA);
      }
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(field, "'" + field + "' must be a date (2026-11-01) or an ISO time");
    }
  }

  /** A bad field: 400 {@code bad_request} naming it in the message and as {@code details[0].field}. */
  public static ApiException invalid(String field, String message) {
    return ApiException.badRequest(message, new JsonObject().put("field", field));
  }

  public static List<Object> array(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      return array.getList();
    }
    throw ApiException.badRequest("'" + field + "' must be an array");
  }

  /**
   * Which revision of a village's grids a read asks for: {@code ?revision=draft} is the planner's
   * working draft (the published set where there is none); absent or {@code published} is the
   * published revision every other reader sees.
   */
  public static boolean draftRevision(RoutingContext ctx) {
    String revision = ctx.queryParams().get("revision");
    if (revision == null || revision.equals("published")) {
      return false;
    }
    if (revision.equals("draft")) {
      return true;
    }
    throw ApiException.badRequest("revision must be 'published' or 'draft', got '" + revision + "'");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /**
   * Whether an {@code If-None-Match} header names {@code etag}: "*", or a list of (possibly weak)
   * tags, compared weakly as RFC 9110 asks for it. Null (no header) never matches.
   */
  public static boolean ifNoneMatch(String header, String etag) {
    if (header == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
