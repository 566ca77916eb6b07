package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Which parts of a segment lie within a distance of a set of lines (road centre lines, a village's
 * outline), exactly and without overlays. The points of a segment within distance r of another
 * segment form one interval of the first segment's parameter (the other segment's r-capsule is
 * convex); it is the union of the intervals inside the two end circles and inside the strip along
 * the segment, each found in closed form. Buffering the lines and intersecting the segments with the
 * buffer gave the same lengths (up to the buffer's polygonal arcs) at many times the cost, which
 * mattered for validating a grid set on every vertex drag. Immutable and thread-safe once built.
 */
final class NearLines {

  private final STRtree index = new STRtree();
  private final double distance;
  private final boolean empty;

  /** @param lines lines, or polygons whose rings count as lines, in local metres */
  NearLines(List<Geometry> lines, double distance) {
    if (!(distance > 0)) {
      throw new IllegalArgumentException("distance must be > 0");
    }
    this.distance = distance;
    int n = 0;
    for (Geometry g : lines) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        n += add(g.getGeometryN(i));
      }
    }
    empty = n == 0;
    index.build();
  }

  private int add(Geometry part) {
    if (part instanceof Polygon p) {
      int n = add(p.getExteriorRing());
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        n += add(p.getInteriorRingN(i));
      }
      return n;
    }
    if (!(part instanceof LineString line)) {
      return 0;
    }
    int n = 0;
    for (int i = 1; i < line.getNumPoints(); i++) {
      LineSegment s = new LineSegment(line.getCoordinateN(i - 1), line.getCoordinateN(i));
      index.insert(new Envelope(s.p0, s.p1), s);
      n++;
    }
    return n;
  }

  boolean isEmpty() {
    return empty;
  }

  /** The parts of a->b within the distance, as sorted, disjoint intervals [t0, t1] of 0..1 along it. */
  List<double[]> within(Coordinate a, Coordinate b) {
    if (empty) {
      return List.of();
    }
    Envelope around = new Envelope(a, b);
    around.expandBy(distance);
    List<double[]> found = new ArrayList<>();
    for (Object o : index.query(around)) {
      LineSegment s = (LineSegment) o;
      double[] interval = capsule(a, b, s.p0, s.p1, distance);
      if (interval != null) {
        found.add(interval);
      }
    }
    return merged(found);
  }

  /** The interval of a->b within r of segment c-d, clipped to 0..1; null when there is none. */
  static double[] capsule(Coordinate a, Coordinate b, Coordinate c, Coordinate d, double r) {
    double ux = b.x - a.x;
    double uy = b.y - a.y;
    double uu = ux * ux + uy * uy;
    if (uu == 0) {
      return null;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double[] end = circle(a, ux, uy, uu, c, r);
    if (end != null) {
      lo = end[0];
      hi = end[1];
    }
    end = circle(a, ux, uy, uu, d, r);
    if (end != null) {
      lo = Math.min(lo, end[0]);
      hi = Math.max(hi, end[1]);
    }
    double vx = d.x - c.x;
    double vy = d.y - c.y;
    double vv = vx * vx + vy * vy;
    if (vv > 0) {
      double len = Math.sqrt(vv);
      double wx = a.x - c.x;
      double wy = a.y - c.y;
      // the projection onto c-d stays within it: 0 <= s0 + t s1 <= 1 ...
      double[] along = linear((wx * vx + wy * vy) / vv, (ux * vx + uy * vy) / vv, 0, 1);
      // ... and the distance from its line is at most r: -r <= h0 + t h1 <= r
      double[] across = along == null ? null : linear((vx * wy - vy * wx) / len, (vx * uy - vy * ux) / len, -r, r);
      if (across != null) {
        double from = Math.max(along[0], across[0]);
        double to = Math.min(along[1], across[1]);
        if (from <= to) {
          lo = Math.min(lo, from);
          hi = Math.max(hi, to);
        }
      }
    }
    lo = Math.max(lo, 0);
    hi = Math.min(hi, 1);
    return lo < hi ? new double[] {lo, hi} : null;
  }

  /** The t with |a + t u - centre| <= r. */
  private static double[] circle(Coordinate a, double ux, double uy, double uu, Coordinate centre, double r) {
    double wx = a.x - centre.x;
    double wy = a.y - centre.y;
    double half = ux * wx + uy * wy;
    double disc = half * half - uu * (wx * wx + wy * wy - r * r);
    if (disc < 0) {
      return null;
    }
    double root = Math.sqrt(disc);
    return new double[] {(-half - root) / uu, (-half + root) / uu};
  }

  /** The t with lo <= p0 + t p1 <= hi (all t: the whole line; none: null). */
  private static double[] linear(double p0, double p1, double lo, double hi) {
    if (p1 == 0) {
      return p0 >= lo && p0 <= hi ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY} : null;
    }
    double t0 = (lo - p0) / p1;
    double t1 = (hi - p0) / p1;
    return new double[] {Math.min(t0, t1), Math.max(t0, t1)};
  }

  /** Sorted, overlapping intervals joined. */
  static List<double[]> merged(List<double[]> intervals) {
    if (intervals.size() < 2) {
      return intervals;
    }
    intervals.sort(Comparator.comparingDouble(i -> i[0]));
    List<double[]> out = new ArrayList<>();
    double[] current = intervals.get(0).clone();
    for (double[] next : intervals.subList(1, intervals.size())) {
      if (next[0] <= current[1]) {
        current[1] = Math.max(current[1], next[1]);
      } else {
        out.add(current);
        current = next.clone();
      }
    }
    out.add(current);
    return out;
  }

  /** The parts of [from, to] outside the sorted, disjoint intervals. */
  static List<double[]> outside(List<double[]> intervals, double from, double to) {
    List<double[]> out = new ArrayList<>();
    double at = from;
    for (double[] i : intervals) {
      if (i[1] <= at) {
        continue;
      }
      if (i[0] >= to) {
        break;
      }
      if (i[0] > at) {
        out.add(new double[] {at, i[0]});
      }
      at = Math.max(at, i[1]);
    }
    if (at < to) {
      out.add(new double[] {at, to});
    }
    return out;
  }

  /** The total length of the parts of [from, to] inside the sorted, disjoint intervals (as a share of 0..1). */
  static double inside(List<double[]> intervals, double from, double to) {
    double sum = 0;
    for (double[] i : intervals) {
      sum += Math.max(0, Math.min(i[1], to) - Math.max(i[0], from));
    }
    return sum;
  }
}
