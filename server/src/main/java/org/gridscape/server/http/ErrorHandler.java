package org.gridscape.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.sqlclient.DatabaseException;
import java.util.List;
import java.util.Map;
import org.gridscape.server.change.CursorExpiredException;
import org.gridscape.server.change.WebhookRefusedException;
import org.gridscape.server.event.EventException;
import org.gridscape.server.grid.GridCodeException;
import org.gridscape.server.grid.GridException;
import org.gridscape.server.grid.ValidationJson;
import org.gridscape.server.imagery.ImageryException;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ogc.filter.FilterException;
import org.gridscape.server.patrol.PatrolException;
import org.gridscape.server.print.PrintException;
import org.gridscape.server.tileset.TilesetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as {@code {"error","message","details"}} with its status; never a stack trace. */
public final class ErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(400, "bad_request"), Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"),
      Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"),
      Map.entry(409, "conflict"), Map.entry(412, "precondition_failed"), Map.entry(413, "payload_too_large"),
      Map.entry(415, "unsupported_media_type"), Map.entry(422, "unprocessable"), Map.entry(428, "precondition_required"),
      Map.entry(429, "too_many_requests"), Map.entry(500, "internal_error"), Map.entry(503, "unavailable"));

  private ErrorHandler() {}

  public static void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof ApiException api) {
      write(ctx, api.status(), api.code(), api.getMessage(), api.details());
    } else if (failure instanceof IngestException ingest) {
      write(ctx, ingest.status(), ingest.errorCode(), ingest.getMessage(),
          ingest.details().stream().map(ValidationJson::problem).toList());
    } else if (failure instanceof GridException grid) {
      write(ctx, status(grid.kind()), grid.code(), grid.getMessage(), grid.details());
    } else if (failure instanceof EventException event) {
      write(ctx, status(event.kind()), event.code(), event.getMessage(), event.details());
    } else if (failure instanceof PatrolException patrol) {
      write(ctx, patrol.kind().status(), patrol.code(), patrol.getMessage(), patrol.details());
    } else if (failure instanceof ImageryException imagery) {
      write(ctx, imagery.kind().status(), imagery.kind().code(), imagery.getMessage(), List.of());
    } else if (failure instanceof TilesetException tileset) {
      write(ctx, tileset.kind().status(), tileset.kind().code(), tileset.getMessage(), tileset.file() == null
          ? List.of() : List.of(new JsonObject().put("file", tileset.file())));
    } else if (failure instanceof PrintException print) {
      String about = switch (print.kind()) {
        case INVALID_PARAMETER -> "parameter";
        case NOT_FOUND -> "code";
        case FONT_UNAVAILABLE -> "font";
      };
      if (print.kind() == PrintException.Kind.FONT_UNAVAILABLE) {
        LOG.warn("Printed map refused: {}", print.getMessage());
      }
      write(ctx, print.kind().status(), print.kind().code(), print.getMessage(),
          List.of(new JsonObject().put(about, print.subject())));
    } else if (failure instanceof FilterException filter) {
      JsonObject where = filter.position().pointer() == null
          ? new JsonObject().put("position", filter.position().character())
          : new JsonObject().put("pointer", filter.position().pointer());
      write(ctx, 400, "invalid_filter", filter.getMessage(), List.of(where));
    } else if (failure instanceof GridCodeException code) {
      write(ctx, 422, code.reason() == GridCodeException.Reason.WRONG_VILLAGE ? "grid_code_wrong_village"
          : "invalid_grid_code", code.getMessage(), List.of(new JsonObject().put("code", code.code())));
    } else if (failure instanceof CursorExpiredException expired) {
      write(ctx, 410, "cursor_expired", expired.getMessage(), List.of(new JsonObject().put("since", expired.since())
          .put("oldest", expired.oldest()).put("resumeFrom", expired.oldest() - 1)));
    } else if (failure instanceof WebhookRefusedException refused) {
      write(ctx, 400, "invalid_webhook", refused.getMessage(), List.of());
    } else if (failure instanceof DecodeException) {
      write(ctx, 400, "malformed_json", "the request body is not valid JSON", List.of());
    } else if (failure instanceof HttpException http) {
      int code = http.getStatusCode();
      String message = http.getPayload() != null ? http.getPayload() : defaultMessage(ctx, code);
      write(ctx, code, codeFor(code), message, List.of());
    } else if (failure instanceof DatabaseUnavailable || isConnectionFailure(failure)) {
      LOG.warn("Database unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(),
          failure.getMessage());
      write(ctx, 503, "unavailable", "the database is not reachable; try again shortly", List.of());
    } else if (isWrongJsonType(failure)) {
      write(ctx, 400, "wrong_type", "a field of the request body has the wrong JSON type (for example text where an "
          + "object or array is expected)", List.of());
    } else if (failure != null && status >= 400 && status < 500) {
      // A handler of Vert.x refused the request with a status (the CORS handler: 403 for an origin not
      // configured); a client error, not a server failure.
      write(ctx, status, codeFor(status), failure.getMessage() != null && failure.getMessage().startsWith("CORS")
          ? "requests from this origin are not allowed (see --cors-origins)" : defaultMessage(ctx, status), List.of());
    } else if (failure != null) {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      write(ctx, 500, "internal_error", "an unexpected error occurred; it has been logged", List.of());
    } else {
      int code = status < 400 ? 500 : status;
      write(ctx, code, codeFor(code), defaultMessage(ctx, code), List.of());
    }
  }

  /** A handler read a request field with a typed getter of Vert.x JSON and the client sent another type. */
  private static boolean isWrongJsonType(Throwable failure) {
    if (!(failure instanceof ClassCastException)) {
      return false;
    }
    StackTraceElement[] trace = failure.getStackTrace();
    // the JIT may throw a frequent implicit ClassCastException without a stack trace
    return trace.length == 0 || trace[0].getClassName().startsWith("io.vertx.core.json.");
  }

  private static boolean isConnectionFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof io.vertx.core.VertxException
          && t.getMessage() != null && (t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection")
              || t.getMessage().contains("closed")) // e.g. "Timeout waiting for connection" from the pool
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return !(failure instanceof DatabaseException);
      }
    }
    return false;
  }

  /** The status a domain refusal of the grid services is answered with. */
  static int status(GridException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case STALE -> 412;
      case REFUSED -> 422;
    };
  }

  /** The status a domain refusal of the event services is answered with. */
  static int status(EventException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_TYPE -> 415;
      case REFUSED -> 422;
    };
  }

  static String codeFor(int status) {
    return CODES.getOrDefault(status, status >= 500 ? "internal_error" : "bad_request");
  }

  private static String defaultMessage(RoutingContext ctx, int status) {
    return switch (status) {
      case 404 -> "no resource at " + ctx.request().path();
      case 405 -> "method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
      case 413 -> "the request body is larger than the server accepts";
      case 415 -> "unsupported content type " + ctx.request().getHeader("Content-Type");
      case 401 -> "authentication required";
      case 403 -> "not allowed";
      default -> "request failed with status " + status;
    };
  }

  static void write(RoutingContext ctx, int status, String code, String message, List<?> details) {
    JsonObject body = new JsonObject().put("error", code).put("message", message)
        .put("details", new JsonArray(List.copyOf(details)));
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    response.end(body.toBuffer());
  }

  /** Thrown when a data request arrives while the database does not answer. */
  public static final class DatabaseUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
