package org.gridscape.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * What repositories use to talk to the database, the same on H2 and PostgreSQL, in or outside a
 * transaction. SQL is written with {@code ?} placeholders; the PostgreSQL client gets {@code $n}.
 */
public interface Sql {

  Future<RowSet<Row>> query(String sql, Tuple args);

  default Future<RowSet<Row>> query(String sql) {
    return query(sql, Tuple.tuple());
  }

  /** Runs one statement for many parameter rows; an empty list is a no-op. */
  Future<Void> batch(String sql, List<Tuple> rows);

  /**
   * Runs {@code action} once what was written through this has committed: at once outside a
   * transaction (each statement commits by itself), after the commit inside one, never after a
   * rollback.
   */
  default void afterCommit(Runnable action) {
    action.run();
  }
}
