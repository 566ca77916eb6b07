package org.gridscape.server.patrol;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.store.Geometries;
import org.gridscape.server.store.Sql;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The grids a worker patrols, grown by the tolerance, to flag positions outside them: the published
 * grids the worker's scopes cover and those the worker table assigns to the worker's id. Everywhere
 * (nothing flagged) for a worker without scopes and assignments, such as an administrator.
 */
final class OwnGrids {

  private static final GeometryFactory METRIC = new GeometryFactory();

  private final GroundFrame frame;
  private final List<PreparedGeometry> zones;
  private final List<Envelope> envelopes;

  private OwnGrids(GroundFrame frame, List<PreparedGeometry> zones, List<Envelope> envelopes, List<String> codes) {
    this.frame = frame;
    this.zones = zones;
    this.envelopes = envelopes;
  }

  /** No limit: nothing is outside. */
  static final OwnGrids EVERYWHERE = new OwnGrids(null, List.of(), List.of(), List.of());

  /**
   * Reads the grids of these scope prefixes and worker assignments.
   *
   * @param prefixes significant code prefixes of the worker's scopes; empty with no worker id: everywhere
   */
  static Future<OwnGrids> load(Sql sql, List<String> prefixes, String workerId, double toleranceM) {
    StringBuilder where = new StringBuilder();
    Tuple args = Tuple.tuple();
    for (String prefix : prefixes) {
      where.append(where.length() == 0 ? "" : " OR ").append("LEFT(code, ?) = ?");
      args.addInteger(prefix.length()).addValue(prefix);
    }
    if (workerId != null) {
      where.append(where.length() == 0 ? "" : " OR ")
          .append("code IN (SELECT grid_code FROM worker_grid WHERE worker_id = ?)");
      args.addValue(workerId);
    }
    if (where.length() == 0) {
      return Future.succeededFuture(EVERYWHERE);
    }
    return sql.query("SELECT code, geom FROM grid WHERE status = 'published' AND (" + where + ")", args).map(rows -> {
      List<Geometry> grids = new ArrayList<>();
      for (Row r : rows) {
        grids.add(Geometries.fromWkb(r.getBuffer(1)));
      }
      // without scopes, no assignment means no limit; scopes that hold no published grid: all outside
      return grids.isEmpty() && prefixes.isEmpty() ? EVERYWHERE : of(grids, toleranceM);
    });
  }

  /** The given grids (lon/lat polygons), grown by the tolerance; none: every position is outside. */
  static OwnGrids of(List<Geometry> grids, double toleranceM) {
    if (grids.isEmpty()) {
      return new OwnGrids(GroundFrame.at(0, 0), List.of(), List.of(), List.of());
    }
    Envelope all = new Envelope();
    grids.forEach(g -> all.expandToInclude(g.getEnvelopeInternal()));
    GroundFrame frame = GroundFrame.at(all.centre().x, all.centre().y);
    List<PreparedGeometry> zones = new ArrayList<>();
    List<Envelope> envelopes = new ArrayList<>();
    for (Geometry g : grids) {
      Geometry zone = frame.toMetres(g).buffer(toleranceM, 4);
      zones.add(PreparedGeometryFactory.prepare(zone));
      envelopes.add(zone.getEnvelopeInternal());
    }
    return new OwnGrids(frame, zones, envelopes, List.of());
  }

  /** Whether a position lies farther than the tolerance from every grid of the worker. */
  boolean outside(double lon, double lat) {
    if (frame == null) {
      return false;
    }
    double x = frame.x(lon);
    double y = frame.y(lat);
    var point = METRIC.createPoint(new Coordinate(x, y));
    for (int i = 0; i < zones.size(); i++) {
      if (envelopes.get(i).contains(x, y) && zones.get(i).covers(point)) {
        return false;
      }
    }
    return true;
  }

}
