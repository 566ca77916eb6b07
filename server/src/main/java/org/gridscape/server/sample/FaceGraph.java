package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.grid.LocalProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Which faces of a noded planar partition share an edge, and how long that edge is. Faces are
 * adjacent only when they share a whole segment with identical end points, which is exactly what
 * makes a union of adjacent faces one polygon.
 */
final class FaceGraph {

  private final int[][] neighbours;
  private final double[][] sharedMetres;

  private FaceGraph(int[][] neighbours, double[][] sharedMetres) {
    this.neighbours = neighbours;
    this.sharedMetres = sharedMetres;
  }

  static FaceGraph of(List<Polygon> faces, LocalProjection proj) {
    Map<SegmentKey, Integer> firstOwner = new HashMap<>();
    List<Map<Integer, Double>> shared = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      shared.add(new HashMap<>());
    }
    for (int i = 0; i < faces.size(); i++) {
      Polygon p = faces.get(i);
      addRing(p.getExteriorRing(), i, firstOwner, shared, proj);
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        addRing(p.getInteriorRingN(h), i, firstOwner, shared, proj);
      }
    }
    int[][] nb = new int[faces.size()][];
    double[][] len = new double[faces.size()][];
    for (int i = 0; i < faces.size(); i++) {
      int[] keys = shared.get(i).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      nb[i] = keys;
      len[i] = new double[keys.length];
      for (int k = 0; k < keys.length; k++) {
        len[i][k] = shared.get(i).get(keys[k]);
      }
    }
    return new FaceGraph(nb, len);
  }

  private static void addRing(LineString ring, int face, Map<SegmentKey, Integer> firstOwner,
      List<Map<Integer, Double>> shared, LocalProjection proj) {
    Coordinate[] cs = ring.getCoordinates();
    for (int k = 0; k + 1 < cs.length; k++) {
      SegmentKey key = SegmentKey.of(cs[k], cs[k + 1]);
      Integer other = firstOwner.putIfAbsent(key, face);
      if (other != null && other != face) {
        Coordinate a = proj.toMetres(cs[k].x, cs[k].y);
        Coordinate b = proj.toMetres(cs[k + 1].x, cs[k + 1].y);
        double dx = a.x - b.x;
        double dy = a.y - b.y;
        double l = Math.hypot(dx, dy);
        shared.get(face).merge(other, l, Double::sum);
        shared.get(other).merge(face, l, Double::sum);
      }
    }
  }

  int size() {
    return neighbours.length;
  }

  int[] neighbours(int face) {
    return neighbours[face];
  }

  double sharedMetres(int face, int neighbourIndex) {
    return sharedMetres[face][neighbourIndex];
  }

  /** Connected components of {@code members} using only edges between members, largest first. */
  List<int[]> components(int[] members) {
    Map<Integer, Boolean> in = new HashMap<>();
    for (int m : members) {
      in.put(m, Boolean.FALSE);
    }
    List<int[]> out = new ArrayList<>();
    for (int start : members) {
      if (in.get(start)) {
        continue;
      }
      List<Integer> comp = new ArrayList<>();
      ArrayDequeInt queue = new ArrayDequeInt();
      queue.add(start);
      in.put(start, Boolean.TRUE);
      while (!queue.isEmpty()) {
        int f = queue.poll();
        comp.add(f);
        for (int n : neighbours[f]) {
          Boolean seen = in.get(n);
          if (seen != null && !seen) {
            in.put(n, Boolean.TRUE);
            queue.add(n);
          }
        }
      }
      out.add(comp.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
    out.sort((a, b) -> a.length != b.length ? Integer.compare(b.length, a.length)
        : Integer.compare(a[0], b[0]));
    return out;
  }

  /** A segment keyed by its end points on the 1e-7 degree grid, direction-free. */
  private record SegmentKey(long ax, long ay, long bx, long by) {
    static SegmentKey of(Coordinate a, Coordinate b) {
      long ax = Math.round(a.x * 1e7);
      long ay = Math.round(a.y * 1e7);
      long bx = Math.round(b.x * 1e7);
      long by = Math.round(b.y * 1e7);
      if (ax < bx || (ax == bx && ay <= by)) {
        return new SegmentKey(ax, ay, bx, by);
      }
      return new SegmentKey(bx, by, ax, ay);
    }
  }

  /** Minimal int queue, to keep BFS free of boxing in the hot loop. */
  static final class ArrayDequeInt {
    private int[] items = new int[16];
    private int head;
    private int tail;

    void add(int v) {
      if (tail == items.length) {
        items = Arrays.copyOf(items, items.length * 2);
      }
      items[tail++] = v;
    }

    int poll() {
      return items[head++];
    }

    boolean isEmpty() {
      return head == tail;
    }
  }
}
