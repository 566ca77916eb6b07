package org.gridscape.server.ogc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridscape.server.grid.RegionScope;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Reads the features of a {@link Layer} from the database: pages for OGC API items, single
 * features, all features meeting an envelope (vector tiles), extents and change signatures.
 * Box queries use the stored envelopes (indexed) and then test the exact geometry.
 */
public final class FeatureStore {

  private final Sql sql;

  public FeatureStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * A page in id order. Without a box, counting and paging happen in SQL; with one, the candidates
   * by envelope are tested exactly here, so {@code numberMatched} counts true intersections.
   */
  public Future<FeaturePage> page(Layer layer, RegionScope scope, Optional<BBox> bbox, Optional<TimeRange> time,
      int limit, long offset) {
    return page(layer, scope, bbox, time, limit, offset, null);
  }

  /**
   * As {@link #page(Layer, RegionScope, Optional, Optional, int, long)}; with the layer's data
   * {@code signature}, a box query bounds {@code minx} on both sides by the widest feature (as
   * {@link #meeting(Layer, Envelope, String, RegionScope)} does), so that a city's (minx, miny) index
   * scans a band of the box's width instead of everything west of it.
   */
  public Future<FeaturePage> page(Layer layer, RegionScope scope, Optional<BBox> bbox, Optional<TimeRange> time,
      int limit, long offset, String signature) {
    return page(layer, scope, bbox, time, null, null, limit, offset, signature);
  }

  /**
   * As above, with a {@code filter} (null for none) and an {@code orderBy} list of SQL sort keys (null
   * for id order; the id is always the last key, so pages are stable). Without a box and with a filter
   * that SQL decides alone, counting and paging happen in SQL; otherwise the candidates (by envelope
   * and the filter's SQL) are tested exactly here, in order, so {@code numberMatched} and every page
   * are exact whatever the offset.
   */
  public Future<FeaturePage> page(Layer layer, RegionScope scope, Optional<BBox> bbox, Optional<TimeRange> time,
      FeatureFilter filter, String orderBy, int limit, long offset, String signature) {
    Tuple timeArgs = Tuple.tuple();
    String timeWhere = timeCondition(layer, time, timeArgs) + regionCondition(layer, scope, timeArgs);
    String order = " ORDER BY " + (orderBy == null ? "" : orderBy + ", ") + layer.idColumn();
    boolean needsWidth = signature != null && layer.geometryKind().wkb()
        && (bbox.isPresent() || filter != null && filter.whereArgs().stream().anyMatch(a -> a instanceof FeatureFilter.WestOf));
    Future<Double> width = needsWidth ? widest(layer, signature) : Future.succeededFuture(null);
    return width.compose(w -> {
      String where = timeWhere + (filter == null ? "" : " AND (" + filter.where() + ")");
      Tuple whereArgs = Tuple.tuple();
      copy(timeArgs, whereArgs);
      if (filter != null) {
        for (Object arg : filter.whereArgs()) {
          // without a known width, no bound (the condition then holds for every row)
          whereArgs.addValue(arg instanceof FeatureFilter.WestOf west ? (Double) (w == null ? -1e9 : west.x() - w) : arg);
        }
      }
      String select = layer.selectColumns() + (filter == null ? "" : filter.select());
      Tuple selectArgs = Tuple.tuple();
      if (filter != null) {
        filter.selectArgs().forEach(selectArgs::addValue);
      }
      if (bbox.isEmpty() && (filter == null || filter.exact())) {
        Future<RowSet<Row>> count = sql.query("SELECT COUNT(*) AS n FROM " + layer.table() + " WHERE " + layer.where()
            + where, whereArgs);
        Tuple pageArgs = Tuple.tuple();
        copy(selectArgs, pageArgs);
        copy(whereArgs, pageArgs);
        Future<RowSet<Row>> rows = sql.query("SELECT " + select + " FROM " + layer.table() + " WHERE "
            + layer.where() + where + order + " LIMIT ? OFFSET ?", pageArgs.addInteger(limit).addLong(offset));
        return Future.all(count, rows).map(done -> new FeaturePage(features(layer, rows.result(), null, null),
            ((Number) count.result().iterator().next().getValue("n")).longValue()));
      }
      Envelope[] parts = bbox.map(BBox::envelopes).orElse(new Envelope[0]);
      String bounded = where;
      if (w != null && parts.length > 0) {
        double west = java.util.Arrays.stream(parts).mapToDouble(Envelope::getMinX).min().orElse(-180);
        whereArgs.addDouble(west - w);
        bounded = where + " AND minx >= ?";
      }
      return candidates(layer, select, selectArgs, parts, bounded, whereArgs, order).map(rows -> {
        List<Feature> matched = features(layer, rows, parts.length == 0 ? null : parts, filter);
        int from = (int) Math.min(offset, matched.size());
        int to = (int) Math.min((long) from + limit, matched.size());
        return new FeaturePage(matched.subList(from, to), matched.size());
      });
    });
  }

  private static void copy(Tuple from, Tuple to) {
    for (int i = 0; i < from.size(); i++) {
      to.addValue(from.getValue(i));
    }
  }

