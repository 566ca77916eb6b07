package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.Cookie;
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

  private final AuthService auth;

  public AuthHandler(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (PUBLIC_PATHS.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    authenticate(ctx).onSuccess(principal -> {
      ctx.put(PRINCIPAL, principal);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        return Future.failedFuture(ApiException.unauthorized("Authorization header must be 'Bearer <token>'"));
      }
      return auth.verify(header.substring(7).trim());
    }
    String apiKey = ctx.request().getHeader("X-API-Key");
    if (apiKey != null) {
      return auth.verifyApiKey(apiKey).map(AuthService.ApiKeyPrincipal::principal);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      return auth.verify(cookie.getValue());
    }
    return Future.failedFuture(ApiException.unauthorized("sign in first: send 'Authorization: Bearer <token>'"));
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
