package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The overlay layers of a grid as GeoJSON for the viewer: Party member to linked household lines,
 * and points for the grid Party branch, the centres of the village plan and the buildings with
 * needy households. Buildings and organisations only: no member, resident or household ids, no
 * names, no categories of need.
 */
public final class LayerGeoJson {

  /** Kinds of points, in the {@code kind} parameter. */
  public enum PointKind {
    PARTY_BRANCH, NEIGHBOURHOOD_CENTRE, PARTY_SERVICE_CENTRE, ASSISTANCE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Comma-separated ids; null or blank means all kinds. */
    public static Set<PointKind> parse(String value) {
      if (value == null || value.isBlank()) {
        return EnumSet.allOf(PointKind.class);
      }
      Set<PointKind> kinds = EnumSet.noneOf(PointKind.class);
      for (String part : value.split(",")) {
        try {
          kinds.add(valueOf(part.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown point kind '" + part.strip() + "'; use "
              + EnumSet.allOf(PointKind.class).stream().map(PointKind::id).toList(), e);
        }
      }
      return kinds;
    }
  }

  private static final int IDS_PER_QUERY = 500;

  private final Sql sql;

  public LayerGeoJson(Sql sql) {
    this.sql = sql;
  }

  /**
   * One LineString per pair (member's building, linked household's building) for the households of
   * the grid, with how many links and members it stands for. Links within one building have no
   * length and are only counted ({@code sameBuildingLinks}). Empty when the grid does not exist.
   */
  public Future<Optional<Map<String, Object>>> partyLinks(String gridCode) {
    return gridShape(gridCode).compose(grid -> {
      if (grid.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      return sql.query("SELECT mh.building_id, h.building_id, COUNT(*), COUNT(DISTINCT l.member_id)"
          + " FROM party_link l JOIN household h ON h.id = l.household_id JOIN building hb ON hb.id = h.building_id"
          + " JOIN party_member m ON m.id = l.member_id JOIN resident r ON r.id = m.resident_id"
          + " JOIN household mh ON mh.id = r.household_id"
          + " WHERE hb.grid_code = ? GROUP BY mh.building_id, h.building_id", Tuple.of(gridCode)).compose(rows -> {
            List<String[]> pairs = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            Set<String> buildings = new java.util.HashSet<>();
            int sameBuilding = 0;
            for (Row row : rows) {
              int links = ((Number) row.getValue(2)).intValue();
              if (row.getString(0).equals(row.getString(1))) {
                sameBuilding += links;
                continue;
              }
              pairs.add(new String[] {row.getString(0), row.getString(1)});
              counts.add(new int[] {links, ((Number) row.getValue(3)).intValue()});
              buildings.add(row.getString(0));
              buildings.add(row.getString(1));
            }
            int same = sameBuilding;
            return centroids(new ArrayList<>(buildings)).map(centres -> {
              List<Object> features = new ArrayList<>();
              for (int i = 0; i < pairs.size(); i++) {
                Coordinate from = centres.get(pairs.get(i)[0]);
                Coordinate to = centres.get(pairs.get(i)[1]);
                if (from == null || to == null) {
                  continue;
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("kind", "party_link");
                p.put("fromBuilding", pairs.get(i)[0]);
                p.put("toBuilding", pairs.get(i)[1]);
                p.put("links", counts.get(i)[0]);
                p.put("members", counts.get(i)[1]);
                features.add(feature(Map.of("type", "LineString", "coordinates", List.of(position(from), position(to))), p));
              }
              Map<String, Object> collection = collection(features);
              collection.put("gridCode", gridCode);
              collection.put("sameBuildingLinks", same);
              return Optional.of(collection);
            });
          });
    });
  }

  /** Points of the grid of the given kinds; empty when the grid does not exist. */
  public Future<Optional<Map<String, Object>>> points(String gridCode, Set<PointKind> kinds) {
    return gridShape(gridCode).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      GridShape grid = found.get();
      List<Object> features = new ArrayList<>();
      return sql.query("SELECT kind, name, lon, lat FROM plan_point WHERE village_code = ? ORDER BY id",
          Tuple.of(grid.villageCode())).compose(rows -> {
            Coordinate serviceCentre = null;
            for (Row row : rows) {
              Coordinate c = new Coordinate(((Number) row.getValue(2)).doubleValue(), ((Number) row.getValue(3)).doubleValue());
              if (!grid.shape().covers(grid.shape().getGeometry().getFactory().createPoint(c))) {
                continue;
              }
              String kind = row.getString(0) == null ? "" : row.getString(0);
              if (kind.equals("party_service_centre") && serviceCentre == null) {
                serviceCentre = c;
              }
              boolean wanted = kind.equals("neighbourhood_centre") ? kinds.contains(PointKind.NEIGHBOURHOOD_CENTRE)
                  : kind.equals("party_service_centre") && kinds.contains(PointKind.PARTY_SERVICE_CENTRE);
              if (wanted) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("kind", kind);
                p.put("name", row.getString(1));
                features.add(feature(point(c), p));
              }
            }
            Coordinate branchAt = serviceCentre != null ? serviceCentre : grid.interior();
            return kinds.contains(PointKind.PARTY_BRANCH) ? branches(gridCode, branchAt, features)
                : Future.succeededFuture();
          }).compose(v -> kinds.contains(PointKind.ASSISTANCE) ? assistance(gridCode, features)
              : Future.succeededFuture())
          .map(v -> {
            Map<String, Object> collection = collection(features);
            collection.put("gridCode", gridCode);
            return Optional.of(collection);
          });
    });
  }

