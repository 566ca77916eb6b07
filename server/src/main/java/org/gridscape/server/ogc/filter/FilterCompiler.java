package org.gridscape.server.ogc.filter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.server.ogc.Layer;
import org.gridscape.server.ogc.LayerProperty;
import org.gridscape.server.ogc.filter.Expr.Position;
import org.gridscape.server.ogc.filter.ResidualCheck.Check;

/**
 * Checks a parsed filter against a layer's queryables (names and types) and translates it to SQL
 * with bound arguments. Spatial functions between the geometry and a literal become an envelope
 * condition in SQL (a superset, using the envelope index as bbox pages do) and an exact JTS test of
 * the rows it lets through; everything else runs in the database alone.
 *
 * <p>Only the layer's published properties are queryable: a column that is not published (a
 * reporter's name, a description) is refused exactly as a name that does not exist, so a filter is
 * never a way to learn about data the caller cannot read.
 */
public final class FilterCompiler {

  /** The name of the geometry queryable of every layer. */
  public static final String GEOMETRY = "geometry";

  /** Scalar types of CQL2 as far as filters on these layers need them. */
  enum Type {
    STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), TIMESTAMP("a timestamp");

    final String described;

    Type(String described) {
      this.described = described;
    }
  }

  /** A scalar operand in SQL with its type and, for a literal string, its value (CASEI/ACCENTI fold it). */
  private record Scalar(Sql sql, Type type, String constant) {}

  private final Layer layer;
  private final Map<String, LayerProperty> queryables = new LinkedHashMap<>();
  private final List<Sql> flags = new ArrayList<>();

  private FilterCompiler(Layer layer) {
    this.layer = layer;
    for (LayerProperty p : layer.properties()) {
      queryables.put(p.name(), p);
    }
  }

  /** The filter as the store runs it; a {@link FilterException} naming the position when it does not fit the layer. */
  public static CompiledFilter compile(Expr filter, Layer layer) {
    return new FilterCompiler(layer).top(filter);
  }

  private CompiledFilter top(Expr root) {
    List<Expr> conjuncts = root instanceof Expr.And and ? and.args() : List.of(root);
    List<Sql> where = new ArrayList<>();
    List<Check> checks = new ArrayList<>();
    for (Expr conjunct : conjuncts) {
      if (needsJava(conjunct)) {
        where.add(superset(conjunct));
        checks.add(check(conjunct));
      } else {
        where.add(predicate(conjunct));
      }
    }
    StringBuilder select = new StringBuilder();
    List<Object> selectArgs = new ArrayList<>();
    for (int i = 0; i < flags.size(); i++) {
      Sql flag = flags.get(i);
      Sql item = Sql.of(", CASE WHEN (", flag, ") THEN 1 WHEN NOT (", flag, ") THEN 0 END AS " + ResidualCheck.flag(i));
      select.append(item.text());
      selectArgs.addAll(item.args());
    }
    Sql condition = Sql.and(where);
    return new CompiledFilter(condition.text(), condition.args(), select.toString(), selectArgs,
        checks.isEmpty() ? null : new ResidualCheck(checks));
  }

  // --- spatial predicates that need an exact test in Java

  /** Whether the expression holds a spatial function between the geometry and a literal. */
  private boolean needsJava(Expr e) {
    if (e instanceof Expr.And and) {
      return and.args().stream().anyMatch(this::needsJava);
    }
    if (e instanceof Expr.Or or) {
      return or.args().stream().anyMatch(this::needsJava);
    }
    if (e instanceof Expr.Not not) {
      return needsJava(not.arg());
    }
    return e instanceof Expr.Spatial s && isGeometry(s.left()) != isGeometry(s.right());
  }

  /** A SQL condition every row meeting {@code e} meets. */
  private Sql superset(Expr e) {
    if (!needsJava(e)) {
      return predicate(e);
    }
    if (e instanceof Expr.And and) {
      return Sql.and(and.args().stream().map(this::superset).toList());
    }
    if (e instanceof Expr.Or or) {
      return Sql.or(or.args().stream().map(this::superset).toList());
    }
    if (e instanceof Expr.Spatial s) {
      return spatialTest(s).prefilter(layer.geometryKind().wkb());
    }
    return Sql.TRUE; // a negated spatial function: no envelope bound
  }

  private Check check(Expr e) {
    if (!needsJava(e)) {
      int index = flags.size();
      flags.add(predicate(e));
      return ResidualCheck.flag(index, ResidualCheck.flag(index));
    }
    if (e instanceof Expr.And and) {
      return ResidualCheck.and(and.args().stream().map(this::check).toList());
    }
    if (e instanceof Expr.Or or) {
      return ResidualCheck.or(or.args().stream().map(this::check).toList());
    }
    if (e instanceof Expr.Not not) {
      return ResidualCheck.not(check(not.arg()));
    }
    return ResidualCheck.spatial(spatialTest((Expr.Spatial) e));
  }

  private SpatialTest spatialTest(Expr.Spatial s) {
    return isGeometry(s.left()) ? SpatialTest.of(s.op(), literal(s.right()))
        : SpatialTest.of(SpatialTest.swapped(s.op()), literal(s.left()));
  }

  private org.locationtech.jts.geom.Geometry literal(Expr e) {
    if (e instanceof Expr.GeometryLiteral g) {
      return g.value();
    }
    throw new FilterException(e.at(), "expected the geometry or a geometry literal");
  }

  /** Whether {@code e} names the layer's geometry; a {@link FilterException} for any other property. */
  private boolean isGeometry(Expr e) {
    if (e instanceof Expr.Property p) {
      if (p.name().equals(GEOMETRY)) {
        return true;
      }
      LayerProperty known = property(p);
      throw new FilterException(p.at(), "'" + known.name() + "' is " + type(known).described
          + ", not a geometry; spatial functions take '" + GEOMETRY + "' or a geometry literal");
    }
    return false;
  }

  // --- predicates in SQL

  private Sql predicate(Expr e) {
    if (e instanceof Expr.And and) {
      return Sql.and(and.args().stream().map(this::predicate).toList());
    }
    if (e instanceof Expr.Or or) {
      return Sql.or(or.args().stream().map(this::predicate).toList());
    }
    if (e instanceof Expr.Not not) {
      return Sql.not(predicate(not.arg()));
    }
    if (e instanceof Expr.Bool b) {
      return b.value() ? Sql.TRUE : Sql.FALSE;
    }
    if (e instanceof Expr.Compare c) {
      return compare(c);
    }
    if (e instanceof Expr.Like like) {
      Scalar value = scalar(like.value());
      Scalar pattern = scalar(like.pattern());
      expect(value, Type.STRING, like.value().at(), "LIKE");
      expect(pattern, Type.STRING, like.pattern().at(), "a LIKE pattern");
      return Sql.of(value.sql(), " LIKE ", pattern.sql(), " ESCAPE '\\'");
    }
    if (e instanceof Expr.Between b) {
      Scalar value = scalar(b.value());
      Scalar low = scalar(b.low());
      Scalar high = scalar(b.high());
      expect(value, Type.NUMBER, b.value().at(), "BETWEEN");
      expect(low, Type.NUMBER, b.low().at(), "BETWEEN");
      expect(high, Type.NUMBER, b.high().at(), "BETWEEN");
      return Sql.of(value.sql(), " BETWEEN ", low.sql(), " AND ", high.sql());
    }
    if (e instanceof Expr.In in) {
      Scalar value = scalar(in.value());
      List<Object> parts = new ArrayList<>(List.of(value.sql(), " IN ("));
      for (int i = 0; i < in.list().size(); i++) {
        Scalar item = scalar(in.list().get(i));
        expect(item, value.type(), in.list().get(i).at(), "IN with " + value.type().described);
        parts.add(i == 0 ? "" : ", ");
        parts.add(item.sql());
      }
      parts.add(")");
      return Sql.of(parts.toArray());
    }
    if (e instanceof Expr.IsNull n) {
      return n.value() instanceof Expr.Property p && p.name().equals(GEOMETRY) ? Sql.FALSE
          : Sql.of(scalar(n.value()).sql(), " IS NULL");
    }
    if (e instanceof Expr.Spatial s) {
      // both sides the geometry, or both literals: decided now
      if (isGeometry(s.left()) && isGeometry(s.right())) {
        return switch (s.op()) {
          case "s_intersects", "s_equals", "s_within", "s_contains" -> Sql.TRUE;
          default -> Sql.FALSE;
        };
      }
      return SpatialTest.constant(s.op(), literal(s.left()), literal(s.right())) ? Sql.TRUE : Sql.FALSE;
    }
    if (e instanceof Expr.Temporal t) {
      return TemporalSql.relate(t.op(), temporal(t.left()), temporal(t.right()));
    }
    throw new FilterException(e.at(), "expected a predicate, found a value");
  }

  private Sql compare(Expr.Compare c) {
    Scalar left = scalar(c.left());
    Scalar right = scalar(c.right());
    if (left.type() != right.type()) {
      throw new FilterException(c.at(), "type mismatch: " + describe(c.left(), left) + " cannot be compared with "
          + describe(c.right(), right));
    }
    return Sql.of(left.sql(), " " + c.op() + " ", right.sql());
  }

  private static String describe(Expr e, Scalar s) {
    return (e instanceof Expr.Property p ? "'" + p.name() + "' (" + s.type().described + ")" : s.type().described);
  }

  private static void expect(Scalar s, Type type, Position at, String where) {
    if (s.type() != type) {
      throw new FilterException(at, "type mismatch: " + where + " needs " + type.described + ", found "
          + s.type().described);
    }
  }

  // --- scalar expressions

  private Scalar scalar(Expr e) {
    if (e instanceof Expr.Property p) {
      if (p.name().equals(GEOMETRY)) {
        throw new FilterException(p.at(), "'" + GEOMETRY + "' can only be used in spatial functions");
      }
      LayerProperty property = property(p);
      return new Scalar(Sql.text(property.sqlValue()), type(property), null);
    }
    if (e instanceof Expr.Text t) {
      return text(t.value());
    }
    if (e instanceof Expr.Num n) {
      return number(n.value());
    }
    if (e instanceof Expr.Bool b) {
      return new Scalar(Sql.arg(b.value(), "BOOLEAN"), Type.BOOLEAN, null);
    }
    if (e instanceof Expr.Timestamp t) {
      return instant(t.value());
    }
    if (e instanceof Expr.Day d) {
      return instant(dayStart(d.value()));
    }
    if (e instanceof Expr.Casei c) {
      Scalar arg = scalar(c.arg());
      expect(arg, Type.STRING, c.arg().at(), "CASEI");
      return arg.constant() != null ? text(arg.constant().toLowerCase(Locale.ROOT))
          : new Scalar(Sql.of("LOWER(", arg.sql(), ")"), Type.STRING, null);
    }
    if (e instanceof Expr.Accenti a) {
      Scalar arg = scalar(a.arg());
      expect(arg, Type.STRING, a.arg().at(), "ACCENTI");
      return arg.constant() != null ? text(Accents.strip(arg.constant()))
          : new Scalar(Sql.of("TRANSLATE(", arg.sql(), ", ", Sql.arg(Accents.FROM, "VARCHAR"), ", ",
              Sql.arg(Accents.TO, "VARCHAR"), ")"), Type.STRING, null);
    }
    if (e instanceof Expr.Arithmetic a) {
      return arithmetic(a);
    }
    throw new FilterException(e.at(), "expected a value (a property, literal or arithmetic), found "
        + (e instanceof Expr.GeometryLiteral ? "a geometry" : e instanceof Expr.Interval ? "an interval"
        : "a predicate"));
  }

  private static Scalar text(String value) {
    return new Scalar(Sql.arg(value, "VARCHAR"), Type.STRING, value);
  }

  private static Scalar number(BigDecimal value) {
    try {
      return new Scalar(Sql.arg(value.longValueExact(), "BIGINT"), Type.NUMBER, null);
    } catch (ArithmeticException notAnInteger) {
      return new Scalar(Sql.arg(value.doubleValue(), "DOUBLE PRECISION"), Type.NUMBER, null);
    }
  }

  private static Scalar instant(OffsetDateTime value) {
    return new Scalar(Sql.arg(value.withOffsetSameInstant(ZoneOffset.UTC), "TIMESTAMP WITH TIME ZONE"),
        Type.TIMESTAMP, null);
  }

  private static OffsetDateTime dayStart(LocalDate day) {
    return day.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** Arithmetic in SQL; division by zero gives null (no row), not an error. */
  private Scalar arithmetic(Expr.Arithmetic a) {
    Scalar left = scalar(a.left());
    Scalar right = scalar(a.right());
    expect(left, Type.NUMBER, a.left().at(), "arithmetic");
    expect(right, Type.NUMBER, a.right().at(), "arithmetic");
    Sql l = left.sql();
    Sql r = right.sql();
    Sql sql = switch (a.op()) {
      case "+", "-", "*" -> Sql.of("(", l, " " + a.op() + " ", r, ")");
      case "/" -> Sql.of("(CAST(", l, " AS DOUBLE PRECISION) / NULLIF(", r, ", 0))");
      case "div" -> Sql.of("FLOOR(CAST(", l, " AS DOUBLE PRECISION) / NULLIF(", r, ", 0))");
      // the remainder with the sign of the dividend, as MOD has, for numbers that are not integers too
      case "%" -> Sql.of("(CAST(", l, " AS DOUBLE PRECISION) - CAST(", r, " AS DOUBLE PRECISION) * TRUNC(CAST(", l,
          " AS DOUBLE PRECISION) / NULLIF(", r, ", 0)))");
      case "^" -> Sql.of("POWER(CAST(", l, " AS DOUBLE PRECISION), ", r, ")");
      default -> throw new FilterException(a.at(), "unknown arithmetic operator '" + a.op() + "'");
    };
    return new Scalar(sql, Type.NUMBER, null);
  }

  // --- temporal operands

  private TemporalSql.Operand temporal(Expr e) {
    if (e instanceof Expr.Interval i) {
      return new TemporalSql.Operand(end(i.start(), false), end(i.end(), true));
    }
    if (e instanceof Expr.Day) {
      return new TemporalSql.Operand(end(e, false), end(e, true));
    }
    TemporalSql.End instant = end(e, false);
    return new TemporalSql.Operand(instant, instant);
  }

  /** One end of an interval (or an instant); a day as its first or (for {@code upper}) last microsecond. */
  private TemporalSql.End end(Expr e, boolean upper) {
    if (e instanceof Expr.Open) {
      return new TemporalSql.End(null, upper ? 1 : -1);
    }
    if (e instanceof Expr.Timestamp t) {
      return TemporalSql.End.of(instant(t.value()).sql());
    }
    if (e instanceof Expr.Day d) {
      OffsetDateTime start = dayStart(d.value());
      return TemporalSql.End.of(instant(upper ? start.plusDays(1).minusNanos(1000) : start).sql());
    }
    if (e instanceof Expr.Property p) {
      Scalar s = scalar(p);
      expect(s, Type.TIMESTAMP, p.at(), "a temporal function");
      return TemporalSql.End.of(s.sql());
    }
    throw new FilterException(e.at(), "expected an instant, an interval or a timestamp property");
  }

  // --- queryables

  private LayerProperty property(Expr.Property p) {
    LayerProperty property = queryables.get(p.name());
    if (property == null) {
      // The same answer for an unpublished column as for a name that does not exist (no side channel).
      throw new FilterException(p.at(), "unknown property '" + p.name() + "'; the queryables of '" + layer.id()
          + "' are " + Queryables.names(layer));
    }
    return property;
  }

  static Type type(LayerProperty p) {
    return switch (p.type()) {
      case STRING -> Type.STRING;
      case INTEGER, NUMBER -> Type.NUMBER;
      case BOOLEAN -> Type.BOOLEAN;
      case DATETIME -> Type.TIMESTAMP;
    };
  }
}
