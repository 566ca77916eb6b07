package org.gridscape.server.layer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One column of an importable table: its canonical (English) name, how values are read, which other
 * records it must resolve to, and the header spellings accepted for it (Chinese included).
 *
 * @param values for {@link Type#ENUM} and {@link Type#LIST}: accepted spelling (lower case) to
 *     canonical value; empty for free text lists
 * @param min smallest accepted number (INT only)
 * @param max largest accepted number or text length
 */
record Column(String name, Type type, boolean required, Map<String, String> values, int min, int max, Ref ref,
    List<String> aliases) {

  /** How a field is read. */
  enum Type { TEXT, INT, DATE, ENUM, LIST }

  /** What a value must name; checked against the database and the upload itself before anything is written. */
  enum Ref {
    BUILDING("building"), HOUSEHOLD("household"), RESIDENT("resident"), PARTY_ORG("Party organisation"),
    PARTY_MEMBER("Party member"), ORGAN("organ"), REGION("region or grid"), VILLAGE("village"), GRID("grid");

    private final String label;

    Ref(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  Column {
    if (name == null || !name.matches("[a-z_]+") || type == null) {
      throw new IllegalArgumentException("column needs a snake_case name and a type");
    }
    if (min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
    }
    if (type == Type.ENUM && (values == null || values.isEmpty())) {
      throw new IllegalArgumentException(name + ": an enum column needs its values");
    }
    values = values == null ? Map.of() : Map.copyOf(values);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  static Column text(String name, boolean required, int maxLength, String... aliases) {
    return new Column(name, Type.TEXT, required, Map.of(), 0, maxLength, null, List.of(aliases));
  }

  static Column id(String name, Ref ref, boolean required, String... aliases) {
    return new Column(name, Type.TEXT, required, Map.of(), 0, 40, ref, List.of(aliases));
  }

  static Column integer(String name, int min, int max, String... aliases) {
    return new Column(name, Type.INT, false, Map.of(), min, max, null, List.of(aliases));
  }

  static Column date(String name, boolean required, String... aliases) {
    return new Column(name, Type.DATE, required, Map.of(), 0, 0, null, List.of(aliases));
  }

  static Column choice(String name, boolean required, Map<String, String> values, String... aliases) {
    return new Column(name, Type.ENUM, required, values, 0, 0, null, List.of(aliases));
  }

  /** Header text reduced to what matters: case, spaces, '_' and '-' do not. */
  static String normalizeHeader(String header) {
    StringBuilder out = new StringBuilder(header.length());
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c != ' ' && c != '_' && c != '-' && c != '\t' && c != '\u3000') {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Whether a header names this column. */
  boolean matches(String normalizedHeader) {
    if (normalizeHeader(name).equals(normalizedHeader)) {
      return true;
    }
    for (String alias : aliases) {
      if (normalizeHeader(alias).equals(normalizedHeader)) {
        return true;
      }
    }
    return false;
  }
}
