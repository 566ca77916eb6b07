package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ContiguousPartitionTest {

  /** A 10 x 6 lattice of unit squares; unit id = row * 10 + column. */
  private static final int W = 10;
  private static final int H = 6;
  private static final IntFunction<int[]> LATTICE = id -> {
    int r = id / W;
    int c = id % W;
    return java.util.stream.IntStream.of(
        r > 0 ? id - W : -1, r < H - 1 ? id + W : -1, c > 0 ? id - 1 : -1, c < W - 1 ? id + 1 : -1)
        .filter(x -> x >= 0).toArray();
  };

  @Test
  void groupsAreConnectedAndBalanced() {
    int n = W * H;
    int[] units = java.util.stream.IntStream.range(0, n).toArray();
    double[] w = new double[n];
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1;
      x[i] = i % W;
      y[i] = i / W;
    }
    int k = 5;
    int[] group = ContiguousPartition.partition(units, LATTICE, w, x, y, k);
    int[] size = new int[k];
    for (int g : group) {
      size[g]++;
    }
    for (int g = 0; g < k; g++) {
      assertThat(size[g]).isBetween(6, 18);
      assertThat(connected(group, g)).isTrue();
    }
    assertThat(ContiguousPartition.partition(units, LATTICE, w, x, y, k)).isEqualTo(group);
  }

  @Test
  void refusesMoreGroupsThanUnits() {
    assertThatThrownBy(() -> ContiguousPartition.partition(new int[] {0, 1}, LATTICE, new double[2], new double[2],
        new double[2], 3)).isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean connected(int[] group, int g) {
    int start = -1;
    int count = 0;
    for (int i = 0; i < group.length; i++) {
      if (group[i] == g) {
        start = start < 0 ? i : start;
        count++;
      }
    }
    Set<Integer> seen = new HashSet<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    seen.add(start);
    while (!queue.isEmpty()) {
      for (int nb : LATTICE.apply(queue.poll())) {
        if (group[nb] == g && seen.add(nb)) {
          queue.add(nb);
        }
      }
    }
    return seen.size() == count;
  }
}
