package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

  private final FeatureStore store;
  private final long ttlNanos;
  private final long maxBytes;
  private final Map<String, Signature> signatures = new ConcurrentHashMap<>();
  private final Map<String, Future<String>> signaturesInFlight = new ConcurrentHashMap<>();
  private final LinkedHashMap<String, CachedBody> entries = new LinkedHashMap<>(1024, 0.75f, true);
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
      return running;
    }
    Promise<String> fresh = Promise.promise();
    Future<String> raced = signaturesInFlight.putIfAbsent(layer.id(), fresh.future());
    if (raced != null) {
      return raced;
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

  /** The combined signature of several layers. */
  public Future<String> signature(List<Layer> layers) {
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

  synchronized int size() {
    return entries.size();
  }

  private synchronized CachedBody lookup(String key) {
    return entries.get(key);
  }

  private synchronized void store(String key, CachedBody body) {
    if (body.bytes() > maxBytes) {
      return;
    }
    CachedBody old = entries.put(key, body);
    bytes += body.bytes() - (old == null ? 0 : old.bytes());
    Iterator<CachedBody> eldest = entries.values().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().bytes();
      eldest.remove();
    }
  }
}
