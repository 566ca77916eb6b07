package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import org.gridscape.server.auth.Principal;
import org.gridscape.server.auth.Role;
import org.gridscape.server.store.Sql;

/**
 * Who may record field work where: a grid worker in their own grids (those their scopes cover, and
 * those the worker table assigns to a worker id equal to their account name, as for patrols), an
 * administrator anywhere.
 */
final class FieldAccess {

  private FieldAccess() {}

  static void requireRecorder(Principal who, String what) {
    if (!who.hasAny(Role.GRIDWORKER, Role.ADMIN)) {
      throw FieldException.forbidden(what + " are recorded by grid workers");
    }
  }

  /** Succeeds when the grid is one of the caller's own; 403 otherwise. */
  static Future<Void> requireOwnGrid(Sql sql, Principal who, String grid) {
    if (who.has(Role.ADMIN) || !who.scopes().isEmpty() && who.covers(grid)) {
      return Future.succeededFuture();
    }
    return sql.query("SELECT 1 FROM worker_grid WHERE worker_id = ? AND grid_code = ?", Tuple.of(who.username(), grid))
        .map(rows -> {
          if (rows.size() == 0) {
            throw FieldException.forbidden("grid " + grid + " is not one of your grids");
          }
          return null;
        });
  }

  /** Whether the caller reads field work in this grid as an overseer: administrators, leaders of its area. */
  static boolean oversees(Principal who, String grid) {
    return who.has(Role.ADMIN) || who.has(Role.LEADER) && who.covers(grid);
  }
}
