package org.gridscape.server.ogc.filter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * A parsed CQL2 filter, the same tree for the text and the JSON encoding. Negated forms (NOT LIKE,
 * NOT BETWEEN, NOT IN, IS NOT NULL) are {@link Not} around the positive one. Every node knows where
 * it came from, so that a later refusal (an unknown property, a type mismatch) can name the place.
 */
public sealed interface Expr {

  Position at();

  /** Where a node starts: a character (1-based) of CQL2 text, or a JSON pointer into CQL2 JSON. */
  record Position(int character, String pointer) {
    public static Position text(int character) {
      return new Position(character, null);
    }

    public static Position json(String pointer) {
      return new Position(0, pointer);
    }

    @Override
    public String toString() {
      return pointer == null ? "character " + character : "JSON pointer '" + pointer + "'";
    }
  }

  record And(List<Expr> args, Position at) implements Expr {}

  record Or(List<Expr> args, Position at) implements Expr {}

  record Not(Expr arg, Position at) implements Expr {}

  /** {@code op} is one of = <> < > <= >=. */
  record Compare(String op, Expr left, Expr right, Position at) implements Expr {}

  record Like(Expr value, Expr pattern, Position at) implements Expr {}

  record Between(Expr value, Expr low, Expr high, Position at) implements Expr {}

  record In(Expr value, List<Expr> list, Position at) implements Expr {}

  record IsNull(Expr value, Position at) implements Expr {}

  /** {@code op} in lower case, e.g. {@code s_intersects}. */
  record Spatial(String op, Expr left, Expr right, Position at) implements Expr {}

  /** {@code op} in lower case, e.g. {@code t_after}. */
  record Temporal(String op, Expr left, Expr right, Position at) implements Expr {}

  /** {@code op} is one of + - * / % div ^. */
  record Arithmetic(String op, Expr left, Expr right, Position at) implements Expr {}

  record Casei(Expr arg, Position at) implements Expr {}

  record Accenti(Expr arg, Position at) implements Expr {}

  record Property(String name, Position at) implements Expr {}

  record Text(String value, Position at) implements Expr {}

  record Num(BigDecimal value, Position at) implements Expr {}

  record Bool(boolean value, Position at) implements Expr {}

  record Timestamp(OffsetDateTime value, Position at) implements Expr {}

  /** A day (an instant with the granularity of a day). */
  record Day(LocalDate value, Position at) implements Expr {}

  /** An interval; a bound is a {@link Timestamp}, {@link Day}, {@link Property} or {@link Open}. */
  record Interval(Expr start, Expr end, Position at) implements Expr {}

  /** The open end of an interval ({@code '..'}). */
  record Open(Position at) implements Expr {}

  /** A geometry literal in CRS84 longitude/latitude (converted from the filter CRS when parsed). */
  record GeometryLiteral(Geometry value, Position at) implements Expr {}
}
