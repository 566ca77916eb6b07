package org.gridscape.server.field;

import io.vertx.sqlclient.Tuple;
import org.gridscape.server.auth.Principal;

/** Restricts a read to the grids a caller's scopes cover, with bound arguments. */
final class Scopes {

  private Scopes() {}

  /** Appends {@code AND (LEFT(column, n) = prefix OR ...)} for the caller's scopes; nothing for none. */
  static void restrict(Principal who, String column, StringBuilder where, Tuple args) {
    String clause = clause(who, column, args);
    if (clause != null) {
      where.append(" AND ").append(clause);
    }
  }

  /** {@code (LEFT(column, n) = prefix OR ...)} for the caller's scopes, its arguments added; null for none. */
  static String clause(Principal who, String column, Tuple args) {
    var prefixes = who.scopes().stream().map(Principal::significantPrefix).distinct().toList();
    if (prefixes.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < prefixes.size(); i++) {
      out.append(i == 0 ? "" : " OR ").append("LEFT(").append(column).append(", ?) = ?");
      args.addInteger(prefixes.get(i).length()).addValue(prefixes.get(i));
    }
    return out.append(')').toString();
  }
}
