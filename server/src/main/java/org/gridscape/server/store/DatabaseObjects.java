package org.gridscape.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Objects as rows of {@code shared_object} (V14) in the database every replica already shares: no
 * other service to run. Puts are pipelined (up to {@link #IN_FLIGHT} statements at once, the
 * caller waiting beyond that), so a full build does not wait for each row in turn.
 */
public final class DatabaseObjects implements ObjectStore {

  private static final int IN_FLIGHT = 16;
  private static final long TIMEOUT_SECONDS = 120;

  private final Database db;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public DatabaseObjects(Database db) {
    this.db = db;
  }

  @Override
  public void putIfAbsent(String name, byte[] bytes) {
    rethrowFailure();
    acquire(1);
    db.query("INSERT INTO shared_object (name, size_bytes, bytes, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP) "
        + "ON CONFLICT (name) DO NOTHING", Tuple.of(name, bytes.length, Buffer.buffer(bytes)))
        .onComplete(done -> {
          if (done.failed()) {
            failure.compareAndSet(null, done.cause());
          }
          inFlight.release();
        });
  }

  @Override
  public void flush() {
    acquire(IN_FLIGHT);
    inFlight.release(IN_FLIGHT);
    rethrowFailure();
  }

  private void rethrowFailure() {
    Throwable e = failure.getAndSet(null);
    if (e != null) {
      throw new IllegalStateException("storing scene objects in the database failed: " + e.getMessage(), e);
    }
  }

  private void acquire(int permits) {
    Blocking.requireWorker();
    try {
      if (!inFlight.tryAcquire(permits, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the database stored no scene object for " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing scene objects", e);
    }
  }

  @Override
  public byte[] get(String name) {
    List<byte[]> found = new ArrayList<>(1);
    for (Row row : await(db.query("SELECT bytes FROM shared_object WHERE name = ?", Tuple.of(name)))) {
      found.add(bytes(row.getValue(0)));
    }
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public Set<String> names(String prefix) {
    Set<String> out = new TreeSet<>();
    String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    for (Row row : await(db.query("SELECT name FROM shared_object WHERE name LIKE ? ESCAPE '\\'", Tuple.of(like)))) {
      out.add(row.getString(0));
    }
    return out;
  }

  @Override
  public void delete(Collection<String> names) {
    List<Tuple> rows = names.stream().map(Tuple::of).toList();
    await(db.batch("DELETE FROM shared_object WHERE name = ?", rows));
  }

  @Override
  public String describe() {
    return "the database (table shared_object)";
  }

  @Override
  public void close() {
    // the pool belongs to the Database
  }

  private static byte[] bytes(Object value) {
    if (value instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    return (byte[]) value;
  }

  private static <T> T await(Future<T> future) {
    return Blocking.await(future, TIMEOUT_SECONDS);
  }
}
