package org.gridscape.server.change;

import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;

/**
 * Which entries of the change log a reader sees: those of the kinds it may read, in the regions it
 * is assigned (region code prefixes as {@link Principal#significantPrefix}; none: everywhere).
 * Entries without a region concern the whole district and are seen by everyone who reads the kind.
 */
public record ChangeScope(List<String> prefixes, Set<ChangeKind> kinds) {

  /** Everything (administrators, webhooks). */
  public static final ChangeScope ALL = new ChangeScope(List.of(), EnumSet.allOf(ChangeKind.class));

  public ChangeScope {
    prefixes = List.copyOf(prefixes);
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }

  /**
   * A signed-in reader's scope: its assigned regions; drafts only for planners and administrators,
   * who edit them; users and API keys only for administrators, who manage them. {@code readable} narrows the kinds further (an API key's layers).
   */
  public static ChangeScope of(Principal who, Set<ChangeKind> readable) {
    EnumSet<ChangeKind> kinds = EnumSet.copyOf(readable);
    if (!who.hasAny(Role.ADMIN, Role.PLANNER)) {
      kinds.remove(ChangeKind.DRAFT);
    }
    if (!who.has(Role.ADMIN)) {
      kinds.remove(ChangeKind.USER);
      kinds.remove(ChangeKind.API_KEY);
    }
    List<String> prefixes = who.has(Role.ADMIN) ? List.of()
        : who.scopes().stream().map(String::trim).filter(s -> !s.isEmpty()).map(Principal::significantPrefix)
            .distinct().sorted().toList();
    return new ChangeScope(prefixes, kinds);
  }

  public boolean allows(ChangeEntry entry) {
    if (!kinds.contains(entry.kind())) {
      return false;
    }
    if (prefixes.isEmpty() || entry.region() == null) {
      return true;
    }
    for (String prefix : prefixes) {
      if (entry.region().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The same test as {@link #allows} as an SQL condition on change_log; its arguments go to {@code args}. */
  String sqlCondition(Tuple args) {
    if (kinds.isEmpty()) {
      return "1 = 0";
    }
    StringBuilder sql = new StringBuilder("kind IN (");
    int n = 0;
    for (ChangeKind kind : kinds) {
      sql.append(n++ == 0 ? "?" : ", ?");
      args.addString(kind.id());
    }
    sql.append(')');
    if (!prefixes.isEmpty()) {
      sql.append(" AND (region IS NULL");
      for (String prefix : prefixes) {
        sql.append(" OR LEFT(region, ?) = ?");
        args.addInteger(prefix.length()).addString(prefix);
      }
      sql.append(')');
    }
    return sql.toString();
  }
}
