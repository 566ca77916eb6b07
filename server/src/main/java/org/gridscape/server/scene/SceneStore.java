package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.tiles.GridTile;
import org.gridscape.scene.tiles.OverviewTile;
import org.gridscape.server.change.Change;
import org.gridscape.server.change.ChangeLog;
import org.gridscape.server.store.Database;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Geometry;

/**
 * What scene publishing reads and writes in the database: the region tree, published grids and
 * their buildings, the dirty marks (claimed before a build, released after its publish), each
 * built grid's {@link GridTile} and each village's {@link OverviewTile}.
 */
final class SceneStore {

  /** IN lists are chunked: H2 and PostgreSQL both handle this many parameters comfortably. */
  private static final int IN_CHUNK = 500;

  /** A region of the hierarchy, without its polygon (the scene does not need it). */
  record RegionInfo(String code, String name, String level, String parentCode) {}

  /** A published grid as the scene needs it; {@code geom} is read only for the grids a build draws. */
  record GridInfo(String code, String villageCode, String name, String kind, Geometry geom) {}

  /** A stored building footprint with the attributes a scene shows. */
  record BuildingInfo(String id, String gridCode, Integer floors, Double height, String use, String roof,
      Geometry geom) {}

  /**
   * A cheap summary of the dirty marks: any write that marks a grid changes it (a new row, or a row
   * replaced with a later time), so the watcher compares it between polls.
   */
  record DirtyMark(long count, String latest, long claimed) {
    boolean isEmpty() {
      return count == 0 && claimed == 0;
    }
  }

  private final Database db;

  SceneStore(Database db) {
    this.db = db;
  }

  Future<DirtyMark> dirtyMark() {
    return db.query("SELECT COUNT(*), MAX(since), (SELECT COUNT(*) FROM scene_claim) FROM scene_dirty")
        .map(rows -> {
          Row row = rows.iterator().next();
          Object latest = row.getValue(1);
          return new DirtyMark(((Number) row.getValue(0)).longValue(), latest == null ? null : latest.toString(),
              ((Number) row.getValue(2)).longValue());
        });
  }

  /**
   * Moves every dirty mark into scene_claim and returns all claimed grids (also those a failed or
   * interrupted build left). A writer that marks a grid after this commits leaves a new dirty row,
   * which the next build takes; one that committed before it is seen by this build's reads, which
   * come after.
   */
  Future<Set<String>> claimDirty() {
    return db.inTransaction(tx -> tx.query("SELECT grid_code, since FROM scene_dirty").compose(dirty -> {
      List<Tuple> marks = new ArrayList<>();
      for (Row row : dirty) {
        marks.add(Tuple.of(row.getString(0), row.getValue(1)));
      }
      return tx.query("SELECT grid_code FROM scene_claim").compose(claimed -> {
        Set<String> already = new TreeSet<>();
        claimed.forEach(row -> already.add(row.getString(0)));
        List<Tuple> inserts = new ArrayList<>();
        List<Tuple> deletes = new ArrayList<>();
        Set<String> all = new TreeSet<>(already);
        for (Tuple mark : marks) {
          String code = mark.getString(0);
          deletes.add(Tuple.of(code));
          if (all.add(code)) {
            inserts.add(Tuple.of(code, since(mark.getValue(1))));
          }
        }
        return tx.batch("INSERT INTO scene_claim (grid_code, since) VALUES (?, ?)", inserts)
            .compose(v -> tx.batch("DELETE FROM scene_dirty WHERE grid_code = ?", deletes))
            .map(v -> all);
      });
    }));
  }

