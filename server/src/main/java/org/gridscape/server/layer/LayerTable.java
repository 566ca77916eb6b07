package org.gridscape.server.layer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.layer.Column.Ref;

/**
 * An upload read into typed rows of one {@link LayerKind}: CSV (UTF-8 or GBK, English or Chinese
 * headers) or a JSON array of objects with the same keys. Values are checked one by one here (types,
 * vocabularies, required fields, duplicate keys); references to other records are checked by the
 * importer, which knows the database.
 */
final class LayerTable {

  /** One data row; {@code values} follow {@link LayerKind#columns()}: String, Integer, LocalDate or List. */
  record Row(int position, Object[] values) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
  private static final Pattern ID_NUMBER = Pattern.compile("\\d{15}|\\d{17}[\\dXx]");
  private static final Pattern PHONE = Pattern.compile("\\+?[\\d\\- ]{5,20}");
  private static final Pattern GRID_CODE = Pattern.compile("\\d{15}");
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[;；、|]");

  final LayerKind kind;
  final boolean json;
  final Charset charset;
  final List<Row> rows;
  final List<String> ignoredColumns;
  final List<RowProblem> problems;

  private LayerTable(LayerKind kind, boolean json, Charset charset, List<Row> rows, List<String> ignoredColumns,
      List<RowProblem> problems) {
    this.kind = kind;
    this.json = json;
    this.charset = charset;
    this.rows = rows;
    this.ignoredColumns = ignoredColumns;
    this.problems = problems;
  }

