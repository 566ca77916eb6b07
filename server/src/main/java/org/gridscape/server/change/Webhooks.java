package org.gridscape.server.change;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.store.Database;

/** Registered webhooks and their deliveries (tables {@code webhook}, {@code webhook_delivery}). */
public final class Webhooks {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS = "id, url, created_by, created_at, delivered_seq, failures, next_attempt_at";

  private final Database db;

  public Webhooks(Database db) {
    this.db = db;
  }

  /**
   * Registers a webhook that receives every change committed from now on. The caller has checked
   * the URL and secret ({@link Webhook#checkUrl}, {@link Webhook#checkSecret}).
   */
  public Future<Webhook> register(String url, String secret, String createdBy, int maxWebhooks) {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String id = "wh_" + HexFormat.of().formatHex(bytes);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    // Counted in the transaction of the insert; two registrations at the same moment may both pass.
    return db.inTransaction(tx -> tx.query("SELECT COUNT(*) FROM webhook").compose(rows -> {
      long count = ((Number) rows.iterator().next().getValue(0)).longValue();
      return count >= maxWebhooks ? Future.failedFuture(new WebhookRefusedException(count
          + " webhooks are registered, the most this server takes (--max-webhooks); remove one first"))
          : ChangeLog.head(tx);
    }).compose(head -> tx.query("INSERT INTO webhook (id, url, secret,"
        + " created_by, created_at, delivered_seq, failures, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
        Tuple.of(id, url, secret, createdBy, now, head, now))
        .map(v -> new Webhook(id, url, createdBy, now, head, 0, now))));
  }

  public Future<List<Webhook>> list() {
    return db.query("SELECT " + COLUMNS + " FROM webhook ORDER BY created_at, id").map(rows -> {
      List<Webhook> out = new ArrayList<>();
      rows.forEach(r -> out.add(webhook(r)));
      return out;
    });
  }

  public Future<Optional<Webhook>> find(String id) {
    return db.query("SELECT " + COLUMNS + " FROM webhook WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(webhook(rows.iterator().next())));
  }

  /** Removes a webhook and its delivery records; false when there was none. */
  public Future<Boolean> delete(String id) {
    return db.inTransaction(tx -> tx.query("DELETE FROM webhook_delivery WHERE webhook_id = ?", Tuple.of(id))
        .compose(v -> tx.query("DELETE FROM webhook WHERE id = ?", Tuple.of(id))).map(rows -> rows.rowCount() > 0));
  }

  /** The newest deliveries of a webhook first; empty when there is no such webhook. */
  public Future<Optional<List<WebhookDelivery>>> deliveries(String id, int limit) {
    return find(id).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
        : db.query("SELECT id, first_seq, last_seq, attempt, outcome, http_status, error, duration_ms, attempted_at"
            + " FROM webhook_delivery WHERE webhook_id = ? ORDER BY id DESC LIMIT ?", Tuple.of(id, limit)).map(rows -> {
              List<WebhookDelivery> out = new ArrayList<>();
              rows.forEach(r -> out.add(new WebhookDelivery(r.getLong(0), r.getLong(1), r.getLong(2), r.getInteger(3),
                  r.getString(4), r.getInteger(5), r.getString(6), r.getInteger(7), r.getOffsetDateTime(8))));
              return Optional.of(out);
            }));
  }

  private static Webhook webhook(Row r) {
    return new Webhook(r.getString(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3), r.getLong(4),
        r.getInteger(5), r.getOffsetDateTime(6));
  }
}
