package org.gridscape.server.ogc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prepared responses (vector tiles, OGC pages) keyed by request, each remembered with the
 * signatures of the layers it was built from. A layer's signature is a cheap aggregate query (see
 * {@link Layer#signatureSql()}) re-read at most once per {@code signatureTtl}; when it changes, the
 * entries built from the old data are rebuilt on their next request.
 *
 * <p>Why a signature and not a counter bumped by writes: the database is the only state servers
 * share, so a write through another instance (or the CLI) invalidates here too, and no writer has to
 * know about the cache. The price is at most {@code signatureTtl} of staleness.
 */
public final class LayerCache {

  private record Signature(String value, long checkedAt) {}

  /** A cached body and when it was last served, for least-recently-used eviction. */
  private static final class Entry {
    final CachedBody body;
    volatile long usedAt;

    Entry(CachedBody body, long usedAt) {
      this.body = body;
      this.usedAt = usedAt;
    }
  }

  private final FeatureStore store;
  private final long ttlNanos;
  private final long maxBytes;
  private final Map<String, Signature> signatures = new ConcurrentHashMap<>();
  private final Map<String, Future<String>> signaturesInFlight = new ConcurrentHashMap<>();
  // Read without a lock by every event loop; only storing (and evicting) is synchronised.
  private final Map<String, Entry> entries = new ConcurrentHashMap<>(1024);
  private long bytes;

  public LayerCache(FeatureStore store, Duration signatureTtl, long maxBytes) {
    if (signatureTtl.isNegative() || maxBytes < 0) {
      throw new IllegalArgumentException("TTL and size must not be negative");
    }
    this.store = store;
    this.ttlNanos = signatureTtl.toNanos();
    this.maxBytes = maxBytes;
  }

  public FeatureStore store() {
    return store;
  }

  /** The layer's current signature, from memory while fresh. */
  public Future<String> signature(Layer layer) {
    Signature known = signatures.get(layer.id());
    long now = System.nanoTime();
    if (known != null && now - known.checkedAt() < ttlNanos) {
      return Future.succeededFuture(known.value());
    }
    // One query per layer at a time, however many requests arrive together.
    Future<String> running = signaturesInFlight.get(layer.id());
    if (running != null) {
      return onCallersContext(running);
    }
    Promise<String> fresh = Promise.promise();
    Future<String> raced = signaturesInFlight.putIfAbsent(layer.id(), fresh.future());
    if (raced != null) {
      return onCallersContext(raced);
    }
    store.signature(layer).onComplete(read -> {
      if (read.succeeded()) {
        signatures.put(layer.id(), new Signature(read.result(), System.nanoTime()));
      }
      signaturesInFlight.remove(layer.id(), fresh.future());
      fresh.handle(read);
    });
    return fresh.future();
  }

  /**
   * A query started by a request on another event loop completes there; its waiters continue on
   * their own event loop, where their routing context and response belong.
   */
  private static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> local = ((ContextInternal) caller).promise();
    shared.onComplete(local);
    return local.future();
  }

  /** The combined signature of several layers. */
  public Future<String> signature(List<Layer> layers) {
    if (layers.size() == 1) {
      return signature(layers.get(0));
    }
    List<Future<String>> parts = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      parts.add(signature(layer));
    }
    return Future.all(parts).map(all -> {
      StringBuilder combined = new StringBuilder();
      for (Future<String> part : parts) {
        combined.append(part.result()).append('#');
      }
      return combined.toString();
    });
  }

  /** The cached body for {@code key} if built from the layers' current data, else a fresh one. */
  public Future<CachedBody> get(String key, List<Layer> layers, Supplier<Future<Buffer>> produce) {
    return signature(layers).compose(signature -> {
      CachedBody cached = lookup(key);
      if (cached != null && cached.signature().equals(signature)) {
        return Future.succeededFuture(cached);
      }
      Promise<CachedBody> built = Promise.promise();
      produce.get().map(body -> CachedBody.of(body, signature)).onSuccess(body -> {
        store(key, body);
        built.complete(body);
      }).onFailure(built::fail);
      return built.future();
    });
  }

  /** Forgets everything (tests and benchmarks measure cold work with it). */
  public synchronized void clear() {
    entries.clear();
    signatures.clear();
    bytes = 0;
  }

  int size() {
    return entries.size();
  }

  private CachedBody lookup(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    long now = System.nanoTime();
    // Coarse: a hot entry is not written on every request by every event loop.
    if (now - entry.usedAt > 1_000_000L) {
      entry.usedAt = now;
    }
    return entry.body;
  }

  private synchronized void store(String key, CachedBody body) {
    if (body.bytes() > maxBytes) {
      return;
    }
    Entry old = entries.put(key, new Entry(body, System.nanoTime()));
    bytes += body.bytes() - (old == null ? 0 : old.body.bytes());
    if (bytes > maxBytes) {
      long now = System.nanoTime();
      // Evict the least recently used down to 90% of the budget, so eviction (a sort) is rare.
      List<Map.Entry<String, Entry>> byAge = new ArrayList<>(entries.entrySet());
      byAge.sort(Comparator.comparingLong(e -> e.getValue().usedAt - now));
      Iterator<Map.Entry<String, Entry>> eldest = byAge.iterator();
      while (bytes > maxBytes * 0.9 && eldest.hasNext()) {
        Map.Entry<String, Entry> e = eldest.next();
        if (entries.remove(e.getKey(), e.getValue())) {
          bytes -= e.getValue().body.bytes();
        }
      }
    }
  }
}
