package org.gridscape.server.sample;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gridscape.server.patrol.GroundFrame;
import org.gridscape.server.sample.DistrictLayout.Road;
import org.gridscape.server.sample.GridPlan.Grid;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * A month of grid workers' patrols (patrols.csv, docs/DATA-FORMATS.md) up to the reference date: each
 * community worker walks their grid twice, each comprehensive, police and part-time worker once in one
 * of their grids, along the roads of the grid at walking speed (1.1-1.4 m/s) with a position every
 * 60 s (and one at the end) and GPS noise of a few metres. Most grids are covered all over; about one
 * grid in twenty-five is neglected (all its walks keep to the same 8-25 % of its route), so the
 * figures show a few far below the rest. Its own random stream, so the other files do not change
 * with it.
 */
final class SamplePatrols {

  /** One grid worker who patrols (cadres do not), the grids assigned and the Party member they are, or null. */
  record PatrolWorker(String id, String type, int[] grids, Population.Member member) {}

  static final LocalDateTime PERIOD_END = Governance.REFERENCE;
  static final int DAYS = 30;
  private static final ZoneOffset CST = ZoneOffset.ofHours(8);
  private static final double STEP_S = 60;
  private static final double NEGLECTED_SHARE = 0.04;

  private final DistrictLayout layout;
  private final GridPlan plan;
  private final Replica rep;
  private final SplittableRandom rng;
  private final Coordinate[][] routes;
  private final GroundFrame[] frames;
  private final boolean[] neglected;
  /** For a neglected grid: where along its route the stretch its walks keep to starts, and its share. */
  private final double[] stretchFrom;
  private final double[] stretchShare;
  long patrols;
  long points;

  SamplePatrols(DistrictLayout layout, GridPlan plan, Replica rep, long seed) {
    this.layout = layout;
    this.plan = plan;
    this.rep = rep;
    this.rng = new SplittableRandom(seed * 7_919L + 104_729L * (rep.index() + 1));
    this.routes = new Coordinate[plan.grids.size()][];
    this.frames = new GroundFrame[plan.grids.size()];
    this.neglected = new boolean[plan.grids.size()];
    this.stretchFrom = new double[plan.grids.size()];
    this.stretchShare = new double[plan.grids.size()];
    for (int g = 0; g < neglected.length; g++) {
      neglected[g] = rng.nextDouble() < NEGLECTED_SHARE;
      stretchShare[g] = 0.08 + 0.17 * rng.nextDouble();
      stretchFrom[g] = rng.nextDouble() * (1 - stretchShare[g]);
    }
  }

  /** Writes the patrols of these workers. */
  void write(List<PatrolWorker> workers, CsvOut out) {
    for (PatrolWorker w : workers) {
      int walks = "community".equals(w.type()) ? 2 : 1;
      for (int n = 0; n < walks; n++) {
        int g = w.grids()[(n + rng.nextInt(w.grids().length)) % w.grids().length];
        walk(w.id(), n + 1, g, out);
      }
    }
  }

  private void walk(String worker, int n, int g, CsvOut out) {
    Coordinate[] route = route(g);
    if (route.length < 2) {
      return;
    }
    // neglected grids: every walk keeps to the same stretch of 25-55 % of the route
    double length = length(route);
    double from = 0;
    double to = length;
    if (neglected[g]) {
      from = length * stretchFrom[g];
      to = from + length * stretchShare[g];
    }
    boolean reverse = rng.nextBoolean();
    double speed = 1.1 + 0.3 * rng.nextDouble();
    int day = rng.nextInt(DAYS);
    int startMinute = 8 * 60 + rng.nextInt(9 * 60);
    LocalDateTime start = PERIOD_END.minusDays(DAYS - day).plusMinutes(startMinute).plusSeconds(rng.nextInt(60));
    GroundFrame frame = frames[g];
    StringBuilder track = new StringBuilder();
    double accuracy = 4 + rng.nextInt(9);
    int count = 0;
    double seconds = 0;
    double span = to - from;
    double step = speed * STEP_S;
    // a position every 30 s, and one where the walk ends
    int steps = (int) Math.floor(span / step) + (span % step > 1 ? 2 : 1);
    for (int k = 0; k < steps; k++) {
      double s = Math.min(span, k * step);
      double at = reverse ? to - s : from + s;
      Coordinate c = along(route, at);
      double x = c.x + rng.nextGaussian() * accuracy / 2;
      double y = c.y + rng.nextGaussian() * accuracy / 2;
      double lon = frame.lon0() + x / frame.metresPerDegreeLon() + rep.dxUnits() / 1e7;
      double lat = frame.lat0() + y / GroundFrame.METRES_PER_DEGREE + rep.dyUnits() / 1e7;
      if (count > 0) {
        track.append(' ');
      }
      seconds = Math.round(s / speed);
      track.append((long) seconds).append(',').append(String.format(Locale.ROOT, "%.6f,%.6f", lon, lat)).append(',')
          .append((int) accuracy);
      count++;
      accuracy = Math.max(3, Math.min(15, accuracy + rng.nextInt(3) - 1));
    }
    Grid grid = plan.grids.get(g);
    String id = "P" + Digits.pad(rep.index(), 2) + "-" + worker + "-" + n;
    out.row(id, worker, rep.grid(grid.code), start.atOffset(CST).toString(),
        start.plusSeconds((long) seconds + 60).atOffset(CST).toString(), track.toString());
    patrols++;
    points += count;
  }

