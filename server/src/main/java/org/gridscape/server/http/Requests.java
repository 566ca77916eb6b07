package org.gridscape.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reading request bodies and parameters with 4xx errors that say what was wrong. */
public final class Requests {

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
      throw ApiException.badRequest("'" + name + "' must be a whole number", new JsonObject().put("field", name));
    }
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
