package org.gridscape.server.ogc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A response body prepared once and served many times: the bytes, their gzip form and a strong
 * ETag per form. An empty body is served as 204 (an empty vector tile).
 */
public record CachedBody(Buffer identity, Buffer gzip, String etag, String signature, CharSequence identityTag,
    CharSequence gzipTag) {

  /** Below this size compressing costs more than it saves. */
  private static final int GZIP_MIN_BYTES = 256;
  private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
  private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");

  public static CachedBody of(Buffer identity, String signature) {
    Buffer gzip = identity.length() >= GZIP_MIN_BYTES ? gzip(identity) : null;
    String hash = hash(identity);
    return new CachedBody(offHeap(identity), gzip == null ? null : offHeap(gzip), "\"" + hash + "\"", signature,
        HttpHeaders.createOptimized("\"" + hash + "\""), HttpHeaders.createOptimized("\"" + hash + "-gz\""));
  }

  /**
   * A body whose ETag is given rather than hashed: a writable feature's version (with a suffix per
   * form), which OGC API - Features Part 4 takes back in If-Match.
   */
  public static CachedBody tagged(Buffer identity, String tag) {
    Buffer gzip = identity.length() >= GZIP_MIN_BYTES ? gzip(identity) : null;
    return new CachedBody(identity, gzip, "\"" + tag + "\"", "", HttpHeaders.createOptimized("\"" + tag + "\""),
        HttpHeaders.createOptimized("\"" + tag + "-gz\""));
  }

  /**
   * The bytes in a direct buffer that writes never release: the socket takes them without the copy
   * a heap buffer needs on every response, which is most of the cost of serving a cached tile.
   */
  private static Buffer offHeap(Buffer heap) {
    ByteBuf direct = Unpooled.directBuffer(heap.length(), heap.length()).writeBytes(heap.getBytes());
    return BufferInternal.buffer(Unpooled.unreleasableBuffer(direct));
  }

  public int bytes() {
    return identity.length() + (gzip == null ? 0 : gzip.length());
  }

  /**
   * Writes the body with ETag and Cache-Control; 304 when If-None-Match names this representation,
   * 204 when empty; gzip when the client accepts it ({@code Vary: Accept-Encoding} either way).
   */
  public void send(RoutingContext ctx, CharSequence contentType, CharSequence cacheControl) {
    HttpServerResponse response = ctx.response();
    boolean gzipped = gzip != null && acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    CharSequence tag = gzipped ? gzipTag : identityTag;
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CACHE_CONTROL, cacheControl).set(HttpHeaders.VARY, ACCEPT_ENCODING);
    if (identity.length() == 0) {
      response.setStatusCode(204).end();
      return;
    }
    headers.set(HttpHeaders.ETAG, tag);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), tag)) {
      response.setStatusCode(304).end();
      return;
    }
    headers.set(HttpHeaders.CONTENT_TYPE, contentType);
    if (gzipped) {
      // A body that is already encoded is passed through by the server's compressor.
      headers.set(HttpHeaders.CONTENT_ENCODING, GZIP);
      response.end(gzip);
    } else {
      response.end(identity);
    }
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] fields = part.trim().split(";");
      if (fields[0].trim().equalsIgnoreCase("gzip")) {
        for (int i = 1; i < fields.length; i++) {
          String f = fields[i].trim();
          if (f.startsWith("q=")) {
            try {
              return Double.parseDouble(f.substring(2).trim()) > 0;
            } catch (NumberFormatException e) {
              return false;
            }
          }
        }
        return true;
      }
    }
    return false;
  }

  static boolean matches(String ifNoneMatch, CharSequence tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.contentEquals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static Buffer gzip(Buffer identity) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length() / 3 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(identity.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static String hash(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
