package org.gridscape.server.patrol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * How much of a grid the patrols reached (docs/PATROLS.md, "Coverage"): the share of the grid's road
 * length, and of its buildings, within a distance d (default 30 m) of any track.
 *
 * <p>Per grid, in the grid's {@link GroundFrame}: the village's roads clipped to the grid polygon
 * (JTS intersection, boundary included) are cut into equal pieces of at most {@link #SAMPLE_M}; a
 * piece is covered when its midpoint lies within d of a track segment (two consecutive positions of a
 * patrol, in time order). A building is covered when its footprint lies within d of a track segment.
 * Tracks are indexed once per computation in a hash of cells (of 3 d), so each road piece looks at
 * one cell's few segments: no buffers and no unions, which on a whole district's
 * month of tracks would be slow. Buffering the track by d and intersecting it with the roads gives
 * the same share within about one piece per covered stretch (the test does exactly that).
 *
 * <p>Pure and synchronous: the caller reads the inputs and runs it off the event loop.
 */
public final class Coverage {

  public static final double DEFAULT_DISTANCE_M = 30;
  /** Longest road piece tested by its midpoint. */
  public static final double SAMPLE_M = 2;

  private static final GeometryFactory METRIC = new GeometryFactory();

  /** A patrol's positions in time order, lon/lat interleaved. */
  public record Track(String worker, double[] lonLat) {}

  /** A grid and what it holds: its polygon, the roads of its village that may cross it, its buildings (lon/lat). */
  public record GridInput(String code, Geometry polygon, List<Geometry> roads, List<Geometry> buildings) {}

  /**
   * What the tracks reached in one grid: road length and covered length (metres), buildings and
   * covered buildings, and the same covered figures by each worker's own tracks.
   */
  public record GridCoverage(String code, double roadLength, double coveredRoad, int buildings, int coveredBuildings,
      Map<String, Double> roadByWorker, Map<String, Integer> buildingsByWorker) {

    /** Covered share of the road length, 0..1; null for a grid without roads. */
    public Double roadShare() {
      return roadLength <= 0 ? null : Math.min(1.0, coveredRoad / roadLength);
    }

    /** Covered share of the buildings, 0..1; null for a grid without buildings. */
    public Double buildingShare() {
      return buildings == 0 ? null : (double) coveredBuildings / buildings;
    }
  }

  private final double distance;
  private final String[] workers;
  private final double[] segments; // x1, y1, x2, y2 in lon/lat, per segment
  private final int[] segmentWorker;
  private final int segmentCount;
  private final Map<Long, int[]> cells = new HashMap<>();
  private final double cellLon;
  private final double cellLat;
  private final double growLon;
  private final double growLat;

  private Coverage(List<Track> tracks, double distance) {
    if (!(distance > 0 && distance <= 1000)) {
      throw new IllegalArgumentException("distance: 0 < d <= 1000 m");
    }
    this.distance = distance;
    Map<String, Integer> workerIndex = new HashMap<>();
    List<String> names = new ArrayList<>();
    int count = 0;
    double latSum = 0;
    int latN = 0;
    for (Track t : tracks) {
      count += Math.max(1, t.lonLat().length / 2 - 1);
      if (t.lonLat().length >= 2) {
        latSum += t.lonLat()[1];
        latN++;
      }
    }
    double refLat = latN == 0 ? 25 : latSum / latN;
    // Each segment goes into the cells its box grown by d reaches (d in degrees with 5 % to spare for
    // the latitudes of a district around the mean); a road piece then reads the one cell it lies in.
    // Cells of 3 d: few cells per segment, few segments per cell.
    GroundFrame frame = GroundFrame.at(0, refLat);
    double[] deg = frame.degrees(distance);
    this.growLon = deg[0] * 1.05;
    this.growLat = deg[1] * 1.05;
    this.cellLon = growLon * 3;
    this.cellLat = growLat * 3;
    this.segments = new double[count * 4];
    this.segmentWorker = new int[count];
    int n = 0;
    Map<Long, int[]> building = new HashMap<>();
    Map<Long, Integer> sizes = new HashMap<>();
    for (Track t : tracks) {
      int w = workerIndex.computeIfAbsent(t.worker(), k -> {
        names.add(k);
        return names.size() - 1;
      });
      double[] p = t.lonLat();
      int points = p.length / 2;
      if (points == 0) {
        continue;
      }
      for (int i = 0; i < Math.max(1, points - 1); i++) {
        int j = Math.min(i + 1, points - 1);
        segments[n * 4] = p[i * 2];
        segments[n * 4 + 1] = p[i * 2 + 1];
        segments[n * 4 + 2] = p[j * 2];
        segments[n * 4 + 3] = p[j * 2 + 1];
        segmentWorker[n] = w;
        index(n, building, sizes);
        n++;
      }
    }
    this.segmentCount = n;
    building.forEach((key, list) -> cells.put(key, Arrays.copyOf(list, sizes.get(key))));
    this.workers = names.toArray(new String[0]);
  }

  /** Indexes the tracks for computations at distance {@code distanceM}. */
  public static Coverage of(List<Track> tracks, double distanceM) {
    return new Coverage(tracks, distanceM);
  }

  public int segments() {
    return segmentCount;
  }

  private void index(int s, Map<Long, int[]> building, Map<Long, Integer> sizes) {
    double x1 = Math.min(segments[s * 4], segments[s * 4 + 2]) - growLon;
    double x2 = Math.max(segments[s * 4], segments[s * 4 + 2]) + growLon;
    double y1 = Math.min(segments[s * 4 + 1], segments[s * 4 + 3]) - growLat;
    double y2 = Math.max(segments[s * 4 + 1], segments[s * 4 + 3]) + growLat;
    long cx1 = (long) Math.floor(x1 / cellLon);
    long cx2 = (long) Math.floor(x2 / cellLon);
    long cy1 = (long) Math.floor(y1 / cellLat);
    long cy2 = (long) Math.floor(y2 / cellLat);
    for (long cx = cx1; cx <= cx2; cx++) {
      for (long cy = cy1; cy <= cy2; cy++) {
        long key = key(cx, cy);
        int[] list = building.get(key);
        int size = sizes.getOrDefault(key, 0);
        if (list == null) {
          list = new int[4];
          building.put(key, list);
        } else if (size == list.length) {
          list = Arrays.copyOf(list, size * 2);
          building.put(key, list);
        }
        list[size] = s;
        sizes.put(key, size + 1);
      }
    }
  }

  private static long key(long cx, long cy) {
    return (cx << 32) ^ (cy & 0xffffffffL);
  }

  private int[] cell(double lon, double lat) {
    return cells.getOrDefault(key((long) Math.floor(lon / cellLon), (long) Math.floor(lat / cellLat)), EMPTY);
  }

  private static final int[] EMPTY = new int[0];

  /** The coverage of one grid by every indexed track. */
  public GridCoverage grid(GridInput input) {
    GroundFrame frame = GroundFrame.around(input.polygon());
    Geometry polygon = frame.toMetres(input.polygon());
    PreparedGeometry prepared = PreparedGeometryFactory.prepare(polygon);
    Envelope gridEnvelope = input.polygon().getEnvelopeInternal();
    double roadLength = 0;
    double covered = 0;
    double[] byWorker = new double[workers.length];
    int[] found = new int[workers.length];
    int[] seen = new int[workers.length];
    int stamp = 0;
    double d2 = distance * distance;
    for (Geometry road : input.roads()) {
      if (!road.getEnvelopeInternal().intersects(gridEnvelope)) {
        continue;
      }
      Geometry metric = frame.toMetres(road);
      if (!prepared.intersects(metric)) {
        continue;
      }
      Geometry clipped = prepared.covers(metric) ? metric : polygon.intersection(metric);
      for (int g = 0; g < clipped.getNumGeometries(); g++) {
        if (!(clipped.getGeometryN(g) instanceof LineString line)) {
          continue;
        }
        Coordinate[] cs = line.getCoordinates();
        for (int i = 1; i < cs.length; i++) {
          double dx = cs[i].x - cs[i - 1].x;
          double dy = cs[i].y - cs[i - 1].y;
          double len = Math.hypot(dx, dy);
          if (len == 0) {
            continue;
          }
          int pieces = (int) Math.ceil(len / SAMPLE_M);
          double piece = len / pieces;
          roadLength += len;
          for (int k = 0; k < pieces; k++) {
            double f = (k + 0.5) / pieces;
            double mx = cs[i - 1].x + dx * f;
            double my = cs[i - 1].y + dy * f;
            double lon = frame.lon0() + mx / frame.metresPerDegreeLon();
            double lat = frame.lat0() + my / GroundFrame.METRES_PER_DEGREE;
            stamp++;
            int nFound = 0;
            for (int s : cell(lon, lat)) {
              int w = segmentWorker[s];
              if (seen[w] == stamp) {
                continue;
              }
              if (withinDistance(frame, mx, my, s, d2)) {
                seen[w] = stamp;
                found[nFound++] = w;
              }
            }
            if (nFound > 0) {
              covered += piece;
              for (int q = 0; q < nFound; q++) {
                byWorker[found[q]] += piece;
              }
            }
          }
        }
      }
    }
    int buildings = 0;
    int coveredBuildings = 0;
    int[] buildingsByWorker = new int[workers.length];
    for (Geometry footprint : input.buildings()) {
      buildings++;
      Geometry metric = frame.toMetres(footprint);
      Coordinate[] vertices = metric.getCoordinates();
      Envelope env = footprint.getEnvelopeInternal();
      stamp++;
      int nFound = 0;
      // the cells of the footprint's envelope (footprints are much smaller than a cell)
      long cx1 = (long) Math.floor(env.getMinX() / cellLon);
      long cx2 = (long) Math.floor(env.getMaxX() / cellLon);
      long cy1 = (long) Math.floor(env.getMinY() / cellLat);
      long cy2 = (long) Math.floor(env.getMaxY() / cellLat);
      for (long cx = cx1; cx <= cx2; cx++) {
        for (long cy = cy1; cy <= cy2; cy++) {
          for (int s : cells.getOrDefault(key(cx, cy), EMPTY)) {
            int w = segmentWorker[s];
            if (seen[w] == stamp) {
              continue;
            }
            if (footprintNear(frame, metric, vertices, s, d2)) {
              seen[w] = stamp;
              found[nFound++] = w;
            }
          }
        }
      }
      if (nFound > 0) {
        coveredBuildings++;
        for (int q = 0; q < nFound; q++) {
          buildingsByWorker[found[q]]++;
        }
      }
    }
    Map<String, Double> roads = new HashMap<>();
    Map<String, Integer> houses = new HashMap<>();
    for (int w = 0; w < workers.length; w++) {
      if (byWorker[w] > 0) {
        roads.put(workers[w], byWorker[w]);
      }
      if (buildingsByWorker[w] > 0) {
        houses.put(workers[w], buildingsByWorker[w]);
      }
    }
    return new GridCoverage(input.code(), roadLength, Math.min(covered, roadLength), buildings, coveredBuildings,
        roads, houses);
  }

  /** Whether (mx, my) lies within d of segment s (both in the frame's metres): plain arithmetic, no objects. */
  private boolean withinDistance(GroundFrame frame, double mx, double my, int s, double d2) {
    double ax = frame.x(segments[s * 4]);
    double ay = frame.y(segments[s * 4 + 1]);
    double bx = frame.x(segments[s * 4 + 2]);
    double by = frame.y(segments[s * 4 + 3]);
    double dx = bx - ax;
    double dy = by - ay;
    double len2 = dx * dx + dy * dy;
    double f = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((mx - ax) * dx + (my - ay) * dy) / len2));
    double px = ax + f * dx - mx;
    double py = ay + f * dy - my;
    return px * px + py * py <= d2;
  }

  /**
   * Whether a footprint lies within d of segment s: a vertex within d decides at once; a segment whose
   * box grown by d misses the footprint's box is out; otherwise JTS measures (the segment may pass
   * an edge or cross the footprint between vertices).
   */
  private boolean footprintNear(GroundFrame frame, Geometry metric, Coordinate[] vertices, int s, double d2) {
    for (Coordinate v : vertices) {
      if (withinDistance(frame, v.x, v.y, s, d2)) {
        return true;
      }
    }
    double ax = frame.x(segments[s * 4]);
    double ay = frame.y(segments[s * 4 + 1]);
    double bx = frame.x(segments[s * 4 + 2]);
    double by = frame.y(segments[s * 4 + 3]);
    Envelope box = metric.getEnvelopeInternal();
    if (Math.max(ax, bx) + distance < box.getMinX() || Math.min(ax, bx) - distance > box.getMaxX()
        || Math.max(ay, by) + distance < box.getMinY() || Math.min(ay, by) - distance > box.getMaxY()) {
      return false;
    }
    return metric.isWithinDistance(segmentLine(frame, s), distance);
  }

  private Geometry segmentLine(GroundFrame frame, int s) {
    Coordinate a = new Coordinate(frame.x(segments[s * 4]), frame.y(segments[s * 4 + 1]));
    Coordinate b = new Coordinate(frame.x(segments[s * 4 + 2]), frame.y(segments[s * 4 + 3]));
    return a.equals2D(b) ? METRIC.createPoint(a) : METRIC.createLineString(new Coordinate[] {a, b});
  }
}
