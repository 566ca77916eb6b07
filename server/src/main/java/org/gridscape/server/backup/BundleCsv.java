package org.gridscape.server.backup;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV of a bundle: RFC 4180 (comma, CRLF, double quotes doubled), UTF-8, a header row. NULL is an
 * empty unquoted field and the empty string is {@code ""}, as PostgreSQL's COPY CSV writes them, so
 * the two stay apart. Every line is a record: a one-column row holding NULL is an empty line.
 */
final class BundleCsv {

  private BundleCsv() {}

  /** Writes records; a null value is NULL. */
  static final class Out {
    private final Writer writer;

    Out(Writer writer) {
      this.writer = writer;
    }

    void record(List<String> values) {
      try {
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            writer.write(',');
          }
          String v = values.get(i);
          if (v == null) {
            continue;
          }
          if (v.isEmpty() || needsQuotes(v)) {
            writer.write('"');
            writer.write(v.replace("\"", "\"\""));
            writer.write('"');
          } else {
            writer.write(v);
          }
        }
        writer.write("\r\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void flush() {
      try {
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean needsQuotes(String v) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
          return true;
        }
      }
      return false;
    }
  }

  /** Reads records one at a time from a stream, keeping the line each starts on for messages. */
  static final class In {
    private final Reader reader;
    private int next = -2;
    private int line = 1;
    private int recordLine;

    In(Reader reader) {
      this.reader = reader;
    }

    /** The line the record last returned starts on. */
    int recordLine() {
      return recordLine;
    }

    /**
     * The next record, null at the end of the file; NULL fields are null.
     *
     * @throws BackupException on a quote in the wrong place or an unterminated quoted field
     */
    List<String> next() {
      if (peek() < 0) {
        return null;
      }
      recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      while (true) {
        field.setLength(0);
        int c = peek();
        boolean quoted = c == '"';
        if (quoted) {
          take();
          while (true) {
            int q = take();
            if (q < 0) {
              throw new BackupException("line " + recordLine + ": unterminated quoted field");
            }
            if (q == '"') {
              if (peek() == '"') {
                take();
                field.append('"');
              } else {
                break;
              }
            } else {
              if (q == '\n') {
                line++;
              }
              field.append((char) q);
            }
          }
          c = peek();
          if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
            throw new BackupException("line " + line + ": text after a closing quote");
          }
        } else {
          while ((c = peek()) >= 0 && c != ',' && c != '\r' && c != '\n') {
            if (c == '"') {
              throw new BackupException("line " + line + ": a quote inside an unquoted field");
            }
            field.append((char) take());
          }
        }
        fields.add(quoted || field.length() > 0 ? field.toString() : null);
        c = take();
        if (c == ',') {
          continue;
        }
        if (c == '\r') {
          if (peek() == '\n') {
            take();
          }
        }
        if (c >= 0) {
          line++;
        }
        return fields;
      }
    }

    private int peek() {
      if (next == -2) {
        try {
          next = reader.read();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return next;
    }

    private int take() {
      int c = peek();
      next = -2;
      return c;
    }
  }
}
