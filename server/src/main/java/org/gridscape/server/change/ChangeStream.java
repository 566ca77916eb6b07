package org.gridscape.server.change;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * One Server-Sent-Events response of {@code GET /api/v1/changes/stream}: every entry in the
 * reader's scope after its cursor, each as an event whose id is its seq (so that a reconnecting
 * EventSource resumes with {@code Last-Event-ID}), and a comment line every {@link #KEEPALIVE_MS}
 * so that proxies keep the connection open. It runs on the context of its HTTP connection.
 */
final class ChangeStream {

  static final long KEEPALIVE_MS = 15_000;
  /** Entries read per page while a stream catches up from the database. */
  private static final int CATCH_UP_PAGE = 500;

  private final ChangeFeed feed;
  private final HttpServerResponse response;
  private final ChangeScope scope;
  private final Context context;
  private long cursor;
  private boolean busy;
  private volatile boolean closed;
  private long keepalive = -1;

  ChangeStream(ChangeFeed feed, HttpServerResponse response, ChangeScope scope, long cursor) {
    this.feed = feed;
    this.response = response;
    this.scope = scope;
    this.cursor = cursor;
    this.context = Vertx.currentContext();
  }

  /** Sends the headers and everything after the cursor, then follows the feed until the client leaves. */
  void start() {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    response.write(": connected at " + cursor + "\nretry: 2000\n\n");
    response.closeHandler(v -> close());
    keepalive = context.owner().setPeriodic(KEEPALIVE_MS, id -> {
      if (!closed) {
        response.write(": keepalive\n\n");
      }
    });
    feed.add(this);
    pump();
  }

  /** New entries are in the feed: send them (on this stream's context). */
  void wake() {
    context.runOnContext(v -> pump());
  }

  private void pump() {
    if (closed || busy) {
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> pump());
      return;
    }
    ChangeFeed.Recent recent = feed.recent();
    if (cursor >= recent.head()) {
      return;
    }
    if (recent.covers(cursor)) {
      send(recent.after(cursor), recent.head());
      return;
    }
    busy = true;
    ChangeLog.page(feed.db(), scope, cursor, CATCH_UP_PAGE).onComplete(done -> {
      busy = false;
      if (done.failed()) {
        close(); // the client reconnects and resumes from its last event id
        return;
      }
      send(done.result().changes(), done.result().next());
      pump();
    });
  }

  private void send(List<ChangeEntry> entries, long next) {
    Buffer out = Buffer.buffer();
    for (ChangeEntry entry : entries) {
      if (entry.seq() > cursor && scope.allows(entry)) {
        out.appendString("id: " + entry.seq() + "\ndata: ").appendBuffer(entry.toJson().toBuffer())
            .appendString("\n\n");
      }
    }
    cursor = Math.max(cursor, next);
    if (out.length() > 0) {
      response.write(out);
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    feed.remove(this);
    if (keepalive >= 0) {
      context.owner().cancelTimer(keepalive);
    }
    if (!response.ended() && !response.closed()) {
      context.runOnContext(v -> response.end());
    }
  }
}
