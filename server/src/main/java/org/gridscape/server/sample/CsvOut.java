package org.gridscape.server.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** RFC 4180 CSV with an English header row, UTF-8, LF line ends; counts the data rows it writes. */
final class CsvOut implements Closeable {

  private final BufferedWriter out;
  private final int columns;
  private long rows;

  CsvOut(Path file, String... header) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.columns = header.length;
    write((Object[]) header);
    rows = 0;
  }

  /** One row; null becomes an empty field. */
  void row(Object... fields) {
    if (fields.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " fields, got " + fields.length);
    }
    write(fields);
  }

  private void write(Object[] fields) {
    try {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(escape(fields[i] == null ? "" : fields[i].toString()));
      }
      out.write('\n');
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
