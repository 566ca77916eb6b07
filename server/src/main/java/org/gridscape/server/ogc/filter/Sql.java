package org.gridscape.server.ogc.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL with its bound arguments in order. Only constants of the code and the layer
 * catalog are ever text here; every value from a filter is an argument.
 */
record Sql(String text, List<Object> args) {

  static final Sql TRUE = new Sql("1 = 1", List.of());
  static final Sql FALSE = new Sql("1 = 0", List.of());

  Sql {
    args = List.copyOf(args);
  }

  static Sql text(String text) {
    return new Sql(text, List.of());
  }

  /** A bound argument, cast so that both databases know its type whatever it is compared with. */
  static Sql arg(Object value, String sqlType) {
    return new Sql("CAST(? AS " + sqlType + ")", List.of(value));
  }

  /** Concatenation of strings (SQL text) and {@link Sql} pieces. */
  static Sql of(Object... parts) {
    StringBuilder text = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Sql sql) {
        text.append(sql.text);
        args.addAll(sql.args);
      } else {
        text.append((String) part);
      }
    }
    return new Sql(text.toString(), args);
  }

  boolean isTrue() {
    return this == TRUE;
  }

  boolean isFalse() {
    return this == FALSE;
  }

  static Sql and(List<Sql> parts) {
    return junction(parts, " AND ", FALSE, TRUE);
  }

  static Sql or(List<Sql> parts) {
    return junction(parts, " OR ", TRUE, FALSE);
  }

  /** Parts joined by AND or OR, constants folded: a {@code decisive} part decides, {@code neutral} ones drop out. */
  private static Sql junction(List<Sql> parts, String operator, Sql decisive, Sql neutral) {
    List<Sql> kept = new ArrayList<>();
    for (Sql part : parts) {
      if (part == decisive) {
        return decisive;
      }
      if (part != neutral) {
        kept.add(part);
      }
    }
    return join(kept, operator, neutral);
  }

  static Sql not(Sql part) {
    return part.isTrue() ? FALSE : part.isFalse() ? TRUE : of("NOT (", part, ")");
  }

  private static Sql join(List<Sql> parts, String operator, Sql empty) {
    if (parts.isEmpty()) {
      return empty;
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Object> pieces = new ArrayList<>();
    pieces.add("(");
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        pieces.add(operator);
      }
      pieces.add("(");
      pieces.add(parts.get(i));
      pieces.add(")");
    }
    pieces.add(")");
    return of(pieces.toArray());
  }
}
