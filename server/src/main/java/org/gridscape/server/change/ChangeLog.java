package org.gridscape.server.change;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.store.Sql;

/**
 * The ordered log of changes, table {@code change_log} (migration V16).
 *
 * <p>Writers append inside the transaction of their write, as its last statements: the entries
 * commit or roll back with the write. The numbers come from the one row of {@code change_head},
 * updated first: its row lock is held until the writer commits, so appends are serialized and a
 * sequence number is visible only after every smaller one has committed (or been rolled back and
 * taken again). A reader at cursor n therefore never misses an entry below n that commits later,
 * on PostgreSQL as on H2, and the numbers have no gaps. The price is that writers wait for each
 * other for the few milliseconds between an append and its commit (DESIGN.md, "Change feed").
 */
public final class ChangeLog {

  /** Event-bus address on which a committed append is announced in this process (body: its last seq). */
  public static final String COMMITTED = "gridscape.changes.committed";

  private static final String INSERT = "INSERT INTO change_log (seq, kind, item_id, region, version, changed_at)"
      + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "seq, kind, item_id, region, version, changed_at";

  private ChangeLog() {}

  /** Appends the changes inside {@code tx}; call it last in the transaction. None: nothing happens. */
  public static Future<Void> append(Sql tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Context context = Vertx.currentContext();
    return tx.query("UPDATE change_head SET last_seq = last_seq + ? WHERE id = 1", Tuple.of(changes.size()))
        .compose(v -> tx.query("SELECT last_seq FROM change_head WHERE id = 1"))
        .compose(rows -> {
          long last = rows.iterator().next().getLong(0);
          long seq = last - changes.size();
          List<Tuple> inserts = new ArrayList<>(changes.size());
          for (Change c : changes) {
            inserts.add(Tuple.of(++seq, c.kind().id(), c.id(), c.region(), c.version(), now));
          }
          if (context != null) {
            Vertx vertx = context.owner();
            tx.afterCommit(() -> vertx.eventBus().publish(COMMITTED, last));
          }
          return tx.batch(INSERT, inserts);
        });
  }

  public static Future<Void> append(Sql tx, Change... changes) {
    return append(tx, List.of(changes));
  }

  /** The highest committed sequence number (0 before the first write). */
  public static Future<Long> head(Sql sql) {
    return sql.query("SELECT last_seq FROM change_head WHERE id = 1").map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * The entries after {@code since} that {@code scope} sees, at most {@code limit}, in order, and
   * the cursor to continue from: past the last entry returned when the page is full, else past
   * every committed entry (those out of scope included, so that a reader does not scan them again).
   */
  public static Future<ChangePage> page(Sql sql, ChangeScope scope, long since, int limit) {
    return head(sql).compose(head -> {
      if (since >= head) {
        return Future.succeededFuture(new ChangePage(List.of(), since));
      }
      return requireKept(sql, since, head).compose(v -> read(sql, scope, since, limit, head));
    });
  }

  /**
   * Fails with {@link CursorExpiredException} when entries after {@code since} have been pruned.
   * Sequence numbers have no gaps, so that is exactly when the oldest entry kept is above since + 1.
   */
  public static Future<Void> requireKept(Sql sql, long since) {
    return head(sql).compose(head -> since >= head ? Future.succeededFuture() : requireKept(sql, since, head));
  }

  private static Future<Void> requireKept(Sql sql, long since, long head) {
    return sql.query("SELECT MIN(seq) FROM change_log").compose(rows -> {
      Object min = rows.iterator().next().getValue(0);
      long oldest = min == null ? head + 1 : ((Number) min).longValue();
      return since + 1 < oldest ? Future.failedFuture(new CursorExpiredException(since, oldest))
          : Future.succeededFuture();
    });
  }

  private static Future<ChangePage> read(Sql sql, ChangeScope scope, long since, int limit, long head) {
    Tuple args = Tuple.of(since, head);
    String condition = scope.sqlCondition(args);
    args.addInteger(limit);
    return sql.query("SELECT " + COLUMNS + " FROM change_log WHERE seq > ? AND seq <= ? AND " + condition
        + " ORDER BY seq LIMIT ?", args).map(rows -> {
          List<ChangeEntry> entries = new ArrayList<>();
          rows.forEach(r -> entries.add(entry(r)));
          long next = entries.size() == limit ? entries.get(entries.size() - 1).seq() : head;
          return new ChangePage(entries, next);
        });
  }

  /** Every entry after {@code since}, at most {@code limit} (the live tail and webhooks read this). */
  static Future<List<ChangeEntry>> after(Sql sql, long since, int limit) {
    return sql.query("SELECT " + COLUMNS + " FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
        Tuple.of(since, limit)).map(rows -> {
          List<ChangeEntry> entries = new ArrayList<>();
          rows.forEach(r -> entries.add(entry(r)));
          return entries;
        });
  }

  private static ChangeEntry entry(Row r) {
    return new ChangeEntry(r.getLong(0), ChangeKind.parse(r.getString(1)), r.getString(2), r.getString(3),
        r.getLong(4), r.getOffsetDateTime(5));
  }
}
