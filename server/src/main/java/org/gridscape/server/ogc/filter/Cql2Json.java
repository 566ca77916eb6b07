package org.gridscape.server.ogc.filter;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gridscape.server.ogc.filter.Expr.Position;
import org.gridscape.server.store.Geometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** CQL2 JSON (OGC 21-065r2, clause 8 and its JSON Schema) to the same {@link Expr} tree as the text. */
public final class Cql2Json {

  private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", ">", "<=", ">=");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%", "div", "^");
  private static final Set<String> SPATIAL = Set.of("s_intersects", "s_equals", "s_disjoint", "s_touches", "s_within",
      "s_overlaps", "s_crosses", "s_contains");
  private static final Set<String> TEMPORAL = Set.of("t_after", "t_before", "t_contains", "t_disjoint", "t_during",
      "t_equals", "t_finishedby", "t_finishes", "t_intersects", "t_meets", "t_metby", "t_overlappedby", "t_overlaps",
      "t_startedby", "t_starts");

  private final boolean latLon;

  private Cql2Json(boolean latLon) {
    this.latLon = latLon;
  }

  /** Parses a CQL2 JSON document; geometry positions are in a CRS with the given axis order. */
  public static Expr parse(String json, boolean latLon) {
    if (json.length() > Cql2Text.MAX_LENGTH) {
      throw new FilterException(Position.json(""), "the filter is longer than " + Cql2Text.MAX_LENGTH + " characters");
    }
    Object root;
    try {
      root = io.vertx.core.json.Json.decodeValue(json);
    } catch (DecodeException e) {
      throw new FilterException(Position.json(""), "not valid JSON (" + e.getMessage() + ")");
    }
    return new Cql2Json(latLon).bool(root, "");
  }

  private static FilterException error(String pointer, String message) {
    return new FilterException(Position.json(pointer), message);
  }

  private Expr bool(Object node, String at) {
    if (node instanceof Boolean b) {
      return new Expr.Bool(b, Position.json(at));
    }
    if (!(node instanceof JsonObject object) || !object.containsKey("op")) {
      throw error(at, "expected a predicate: an object with \"op\" and \"args\", or true/false");
    }
    String op = op(object, at);
    JsonArray args = args(object, at);
    Position pos = Position.json(at);
    switch (op) {
      case "and", "or" -> {
        if (args.size() < 2) {
          throw error(at + "/args", "'" + op + "' needs at least two arguments");
        }
        List<Expr> list = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          list.add(bool(args.getValue(i), at + "/args/" + i));
        }
        return op.equals("and") ? new Expr.And(list, pos) : new Expr.Or(list, pos);
      }
      case "not" -> {
        count(args, 1, op, at);
        return new Expr.Not(bool(args.getValue(0), at + "/args/0"), pos);
      }
      case "like" -> {
        count(args, 2, op, at);
        return new Expr.Like(scalar(args.getValue(0), at + "/args/0"), scalar(args.getValue(1), at + "/args/1"), pos);
      }
      case "between" -> {
        count(args, 3, op, at);
        return new Expr.Between(scalar(args.getValue(0), at + "/args/0"), scalar(args.getValue(1), at + "/args/1"),
            scalar(args.getValue(2), at + "/args/2"), pos);
      }
      case "in" -> {
        count(args, 2, op, at);
        if (!(args.getValue(1) instanceof JsonArray list) || list.isEmpty()) {
          throw error(at + "/args/1", "'in' needs a non-empty array of values");
        }
        List<Expr> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          values.add(scalar(list.getValue(i), at + "/args/1/" + i));
        }
        return new Expr.In(scalar(args.getValue(0), at + "/args/0"), values, pos);
      }
      case "isnull" -> {
        count(args, 1, op, at);
        return new Expr.IsNull(scalar(args.getValue(0), at + "/args/0"), pos);
      }
      default -> {
        count(args, 2, op, at);
        if (COMPARISONS.contains(op)) {
          return new Expr.Compare(op, scalar(args.getValue(0), at + "/args/0"), scalar(args.getValue(1), at + "/args/1"),
              pos);
        }
        if (SPATIAL.contains(op)) {
          return new Expr.Spatial(op, geometry(args.getValue(0), at + "/args/0"),
              geometry(args.getValue(1), at + "/args/1"), pos);
        }
        if (TEMPORAL.contains(op)) {
          return new Expr.Temporal(op, temporal(args.getValue(0), at + "/args/0"),
              temporal(args.getValue(1), at + "/args/1"), pos);
        }
        throw error(at + "/op", "unknown or unsupported predicate '" + op + "'");
      }
    }
  }

  private static String op(JsonObject object, String at) {
    if (!(object.getValue("op") instanceof String op)) {
      throw error(at + "/op", "\"op\" must be a string");
    }
    String lower = op.toLowerCase(Locale.ROOT);
    return lower;
  }

  private static JsonArray args(JsonObject object, String at) {
    if (!(object.getValue("args") instanceof JsonArray args)) {
      throw error(at + "/args", "\"args\" must be an array");
    }
    return args;
  }

  private static void count(JsonArray args, int n, String op, String at) {
    if (args.size() != n) {
      throw error(at + "/args", "'" + op + "' takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
    }
  }

  private Expr scalar(Object node, String at) {
    Position pos = Position.json(at);
    if (node instanceof String s) {
      return new Expr.Text(s, pos);
    }
    if (node instanceof Number n) {
      return new Expr.Num(new BigDecimal(n.toString()), pos);
    }
    if (node instanceof Boolean b) {
      return new Expr.Bool(b, pos);
    }
    if (node instanceof JsonObject object) {
      if (object.containsKey("property")) {
        return property(object, at);
      }
      if (object.containsKey("timestamp") || object.containsKey("date")) {
        return instant(object, at);
      }
      if (object.containsKey("op")) {
        String op = op(object, at);
        JsonArray args = args(object, at);
        if (op.equals("casei") || op.equals("accenti")) {
          count(args, 1, op, at);
          Expr arg = scalar(args.getValue(0), at + "/args/0");
          return op.equals("casei") ? new Expr.Casei(arg, pos) : new Expr.Accenti(arg, pos);
        }
        if (ARITHMETIC.contains(op)) {
          count(args, 2, op, at);
          return new Expr.Arithmetic(op, scalar(args.getValue(0), at + "/args/0"),
              scalar(args.getValue(1), at + "/args/1"), pos);
        }
        throw error(at + "/op", "'" + op + "' is not a scalar function or operator here");
      }
    }
    throw error(at, "expected a value: a string, number, boolean, {\"property\"}, {\"timestamp\"}, {\"date\"}, "
        + "casei, accenti or arithmetic");
  }

  private static Expr property(JsonObject object, String at) {
    if (!(object.getValue("property") instanceof String name) || name.isEmpty()) {
      throw error(at + "/property", "\"property\" must be a non-empty string");
    }
    return new Expr.Property(name, Position.json(at));
  }

  private static Expr instant(JsonObject object, String at) {
    Object timestamp = object.getValue("timestamp");
    if (timestamp != null) {
      if (!(timestamp instanceof String text)) {
        throw error(at + "/timestamp", "\"timestamp\" must be a string");
      }
      return Literals.timestamp(text, Position.json(at));
    }
    if (!(object.getValue("date") instanceof String text)) {
      throw error(at + "/date", "\"date\" must be a string");
    }
    return Literals.day(text, Position.json(at));
  }

  private Expr temporal(Object node, String at) {
    if (node instanceof JsonObject object) {
      if (object.containsKey("property")) {
        return property(object, at);
      }
      if (object.containsKey("timestamp") || object.containsKey("date")) {
        return instant(object, at);
      }
      if (object.getValue("interval") instanceof JsonArray bounds && bounds.size() == 2) {
        return new Expr.Interval(bound(bounds.getValue(0), at + "/interval/0"),
            bound(bounds.getValue(1), at + "/interval/1"), Position.json(at));
      }
    }
    throw error(at, "expected an instant or interval: {\"timestamp\"}, {\"date\"}, {\"interval\": [start, end]} "
        + "or {\"property\"}");
  }

  private static Expr bound(Object node, String at) {
    if (node instanceof String text) {
      return Literals.bound(text, Position.json(at));
    }
    if (node instanceof JsonObject object) {
      if (object.containsKey("property")) {
        return property(object, at);
      }
      if (object.containsKey("timestamp") || object.containsKey("date")) {
        return instant(object, at);
      }
    }
    throw error(at, "an interval bound is a date or date-time string, '..', {\"timestamp\"}, {\"date\"} or "
        + "{\"property\"}");
  }

  // --- geometries: GeoJSON geometry objects and {"bbox": [...]}

  private Expr geometry(Object node, String at) {
    if (!(node instanceof JsonObject object)) {
      throw error(at, "expected a geometry: {\"property\"}, a GeoJSON geometry or {\"bbox\": [...]}");
    }
    if (object.containsKey("property")) {
      return property(object, at);
    }
    Position pos = Position.json(at);
    if (object.getValue("bbox") instanceof JsonArray box) {
      double[] v = new double[box.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = number(box.getValue(i), at + "/bbox/" + i);
      }
      return new Expr.GeometryLiteral(Literals.bbox(v, latLon, pos), pos);
    }
    return new Expr.GeometryLiteral(geoJson(object, at), pos);
  }

  private Geometry geoJson(JsonObject object, String at) {
    Object type = object.getValue("type");
    if ("GeometryCollection".equals(type)) {
      JsonArray members = array(object.getValue("geometries"), at + "/geometries");
      Geometry[] geometries = new Geometry[members.size()];
      for (int i = 0; i < geometries.length; i++) {
        if (!(members.getValue(i) instanceof JsonObject member)) {
          throw error(at + "/geometries/" + i, "expected a GeoJSON geometry");
        }
        geometries[i] = geoJson(member, at + "/geometries/" + i);
      }
      return Geometries.FACTORY.createGeometryCollection(geometries);
    }
    String c = at + "/coordinates";
    Object coordinates = object.getValue("coordinates");
    Position pos = Position.json(c);
    if (!(type instanceof String name)) {
      throw error(at + "/type", "a GeoJSON geometry needs a \"type\"");
    }
    return switch (name) {
      case "Point" -> Literals.point(position(coordinates, c));
      case "LineString" -> Literals.line(positions(coordinates, c), pos);
      case "Polygon" -> polygon(coordinates, c);
      case "MultiPoint" -> {
        List<Coordinate> points = positions(coordinates, c);
        yield Geometries.FACTORY.createMultiPoint(points.stream().map(p -> (Point) Literals.point(p))
            .toArray(Point[]::new));
      }
      case "MultiLineString" -> {
        JsonArray lines = array(coordinates, c);
        LineString[] out = new LineString[lines.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = (LineString) Literals.line(positions(lines.getValue(i), c + "/" + i), Position.json(c + "/" + i));
        }
        yield Geometries.FACTORY.createMultiLineString(out);
      }
      case "MultiPolygon" -> {
        JsonArray polygons = array(coordinates, c);
        Polygon[] out = new Polygon[polygons.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = polygon(polygons.getValue(i), c + "/" + i);
        }
        yield Geometries.FACTORY.createMultiPolygon(out);
      }
      default -> throw error(at + "/type", "unknown GeoJSON geometry type '" + name + "'");
    };
  }

  private Polygon polygon(Object node, String at) {
    JsonArray rings = array(node, at);
    List<List<Coordinate>> out = new ArrayList<>();
    for (int i = 0; i < rings.size(); i++) {
      out.add(positions(rings.getValue(i), at + "/" + i));
    }
    if (out.isEmpty()) {
      throw error(at, "a polygon needs an outer ring");
    }
    return Literals.polygon(out, Position.json(at));
  }

  private List<Coordinate> positions(Object node, String at) {
    JsonArray list = array(node, at);
    List<Coordinate> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(position(list.getValue(i), at + "/" + i));
    }
    return out;
  }

  private Coordinate position(Object node, String at) {
    JsonArray p = array(node, at);
    if (p.size() < 2 || p.size() > 3) {
      throw error(at, "a position has 2 (or 3) numbers");
    }
    return Literals.coordinate(number(p.getValue(0), at + "/0"), number(p.getValue(1), at + "/1"), latLon,
        Position.json(at));
  }

  private static JsonArray array(Object node, String at) {
    if (!(node instanceof JsonArray array)) {
      throw error(at, "expected an array");
    }
    return array;
  }

  private static double number(Object node, String at) {
    if (!(node instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw error(at, "expected a finite number");
    }
    return n.doubleValue();
  }
}
