package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.auth.UserStore;
import org.gridscape.server.auth.UserStore.StoredApiKey;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.http.ApiException;
import org.gridscape.server.http.AuthHandler;

/**
 * Limits for callers that use an API key (after {@code AuthHandler} has accepted the key): the
 * key's requests per minute (429 with Retry-After beyond it; counted in the database by
 * {@link RateLimiter}, so across replicas) and the layers it may read. Callers with a token or
 * session are not limited here.
 */
public final class ApiKeyGate implements Handler<RoutingContext> {

  private static final String KEY = "gridscape.apiKey";
  /** Key settings are re-read after this, so a changed limit applies within it. */
  private static final long KEY_TTL_NANOS = 30_000_000_000L;

  private record Known(StoredApiKey key, long readAt) {}

  private final UserStore users;
  private final RateLimiter limiter;
  private final Map<String, Known> keys = new ConcurrentHashMap<>();

  public ApiKeyGate(UserStore users, RateLimiter limiter) {
    this.users = users;
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("X-API-Key");
    // AuthHandler prefers a bearer token over a key, and so does this gate.
    if (header == null || ctx.request().getHeader("Authorization") != null) {
      ctx.next();
      return;
    }
    String[] parts = header.split("_", 3);
    if (parts.length != 3) {
      ctx.next();
      return;
    }
    key(parts[1]).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new ApiException(401, "invalid_api_key", "the API key is unknown or revoked"));
      }
      StoredApiKey key = found.get();
      return limiter.acquire(key.keyId(), key.ratePerMinute()).compose(wait -> {
        if (wait > 0) {
          ctx.response().putHeader("Retry-After", Long.toString(wait));
          return Future.failedFuture(new ApiException(429, "too_many_requests", "this API key is limited to "
              + key.ratePerMinute() + " requests per minute; retry in " + wait + " s"));
        }
        return Future.succeededFuture(key);
      });
    }).onSuccess(key -> {
      ctx.put(KEY, key);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  /** 403 unless the caller may read the layer (callers without an API key may read every layer). */
  public static void requireLayer(RoutingContext ctx, String layerId) {
    if (!allows(ctx, layerId)) {
      throw ApiException.forbidden("this API key may not read the layer '" + layerId + "'");
    }
  }

  /** Whether the caller may read the layer (a key that may write it may read it). */
  public static boolean allows(RoutingContext ctx, String layerId) {
    StoredApiKey key = ctx.get(KEY);
    return key == null || key.layers().contains("*") || key.layers().contains(layerId)
        || key.layers().contains(writeScope(layerId));
  }

  /**
   * 403 unless the caller may write the layer: a key needs the explicit scope {@code <layer>:write}
   * ({@code *} is for reading only, so no key minted before writes existed can write). Callers
   * without a key pass here; their roles are checked by the collection.
   */
  public static void requireWrite(RoutingContext ctx, String layerId) {
    StoredApiKey key = ctx.get(KEY);
    if (key != null && !key.layers().contains(writeScope(layerId))) {
      throw ApiException.forbidden("this API key may not write the layer '" + layerId + "': it needs the scope '"
          + writeScope(layerId) + "'");
    }
  }

  /** The API-key scope that allows writing a layer. */
  public static String writeScope(String layerId) {
    return layerId + ":write";
  }

  /**
   * The regions the caller may read features in: an apiclient user's region scopes (the codes the
   * admin gave the user, which every key of the user carries), whether it calls with a key or a
   * token. Everyone else reads the whole district here; what they may edit is checked elsewhere.
   */
  public static RegionScope regions(RoutingContext ctx) {
    Optional<Principal> caller = AuthHandler.caller(ctx);
    if (caller.isEmpty() || caller.get().has(Role.ADMIN) || !caller.get().has(Role.APICLIENT)
        || caller.get().scopes().isEmpty()) {
      return RegionScope.ALL;
    }
    return RegionScope.of(caller.get().scopes());
  }

  private Future<Optional<StoredApiKey>> key(String keyId) {
    Known known = keys.get(keyId);
    if (known != null && System.nanoTime() - known.readAt() < KEY_TTL_NANOS) {
      return Future.succeededFuture(Optional.of(known.key()));
    }
    return users.findApiKey(keyId).map(found -> {
      found.filter(k -> !k.revoked()).ifPresentOrElse(k -> keys.put(keyId, new Known(k, System.nanoTime())),
          () -> keys.remove(keyId));
      return found.filter(k -> !k.revoked());
    });
  }
}
