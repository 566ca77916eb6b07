package org.gridscape.server.event;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.ingest.CsvParser;

/**
 * Reads the sample's events.csv ({@code event_id,category,level,title,lon,lat,grid_code,reported_at,
 * step,closed_at,deadline,supervised}, docs/DATA-FORMATS.md): columns by name in any order, RFC 4180
 * quoting, UTF-8 with or without BOM. Every row is checked; problems are collected with their line
 * and column so one import reports them all.
 */
final class EventCsv {

  static final List<String> REQUIRED = List.of("event_id", "category", "level", "title", "lon", "lat", "reported_at",
      "step");
  static final int MAX_PROBLEMS = 100;
  /** The ids the server gives reports ({@link EventService}); imports may not take them. */
  static final java.util.regex.Pattern REPORT_ID = java.util.regex.Pattern.compile("R\\d{8}-.*");

  /** A row that could not be read. */
  record Problem(int line, String column, String message) {
    Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("line", line);
      out.put("column", column);
      out.put("message", message);
      return out;
    }
  }

  /**
   * One row as read; {@code gridCode} may be null (found from the location on import) and
   * {@code deadline} may be null (computed from the policy).
   */
  record Row(int line, String id, EventCategory category, EventLevel level, String title, double lon, double lat,
      String gridCode, OffsetDateTime reportedAt, Step step, OffsetDateTime closedAt, OffsetDateTime deadline,
      boolean supervised) {}

  record Result(List<Row> rows, List<Problem> problems) {}

  private EventCsv() {}

  static Result read(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Problem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try {
      parse(text, records, lines);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(lineOf(e), null, e.getMessage()));
      return new Result(rows, problems);
    }
    if (records.isEmpty()) {
      problems.add(new Problem(1, null, "the file is empty; expected a header " + String.join(",", REQUIRED)));
      return new Result(rows, problems);
    }
    Map<String, Integer> index = new HashMap<>();
    List<String> header = records.get(0);
    for (int i = 0; i < header.size(); i++) {
      index.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
    }
    for (String column : REQUIRED) {
      if (!index.containsKey(column)) {
        problems.add(new Problem(1, column, "missing column '" + column + "'"));
      }
    }
    if (!problems.isEmpty()) {
      return new Result(rows, problems);
    }
    Set<String> ids = new HashSet<>();
    for (int r = 1; r < records.size() && problems.size() < MAX_PROBLEMS; r++) {
      RowReader reader = new RowReader(lines.get(r), records.get(r), index, problems);
      Row row = reader.read();
      if (row != null) {
        if (!ids.add(row.id())) {
          problems.add(new Problem(row.line(), "event_id", "duplicate event id '" + row.id() + "'"));
        } else {
          rows.add(row);
        }
      }
    }
    return new Result(rows, problems);
  }

  private static int lineOf(IllegalArgumentException e) {
    String m = e.getMessage();
    try {
      return Integer.parseInt(m.substring(5, m.indexOf(':')));
    } catch (RuntimeException ignored) {
      return 1;
    }
  }

  private static final class RowReader {
    private final int line;
    private final List<String> fields;
    private final Map<String, Integer> index;
    private final List<Problem> problems;
    private boolean bad;

    RowReader(int line, List<String> fields, Map<String, Integer> index, List<Problem> problems) {
      this.line = line;
      this.fields = fields;
      this.index = index;
      this.problems = problems;
    }

    Row read() {
      String id = text("event_id", true);
      if (id != null && (id.length() > 40 || !id.matches("[A-Za-z0-9_.-]+"))) {
        fail("event_id", "an event id has at most 40 letters, digits, '_', '.' or '-'");
      } else if (id != null && REPORT_ID.matcher(id).matches()) {
        fail("event_id", "ids like R20260701-0001 are numbered by the server for reports; use another id");
      }
      EventCategory category = parsed("category", EventCategory::parse);
      EventLevel level = parsed("level", EventLevel::parse);
      String title = text("title", true);
      if (title != null && title.length() > 200) {
        fail("title", "a title has at most 200 characters");
      }
      Double lon = number("lon", -180, 180);
      Double lat = number("lat", -90, 90);
      String grid = text("grid_code", false);
      if (grid != null && !grid.matches("\\d{15}")) {
        fail("grid_code", "a grid code has 15 digits, got '" + grid + "'");
      }
      OffsetDateTime reported = time("reported_at", true);
      Step step = parsed("step", Step::parse);
      OffsetDateTime closed = time("closed_at", false);
      OffsetDateTime deadline = time("deadline", false);
      String supervisedText = text("supervised", false);
      boolean supervised = false;
      if (supervisedText != null) {
        switch (supervisedText.toLowerCase(Locale.ROOT)) {
          case "1", "true", "yes", "是" -> supervised = true;
          case "0", "false", "no", "否" -> supervised = false;
          default -> fail("supervised", "supervised is 0 or 1, got '" + supervisedText + "'");
        }
      }
      if (step != null && (step == Step.CLOSED) != (closed != null)) {
        fail("closed_at", step == Step.CLOSED ? "a closed event needs closed_at" : "closed_at is only for closed events");
      }
      if (closed != null && reported != null && closed.isBefore(reported)) {
        fail("closed_at", "closed_at is before reported_at");
      }
      if (deadline != null && reported != null && deadline.isBefore(reported)) {
        fail("deadline", "deadline is before reported_at");
      }
      return bad ? null : new Row(line, id, category, level, title, lon, lat, grid, reported, step, closed, deadline,
          supervised);
    }

    private String raw(String column) {
      Integer i = index.get(column);
      if (i == null || i >= fields.size()) {
        return null;
      }
      String v = fields.get(i).trim();
      return v.isEmpty() ? null : v;
    }

    private String text(String column, boolean required) {
      String v = raw(column);
      if (v == null && required) {
        fail(column, "'" + column + "' is required");
      }
      return v;
    }

    private <T> T parsed(String column, java.util.function.Function<String, T> parser) {
      String v = text(column, true);
      if (v == null) {
        return null;
      }
      try {
        return parser.apply(v);
      } catch (IllegalArgumentException e) {
        fail(column, e.getMessage());
        return null;
      }
    }

    private Double number(String column, double min, double max) {
      String v = text(column, true);
      if (v == null) {
        return null;
      }
      try {
        double d = Double.parseDouble(v);
        if (!(d >= min && d <= max)) {
          fail(column, "'" + column + "' must lie in " + min + ".." + max + ", got " + v);
          return null;
        }
        return d;
      } catch (NumberFormatException e) {
        fail(column, "'" + column + "' is not a number: '" + v + "'");
        return null;
      }
    }

    private OffsetDateTime time(String column, boolean required) {
      String v = text(column, required);
      if (v == null) {
        return null;
      }
      try {
        return parseTime(v);
      } catch (DateTimeParseException e) {
        fail(column, "'" + column + "' is not a time like 2026-07-01T08:30:00+08:00: '" + v + "'");
        return null;
      }
    }

    private void fail(String column, String message) {
      bad = true;
      problems.add(new Problem(line, column, message));
    }
  }

  /** ISO-8601 with an offset; without one the time is China Standard Time, as written locally. */
  static OffsetDateTime parseTime(String v) {
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(v.replace(' ', 'T')).atOffset(EventStore.CHINA);
    }
  }

  /** RFC 4180 records and the lines they start on (the ingest CSV parser); malformed text fails with the line. */
  static void parse(String text, List<List<String>> records, List<Integer> lines) {
    try {
      CsvParser.parse(text, record -> {
        records.add(record.fields());
        lines.add(record.line());
      });
    } catch (CsvParser.MalformedCsv e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
