package org.gridscape.server.change;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gridscape.server.Version;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the change log to the registered webhooks in the background, at least once and in
 * order: a POST of up to {@link #BATCH} entries as {@code {"changes": [...], "next": seq}}, signed
 * with {@code X-GridScape-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>}. A 2xx
 * moves the webhook's cursor on; anything else (or no answer within {@link #TIMEOUT}) is recorded
 * and retried after 1 s, 2 s, 4 s ... up to {@link #MAX_BACKOFF}. Writes never wait for this.
 *
 * <p>Each delivery runs in a transaction that locks the webhook's row with
 * {@code FOR UPDATE SKIP LOCKED}: with replicas on one PostgreSQL exactly one of them delivers a
 * given webhook at a time, and the others pass it by.
 */
public final class WebhookWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
  public static final String SIGNATURE_HEADER = "X-GridScape-Signature";
  static final int BATCH = 100;
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private static final long POLL_MS = 1000;

  private final Vertx vertx;
  private final Database db;
  private final HttpClient http;
  private final String lock;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private final OnePass passes = new OnePass(this::pass);

  private WebhookWorker(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
        .setIdleTimeout((int) TIMEOUT.toSeconds()));
    // H2 has no SKIP LOCKED: there one process delivers anyway.
    this.lock = db.kind() == Database.Kind.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
  }

  /** Starts delivering: after each commit of this process and every second. */
  public static WebhookWorker start(Vertx vertx, Database db) {
    WebhookWorker worker = new WebhookWorker(vertx, db);
    vertx.getOrCreateContext().runOnContext(v -> {
      worker.consumer = vertx.eventBus().consumer(ChangeLog.COMMITTED, message -> worker.passes.request());
      worker.timer = vertx.setPeriodic(POLL_MS, id -> worker.passes.request());
    });
    return worker;
  }

  /** The signature header's value for a body: {@code sha256=} and the hex HMAC-SHA256 with the secret. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Delivers to every webhook that is due and behind; true when a delivery succeeded (more may wait). */
  private Future<Boolean> pass() {
    boolean[] delivered = {false};
    return db.query("SELECT id FROM webhook WHERE next_attempt_at <= ? AND delivered_seq < (SELECT last_seq FROM change_head"
        + " WHERE id = 1) ORDER BY id", Tuple.of(OffsetDateTime.now(ZoneOffset.UTC))).compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row r : rows) {
            String id = r.getString(0);
            chain = chain.compose(v -> deliver(id).map(ok -> {
              delivered[0] |= ok;
              return (Void) null;
            }).recover(e -> {
              LOG.warn("Webhook {}: delivery could not be recorded: {}", id, e.toString());
              return Future.succeededFuture();
            }));
          }
          return chain.map(v -> delivered[0]);
        }).onFailure(e -> LOG.debug("Webhook pass failed: {}", e.toString()));
  }

  /** One delivery to the webhook if it is still due; true when it succeeded. */
  private Future<Boolean> deliver(String id) {
    return db.inTransaction(tx -> tx.query("SELECT url, secret, delivered_seq, failures FROM webhook WHERE id = ?"
        + " AND next_attempt_at <= ?" + lock, Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC))).compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false); // delivered by another replica, removed, or not yet due
          }
          Row hook = rows.iterator().next();
          return ChangeLog.after(tx, hook.getLong(2), BATCH).compose(entries -> entries.isEmpty()
              ? Future.succeededFuture(false)
              : post(tx, id, hook.getString(0), hook.getString(1), hook.getInteger(3), entries));
        }));
  }

  private Future<Boolean> post(Sql tx, String id, String url, String secret, int failures, List<ChangeEntry> entries) {
    long first = entries.get(0).seq();
    long last = entries.get(entries.size() - 1).seq();
    Buffer body = new ChangePage(entries, last).toJson().toBuffer();
    long started = System.nanoTime();
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url))
        .compose(request -> request.putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "GridScape/" + Version.VERSION + " webhooks")
            .putHeader(SIGNATURE_HEADER, signature(secret, body.getBytes())).putHeader("X-GridScape-Webhook", id)
            .send(body).compose(response -> response.body().map(ignored -> response.statusCode())))
        .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .transform(done -> {
          int millis = (int) ((System.nanoTime() - started) / 1_000_000);
          Integer status = done.succeeded() ? done.result() : null;
          boolean ok = status != null && status >= 200 && status < 300;
          String error = ok ? null : status != null ? "HTTP " + status : String.valueOf(done.cause().getMessage());
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
          int attempt = failures + 1;
          Future<?> update = ok
              ? tx.query("UPDATE webhook SET delivered_seq = ?, failures = 0, next_attempt_at = ? WHERE id = ?",
                  Tuple.of(last, now, id))
              : tx.query("UPDATE webhook SET failures = ?, next_attempt_at = ? WHERE id = ?",
                  Tuple.of(attempt, now.plus(backoff(attempt)), id));
          if (!ok) {
            LOG.info("Webhook {}: delivery of changes {}-{} failed (attempt {}): {}", id, first, last, attempt, error);
          }
          return update.compose(v -> tx.query("INSERT INTO webhook_delivery (webhook_id, first_seq, last_seq, attempt,"
              + " outcome, http_status, error, duration_ms, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              Tuple.of(id, first, last, attempt, ok ? "delivered" : "failed", status,
                  error == null ? null : error.substring(0, Math.min(500, error.length())), millis, now)))
              .map(ok);
        });
  }

  /** The wait after the n-th failure in a row: 1 s, 2 s, 4 s ... at most an hour. */
  static Duration backoff(int failures) {
    int doublings = Math.min(failures - 1, 20);
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.max(0, doublings));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
    http.close();
  }
}
