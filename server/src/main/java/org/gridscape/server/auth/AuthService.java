package org.gridscape.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;

/**
 * Sign-in, tokens and API keys. Tokens are HS256 JWTs whose secret lives in the database, so every
 * server instance over the same database accepts them; they carry the roles and scopes.
 */
public final class AuthService {

  /** A successful sign-in. */
  public record Session(String token, Instant expiresAt, Principal principal) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UNKNOWN_USER_HASH = new PasswordHasher().hash("not-a-real-password");

  private final Vertx vertx;
  private final Database db;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final JWTAuth jwt;
  /** Checks the signature only: tells an expired token (sign in again) from a forged or broken one. */
  private final JWTAuth jwtIgnoringExpiry;
  private final Duration tokenTtl;
  private final SignInThrottle throttle;

  private AuthService(Vertx vertx, Database db, UserStore users, PasswordHasher hasher, JWTAuth jwt, JWTAuth jwtIgnoringExpiry,
      Duration tokenTtl, SignInThrottle throttle) {
    this.vertx = vertx;
    this.db = db;
    this.users = users;
    this.hasher = hasher;
    this.jwt = jwt;
    this.jwtIgnoringExpiry = jwtIgnoringExpiry;
    this.tokenTtl = tokenTtl;
    this.throttle = throttle;
  }

