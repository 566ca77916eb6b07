package org.gridscape.server.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridscape.server.store.Sql;

/** Users and API keys in the database. */
public final class UserStore {

  /** A stored user; the password hash never leaves the server. */
  public record StoredUser(String username, String passwordHash, String displayName, Set<Role> roles,
      List<String> scopes, boolean disabled) {

    public Principal principal() {
      return new Principal(username, roles, scopes);
    }
  }

  /** A stored API key: its id, the SHA-256 of its secret, its owner and limits. */
  public record StoredApiKey(String keyId, String secretSha256, String username, List<String> layers,
      int ratePerMinute, boolean revoked) {}

  private final Sql sql;

  public UserStore(Sql sql) {
    this.sql = sql;
  }

  public Future<Optional<StoredUser>> find(String username) {
    return sql.query("SELECT username, password_hash, display_name, roles, scopes, disabled FROM app_user "
        + "WHERE username = ?", Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toUser(rows.iterator().next())));
  }

  public Future<List<StoredUser>> list() {
    return sql.query("SELECT username, password_hash, display_name, roles, scopes, disabled FROM app_user "
        + "ORDER BY username").map(rows -> {
          List<StoredUser> users = new ArrayList<>();
          rows.forEach(row -> users.add(toUser(row)));
          return users;
        });
  }

  public Future<Void> insert(StoredUser user) {
    return sql.query("INSERT INTO app_user (username, password_hash, display_name, roles, scopes, disabled, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?)", Tuple.of(user.username(), user.passwordHash(), user.displayName(),
            join(user.roles().stream().map(Role::id).sorted().toList()), join(user.scopes()), user.disabled(),
            OffsetDateTime.now(ZoneOffset.UTC)))
        .mapEmpty();
  }

  public Future<Boolean> updatePassword(String username, String passwordHash) {
    return sql.query("UPDATE app_user SET password_hash = ? WHERE username = ?", Tuple.of(passwordHash, username))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Long> count() {
    return sql.query("SELECT COUNT(*) AS n FROM app_user").map(rows -> rows.iterator().next().getLong("n"));
  }

  public Future<Void> insertApiKey(StoredApiKey key) {
    return sql.query("INSERT INTO api_key (key_id, secret_sha256, username, layers, rate_per_minute, revoked, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?)", Tuple.of(key.keyId(), key.secretSha256(), key.username(),
            join(key.layers()), key.ratePerMinute(), key.revoked(), OffsetDateTime.now(ZoneOffset.UTC)))
        .mapEmpty();
  }

  public Future<Optional<StoredApiKey>> findApiKey(String keyId) {
    return sql.query("SELECT key_id, secret_sha256, username, layers, rate_per_minute, revoked FROM api_key "
        + "WHERE key_id = ?", Tuple.of(keyId)).map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new StoredApiKey(row.getString("key_id"), row.getString("secret_sha256"),
              row.getString("username"), split(row.getString("layers")), row.getInteger("rate_per_minute"),
              row.getBoolean("revoked")));
        });
  }

  private static StoredUser toUser(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String id : split(row.getString("roles"))) {
      roles.add(Role.parse(id));
    }
    return new StoredUser(row.getString("username"), row.getString("password_hash"), row.getString("display_name"),
        roles, split(row.getString("scopes")), Boolean.TRUE.equals(row.getBoolean("disabled")));
  }

  private static String join(List<String> values) {
    return String.join(",", values);
  }

  private static List<String> split(String joined) {
    if (joined == null || joined.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : joined.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