  private static OffsetDateTime since(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t;
    }
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  Future<List<RegionInfo>> regions() {
    return db.query("SELECT code, name, level, parent_code FROM region ORDER BY code").map(rows -> {
      List<RegionInfo> out = new ArrayList<>();
      rows.forEach(r -> out.add(new RegionInfo(r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
      return out;
    });
  }

  /**
   * The published grids without their polygons (a build needs those of the grids it builds only:
   * {@link #withPolygons}), so an edit does not read a city's grids.
   */
  Future<List<GridInfo>> publishedGrids() {
    return db.query("SELECT code, village_code, name, kind FROM grid WHERE status = 'published' ORDER BY code")
        .map(rows -> {
          List<GridInfo> out = new ArrayList<>();
          rows.forEach(r -> out.add(new GridInfo(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
              null)));
          return out;
        });
  }

  /** The grids with their polygons read. */
  Future<List<GridInfo>> withPolygons(List<GridInfo> grids) {
    Map<String, Geometry> polygons = new HashMap<>();
    List<String> codes = grids.stream().map(GridInfo::code).toList();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < codes.size(); from += IN_CHUNK) {
      List<String> chunk = codes.subList(from, Math.min(codes.size(), from + IN_CHUNK));
      chain = chain.compose(v -> db.query("SELECT code, geom FROM grid WHERE code IN ("
          + "?, ".repeat(chunk.size() - 1) + "?)", Tuple.from(new ArrayList<Object>(chunk))).map(rows -> {
            rows.forEach(r -> polygons.put(r.getString(0), Geometries.fromWkb(r.getBuffer(1))));
            return null;
          }));
    }
    return chain.map(v -> grids.stream().map(g -> new GridInfo(g.code(), g.villageCode(), g.name(), g.kind(),
        polygons.get(g.code()))).toList());
  }

  /** Buildings of the given grids. */
  Future<List<BuildingInfo>> buildings(Collection<String> gridCodes) {
    String columns = "SELECT b.id, b.grid_code, b.floors, b.height, b.use_kind, b.geom, b.roof FROM building b ";
    List<String> codes = new ArrayList<>(new TreeSet<>(gridCodes));
    List<BuildingInfo> out = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < codes.size(); from += IN_CHUNK) {
      List<String> chunk = codes.subList(from, Math.min(codes.size(), from + IN_CHUNK));
      chain = chain.compose(v -> db.query(columns + "WHERE b.grid_code IN (" + "?, ".repeat(chunk.size() - 1) + "?)",
          Tuple.from(new ArrayList<Object>(chunk))).map(rows -> {
            rows.forEach(r -> out.add(toBuilding(r)));
            return null;
          }));
    }
    return chain.map(v -> out);
  }

  private static BuildingInfo toBuilding(Row r) {
    Object floors = r.getValue(2);
    Object height = r.getValue(3);
    Buffer wkb = r.getBuffer(5);
    return new BuildingInfo(r.getString(0), r.getString(1), floors == null ? null : ((Number) floors).intValue(),
        height == null ? null : ((Number) height).doubleValue(), r.getString(4), r.getString(6),
        Geometries.fromWkb(wkb));
  }

  Future<Map<String, GridTile>> storedTiles() {
    return db.query("SELECT grid_code, content_path, west, south, east, north, min_height, max_height, origin_lon, "
        + "origin_lat FROM scene_tile").map(rows -> {
          Map<String, GridTile> out = new HashMap<>();
          for (Row r : rows) {
            BoundingRegion region = new BoundingRegion(r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                r.getDouble(6), r.getDouble(7));
            out.put(r.getString(0), new GridTile(r.getString(0), r.getString(1), region, r.getDouble(8),
                r.getDouble(9)));
          }
          return out;
        });
  }

  Future<Map<String, OverviewTile>> storedOverviews() {
    return db.query("SELECT region_code, content_path, west, south, east, north, min_height, max_height "
        + "FROM scene_overview").map(rows -> {
          Map<String, OverviewTile> out = new HashMap<>();
          for (Row r : rows) {
            BoundingRegion region = new BoundingRegion(r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                r.getDouble(6), r.getDouble(7));
            out.put(r.getString(0), new OverviewTile(r.getString(0), r.getString(1), region));
          }
          return out;
        });
  }

  /** A built overview to record: its tile and figures. */
  record BuiltOverviewTile(OverviewTile tile, int blocks, int glbBytes) {}

  /** A built grid to record: its tile and figures. */
  record BuiltTile(GridTile tile, int buildings, int glbBytes) {}

  /**
   * After a publish: records the rebuilt grids' tiles, forgets grids that left the scene and
   * releases the claims the publish covered, in one transaction, which also tells the change feed
   * which grids tree number {@code tree} changed.
   */
  Future<Void> recordPublish(long tree, Collection<BuiltTile> built, Collection<String> removed, Collection<String> released,
      Collection<BuiltOverviewTile> overviews, Collection<String> removedOverviews) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Tuple> regions = new ArrayList<>();
    List<Tuple> overviewRows = new ArrayList<>();
    for (BuiltOverviewTile o : overviews) {
      BoundingRegion r = o.tile().region();
      regions.add(Tuple.of(o.tile().regionCode()));
      overviewRows.add(Tuple.of(o.tile().regionCode(), o.tile().contentPath(), r.west(), r.south(), r.east(), r.north(),
          r.minHeight(), r.maxHeight()).addInteger(o.blocks()).addInteger(o.glbBytes()).addValue(now));
    }
    removedOverviews.forEach(code -> regions.add(Tuple.of(code)));
    List<Tuple> codes = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    for (BuiltTile b : built) {
      GridTile t = b.tile();
      BoundingRegion r = t.region();
      codes.add(Tuple.of(t.gridCode()));
      rows.add(Tuple.of(t.gridCode(), t.contentPath(), r.west(), r.south(), r.east(), r.north(), r.minHeight(),
          r.maxHeight()).addValue(t.originLonDeg()).addValue(t.originLatDeg()).addInteger(b.buildings())
          .addInteger(b.glbBytes()).addValue(now));
    }
    removed.forEach(code -> codes.add(Tuple.of(code)));
    List<Change> changes = new ArrayList<>();
    codes.forEach(code -> changes.add(Change.scene(code.getString(0), tree)));
    List<Tuple> claims = new ArrayList<>();
    released.forEach(code -> claims.add(Tuple.of(code)));
    return db.inTransaction(tx -> batched(tx, "DELETE FROM scene_tile WHERE grid_code = ?", codes)
        .compose(v -> batched(tx, "INSERT INTO scene_tile (grid_code, content_path, west, south, east, north, "
            + "min_height, max_height, origin_lon, origin_lat, buildings, glb_bytes, built_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows))
        .compose(v -> batched(tx, "DELETE FROM scene_claim WHERE grid_code = ?", claims))
        .compose(v -> batched(tx, "DELETE FROM scene_overview WHERE region_code = ?", regions))
        .compose(v -> batched(tx, "INSERT INTO scene_overview (region_code, content_path, west, south, east, north, "
            + "min_height, max_height, blocks, glb_bytes, built_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            overviewRows))
        .compose(v -> ChangeLog.append(tx, changes)));
  }

  private static Future<Void> batched(Sql sql, String statement, List<Tuple> rows) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += IN_CHUNK) {
      List<Tuple> chunk = rows.subList(from, Math.min(rows.size(), from + IN_CHUNK));
      chain = chain.compose(v -> sql.batch(statement, chunk));
    }
    return chain;
  }
}
