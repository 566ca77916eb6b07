package org.gridscape.server.ogc.filter;

import java.util.List;

/**
 * The temporal functions of CQL2 (Allen's interval relations) in SQL. An instant is an interval
 * whose start and end are the same; an open end of an interval is infinite, so comparisons with it
 * are decided here rather than in SQL.
 */
final class TemporalSql {

  /** One end of an operand: a SQL timestamp, or -1/+1 for an infinitely early/late open end. */
  record End(Sql value, int infinity) {
    static End of(Sql value) {
      return new End(value, 0);
    }
  }

  /** A temporal operand: an instant (start equals end) or an interval. */
  record Operand(End start, End end) {}

  private TemporalSql() {}

  /** The SQL of {@code op(a, b)}; op is a lower-case CQL2 temporal function name, known to the grammar. */
  static Sql relate(String op, Operand a, Operand b) {
    return switch (op) {
      case "t_before" -> cmp(a.end(), "<", b.start());
      case "t_after" -> cmp(a.start(), ">", b.end());
      case "t_meets" -> cmp(a.end(), "=", b.start());
      case "t_metby" -> cmp(a.start(), "=", b.end());
      case "t_overlaps" -> all(cmp(a.start(), "<", b.start()), cmp(a.end(), ">", b.start()), cmp(a.end(), "<", b.end()));
      case "t_overlappedby" -> all(cmp(b.start(), "<", a.start()), cmp(b.end(), ">", a.start()),
          cmp(b.end(), "<", a.end()));
      case "t_starts" -> all(cmp(a.start(), "=", b.start()), cmp(a.end(), "<", b.end()));
      case "t_startedby" -> all(cmp(a.start(), "=", b.start()), cmp(a.end(), ">", b.end()));
      case "t_during" -> all(cmp(a.start(), ">", b.start()), cmp(a.end(), "<", b.end()));
      case "t_contains" -> all(cmp(a.start(), "<", b.start()), cmp(a.end(), ">", b.end()));
      case "t_finishes" -> all(cmp(a.start(), ">", b.start()), cmp(a.end(), "=", b.end()));
      case "t_finishedby" -> all(cmp(a.start(), "<", b.start()), cmp(a.end(), "=", b.end()));
      case "t_equals" -> all(cmp(a.start(), "=", b.start()), cmp(a.end(), "=", b.end()));
      case "t_intersects" -> all(cmp(a.start(), "<=", b.end()), cmp(a.end(), ">=", b.start()));
      case "t_disjoint" -> Sql.or(List.of(cmp(a.end(), "<", b.start()), cmp(a.start(), ">", b.end())));
      default -> throw new IllegalArgumentException("not a temporal function: " + op);
    };
  }

  private static Sql all(Sql... parts) {
    return Sql.and(List.of(parts));
  }

  /** {@code x op y}; decided here when either is infinite. */
  private static Sql cmp(End x, String op, End y) {
    if (x.infinity() == 0 && y.infinity() == 0) {
      return Sql.of(x.value(), " " + op + " ", y.value());
    }
    int sign = Integer.compare(x.infinity(), y.infinity());
    boolean holds = switch (op) {
      case "<" -> sign < 0;
      case ">" -> sign > 0;
      case "<=" -> sign <= 0;
      case ">=" -> sign >= 0;
      default -> sign == 0;
    };
    return holds ? Sql.TRUE : Sql.FALSE;
  }
}
