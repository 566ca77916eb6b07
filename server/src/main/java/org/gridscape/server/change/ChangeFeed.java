package org.gridscape.server.change;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.gridscape.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live tail of the change log in this process: it reads new entries once for all of the
 * process's Server-Sent-Event streams and keeps the newest in memory, so a hundred streams cost one
 * query per change, not a hundred. It reads when woken: by a commit in this process (the event bus,
 * {@link ChangeLog#COMMITTED}), by a commit of another replica ({@code NOTIFY gridscape_changes} on
 * PostgreSQL, which this process sends for its own commits), and every second in case a signal was
 * lost.
 */
public final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  static final String CHANNEL = "gridscape_changes";
  /** Entries held in memory: streams further behind read their pages from the database. */
  private static final int RECENT = 2000;
  private static final int READ = 1000;
  private static final long POLL_MS = 1000;

  /** The newest entries (at most {@link #RECENT}, ending at {@code head}); immutable, replaced whole. */
  record Recent(long head, List<ChangeEntry> entries) {

    /** Whether every entry after {@code cursor} is held here. */
    boolean covers(long cursor) {
      return cursor >= head || !entries.isEmpty() && cursor >= entries.get(0).seq() - 1;
    }

    List<ChangeEntry> after(long cursor) {
      if (entries.isEmpty() || cursor >= head) {
        return List.of();
      }
      int from = (int) Math.max(0, cursor - entries.get(0).seq() + 1);
      return entries.subList(from, entries.size());
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final Context context;
  private final String origin = UUID.randomUUID().toString();
  private final Set<ChangeStream> streams = ConcurrentHashMap.newKeySet();
  private volatile Recent recent;
  private final OnePass reading = new OnePass(this::read);
  private MessageConsumer<Object> consumer;
  private PgSubscriber subscriber;
  private long timer = -1;
  private volatile boolean closed;
  private ChangeRetention retention;

  private ChangeFeed(Vertx vertx, Database db, long head) {
    this.vertx = vertx;
    this.db = db;
    this.context = vertx.getOrCreateContext();
    this.recent = new Recent(head, List.of());
  }

  /** Starts following the log from its current head, pruning entries older than {@code retention}. */
  public static Future<ChangeFeed> start(Vertx vertx, Database db, java.time.Duration retention) {
    return start(vertx, db).map(feed -> {
      feed.retention = ChangeRetention.start(vertx, db, retention);
      return feed;
    });
  }

  /** Starts following the log from its current head. */
  public static Future<ChangeFeed> start(Vertx vertx, Database db) {
    return ChangeLog.head(db).map(head -> {
      ChangeFeed feed = new ChangeFeed(vertx, db, head);
      feed.context.runOnContext(v -> feed.listen());
      return feed;
    });
  }

  private void listen() {
    consumer = vertx.eventBus().consumer(ChangeLog.COMMITTED, message -> {
      wake();
      if (subscriber != null) {
        db.query("SELECT pg_notify(?, ?)", Tuple.of(CHANNEL, origin))
            .onFailure(e -> LOG.debug("NOTIFY {} failed: {}", CHANNEL, e.toString()));
      }
    });
    timer = vertx.setPeriodic(POLL_MS, id -> wake());
    if (db.kind() == Database.Kind.POSTGRESQL) {
      subscriber = PgSubscriber.subscriber(vertx, db.pgConnectOptions());
      // after a lost connection, listen again within a second (the poll covers the gap)
      subscriber.reconnectPolicy(retries -> closed ? -1L : 1000L);
      subscriber.channel(CHANNEL).handler(payload -> {
        if (!origin.equals(payload)) {
          wake();
        }
      });
      subscriber.connect().onFailure(e -> LOG.warn("Cannot LISTEN for changes ({}); following by polling every {} ms",
          e.toString(), POLL_MS));
    }
  }

  /** The entries held in memory and the head they end at. */
  Recent recent() {
    return recent;
  }

  Database db() {
    return db;
  }

  void add(ChangeStream stream) {
    streams.add(stream);
  }

  void remove(ChangeStream stream) {
    streams.remove(stream);
  }

  /** How many streams are open in this process. */
  public int streams() {
    return streams.size();
  }

  /** Reads what has been committed since the last read (soon, on the feed's context). */
  public void wake() {
    context.runOnContext(v -> reading.request());
  }

  /** Reads what is new and wakes the streams; true when there may be more. */
  private Future<Boolean> read() {
    Recent before = recent;
    return ChangeLog.after(db, before.head(), READ).map(read -> {
      if (!read.isEmpty()) {
        List<ChangeEntry> kept = new ArrayList<>(before.entries());
        kept.addAll(read);
        if (kept.size() > RECENT) {
          kept = kept.subList(kept.size() - RECENT, kept.size());
        }
        recent = new Recent(read.get(read.size() - 1).seq(), List.copyOf(kept));
        streams.forEach(ChangeStream::wake);
      }
      return read.size() == READ;
    }).onFailure(e -> LOG.debug("Reading the change log failed: {}", e.toString()));
  }

  /** The pruner of old entries, or null when this feed was started without a retention. */
  public ChangeRetention retention() {
    return retention;
  }

  public void close() {
    closed = true;
    if (retention != null) {
      retention.close();
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
    if (subscriber != null) {
      subscriber.close();
    }
    streams.forEach(ChangeStream::close);
  }
}