  /**
   * The grid's walking route in its frame (metres): the village's roads clipped to the grid, each
   * walked end to end, taken nearest first from where the last ended (crossing between them in a
   * straight line); the grid's outline 15 m inside when it has no roads.
   */
  private Coordinate[] route(int g) {
    if (routes[g] != null) {
      return routes[g];
    }
    Grid grid = plan.grids.get(g);
    GroundFrame frame = GroundFrame.around(grid.polygon);
    frames[g] = frame;
    Geometry polygon = frame.toMetres(grid.polygon);
    List<Coordinate[]> pieces = new ArrayList<>();
    for (Road road : layout.villages.get(grid.village).roads) {
      if (!road.line().getEnvelopeInternal().intersects(grid.polygon.getEnvelopeInternal())) {
        continue;
      }
      Geometry clipped = polygon.intersection(frame.toMetres(road.line()));
      for (int i = 0; i < clipped.getNumGeometries(); i++) {
        if (clipped.getGeometryN(i) instanceof LineString line && line.getLength() > 1) {
          pieces.add(line.getCoordinates());
        }
      }
    }
    List<Coordinate> route = new ArrayList<>();
    if (pieces.isEmpty()) {
      Geometry inner = polygon.buffer(-15);
      Geometry ring = (inner.isEmpty() ? polygon : inner).getBoundary();
      for (Coordinate c : ring.getCoordinates()) {
        route.add(c);
      }
    } else {
      boolean[] done = new boolean[pieces.size()];
      Coordinate at = pieces.get(0)[0];
      for (int k = 0; k < pieces.size(); k++) {
        int best = -1;
        boolean flip = false;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < pieces.size(); i++) {
          if (done[i]) {
            continue;
          }
          Coordinate[] p = pieces.get(i);
          double a = at.distance(p[0]);
          double b = at.distance(p[p.length - 1]);
          if (Math.min(a, b) < bestD) {
            bestD = Math.min(a, b);
            best = i;
            flip = b < a;
          }
        }
        done[best] = true;
        Coordinate[] p = pieces.get(best);
        for (int j = 0; j < p.length; j++) {
          route.add(p[flip ? p.length - 1 - j : j]);
        }
        at = route.get(route.size() - 1);
      }
    }
    routes[g] = route.toArray(new Coordinate[0]);
    return routes[g];
  }

  private static double length(Coordinate[] route) {
    double sum = 0;
    for (int i = 1; i < route.length; i++) {
      sum += route[i - 1].distance(route[i]);
    }
    return sum;
  }

  /** The point {@code at} metres along the route. */
  private static Coordinate along(Coordinate[] route, double at) {
    double left = Math.max(0, at);
    for (int i = 1; i < route.length; i++) {
      double d = route[i - 1].distance(route[i]);
      if (left <= d && d > 0) {
        double f = left / d;
        return new Coordinate(route[i - 1].x + (route[i].x - route[i - 1].x) * f,
            route[i - 1].y + (route[i].y - route[i - 1].y) * f);
      }
      left -= d;
    }
    return route[route.length - 1];
  }
}
