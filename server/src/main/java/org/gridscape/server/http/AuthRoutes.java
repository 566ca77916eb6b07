package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.Cookie;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gridscape.server.auth.AuthService;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;

/** Handlers for sign-in, the current user, users and API keys. */
final class AuthRoutes {

  private final AuthService auth;

  AuthRoutes(AuthService auth) {
    this.auth = auth;
  }

  Future<JsonObject> login(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    String client = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return auth.login(body.getString("username"), body.getString("password"), client).recover(failure -> {
      long wait = AuthService.retryAfterSeconds(failure);
      if (wait > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(wait));
      }
      return Future.failedFuture(failure);
    }).map(session -> {
      ctx.response().addCookie(Cookie.cookie(AuthHandler.COOKIE, session.token()).setHttpOnly(true)
          .setPath("/").setSameSite(CookieSameSite.STRICT).setMaxAge(auth.tokenTtl().toSeconds()));
      return new JsonObject().put("token", session.token()).put("expiresAt", session.expiresAt().toString())
          .put("user", principalJson(session.principal()));
    });
  }

  Future<JsonObject> logout(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(AuthHandler.COOKIE, "").setPath("/").setMaxAge(0));
    return Future.succeededFuture(new JsonObject().put("signedOut", true));
  }

  /** Who is signed in: {@code {signedIn: false}} for a caller without credentials (the probe is public). */
  Future<JsonObject> me(RoutingContext ctx) {
    return Future.succeededFuture(AuthHandler.caller(ctx)
        .map(principal -> principalJson(principal).put("signedIn", true))
        .orElseGet(() -> new JsonObject().put("signedIn", false)));
  }

  Future<JsonArray> listUsers(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    return auth.users().list().map(users -> {
      JsonArray out = new JsonArray();
      users.forEach(u -> out.add(principalJson(u.principal()).put("disabled", u.disabled())));
      return out;
    });
  }

  Future<JsonObject> createUser(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    JsonObject body = Requests.jsonBody(ctx);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object id : Requests.array(body, "roles")) {
      try {
        roles.add(Role.parse(String.valueOf(id)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    List<String> scopes = Requests.array(body, "scopes").stream().map(String::valueOf).toList();
    return auth.createUser(body.getString("username"), body.getString("password"), roles, scopes)
        .map(principal -> {
          ctx.response().setStatusCode(201);
          return principalJson(principal);
        });
  }

  Future<JsonObject> createApiKey(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    JsonObject body = Requests.jsonBody(ctx);
    String username = body.getString("username");
    List<String> layers = Requests.array(body, "layers").stream().map(String::valueOf).toList();
    int rate = body.getInteger("ratePerMinute", 600);
    if (rate < 1 || rate > 100_000) {
      throw ApiException.badRequest("ratePerMinute must be between 1 and 100000");
    }
    return auth.users().find(username == null ? "" : username).compose(user -> {
      if (user.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("no user '" + username + "'"));
      }
      if (!user.get().roles().contains(Role.APICLIENT)) {
        return Future.failedFuture(ApiException.unprocessable("API keys are for apiclient users only",
            List.of(new JsonObject().put("field", "username").put("rule", "role apiclient required"))));
      }
      return auth.createApiKey(username, layers, rate).map(key -> {
        ctx.response().setStatusCode(201);
        return new JsonObject().put("apiKey", key).put("username", username).put("layers", new JsonArray(layers))
            .put("ratePerMinute", rate);
      });
    });
  }

  static JsonObject principalJson(Principal principal) {
    return new JsonObject().put("username", principal.username())
        .put("roles", new JsonArray(principal.roles().stream().map(Role::id).sorted().toList()))
        .put("scopes", new JsonArray(principal.scopes()));
  }
}
