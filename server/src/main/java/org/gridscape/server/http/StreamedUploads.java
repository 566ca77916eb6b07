package org.gridscape.server.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Large uploads (orthophotos, zipped tilesets) streamed to a file instead of buffered by the
 * router's body handler: the first handler holds the body back while the caller is authenticated,
 * the import handler then streams it into a file with back-pressure.
 */
public final class StreamedUploads {

  private StreamedUploads() {}

  /** What an early refusal still reads of a body so the client gets to read the answer. */
  static final long DRAIN_LIMIT_BYTES = 16L << 20;

  /**
   * First handler of a streamed import route: pauses the body. When the answer goes out before the
   * body was read (a refusal: no name, a wrong type, no rights), the connection is marked to close
   * and the rest of the body is read and dropped, so the request ends and the client, still
   * sending, sees the answer; a body larger than {@link #DRAIN_LIMIT_BYTES} is cut off by closing
   * the connection instead.
   */
  public static void holdBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.addHeadersEndHandler(v -> {
      if (!request.isEnded()) {
        ctx.response().headers().set(HttpHeaders.CONNECTION, "close");
        long[] dropped = {0};
        request.handler(chunk -> {
          dropped[0] += chunk.length();
          if (dropped[0] > DRAIN_LIMIT_BYTES) {
            request.handler(null);
            request.connection().close();
          }
        });
        request.endHandler(end -> { });
        request.resume();
      }
    });
    ctx.next();
  }

  /**
   * Refuses a request whose declared Content-Length is not a number, zero ({@code empty}'s error)
   * or more than {@code maxBytes} ({@code tooLarge}'s), before anything is read; a body without a
   * declared length is checked while it streams.
   */
  public static void checkDeclaredLength(HttpServerRequest request, long maxBytes,
      Supplier<? extends RuntimeException> empty, Supplier<? extends RuntimeException> tooLarge) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return;
    }
    long length;
    try {
      length = Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Content-Length is not a number");
    }
    if (length == 0) {
      throw empty.get();
    }
    if (length > maxBytes) {
      throw tooLarge.get();
    }
  }

  /**
   * Streams the (held) body into {@code out} with back-pressure and closes it.
   *
   * @param maxBytes more than this fails the upload with {@code tooLarge}'s error
   * @return the bytes received
   */
  public static Future<Long> receive(HttpServerRequest request, AsyncFile out, long maxBytes,
      Supplier<? extends RuntimeException> tooLarge) {
    Promise<Long> done = Promise.promise();
    long[] size = {0};
    request.handler(chunk -> {
      size[0] += chunk.length();
      if (size[0] > maxBytes) {
        request.handler(null);
        out.close();
        done.tryFail(tooLarge.get());
        return;
      }
      out.write(chunk);
      if (out.writeQueueFull()) {
        request.pause();
        out.drainHandler(v -> request.resume());
      }
    });
    request.exceptionHandler(e -> {
      out.close();
      done.tryFail(e);
    });
    out.exceptionHandler(done::tryFail);
    request.endHandler(v -> out.close().onComplete(closed -> {
      if (closed.failed()) {
        done.tryFail(closed.cause());
      } else {
        done.tryComplete(size[0]);
      }
    }));
    request.resume();
    return done.future();
  }
}