  /** Loads (or creates on first start) the token secret and returns a ready service. */
  public static Future<AuthService> create(Vertx vertx, Database db, Duration tokenTtl) {
    return db.query("SELECT setting_value FROM app_setting WHERE name = 'jwt_secret'").compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(rows.iterator().next().getString("setting_value"));
      }
      byte[] secret = new byte[48];
      RANDOM.nextBytes(secret);
      String encoded = Base64.getEncoder().encodeToString(secret);
      return db.query("INSERT INTO app_setting (name, setting_value) VALUES ('jwt_secret', ?)", Tuple.of(encoded))
          .recover(raced -> db.query("SELECT setting_value FROM app_setting WHERE name = 'jwt_secret'"))
          .compose(ignored -> db.query("SELECT setting_value FROM app_setting WHERE name = 'jwt_secret'"))
          .map(again -> again.iterator().next().getString("setting_value"));
    }).map(secret -> {
      PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret);
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
      JWTAuth jwtIgnoringExpiry = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key)
          .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
      return new AuthService(vertx, db, new UserStore(db), new PasswordHasher(), jwt, jwtIgnoringExpiry, tokenTtl,
          SignInThrottle.create(db));
    });
  }

  public UserStore users() {
    return users;
  }

  public Duration tokenTtl() {
    return tokenTtl;
  }

  /** Checks a user name and password (no client address: not throttled by address). */
  public Future<Session> login(String username, String password) {
    return login(username, password, null);
  }

  /**
   * Checks a user name and password; the same slow work is done for unknown users. Too many failures
   * for the name or from the client address (counted in the database, so across replicas) give 429
   * {@code too_many_sign_in_attempts} whose first detail holds {@code retryAfterSeconds} (see
   * {@link SignInThrottle}). The attempt counts as a failure until the password has been found right.
   */
  public Future<Session> login(String username, String password, String clientAddress) {
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      return Future.failedFuture(AuthException.invalid("username and password are required"));
    }
    return throttle.begin(username, clientAddress).compose(wait -> {
      if (wait.isPresent()) {
        return Future.failedFuture(AuthException.throttled(wait.getAsLong()));
      }
      return users.find(username).compose(found -> vertx.executeBlocking(() -> {
        String hash = found.map(UserStore.StoredUser::passwordHash).orElse(UNKNOWN_USER_HASH);
        boolean ok = hasher.verify(password, hash) && found.isPresent() && !found.get().disabled();
        if (!ok) {
          throw AuthException.unauthenticated("invalid_credentials", "user name or password is wrong");
        }
        return found.get().principal();
      })).compose(principal -> throttle.succeeded(username, clientAddress).map(cleared -> issue(principal, tokenTtl)));
    });
  }

  /** Seconds a 429 from {@link #login} asks the client to wait, or -1 for any other failure. */
  public static long retryAfterSeconds(Throwable failure) {
    return failure instanceof AuthException refused ? refused.retryAfterSeconds() : -1;
  }

  /** Issues a token for a principal; a negative or zero TTL gives an already expired token (tests). */
  public Session issue(Principal principal, Duration ttl) {
    Instant expires = Instant.now().plus(ttl);
    JsonObject claims = new JsonObject()
        .put("sub", principal.username())
        .put("roles", new JsonArray(principal.roles().stream().map(Role::id).sorted().toList()))
        .put("scopes", new JsonArray(principal.scopes()))
        .put("exp", expires.getEpochSecond());
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(false));
    return new Session(token, expires, principal);
  }

  /** The principal of a valid, unexpired token; 401 otherwise. */
  public Future<Principal> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> jwtIgnoringExpiry.authenticate(new TokenCredentials(token))
            .transform(signed -> Future.failedFuture(signed.succeeded()
                ? AuthException.unauthenticated("token_expired", "the session has expired; sign in again")
                : AuthException.unauthenticated("invalid_token", "the token is invalid; sign in again"))))
        .map(user -> {
          JsonObject claims = user.principal();
          Set<Role> roles = EnumSet.noneOf(Role.class);
          for (Object id : claims.getJsonArray("roles", new JsonArray())) {
            roles.add(Role.parse(id.toString()));
          }
          List<String> scopes = new ArrayList<>();
          for (Object scope : claims.getJsonArray("scopes", new JsonArray())) {
            scopes.add(scope.toString());
          }
          return new Principal(claims.getString("sub"), roles, scopes);
        });
  }

  /** Creates a user with a hashed password; 409 when the name is taken. */
  public Future<Principal> createUser(String username, String password, Set<Role> roles, List<String> scopes) {
    if (username == null || !username.matches("[A-Za-z0-9_.-]{2,64}")) {
      return Future.failedFuture(AuthException.invalid("username must be 2-64 letters, digits, '_', '.' or '-'"));
    }
    if (password == null || password.length() < 8) {
      return Future.failedFuture(AuthException.invalid("password must have at least 8 characters"));
    }
    if (roles.isEmpty()) {
      return Future.failedFuture(AuthException.invalid("at least one role is required"));
    }
    return users.find(username).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(AuthException.conflict("user '" + username + "' already exists"));
      }
      return vertx.executeBlocking(() -> hasher.hash(password))
          .compose(hash -> db.inTransaction(tx -> new UserStore(tx)
              .insert(new UserStore.StoredUser(username, hash, username, roles, scopes, false))
              .compose(v -> ChangeLog.append(tx, Change.user(username)))))
          .map(ignored -> new Principal(username, roles, scopes));
    });
  }

  /**
   * Creates the first admin when there is none. Returns the generated password when none was
   * configured, so the caller can print it once; it is stored hashed only.
   */
  public Future<Optional<String>> ensureAdmin(String configuredPassword) {
    return users.find("admin").compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(Optional.<String>empty());
      }
      String password = configuredPassword != null ? configuredPassword : PasswordHasher.generatePassword();
      return createUser("admin", password, EnumSet.of(Role.ADMIN), List.of())
          .map(ignored -> configuredPassword != null ? Optional.<String>empty() : Optional.of(password));
    });
  }

  /** Creates an API key for an apiclient user; the full key is returned once and stored hashed. */
  public Future<String> createApiKey(String username, List<String> layers, int ratePerMinute) {
    byte[] idBytes = new byte[8];
    byte[] secretBytes = new byte[24];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secretBytes);
    String keyId = HexFormat.of().formatHex(idBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    return db.inTransaction(tx -> new UserStore(tx).insertApiKey(new UserStore.StoredApiKey(keyId, sha256(secret),
        username, layers.isEmpty() ? List.of("*") : layers, ratePerMinute, false))
        .compose(v -> ChangeLog.append(tx, Change.apiKey(keyId))))
        .map(ignored -> "gsk_" + keyId + "_" + secret);
  }

  /** The principal and limits behind an API key; 401 when unknown or revoked. */
  public Future<ApiKeyPrincipal> verifyApiKey(String key) {
    String[] parts = key == null ? new String[0] : key.split("_", 3);
    if (parts.length != 3 || !parts[0].equals("gsk")) {
      return Future.failedFuture(AuthException.unauthenticated("invalid_api_key", "the API key is malformed"));
    }
    return users.findApiKey(parts[1]).compose(found -> {
      if (found.isEmpty() || found.get().revoked()
          || !MessageDigest.isEqual(found.get().secretSha256().getBytes(StandardCharsets.US_ASCII),
              sha256(parts[2]).getBytes(StandardCharsets.US_ASCII))) {
        return Future.failedFuture(AuthException.unauthenticated("invalid_api_key", "the API key is unknown or revoked"));
      }
      return users.find(found.get().username()).map(user -> {
        if (user.isEmpty() || user.get().disabled()) {
          throw AuthException.unauthenticated("invalid_api_key", "the API key's user is disabled");
        }
        return new ApiKeyPrincipal(user.get().principal(), found.get());
      });
    });
  }

  /** An API-key caller: the user behind it and the key's limits. */
  public record ApiKeyPrincipal(Principal principal, UserStore.StoredApiKey key) {}

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
