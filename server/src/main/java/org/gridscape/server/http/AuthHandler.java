package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;

/**
 * Authenticates every protected request: {@code Authorization: Bearer <token>}, the browser's
 * session cookie, or an API key ({@code X-API-Key} header). The principal is stored in the context.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  public static final String COOKIE = "gridscape_session";
  private static final String PRINCIPAL = "gridscape.principal";
  /** Paths under the protected prefixes that anyone may call. */
  private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/api/v1/auth/login", "/api/v1/auth/logout");
  /**
   * The sign-in probe: a caller that presents no credentials at all passes without a principal (the
   * handler answers {@code signedIn: false}), so web apps ask "who am I" before sign-in without a 401
   * in the browser console. Credentials that are presented are still checked (bad or expired: 401).
   */
  private static final String PROBE_PATH = "/api/v1/auth/me";

  /**
   * Verified tokens are remembered this long (at most until they expire): checking an HS256
   * signature and parsing the claims costs more than serving a cached vector tile. Sign-out clears
   * the session cookie and tokens are not revoked server-side, so remembering them changes nothing
   * a caller can observe.
   */
  private static final long REMEMBER_NANOS = 5_000_000_000L;
  private static final int MAX_REMEMBERED = 10_000;

  private record Verified(Principal principal, long validUntilNanos) {}

  private final AuthService auth;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  public AuthHandler(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (PUBLIC_PATHS.contains(ctx.normalizedPath())
        || (PROBE_PATH.equals(ctx.normalizedPath()) && !presentsCredentials(ctx))) {
      ctx.next();
      return;
    }
    authenticate(ctx).onSuccess(principal -> {
      ctx.put(PRINCIPAL, principal);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private static boolean presentsCredentials(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return ctx.request().getHeader("Authorization") != null || ctx.request().getHeader("X-API-Key") != null
        || (cookie != null && !cookie.getValue().isBlank());
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        return Future.failedFuture(ApiException.unauthorized("Authorization header must be 'Bearer <token>'"));
      }
      return verifyToken(header.substring(7).trim());
    }
    String apiKey = ctx.request().getHeader("X-API-Key");
    if (apiKey != null) {
      return auth.verifyApiKey(apiKey).map(AuthService.ApiKeyPrincipal::principal);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      return verifyToken(cookie.getValue());
    }
    return Future.failedFuture(ApiException.unauthorized("sign in first: send 'Authorization: Bearer <token>'"));
  }

  private Future<Principal> verifyToken(String token) {
    Verified known = verified.get(token);
    if (known != null && System.nanoTime() - known.validUntilNanos() < 0) {
      return Future.succeededFuture(known.principal());
    }
    return auth.verify(token).onSuccess(principal -> remember(token, principal));
  }

  private void remember(String token, Principal principal) {
    long now = System.nanoTime();
    long untilExpiry = expiresInNanos(token);
    if (untilExpiry <= 0) {
      return;
    }
    if (verified.size() >= MAX_REMEMBERED) {
      verified.values().removeIf(v -> now - v.validUntilNanos() >= 0);
      if (verified.size() >= MAX_REMEMBERED) {
        verified.clear();
      }
    }
    verified.put(token, new Verified(principal, now + Math.min(REMEMBER_NANOS, untilExpiry)));
  }

  /** Time left before the token's {@code exp} claim (the signature has been checked); 0 when unknown. */
  static long expiresInNanos(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    if (first < 0 || second < 0) {
      return 0;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(first + 1, second)),
          StandardCharsets.UTF_8));
      Long exp = claims.getLong("exp");
      return exp == null ? 0 : Math.max(0, (exp * 1000 - System.currentTimeMillis()) * 1_000_000L);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The authenticated caller, if this handler has run for the request (not on public routes). */
  public static Optional<Principal> caller(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  /** The authenticated caller; only valid behind this handler. */
  public static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    if (principal == null) {
      throw ApiException.unauthorized("authentication required");
    }
    return principal;
  }

  /** The caller, who must have one of the roles (admins always pass); 403 otherwise. */
  public static Principal require(RoutingContext ctx, Role... roles) {
    Principal principal = principal(ctx);
    if (principal.has(Role.ADMIN) || principal.hasAny(roles)) {
      return principal;
    }
    throw ApiException.forbidden("this needs one of the roles " + java.util.Arrays.stream(roles).map(Role::id).toList());
  }

  /** The caller, who must have one of the roles and cover the region or grid code; 403 otherwise. */
  public static Principal requireIn(RoutingContext ctx, String code, Role... roles) {
    Principal principal = require(ctx, roles);
    if (!principal.covers(code)) {
      throw ApiException.forbidden("'" + code + "' is outside your assigned areas");
    }
    return principal;
  }
}
