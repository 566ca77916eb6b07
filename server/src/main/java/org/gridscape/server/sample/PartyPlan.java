package org.gridscape.server.sample;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.sample.GridPlan.Grid;

/**
 * How the 5,959 Party members and 330 grid Party branches spread over the 381 grids. Members per
 * grid follow households so that every member links 10-12 households; the 51 grids with the
 * fewest members have no branch of their own and join an adjacent grid's branch (formation
 * {@code joint}). Enterprise branches are {@code attached} to the enterprise's organisation and
 * compound branches {@code upgraded} from the property company's branch.
 */
final class PartyPlan {

  static final int MEMBERS = 5_959;
  static final int BRANCHES = 330;
  static final int MIN_LINKS = 10;
  static final int MAX_LINKS = 12;

  final int[] members;
  /** The grid whose branch holds this grid's members (itself unless joined to a neighbour). */
  final int[] branchGrid;
  /** Formation of the grid's own branch, or null when the grid has none. */
  final String[] formation;

  PartyPlan(DistrictLayout layout, GridPlan plan) {
    List<Grid> grids = plan.grids;
    int n = grids.size();
    members = new int[n];
    int[] lo = new int[n];
    int[] hi = new int[n];
    int total = 0;
    for (Grid g : grids) {
      lo[g.index] = (g.households + MAX_LINKS - 1) / MAX_LINKS;
      hi[g.index] = g.households / MIN_LINKS;
      if (lo[g.index] > hi[g.index]) {
        throw new IllegalStateException("grid " + g.code + ": " + g.households + " households cannot be split 10-12");
      }
      members[g.index] = Math.max(lo[g.index], Math.min(hi[g.index],
          (int) Math.round(g.households * (double) MEMBERS / GridPlan.HOUSEHOLDS)));
      total += members[g.index];
    }
    // Nudge grid by grid, in a fixed order, until the district total is exact.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -(double) grids.get(i).households / members[i])
        .thenComparingInt(i -> i));
    while (total != MEMBERS) {
      boolean moved = false;
      for (int k = 0; k < n && total != MEMBERS; k++) {
        int i = total < MEMBERS ? order[k] : order[n - 1 - k];
        if (total < MEMBERS && members[i] < hi[i]) {
          members[i]++;
          total++;
          moved = true;
        } else if (total > MEMBERS && members[i] > lo[i]) {
          members[i]--;
          total--;
          moved = true;
        }
      }
      if (!moved) {
        throw new IllegalStateException("cannot reach " + MEMBERS + " Party members");
      }
    }
    branchGrid = new int[n];
    formation = new String[n];
    for (Grid g : grids) {
      branchGrid[g.index] = g.index;
      formation[g.index] = switch (g.kind) {
        case STANDARD -> "alone";
        case ENTERPRISE -> "attached";
        case RESETTLEMENT, RESIDENTIAL_COMPOUND -> "upgraded";
      };
    }
    joinSmallGrids(layout, plan);
  }

  private void joinSmallGrids(DistrictLayout layout, GridPlan plan) {
    List<Grid> grids = plan.grids;
    int[] faceGrid = plan.faceToGrid(layout);
    int toJoin = grids.size() - BRANCHES;
    boolean[] host = new boolean[grids.size()];
    List<Grid> candidates = grids.stream().filter(g -> g.kind == GridKind.STANDARD)
        .sorted(Comparator.comparingInt((Grid g) -> members[g.index]).thenComparingInt(g -> g.index)).toList();
    for (Grid g : candidates) {
      if (toJoin == 0) {
        break;
      }
      if (host[g.index] || branchGrid[g.index] != g.index) {
        continue;
      }
      int best = -1;
      for (int nb : plan.adjacentGrids(layout, g.index, faceGrid)) {
        Grid o = grids.get(nb);
        if (o.village == g.village && o.kind == GridKind.STANDARD && !host[nb] && branchGrid[nb] == nb
            && (best < 0 || members[nb] < members[best])) {
          best = nb;
        }
      }
      if (best >= 0) {
        branchGrid[g.index] = best;
        formation[g.index] = null;
        host[best] = true;
        formation[best] = "joint";
        toJoin--;
      }
    }
    if (toJoin != 0) {
      throw new IllegalStateException("could not pair enough small grids into joint branches");
    }
  }
}
