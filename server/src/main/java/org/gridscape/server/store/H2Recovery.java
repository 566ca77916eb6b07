package org.gridscape.server.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.db.Store;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes, right after the embedded H2 database opens, a commit that a crash interrupted.
 *
 * <p>H2's MVStore commits a transaction in two steps: it appends a commit marker to the
 * transaction's undo log, then rewrites each of the transaction's entries from "uncommitted" to
 * "committed", one map operation at a time. A store to disk can happen between those steps (every
 * time the unsaved changes exceed the auto-commit buffer, so a large commit is stored several
 * times while it runs). After a crash in that window the file holds the marker, the full undo log
 * and a part of the entries already rewritten. On open H2 reads the marker and registers the
 * transaction as committed, so that {@code TransactionStore.endLeftoverTransactions()} finishes
 * it. In H2 2.5.252 that call does nothing: {@code Transaction.commit()} only runs
 * {@code TransactionStore.commit(tx, recovery)} when the previous status is "active", and
 * "committed" is not (the {@code wasActive && hasChanges} condition came with h2database commit
 * 7fbdc03, December 2025; 2.3.232 re-ran the commit). The leftover stays half applied: readers see
 * the rewritten part of the transaction and not the rest, for ever (docs/RELIABILITY.md measured
 * 1,575 and 12,090 of 150,000 rows).
 *
 * <p>This class does what the H2 open should have done: for each leftover transaction in the
 * committed state, it runs the package-private {@code TransactionStore.commit(tx, true)} (rewrite
 * the remaining entries from the undo log, which is complete on disk because the marker is its last
 * record) and {@code endTransaction}, then stores. Reflection is needed because H2 offers no public
 * way to do it; the methods are looked up only when such a transaction exists, and a database
 * that needs the repair and cannot get it is refused rather than served torn.
 */
public final class H2Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(H2Recovery.class);

  private H2Recovery() {
  }

  /**
   * Completes every transaction that H2 recovered as committed but left unfinished. Call it on the
   * first connection, before anything else uses the database.
   *
   * @return the number of transactions completed (0 after a clean shutdown)
   */
  public static int finishInterruptedCommits(Connection connection) throws SQLException {
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    if (!(session instanceof SessionLocal local)) {
      return 0; // a remote H2 server recovers its own files
    }
    Store store = local.getDatabase().getStore();
    if (store == null) {
      return 0; // in-memory database without an MVStore
    }
    TransactionStore transactions = store.getTransactionStore();
    long start = System.nanoTime();
    int finished = 0;
    for (Transaction tx : transactions.getOpenTransactions()) {
      if (tx.getStatus() != Transaction.STATUS_COMMITTED) {
        continue; // open ones were rolled back by H2 already; prepared ones are not ours
      }
      try {
        Method commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
        Method end = TransactionStore.class.getDeclaredMethod("endTransaction", Transaction.class, boolean.class);
        commit.setAccessible(true);
        end.setAccessible(true);
        commit.invoke(transactions, tx, true);
        end.invoke(transactions, tx, true);
      } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
        throw new IllegalStateException("H2 left transaction " + tx.getId() + " half committed after a crash"
            + " and this H2 version cannot be asked to finish it; refusing to open a torn database", e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("finishing the interrupted commit of H2 transaction " + tx.getId()
            + " failed", e.getCause());
      }
      finished++;
    }
    if (finished > 0) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT"); // store the finished commit now, whatever WRITE_DELAY says
      }
      LOG.warn("Embedded database: finished {} transaction(s) whose commit a crash had interrupted, in {} ms", finished,
          (System.nanoTime() - start) / 1_000_000);
    }
    return finished;
  }
}
