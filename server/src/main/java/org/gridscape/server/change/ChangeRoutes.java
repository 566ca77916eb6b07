package org.gridscape.server.change;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.config.ChangeFeedConfig;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;
import org.gridscape.server.http.Requests;
import org.gridscape.server.ogc.ApiKeyGate;
import org.gridscape.server.store.Database;

/** The HTTP handlers of the change feed and the webhooks (registered in {@code http.Routes}). */
public final class ChangeRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Vertx vertx;
  private final Database db;
  private final ChangeFeed feed;
  private final ChangeFeedConfig config;
  private final Webhooks webhooks;

  public ChangeRoutes(Vertx vertx, Database db, ChangeFeed feed, ChangeFeedConfig config) {
    this.vertx = vertx;
    this.db = db;
    this.feed = feed;
    this.config = config;
    this.webhooks = new Webhooks(db);
  }

  /** {@code GET /api/v1/changes?since=&limit=}: {@code {"changes": [...], "next": cursor}}. */
  public Future<JsonObject> changes(RoutingContext ctx) {
    ChangeScope scope = scope(ctx);
    long since = cursor(ctx.queryParams().get("since"), "since", 0);
    int limit = (int) cursor(ctx.queryParams().get("limit"), "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    ctx.response().putHeader("Cache-Control", "no-store");
    return ChangeLog.page(db, scope, since, limit).map(ChangePage::toJson);
  }

  /**
   * {@code GET /api/v1/changes/stream}: Server-Sent Events from {@code Last-Event-ID} (a reconnect),
   * else {@code ?since=}, else from now.
   */
  public void stream(RoutingContext ctx) {
    ChangeScope scope = scope(ctx);
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    long since = lastEventId != null && !lastEventId.isBlank() ? cursor(lastEventId.trim(), "Last-Event-ID", 0)
        : cursor(ctx.queryParams().get("since"), "since", feed.recent().head());
    // A cursor before the oldest entry kept is 410 before the stream starts (EventSource stops on it).
    ChangeLog.requireKept(db, since).onSuccess(v -> new ChangeStream(feed, ctx.response(), scope, since).start())
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/v1/webhooks} {@code {url, secret}} (administrators): 201 with the webhook. */
  public Future<JsonObject> register(RoutingContext ctx) {
    Principal admin = AuthHandler.require(ctx, Role.ADMIN);
    JsonObject body = Requests.jsonBody(ctx);
    String url = body.getString("url");
    String secret = body.getString("secret");
    String problem = Webhook.checkUrl(url);
    if (problem == null) {
      problem = Webhook.checkSecret(secret);
    }
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    Future<Void> allowed = config.webhookPrivateAddresses() ? Future.succeededFuture()
        : WebhookAddresses.requirePublic(vertx, url);
    return allowed.compose(v -> webhooks.register(url, secret, admin.username(), config.maxWebhooks())).map(hook -> {
      ctx.response().setStatusCode(201);
      return hook.toJson();
    });
  }

  /** {@code GET /api/v1/webhooks} (administrators). */
  public Future<JsonObject> list(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    return webhooks.list().map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(h -> out.add(h.toJson()));
      return new JsonObject().put("webhooks", out);
    });
  }

  /** {@code DELETE /api/v1/webhooks/{id}} (administrators): 204, or 404. */
  public void delete(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    String id = ctx.pathParam("id");
    webhooks.delete(id).onSuccess(deleted -> {
      if (deleted) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(ApiException.notFound("no webhook '" + id + "'"));
      }
    }).onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/webhooks/{id}/deliveries?limit=} (administrators): newest first. */
  public Future<JsonObject> deliveries(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    String id = ctx.pathParam("id");
    int limit = (int) cursor(ctx.queryParams().get("limit"), "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    return webhooks.deliveries(id, limit).map(found -> {
      JsonArray out = new JsonArray();
      found.orElseThrow(() -> ApiException.notFound("no webhook '" + id + "'")).forEach(d -> out.add(d.toJson()));
      return new JsonObject().put("webhook", id).put("deliveries", out);
    });
  }

  /**
   * The caller's scope: its regions and roles; with an API key, only the kinds whose layers the key
   * may read (grids; events and their attachments; regions as villages; layer rows as the buildings
   * layer that shows their figures).
   */
  private static ChangeScope scope(RoutingContext ctx) {
    Principal who = AuthHandler.principal(ctx);
    Set<ChangeKind> kinds = EnumSet.of(ChangeKind.SCENE, ChangeKind.MODE, ChangeKind.DRAFT, ChangeKind.IMAGERY,
        ChangeKind.TILESET, ChangeKind.USER, ChangeKind.API_KEY);
    if (ApiKeyGate.allows(ctx, "grids")) {
      kinds.add(ChangeKind.GRID);
    }
    if (ApiKeyGate.allows(ctx, "events")) {
      kinds.add(ChangeKind.EVENT);
      kinds.add(ChangeKind.ATTACHMENT);
    }
    if (ApiKeyGate.allows(ctx, "villages")) {
      kinds.add(ChangeKind.REGION);
    }
    if (ApiKeyGate.allows(ctx, "buildings")) {
      kinds.add(ChangeKind.LAYER);
    }
    // Patrols are about people at work: those who may read them (docs/PATROLS.md), never an API key.
    if (who.hasAny(Role.ADMIN, Role.LEADER, Role.GRIDWORKER) && !who.has(Role.APICLIENT)) {
      kinds.add(ChangeKind.PATROL);
      kinds.add(ChangeKind.VISIT);
    }
    // Proposals (docs/FIELD.md): their workers, leaders and reviewers, never an API key.
    if (who.hasAny(Role.ADMIN, Role.LEADER, Role.GRIDWORKER, Role.PLANNER, Role.DEPARTMENT) && !who.has(Role.APICLIENT)) {
      kinds.add(ChangeKind.COLLECTION);
    }
    return ChangeScope.of(who, kinds);
  }

  private static long cursor(String value, String name, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number of at least 0, got '" + value + "'");
    }
  }
}
