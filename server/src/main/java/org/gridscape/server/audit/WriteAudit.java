package org.gridscape.server.audit;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every write under {@code /api/} and {@code /ogc/} (POST, PUT, PATCH, DELETE; OGC API -
 * Features Part 4 writes features there), allowed or refused, once its
 * response has been sent: the signed-in user or API key, method, path, target (the path parameters
 * and the {@code village} query parameter), status, time and remote address. Never the body, the
 * query string or a header value, which may hold passwords or personal data.
 */
public final class WriteAudit implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteAudit.class);
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  private final AuditTrail trail;

  public WriteAudit(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (WRITES.contains(ctx.request().method())) {
      ctx.addEndHandler(ended -> record(ctx));
    }
    ctx.next();
  }

  private void record(RoutingContext ctx) {
    String actor = null;
    String apiKeyId = null;
    try {
      actor = AuthHandler.principal(ctx).username();
      String key = ctx.request().getHeader("X-API-Key");
      if (key != null && ctx.request().getHeader("Authorization") == null) {
        String[] parts = key.split("_", 3);
        apiKeyId = parts.length == 3 ? parts[1] : null;
      }
    } catch (ApiException anonymous) {
      // not signed in (sign-in itself, or refused with 401): recorded without an actor
    }
    String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    AuditTrail.Write write = new AuditTrail.Write(actor, apiKeyId, ctx.request().method().name(),
        ctx.request().path(), target(ctx), ctx.response().getStatusCode(), remote);
    trail.record(write).onFailure(e -> LOG.warn("Audit record of {} {} failed: {}", write.method(), write.path(),
        e.getMessage()));
  }

  private static String target(RoutingContext ctx) {
    Map<String, String> parts = new TreeMap<>(ctx.pathParams());
    String village = ctx.request().getParam("village");
    if (village != null) {
      parts.put("village", village);
    }
    if (parts.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    parts.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return out.toString();
  }
}
