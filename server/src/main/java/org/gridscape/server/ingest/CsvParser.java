package org.gridscape.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, quotes ({@code ""})
 * and line breaks; CRLF or LF line ends; blank lines are skipped. Each record carries the line it
 * starts on, so problems can be reported by line number as a spreadsheet shows them.
 */
public final class CsvParser {

  /** One record and the 1-based line it starts on. */
  public record Record(int line, List<String> fields) {
    public Record {
      if (line < 1) {
        throw new IllegalArgumentException("line numbers start at 1");
      }
      fields = List.copyOf(fields);
    }
  }

  /** A quote in the wrong place or an unterminated quoted field. */
  public static final class MalformedCsv extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    MalformedCsv(int line, String message) {
      super("line " + line + ": " + message, null, false, false);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private CsvParser() {}

  public static List<Record> parse(String text) {
    List<Record> records = new ArrayList<>();
    parse(text, records::add);
    return records;
  }

  public static void parse(String text, Consumer<Record> sink) {
    int n = text.length();
    int i = 0;
    int line = 1;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (i < n) {
      int recordLine = line;
      fields.clear();
      boolean endOfRecord = false;
      while (!endOfRecord) {
        field.setLength(0);
        if (i < n && text.charAt(i) == '"') {
          int quoteLine = line;
          i++;
          while (true) {
            if (i >= n) {
              throw new MalformedCsv(quoteLine, "a quoted field is not closed");
            }
            char c = text.charAt(i++);
            if (c == '"') {
              if (i < n && text.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append(c);
            }
          }
          if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            throw new MalformedCsv(line, "text after the closing quote of a field");
          }
        } else {
          int start = i;
          while (i < n) {
            char c = text.charAt(i);
            if (c == ',' || c == '\n' || c == '\r') {
              break;
            }
            if (c == '"') {
              throw new MalformedCsv(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
            }
            i++;
          }
          field.append(text, start, i);
        }
        fields.add(field.toString());
        if (i >= n) {
          endOfRecord = true;
        } else {
          char c = text.charAt(i);
          if (c == ',') {
            i++;
          } else {
            i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
            line++;
            endOfRecord = true;
          }
        }
      }
      boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
      if (!blank) {
        sink.accept(new Record(recordLine, fields));
      }
    }
  }
}
