package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Splits a set of adjacent units (faces into grids, villages into work areas) into k groups that
 * are each connected, of similar weight and compact: seeds spread by farthest-point sampling and
 * a few k-means rounds, then the lightest group repeatedly takes its nearest free neighbour.
 * Growing only through shared edges is what keeps every group one piece.
 */
final class ContiguousPartition {

  private ContiguousPartition() {
  }

  /**
   * @param units      unit ids
   * @param neighbours neighbours of a unit id (ids outside {@code units} are ignored)
   * @param weight     weight per position in {@code units}
   * @param cx         centroid x (metres) per position
   * @param cy         centroid y (metres) per position
   * @param k          number of groups wanted
   * @return group index (0..k-1) per position in {@code units}
   */
  static int[] partition(int[] units, IntFunction<int[]> neighbours, double[] weight, double[] cx,
      double[] cy, int k) {
    int n = units.length;
    if (k <= 0 || k > n) {
      throw new IllegalArgumentException("cannot split " + n + " units into " + k + " groups");
    }
    Map<Integer, Integer> local = new HashMap<>();
    for (int i = 0; i < n; i++) {
      local.put(units[i], i);
    }
    int[][] adj = new int[n][];
    for (int i = 0; i < n; i++) {
      adj[i] = Arrays.stream(neighbours.apply(units[i])).filter(local::containsKey)
          .map(local::get).toArray();
    }
    int[] seeds = seeds(cx, cy, k);
    int[] group = new int[n];
    Arrays.fill(group, -1);
    double[] groupWeight = new double[k];
    List<List<Integer>> members = new ArrayList<>();
    for (int g = 0; g < k; g++) {
      group[seeds[g]] = g;
      groupWeight[g] = weight[seeds[g]];
      List<Integer> m = new ArrayList<>();
      m.add(seeds[g]);
      members.add(m);
    }
    boolean[] closed = new boolean[k];
    int assigned = k;
    while (assigned < n) {
      int best = -1;
      for (int g = 0; g < k; g++) {
        if (!closed[g] && (best < 0 || groupWeight[g] < groupWeight[best])) {
          best = g;
        }
      }
      if (best < 0) {
        break;
      }
      int pick = -1;
      double pickDist = Double.MAX_VALUE;
      int s = seeds[best];
      for (int m : members.get(best)) {
        for (int nb : adj[m]) {
          if (group[nb] < 0) {
            double d = Math.hypot(cx[nb] - cx[s], cy[nb] - cy[s]);
            if (d < pickDist || (d == pickDist && nb < pick)) {
              pick = nb;
              pickDist = d;
            }
          }
        }
      }
      if (pick < 0) {
        closed[best] = true;
        continue;
      }
      group[pick] = best;
      groupWeight[best] += weight[pick];
      members.get(best).add(pick);
      assigned++;
    }
    attachLeftovers(group, adj, cx, cy, seeds);
    return group;
  }

  /** Units no group could reach (islands) join an adjacent group, or else the nearest seed. */
  private static void attachLeftovers(int[] group, int[][] adj, double[] cx, double[] cy, int[] seeds) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < group.length; i++) {
        if (group[i] >= 0) {
          continue;
        }
        for (int nb : adj[i]) {
          if (group[nb] >= 0) {
            group[i] = group[nb];
            changed = true;
            break;
          }
        }
      }
    }
    for (int i = 0; i < group.length; i++) {
      if (group[i] < 0) {
        int best = 0;
        for (int g = 1; g < seeds.length; g++) {
          if (Math.hypot(cx[i] - cx[seeds[g]], cy[i] - cy[seeds[g]])
              < Math.hypot(cx[i] - cx[seeds[best]], cy[i] - cy[seeds[best]])) {
            best = g;
          }
        }
        group[i] = best;
      }
    }
  }

  private static int[] seeds(double[] cx, double[] cy, int k) {
    int n = cx.length;
    double mx = Arrays.stream(cx).average().orElse(0);
    double my = Arrays.stream(cy).average().orElse(0);
    int[] seeds = new int[k];
    seeds[0] = argMax(n, i -> Math.hypot(cx[i] - mx, cy[i] - my));
    double[] minDist = new double[n];
    Arrays.fill(minDist, Double.MAX_VALUE);
    for (int g = 1; g < k; g++) {
      int prev = seeds[g - 1];
      for (int i = 0; i < n; i++) {
        minDist[i] = Math.min(minDist[i], Math.hypot(cx[i] - cx[prev], cy[i] - cy[prev]));
      }
      seeds[g] = argMax(n, i -> minDist[i]);
    }
    // k-means rounds pull the seeds off the rim towards the middle of their share.
    for (int round = 0; round < 4; round++) {
      double[] sx = new double[k];
      double[] sy = new double[k];
      int[] count = new int[k];
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int g = 1; g < k; g++) {
          if (dist2(cx, cy, i, seeds[g]) < dist2(cx, cy, i, seeds[best])) {
            best = g;
          }
        }
        sx[best] += cx[i];
        sy[best] += cy[i];
        count[best]++;
      }
      boolean[] taken = new boolean[n];
      for (int g = 0; g < k; g++) {
        taken[seeds[g]] = true;
      }
      for (int g = 0; g < k; g++) {
        if (count[g] == 0) {
          continue;
        }
        double gx = sx[g] / count[g];
        double gy = sy[g] / count[g];
        int best = seeds[g];
        for (int i = 0; i < n; i++) {
          if (!taken[i] && Math.hypot(cx[i] - gx, cy[i] - gy) < Math.hypot(cx[best] - gx, cy[best] - gy)) {
            best = i;
          }
        }
        taken[seeds[g]] = false;
        taken[best] = true;
        seeds[g] = best;
      }
    }
    return seeds;
  }

  private static double dist2(double[] cx, double[] cy, int a, int b) {
    double dx = cx[a] - cx[b];
    double dy = cy[a] - cy[b];
    return dx * dx + dy * dy;
  }

  private static int argMax(int n, java.util.function.IntToDoubleFunction f) {
    int best = 0;
    double bestValue = f.applyAsDouble(0);
    for (int i = 1; i < n; i++) {
      double v = f.applyAsDouble(i);
      if (v > bestValue) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }
}