  /**
   * Reads an upload. {@code mediaType} may be null: then the first character decides ({@code [} is JSON).
   *
   * @throws LayerImportException when the body is not CSV or JSON at all
   */
  static LayerTable read(LayerKind kind, byte[] body, String mediaType) {
    if (body == null || body.length == 0) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, kind.path() + ": the upload is empty",
          List.of());
    }
    TextDecoding.Decoded decoded = TextDecoding.decode(body);
    boolean json = isJson(mediaType, decoded.text());
    return json ? readJson(kind, decoded.text()) : readCsv(kind, decoded);
  }

  /** The three tables of a Party upload: one JSON object of {@code orgs}, {@code members} and {@code links}. */
  static List<LayerTable> readParty(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, "party: send one JSON object "
          + "{\"orgs\": [...], \"members\": [...], \"links\": [...]}, or each table to party-orgs, party-members "
          + "and party-links", List.of());
    }
    List<LayerTable> tables = new ArrayList<>();
    String[][] parts = {{"orgs", "party-orgs"}, {"members", "party-members"}, {"links", "party-links"}};
    for (String[] part : parts) {
      JsonNode node = root.get(part[0]);
      if (node != null && !node.isNull()) {
        tables.add(LayerTable.fromJson(LayerKind.fromPath(part[1]).orElseThrow(), node));
      }
    }
    if (tables.isEmpty()) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED,
          "party: the object has none of 'orgs', 'members', 'links'", List.of());
    }
    return tables;
  }

  /** Reads already parsed JSON items (the {@code party} upload carries three arrays in one object). */
  static LayerTable fromJson(LayerKind kind, JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED,
          kind.path() + ": expected a JSON array of objects", List.of());
    }
    Builder builder = new Builder(kind, true, StandardCharsets.UTF_8);
    int item = 0;
    for (JsonNode node : array) {
      item++;
      if (!node.isObject()) {
        builder.problems.add(new RowProblem(true, item, null, "row.not_object", "each item must be a JSON object"));
        continue;
      }
      String[] fields = new String[kind.columns().size()];
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        int index = builder.columnFor(e.getKey());
        if (index >= 0) {
          fields[index] = jsonText(e.getValue());
        }
      }
      builder.add(item, fields);
    }
    return builder.build();
  }

  private static boolean isJson(String mediaType, String text) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return true;
    }
    if (type.contains("csv") || type.startsWith("text/plain")) {
      return false;
    }
    if (!type.isEmpty() && !type.startsWith("application/octet-stream")) {
      throw new LayerImportException(LayerImportException.Kind.UNSUPPORTED_MEDIA_TYPE,
          "send the table as text/csv or application/json, not " + mediaType, List.of());
    }
    String start = text.stripLeading();
    return start.startsWith("[") || start.startsWith("{");
  }

  private static LayerTable readJson(LayerKind kind, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // a nesting or size limit of the parser has no location
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, kind.path() + ": not valid JSON"
          + (e.getLocation() == null ? " (" + e.getOriginalMessage() + ")" : " (line " + e.getLocation().getLineNr()
          + ")"), List.of());
    } catch (IOException e) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, kind.path() + ": not valid JSON", List.of());
    }
    return fromJson(kind, root);
  }

  private static String jsonText(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      return String.join(";", parts);
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    return value.asText();
  }

  private static LayerTable readCsv(LayerKind kind, TextDecoding.Decoded decoded) {
    List<CsvParser.Record> records;
    try {
      records = CsvParser.parse(decoded.text());
    } catch (CsvParser.MalformedCsv e) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, kind.path() + ": not valid CSV at "
          + e.getMessage(), List.of(new RowProblem(false, e.line(), null, "csv.malformed", e.getMessage())));
    }
    if (records.isEmpty()) {
      throw new LayerImportException(LayerImportException.Kind.MALFORMED, kind.path()
          + ": the file has no header row; expected " + kind.columnNames(), List.of());
    }
    Builder builder = new Builder(kind, false, decoded.charset());
    CsvParser.Record header = records.get(0);
    int[] target = new int[header.fields().size()];
    for (int i = 0; i < target.length; i++) {
      target[i] = builder.columnFor(header.fields().get(i));
    }
    builder.checkRequiredColumns(header.line());
    for (int r = 1; r < records.size(); r++) {
      CsvParser.Record record = records.get(r);
      String[] fields = new String[kind.columns().size()];
      List<String> values = record.fields();
      if (values.size() > target.length) {
        builder.problems.add(new RowProblem(false, record.line(), null, "row.too_many_fields",
            values.size() + " fields but the header has " + target.length));
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        if (target[i] >= 0) {
          fields[target[i]] = values.get(i);
        }
      }
      builder.add(record.line(), fields);
    }
    return builder.build();
  }

  /** Collects rows, header mapping and problems while reading. */
  private static final class Builder {
    final LayerKind kind;
    final boolean json;
    final Charset charset;
    final List<Row> rows = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    final List<RowProblem> problems = new ArrayList<>();
    final boolean[] present;
    final Map<String, Integer> firstPositionOfKey = new HashMap<>();

    Builder(LayerKind kind, boolean json, Charset charset) {
      this.kind = kind;
      this.json = json;
      this.charset = charset;
      this.present = new boolean[kind.columns().size()];
    }

    int columnFor(String header) {
      String normalized = Column.normalizeHeader(header == null ? "" : header);
      List<Column> columns = kind.columns();
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).matches(normalized)) {
          present[i] = true;
          return i;
        }
      }
      if (!ignored.contains(header)) {
        ignored.add(header);
      }
      return -1;
    }

    void checkRequiredColumns(int line) {
      List<Column> columns = kind.columns();
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).required() && !present[i]) {
          problems.add(new RowProblem(json, line, columns.get(i).name(), "column.missing",
              "the required column '" + columns.get(i).name() + "' is missing; expected " + kind.columnNames()));
        }
      }
    }

    void add(int position, String[] fields) {
      List<Column> columns = kind.columns();
      Object[] values = new Object[columns.size()];
      boolean ok = true;
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        String raw = fields[i] == null ? null : fields[i].strip();
        if (raw == null || raw.isEmpty()) {
          if (column.required() && (json || present[i])) {
            problems.add(problem(position, column, "value.missing", column.name() + " is empty"));
            ok = false;
          }
          continue;
        }
        try {
          values[i] = parse(column, raw);
        } catch (BadValue e) {
          problems.add(problem(position, column, "value.invalid", e.getMessage()));
          ok = false;
        }
      }
      // Duplicates are found among invalid rows too, so one upload reports both problems at once.
      boolean keyed = values[0] != null && (kind.keyColumns() == 1 || values[1] != null);
      if (keyed) {
        String key = kind.key(values);
        Integer first = firstPositionOfKey.putIfAbsent(key, position);
        if (first != null) {
          problems.add(new RowProblem(json, position, columns.get(0).name(), "key.duplicate",
              (kind.keyColumns() == 1 ? columns.get(0).name() + " '" + key + "'" : "the pair '" + key + "'")
                  + " is already on " + (json ? "item " : "line ") + first));
          return;
        }
      }
      if (ok) {
        rows.add(new Row(position, values));
      }
    }

    private RowProblem problem(int position, Column column, String rule, String message) {
      return new RowProblem(json, position, column.name(), rule, message);
    }

    LayerTable build() {
      return new LayerTable(kind, json, charset, rows, List.copyOf(ignored), problems);
    }
  }

  /** A value that does not fit its column; the message never repeats personal values. */
  private static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  static Object parse(Column column, String raw) throws BadValue {
    return switch (column.type()) {
      case TEXT -> text(column, raw);
      case INT -> integer(column, raw);
      case DATE -> date(column, raw);
      case ENUM -> {
        String value = column.values().get(raw.toLowerCase(Locale.ROOT));
        if (value == null) {
          throw new BadValue(column.name() + " '" + shorten(raw) + "' is not one of "
              + column.values().values().stream().distinct().toList());
        }
        yield value;
      }
      case LIST -> list(column, raw);
    };
  }

  private static String text(Column column, String raw) throws BadValue {
    if (raw.length() > column.max()) {
      throw new BadValue(column.name() + " is longer than " + column.max() + " characters");
    }
    switch (column.name()) {
      case "id_number" -> {
        if (!ID_NUMBER.matcher(raw).matches()) {
          throw new BadValue("id_number is not a 15- or 18-character resident ID number");
        }
        return raw.toUpperCase(Locale.ROOT);
      }
      case "phone" -> {
        if (!PHONE.matcher(raw).matches()) {
          throw new BadValue("phone is not a phone number (digits, '+', '-', 5-20 characters)");
        }
        return raw;
      }
      case "region_code", "village_code" -> {
        if (!raw.matches("[0-9A-Za-z]{6,15}")) {
          throw new BadValue(column.name() + " '" + shorten(raw) + "' is not a region or grid code");
        }
        return raw;
      }
      default -> {
        return raw;
      }
    }
  }

  private static Integer integer(Column column, String raw) throws BadValue {
    String s = raw.endsWith(".0") ? raw.substring(0, raw.length() - 2) : raw;
    int value;
    try {
      value = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new BadValue(column.name() + " '" + shorten(raw) + "' is not a whole number");
    }
    if (value < column.min() || value > column.max()) {
      throw new BadValue(column.name() + " " + value + " is outside " + column.min() + "-" + column.max());
    }
    return value;
  }

  private static LocalDate date(Column column, String raw) throws BadValue {
    Matcher m = DATE.matcher(raw);
    if (!m.matches()) {
      throw new BadValue(column.name() + " '" + shorten(raw) + "' is not a date YYYY-MM-DD");
    }
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      if (date.getYear() < 1900 || date.getYear() > 2100) {
        throw new BadValue(column.name() + " " + date + " is not a plausible date");
      }
      return date;
    } catch (DateTimeException e) {
      throw new BadValue(column.name() + " '" + shorten(raw) + "' is not a calendar date");
    }
  }

  private static List<String> list(Column column, String raw) throws BadValue {
    List<String> out = new ArrayList<>();
    int length = 0;
    for (String part : LIST_SEPARATOR.split(raw)) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      if (column.ref() == Ref.GRID) {
        if (!GRID_CODE.matcher(item).matches()) {
          throw new BadValue(column.name() + ": '" + shorten(item) + "' is not a 15-digit grid code");
        }
      } else {
        // Tags: known spellings become canonical words; other tags are kept as written.
        item = column.values().getOrDefault(item.toLowerCase(Locale.ROOT), item);
        if (item.length() > 32) {
          throw new BadValue(column.name() + ": a tag is longer than 32 characters");
        }
      }
      if (!out.contains(item)) {
        out.add(item);
        length += item.length() + 1;
      }
    }
    if (length > column.max()) {
      throw new BadValue(column.name() + " is longer than " + column.max() + " characters");
    }
    return out.isEmpty() ? null : List.copyOf(out);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
