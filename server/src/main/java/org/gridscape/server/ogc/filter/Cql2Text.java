package org.gridscape.server.ogc.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.gridscape.server.ogc.filter.Cql2Parser.ArithmeticContext;
import org.gridscape.server.ogc.filter.Expr.Position;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** CQL2 text to an {@link Expr}, by the parser ANTLR generates from Cql2.g4. */
public final class Cql2Text {

  /** Filters longer than this are refused before parsing (a URL is rarely longer anyway). */
  public static final int MAX_LENGTH = 64 * 1024;

  private final boolean latLon;

  private Cql2Text(boolean latLon) {
    this.latLon = latLon;
  }

  /**
   * Parses a filter whose geometry literals are in a CRS with the given axis order; a
   * {@link FilterException} naming the character where it goes wrong otherwise.
   */
  public static Expr parse(String text, boolean latLon) {
    if (text.length() > MAX_LENGTH) {
      throw new FilterException(Position.text(MAX_LENGTH), "the filter is longer than " + MAX_LENGTH + " characters");
    }
    Cql2Lexer lexer = new Cql2Lexer(CharStreams.fromString(text));
    Cql2Parser parser = new Cql2Parser(new CommonTokenStream(lexer));
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    parser.addErrorListener(new BaseErrorListener() {
      @Override
      public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String message,
          RecognitionException e) {
        int character = offending instanceof Token token && token.getStartIndex() >= 0 ? token.getStartIndex() + 1
            : column + 1;
        String near = offending instanceof Token token ? token.getType() == Token.EOF ? "the end of the filter"
            : "'" + token.getText() + "'" : "here";
        throw new FilterException(Position.text(character), "syntax error near " + near + " (" + message + ")");
      }
    });
    return new Cql2Text(latLon).bool(parser.filter().booleanExpression());
  }

  private static Position at(ParserRuleContext ctx) {
    return Position.text(ctx.getStart().getStartIndex() + 1);
  }

  private static Position at(Token token) {
    return Position.text(token.getStartIndex() + 1);
  }

  private Expr bool(Cql2Parser.BooleanExpressionContext ctx) {
    List<Expr> terms = new ArrayList<>();
    for (Cql2Parser.BooleanTermContext term : ctx.booleanTerm()) {
      List<Expr> factors = new ArrayList<>();
      for (Cql2Parser.BooleanFactorContext factor : term.booleanFactor()) {
        Expr primary = primary(factor.booleanPrimary());
        factors.add(factor.NOT() != null ? new Expr.Not(primary, at(factor)) : primary);
      }
      terms.add(factors.size() == 1 ? factors.get(0) : new Expr.And(factors, at(term)));
    }
    return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms, at(ctx));
  }

  private Expr primary(Cql2Parser.BooleanPrimaryContext ctx) {
    if (ctx.booleanLiteral() != null) {
      return new Expr.Bool(ctx.booleanLiteral().TRUE() != null, at(ctx));
    }
    if (ctx.booleanExpression() != null) {
      return bool(ctx.booleanExpression());
    }
    Cql2Parser.PredicateContext p = ctx.predicate();
    if (p.spatialPredicate() != null) {
      Cql2Parser.SpatialPredicateContext s = p.spatialPredicate();
      return new Expr.Spatial(s.SPATIAL_FUNCTION().getText().toLowerCase(Locale.ROOT), geometry(s.geomExpression(0)),
          geometry(s.geomExpression(1)), at(s));
    }
    if (p.temporalPredicate() != null) {
      Cql2Parser.TemporalPredicateContext t = p.temporalPredicate();
      return new Expr.Temporal(t.TEMPORAL_FUNCTION().getText().toLowerCase(Locale.ROOT),
          temporal(t.temporalExpression(0)), temporal(t.temporalExpression(1)), at(t));
    }
    return comparison(p.comparisonPredicate());
  }

  private Expr comparison(Cql2Parser.ComparisonPredicateContext ctx) {
    Position at = at(ctx);
    if (ctx instanceof Cql2Parser.BinaryComparisonContext c) {
      return new Expr.Compare(c.op.getText(), scalar(c.left), scalar(c.right), at(c.op));
    }
    if (ctx instanceof Cql2Parser.IsLikeContext c) {
      return negated(c.NOT() != null, new Expr.Like(scalar(c.value), scalar(c.pattern), at), at);
    }
    if (ctx instanceof Cql2Parser.IsBetweenContext c) {
      return negated(c.NOT() != null, new Expr.Between(scalar(c.value), scalar(c.low), scalar(c.high), at), at);
    }
    if (ctx instanceof Cql2Parser.IsInListContext c) {
      List<Expr> list = new ArrayList<>();
      // expression(0) is the value; the rest is the list
      for (int i = 1; i < c.expression().size(); i++) {
        list.add(scalar(c.expression(i)));
      }
      return negated(c.NOT() != null, new Expr.In(scalar(c.value), list, at), at);
    }
    Cql2Parser.IsNullContext c = (Cql2Parser.IsNullContext) ctx;
    return negated(c.NOT() != null, new Expr.IsNull(scalar(c.value), at), at);
  }

  private static Expr negated(boolean not, Expr e, Position at) {
    return not ? new Expr.Not(e, at) : e;
  }

  private Expr scalar(Cql2Parser.ExpressionContext ctx) {
    if (ctx instanceof ArithmeticContext a) {
      return new Expr.Arithmetic(a.op.getText().toLowerCase(Locale.ROOT), scalar(a.left), scalar(a.right), at(a.op));
    }
    if (ctx instanceof Cql2Parser.ParenthesizedContext p) {
      return scalar(p.expression());
    }
    if (ctx instanceof Cql2Parser.CaseiContext c) {
      return new Expr.Casei(scalar(c.expression()), at(c));
    }
    if (ctx instanceof Cql2Parser.AccentiContext c) {
      return new Expr.Accenti(scalar(c.expression()), at(c));
    }
    if (ctx instanceof Cql2Parser.PropertyContext p) {
      return property(p.propertyName());
    }
    Cql2Parser.LiteralContext literal = ((Cql2Parser.LiteralExpressionContext) ctx).literal();
    Position at = at(literal);
    if (literal.characterLiteral() != null) {
      return new Expr.Text(string(literal.characterLiteral().STRING()), at);
    }
    if (literal.numericLiteral() != null) {
      return new Expr.Num(number(literal.numericLiteral()), at);
    }
    if (literal.booleanLiteral() != null) {
      return new Expr.Bool(literal.booleanLiteral().TRUE() != null, at);
    }
    return instant(literal.instantLiteral());
  }

  private static Expr property(Cql2Parser.PropertyNameContext ctx) {
    String name = ctx.IDENTIFIER() != null ? ctx.IDENTIFIER().getText() : ctx.QUOTED_IDENTIFIER().getText();
    if (name.startsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    return new Expr.Property(name, at(ctx));
  }

  private static String string(org.antlr.v4.runtime.tree.TerminalNode token) {
    String quoted = token.getText();
    return quoted.substring(1, quoted.length() - 1).replace("''", "'").replace("\\'", "'");
  }

  private static BigDecimal number(Cql2Parser.NumericLiteralContext ctx) {
    BigDecimal value = new BigDecimal(ctx.NUMBER().getText());
    return ctx.MINUS() != null ? value.negate() : value;
  }

  private static Expr instant(Cql2Parser.InstantLiteralContext ctx) {
    if (ctx instanceof Cql2Parser.DateLiteralContext d) {
      return Literals.day(string(d.STRING()), at(d));
    }
    Cql2Parser.TimestampLiteralContext t = (Cql2Parser.TimestampLiteralContext) ctx;
    return Literals.timestamp(string(t.STRING()), at(t));
  }

  private Expr temporal(Cql2Parser.TemporalExpressionContext ctx) {
    if (ctx.propertyName() != null) {
      return property(ctx.propertyName());
    }
    if (ctx.instantLiteral() != null) {
      return instant(ctx.instantLiteral());
    }
    Cql2Parser.IntervalLiteralContext i = ctx.intervalLiteral();
    return new Expr.Interval(bound(i.start), bound(i.end), at(i));
  }

  private static Expr bound(Cql2Parser.IntervalBoundContext ctx) {
    if (ctx.propertyName() != null) {
      return property(ctx.propertyName());
    }
    if (ctx.instantLiteral() != null) {
      return instant(ctx.instantLiteral());
    }
    return Literals.bound(string(ctx.STRING()), at(ctx));
  }

  // --- geometry literals

  private Expr geometry(Cql2Parser.GeomExpressionContext ctx) {
    if (ctx.propertyName() != null) {
      return property(ctx.propertyName());
    }
    if (ctx.bboxLiteral() != null) {
      List<Cql2Parser.NumericLiteralContext> numbers = ctx.bboxLiteral().numericLiteral();
      double[] v = new double[numbers.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = number(numbers.get(i)).doubleValue();
      }
      return new Expr.GeometryLiteral(Literals.bbox(v, latLon, at(ctx)), at(ctx));
    }
    return new Expr.GeometryLiteral(wkt(ctx.geometryLiteral()), at(ctx));
  }

  private Geometry wkt(Cql2Parser.GeometryLiteralContext ctx) {
    Position at = at(ctx);
    if (ctx instanceof Cql2Parser.PointLiteralContext p) {
      return Literals.point(coordinate(p.point().coordinate()));
    }
    if (ctx instanceof Cql2Parser.LineStringLiteralContext l) {
      return Literals.line(coordinates(l.lineString()), at);
    }
    if (ctx instanceof Cql2Parser.PolygonLiteralContext p) {
      return polygon(p.polygon());
    }
    if (ctx instanceof Cql2Parser.MultiPointLiteralContext m) {
      List<org.locationtech.jts.geom.Point> points = new ArrayList<>();
      for (Cql2Parser.MultiPointMemberContext member : m.multiPointMember()) {
        Coordinate c = coordinate(member.point() != null ? member.point().coordinate() : member.coordinate());
        points.add((org.locationtech.jts.geom.Point) Literals.point(c));
      }
      return org.gridscape.server.store.Geometries.FACTORY.createMultiPoint(
          points.toArray(org.locationtech.jts.geom.Point[]::new));
    }
    if (ctx instanceof Cql2Parser.MultiLineStringLiteralContext m) {
      List<org.locationtech.jts.geom.LineString> lines = new ArrayList<>();
      for (Cql2Parser.LineStringContext line : m.lineString()) {
        lines.add((org.locationtech.jts.geom.LineString) Literals.line(coordinates(line), at(line)));
      }
      return org.gridscape.server.store.Geometries.FACTORY.createMultiLineString(
          lines.toArray(org.locationtech.jts.geom.LineString[]::new));
    }
    if (ctx instanceof Cql2Parser.MultiPolygonLiteralContext m) {
      List<Polygon> polygons = new ArrayList<>();
      for (Cql2Parser.PolygonContext polygon : m.polygon()) {
        polygons.add(polygon(polygon));
      }
      return org.gridscape.server.store.Geometries.FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }
    Cql2Parser.CollectionLiteralContext c = (Cql2Parser.CollectionLiteralContext) ctx;
    List<Geometry> members = new ArrayList<>();
    for (Cql2Parser.GeometryLiteralContext member : c.geometryLiteral()) {
      members.add(wkt(member));
    }
    return org.gridscape.server.store.Geometries.FACTORY.createGeometryCollection(members.toArray(Geometry[]::new));
  }

  private Polygon polygon(Cql2Parser.PolygonContext ctx) {
    List<List<Coordinate>> rings = new ArrayList<>();
    for (Cql2Parser.LineStringContext ring : ctx.lineString()) {
      rings.add(coordinates(ring));
    }
    return Literals.polygon(rings, at(ctx));
  }

  private List<Coordinate> coordinates(Cql2Parser.LineStringContext ctx) {
    List<Coordinate> out = new ArrayList<>();
    for (Cql2Parser.CoordinateContext c : ctx.coordinate()) {
      out.add(coordinate(c));
    }
    return out;
  }

  private Coordinate coordinate(Cql2Parser.CoordinateContext ctx) {
    return Literals.coordinate(number(ctx.numericLiteral(0)).doubleValue(), number(ctx.numericLiteral(1)).doubleValue(),
        latLon, at(ctx));
  }
}
