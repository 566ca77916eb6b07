package org.gridscape.server.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Cuts a large CSV file into smaller CSV texts of at most {@code recordsPerChunk} records, each
 * starting with the file's header line, so that a table of millions of rows can be imported part
 * by part in bounded memory. Works on bytes: a record ends at a line feed outside double quotes,
 * which holds for UTF-8 and for GBK (neither uses the bytes of {@code "} or LF inside a
 * multi-byte character). Blank lines are passed on; the parser skips them.
 */
public final class CsvChunks implements Closeable {

  /**
   * One part of the file.
   *
   * @param csv the header line followed by the part's records
   * @param firstLine the 1-based line of the file on which the part's first record starts
   * @param records the records in the part
   */
  public record Chunk(byte[] csv, int firstLine, int records) {

    /** The line of the file that holds what the part's own text has at line {@code line} (header = 1). */
    public int fileLine(int line) {
      return line <= 1 ? 1 : firstLine + line - 2;
    }
  }

  private final InputStream in;
  private final int recordsPerChunk;
  // Own buffer: BufferedInputStream.read() takes a lock per byte, which costs seconds on large files.
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] header;
  private int line = 1;
  private boolean done;

  private CsvChunks(InputStream in, int recordsPerChunk) {
    if (recordsPerChunk < 1) {
      throw new IllegalArgumentException("recordsPerChunk must be positive");
    }
    this.in = in;
    this.recordsPerChunk = recordsPerChunk;
  }

  public static CsvChunks open(Path file, int recordsPerChunk) {
    try {
      return new CsvChunks(Files.newInputStream(file), recordsPerChunk);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads the file part by part off the event loop and hands each part to {@code importPart},
   * reading the next part only when the previous one's future has succeeded: one part in memory at
   * a time. Fails with the first failure, after which nothing more is read.
   *
   * @return the records read
   */
  public static Future<Long> forEach(Vertx vertx, Path file, int recordsPerChunk,
      Function<Chunk, Future<?>> importPart) {
    CsvChunks chunks;
    try {
      chunks = open(file, recordsPerChunk);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Promise<Long> done = Promise.promise();
    long[] records = {0};
    // A loop of callbacks, not a chain of futures built up front (that would hold every part).
    Runnable[] step = {null};
    step[0] = () -> vertx.executeBlocking(chunks::next, false).compose(chunk -> {
      if (chunk == null) {
        return Future.succeededFuture(false);
      }
      records[0] += chunk.records();
      return importPart.apply(chunk).map(v -> true);
    }).onComplete(more -> {
      if (more.succeeded() && more.result()) {
        step[0].run();
        return;
      }
      chunks.close();
      if (more.failed()) {
        done.fail(more.cause());
      } else {
        done.complete(records[0]);
      }
    });
    step[0].run();
    return done.future();
  }

  /** The next part, or null after the last one (a file of only a header gives one part without records). */
  public Chunk next() {
    try {
      if (done) {
        return null;
      }
      if (header == null) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int lines = readRecord(h);
        if (lines == 0) {
          done = true;
          return null;
        }
        header = h.toByteArray();
        line += lines;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + recordsPerChunk * 64);
      out.write(header);
      int firstLine = line;
      int records = 0;
      while (records < recordsPerChunk) {
        int lines = readRecord(out);
        if (lines == 0) {
          done = true;
          break;
        }
        line += lines;
        records++;
      }
      if (records == 0 && firstLine > 2) {
        return null;
      }
      return new Chunk(out.toByteArray(), firstLine, records);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies one record with its line end; answers the lines it spans (0 at the end of the file). */
  private int readRecord(ByteArrayOutputStream out) throws IOException {
    boolean quoted = false;
    int lines = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit) {
        byte b = buffer[pos++];
        if (b == '"') {
          quoted = !quoted;
        } else if (b == '\n') {
          lines++;
          if (!quoted) {
            out.write(buffer, start, pos - start);
            return lines;
          }
        }
      }
      out.write(buffer, start, pos - start);
    }
    if (!any) {
      return 0;
    }
    // the last record without a line end
    out.write('\n');
    return lines + 1;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
