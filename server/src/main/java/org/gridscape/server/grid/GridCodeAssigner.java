package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Gives codes to grids that have none, numbering west to east, north to south, and never reusing a
 * reserved sequence (a code that exists, or existed and was retired).
 *
 * <p>Reading order, precisely: each grid is placed at its centroid (its envelope centre if the centroid
 * is undefined). The band height is half the median north-south extent of the grids' envelopes. Grids
 * are taken from north to south by centroid latitude; the northernmost not yet placed opens a row, and
 * every grid whose centroid lies less than one band height south of that opening grid joins the row.
 * Rows are numbered north to south, grids within a row west to east by centroid longitude (ties: the
 * more northern first, then input order). Grids then take the lowest free sequences in that order.
 */
public final class GridCodeAssigner {

  private GridCodeAssigner() {
  }

  /**
   * Assigns codes to all the given grids.
   *
   * @param villageCode 12-digit village code
   * @param grids       grid polygons (WGS84), in any order
   * @param reserved    15-digit codes that must not be used (existing, retired, or given in the same
   *                    set); codes of other villages and malformed entries are ignored
   * @return codes in the order of {@code grids}
   * @throws GridCodeException {@code EXHAUSTED} if fewer than {@code grids.size()} sequences are free
   */
  public static List<GridCode> assign(String villageCode, List<? extends Geometry> grids, Collection<String> reserved) {
    GridCode.requireVillageCode(villageCode);
    Set<Integer> taken = new HashSet<>();
    for (String code : reserved) {
      if (code != null && code.length() == 15 && code.startsWith(villageCode) && code.chars().allMatch(Character::isDigit)) {
        taken.add(Integer.parseInt(code.substring(12)));
      }
    }
    int[] order = readingOrder(grids);
    GridCode[] codes = new GridCode[grids.size()];
    int next = 1;
    for (int index : order) {
      while (next <= GridCode.MAX_SEQUENCE && taken.contains(next)) {
        next++;
      }
      if (next > GridCode.MAX_SEQUENCE) {
        throw new GridCodeException(GridCodeException.Reason.EXHAUSTED, null,
            "village " + villageCode + " has no free grid sequence left (001-999 are taken or reserved)");
      }
      codes[index] = new GridCode(villageCode, next++);
    }
    return Arrays.asList(codes);
  }

  /** Indices of {@code grids} in reading order (north to south rows, west to east within a row). */
  public static int[] readingOrder(List<? extends Geometry> grids) {
    int n = grids.size();
    double[] x = new double[n];
    double[] y = new double[n];
    double[] heights = new double[n];
    for (int i = 0; i < n; i++) {
      Geometry g = grids.get(i);
      Envelope e = g.getEnvelopeInternal();
      Coordinate c = g.isEmpty() ? null : g.getCentroid().getCoordinate();
      if (c == null || !Double.isFinite(c.x) || !Double.isFinite(c.y)) {
        c = e.isNull() ? new Coordinate(0, 0) : e.centre();
      }
      x[i] = c.x;
      y[i] = c.y;
      heights[i] = e.isNull() ? 0 : e.getHeight();
    }
    double[] sortedHeights = heights.clone();
    Arrays.sort(sortedHeights);
    double band = n == 0 ? 0 : 0.5 * median(sortedHeights);
    List<Integer> byLatitude = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byLatitude.add(i);
    }
    byLatitude.sort(Comparator.<Integer>comparingDouble(i -> -y[i]).thenComparingDouble(i -> x[i]).thenComparingInt(i -> i));
    int[] order = new int[n];
    int out = 0;
    int start = 0;
    while (start < n) {
      double top = y[byLatitude.get(start)];
      int end = start + 1;
      while (end < n && top - y[byLatitude.get(end)] < band) {
        end++;
      }
      List<Integer> row = new ArrayList<>(byLatitude.subList(start, end));
      row.sort(Comparator.<Integer>comparingDouble(i -> x[i]).thenComparingDouble(i -> -y[i]).thenComparingInt(i -> i));
      for (int i : row) {
        order[out++] = i;
      }
      start = end;
    }
    return order;
  }

  private static double median(double[] sorted) {
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