  /** The feature, empty when there is none with the id or it lies outside the scope. */
  public Future<Optional<Feature>> feature(Layer layer, RegionScope scope, String id) {
    Object key = id;
    if (layer.numericId()) {
      try {
        key = Long.parseLong(id);
      } catch (NumberFormatException e) {
        return Future.succeededFuture(Optional.empty());
      }
    }
    Tuple args = Tuple.of(key);
    String region = regionCondition(layer, scope, args);
    return sql.query("SELECT " + layer.selectColumns() + " FROM " + layer.table() + " WHERE " + layer.where()
        + " AND " + layer.idColumn() + " = ?" + region, args).map(rows -> {
          List<Feature> found = features(layer, rows, null);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  /**
   * The edit version of a feature of a layer whose table keeps one (grids, events): its ETag for
   * OGC API - Features Part 4. Empty when there is no such row.
   */
  public Future<Optional<Integer>> version(Layer layer, String id) {
    return sql.query("SELECT version FROM " + layer.table() + " WHERE " + layer.idColumn() + " = ?", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(((Number) rows.iterator().next().getValue(0)).intValue()));
  }

  /** Every feature whose geometry meets the envelope (which must not cross the antimeridian), in id order. */
  public Future<List<Feature>> meeting(Layer layer, Envelope envelope, RegionScope scope) {
    Envelope[] parts = {envelope};
    Tuple args = Tuple.tuple();
    String region = regionCondition(layer, scope, args);
    return candidates(layer, parts, region, args).map(rows -> features(layer, rows, parts));
  }

  /**
   * As {@link #meeting(Layer, Envelope)}, faster for small boxes over many features: with the widest
   * feature envelope of the layer (read once per data signature), {@code minx} is bounded on both
   * sides, so the (minx, miny) index scans a narrow range instead of everything west of the box.
   */
  public Future<List<Feature>> meeting(Layer layer, Envelope envelope, String signature, RegionScope scope) {
    if (!layer.geometryKind().wkb()) {
      return meeting(layer, envelope, scope);
    }
    return widest(layer, signature).compose(width -> {
      Envelope[] parts = {envelope};
      Tuple args = Tuple.tuple().addDouble(envelope.getMinX() - width);
      String where = " AND minx >= ?" + regionCondition(layer, scope, args);
      return candidates(layer, parts, where, args).map(rows -> features(layer, rows, parts));
    });
  }

  private record Width(String signature, double width) {}

  private final Map<String, Width> widths = new java.util.concurrent.ConcurrentHashMap<>();

  private Future<Double> widest(Layer layer, String signature) {
    Width known = widths.get(layer.id());
    if (known != null && known.signature().equals(signature)) {
      return Future.succeededFuture(known.width());
    }
    return sql.query("SELECT MAX(maxx - minx) AS w FROM " + layer.table() + " WHERE " + layer.where()).map(rows -> {
      Object w = rows.iterator().next().getValue("w");
      // A margin for rounding in the subtraction; an empty layer needs no bound.
      double width = w == null ? 0 : ((Number) w).doubleValue() + 1e-9;
      widths.put(layer.id(), new Width(signature, width));
      return width;
    });
  }

  /** The lon/lat extent of the layer's features in the scope, empty when it has none. */
  public Future<Optional<Envelope>> extent(Layer layer, RegionScope scope) {
    String columns = layer.geometryKind().wkb() ? "MIN(minx) AS a, MIN(miny) AS b, MAX(maxx) AS c, MAX(maxy) AS d"
        : "MIN(lon) AS a, MIN(lat) AS b, MAX(lon) AS c, MAX(lat) AS d";
    Tuple args = Tuple.tuple();
    String region = regionCondition(layer, scope, args);
    return sql.query("SELECT " + columns + " FROM " + layer.table() + " WHERE " + layer.where() + region, args)
        .map(rows -> {
      Row row = rows.iterator().next();
      if (row.getValue("a") == null) {
        return Optional.empty();
      }
      return Optional.of(new Envelope(number(row, "a"), number(row, "c"), number(row, "b"), number(row, "d")));
    });
  }

  /** A value that changes whenever the layer's data changes (see {@link Layer#signatureSql()}). */
  public Future<String> signature(Layer layer) {
    return sql.query(layer.signatureSql()).map(rows -> {
      Row row = rows.iterator().next();
      StringBuilder signature = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        Object value = row.getValue(i);
        signature.append(value instanceof OffsetDateTime time ? time.toInstant().toString() : String.valueOf(value))
            .append('|');
      }
      return signature.toString();
    });
  }

  /** The SQL condition (with leading AND) limiting rows to the scope, adding its arguments; empty for all. */
  private static String regionCondition(Layer layer, RegionScope scope, Tuple args) {
    if (scope.all()) {
      return "";
    }
    if (scope.prefixes().isEmpty()) {
      return " AND 1 = 0";
    }
    StringBuilder condition = new StringBuilder(" AND (");
    for (int i = 0; i < scope.prefixes().size(); i++) {
      condition.append(i == 0 ? "" : " OR ").append(layer.regionColumn()).append(" LIKE ? ESCAPE '\\'");
      args.addString(likePattern(scope.prefixes().get(i)));
    }
    return condition.append(')').toString();
  }

  /** The prefix as a LIKE pattern (escape character backslash) matching every code it starts. */
  private static String likePattern(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** The SQL condition (with leading AND) and its arguments for a time filter; empty when not filtering. */
  private static String timeCondition(Layer layer, Optional<TimeRange> time, Tuple args) {
    if (time.isEmpty() || layer.timeColumn() == null) {
      return "";
    }
    StringBuilder condition = new StringBuilder();
    if (time.get().from() != null) {
      condition.append(" AND ").append(layer.timeColumn()).append(" >= ?");
      args.addValue(time.get().from());
    }
    if (time.get().to() != null) {
      condition.append(" AND ").append(layer.timeColumn()).append(" <= ?");
      args.addValue(time.get().to());
    }
    return condition.toString();
  }

  private Future<RowSet<Row>> candidates(Layer layer, Envelope[] parts, String extraWhere, Tuple extraArgs) {
    return candidates(layer, layer.selectColumns(), Tuple.tuple(), parts, extraWhere, extraArgs,
        " ORDER BY " + layer.idColumn());
  }

  /** Rows whose envelope meets one of the parts (all rows when there are none), meeting the extra condition. */
  private Future<RowSet<Row>> candidates(Layer layer, String select, Tuple selectArgs, Envelope[] parts,
      String extraWhere, Tuple extraArgs, String order) {
    boolean wkb = layer.geometryKind().wkb();
    String minx = wkb ? "maxx" : "lon";
    String maxx = wkb ? "minx" : "lon";
    String miny = wkb ? "maxy" : "lat";
    String maxy = wkb ? "miny" : "lat";
    StringBuilder where = new StringBuilder(" WHERE ").append(layer.where());
    Tuple args = Tuple.tuple();
    copy(selectArgs, args);
    for (int i = 0; i < parts.length; i++) {
      where.append(i == 0 ? " AND ((" : " OR (").append(minx).append(" >= ? AND ").append(maxx).append(" <= ? AND ")
          .append(miny).append(" >= ? AND ").append(maxy).append(" <= ?)");
      args.addDouble(parts[i].getMinX()).addDouble(parts[i].getMaxX()).addDouble(parts[i].getMinY())
          .addDouble(parts[i].getMaxY());
    }
    if (parts.length > 0) {
      where.append(')');
    }
    where.append(extraWhere);
    copy(extraArgs, args);
    return sql.query("SELECT " + select + " FROM " + layer.table() + where + order, args);
  }

  /** Rows to features; with {@code parts}, only those whose exact geometry meets one of them. */
  private static List<Feature> features(Layer layer, RowSet<Row> rows, Envelope[] parts) {
    return features(layer, rows, parts, null);
  }

  /** As above, and with an inexact {@code filter} only the rows its exact test accepts. */
  private static List<Feature> features(Layer layer, RowSet<Row> rows, Envelope[] parts, FeatureFilter filter) {
    boolean test = filter != null && !filter.exact();
    List<PreparedGeometry> boxes = new ArrayList<>();
    if (parts != null) {
      for (Envelope part : parts) {
        boxes.add(PreparedGeometryFactory.prepare(Geometries.FACTORY.toGeometry(part)));
      }
    }
    List<Feature> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Geometry geometry = layer.geometryKind().wkb() ? Geometries.fromWkb(row.getBuffer("geom"))
          : Geometries.FACTORY.createPoint(new Coordinate(row.getDouble("lon"), row.getDouble("lat")));
      if (parts != null && !meets(geometry, parts, boxes) || test && !filter.test(geometry, row)) {
        continue;
      }
      Map<String, Object> properties = new LinkedHashMap<>();
      for (LayerProperty p : layer.properties()) {
        properties.put(p.name(), value(row, p));
      }
      out.add(new Feature(String.valueOf(row.getValue(layer.idColumn())), geometry, properties));
    }
    return out;
  }

  private static boolean meets(Geometry geometry, Envelope[] parts, List<PreparedGeometry> boxes) {
    Envelope own = geometry.getEnvelopeInternal();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].covers(own)) {
        return true;
      }
      if (parts[i].intersects(own) && boxes.get(i).intersects(geometry)) {
        return true;
      }
    }
    return false;
  }

  private static Object value(Row row, LayerProperty p) {
    Object raw = row.getValue(p.column());
    if (raw == null) {
      return null;
    }
    return switch (p.type()) {
      case STRING -> raw.toString();
      case INTEGER -> ((Number) raw).longValue();
      case NUMBER -> ((Number) raw).doubleValue();
      case BOOLEAN -> raw instanceof Boolean b ? b : Boolean.valueOf(raw.toString());
      case DATETIME -> row.getOffsetDateTime(p.column()).toInstant().toString();
    };
  }

  private static double number(Row row, String column) {
    return ((Number) row.getValue(column)).doubleValue();
  }
}