  private Future<Void> branches(String gridCode, Coordinate at, List<Object> features) {
    return sql.query("SELECT o.id, o.name, o.formation,"
        + " (SELECT COUNT(*) FROM party_member m WHERE m.org_id = o.id"
        + " OR m.org_id IN (SELECT g.id FROM party_org g WHERE g.parent_id = o.id))"
        + " FROM party_org o WHERE o.kind = 'grid_branch' AND o.region_code = ? ORDER BY o.id", Tuple.of(gridCode))
        .map(rows -> {
          for (Row row : rows) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", PointKind.PARTY_BRANCH.id());
            p.put("orgId", row.getString(0));
            p.put("name", row.getString(1));
            p.put("formation", row.getString(2));
            p.put("members", ((Number) row.getValue(3)).intValue());
            features.add(feature(point(at), p));
          }
          return null;
        });
  }

  private Future<Void> assistance(String gridCode, List<Object> features) {
    return sql.query("SELECT h.building_id, COUNT(DISTINCT h.id) FROM assistance_case a"
        + " JOIN household h ON h.id = a.household_id JOIN building b ON b.id = h.building_id"
        + " WHERE b.grid_code = ? AND a.status = 'active' GROUP BY h.building_id", Tuple.of(gridCode))
        .compose(rows -> {
          Map<String, Integer> households = new TreeMap<>();
          for (Row row : rows) {
            households.put(row.getString(0), ((Number) row.getValue(1)).intValue());
          }
          return centroids(new ArrayList<>(households.keySet())).map(centres -> {
            households.forEach((building, n) -> {
              Coordinate c = centres.get(building);
              if (c != null) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("kind", PointKind.ASSISTANCE.id());
                p.put("buildingId", building);
                p.put("households", n);
                features.add(feature(point(c), p));
              }
            });
            return null;
          });
        });
  }

  // ---------------------------------------------------------------- geometry

  private record GridShape(String villageCode, PreparedGeometry shape, Coordinate interior) {}

  private Future<Optional<GridShape>> gridShape(String gridCode) {
    return sql.query("SELECT village_code, geom FROM grid WHERE code = ?", Tuple.of(gridCode)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      Geometry g = wkb(row.getValue(1));
      return Optional.of(new GridShape(row.getString(0), PreparedGeometryFactory.prepare(g),
          g.getInteriorPoint().getCoordinate()));
    });
  }

  private Future<Map<String, Coordinate>> centroids(List<String> ids) {
    Map<String, Coordinate> out = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      chain = chain.compose(v -> sql.query("SELECT id, geom FROM building WHERE id IN ("
          + "?, ".repeat(chunk.size() - 1) + "?)", Tuple.from(new ArrayList<Object>(chunk))).map(rows -> {
            for (Row row : rows) {
              Point c = wkb(row.getValue(1)).getCentroid();
              out.put(row.getString(0), c.getCoordinate());
            }
            return null;
          }));
    }
    return chain.map(v -> out);
  }

  static Geometry wkb(Object value) {
    byte[] bytes = value instanceof Buffer b ? b.getBytes() : (byte[]) value;
    try {
      return new WKBReader().read(bytes);
    } catch (ParseException e) {
      throw new IllegalStateException("stored geometry is not WKB", e);
    }
  }

  private static List<Double> position(Coordinate c) {
    return List.of(round(c.x), round(c.y));
  }

  /** Seven decimals: about 1 cm, the precision the geometry is stored with. */
  private static double round(double v) {
    return Math.round(v * 1e7) / 1e7;
  }

  private static Map<String, Object> point(Coordinate c) {
    return Map.of("type", "Point", "coordinates", position(c));
  }

  private static Map<String, Object> feature(Map<String, Object> geometry, Map<String, Object> properties) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Feature");
    f.put("geometry", geometry);
    f.put("properties", properties);
    return f;
  }

  private static Map<String, Object> collection(List<Object> features) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "FeatureCollection");
    c.put("features", features);
    return c;
  }
}
