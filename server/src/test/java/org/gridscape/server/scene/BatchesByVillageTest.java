package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A city's build reads and extrudes batches of neighbouring grids; a village is never split. */
class BatchesByVillageTest {

  private static String village(String grid) {
    return grid.substring(0, 1);
  }

  @Test
  void batchesCloseAtTheFirstVillageBorderAfterTheSize() {
    List<String> grids = List.of("a1", "a2", "a3", "b1", "c1", "c2", "d1", "d2", "d3", "d4");

    List<List<String>> batches = ScenePublisher.batchesByVillage(grids, BatchesByVillageTest::village, 2);

    assertThat(batches).containsExactly(List.of("a1", "a2", "a3"), List.of("b1", "c1", "c2"),
        List.of("d1", "d2", "d3", "d4"));
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(grids);
  }

  @Test
  void oneBatchWhenTheSizeHoldsEverything() {
    List<String> grids = List.of("a1", "b1", "b2");
    assertThat(ScenePublisher.batchesByVillage(grids, BatchesByVillageTest::village, Integer.MAX_VALUE))
        .containsExactly(grids);
    assertThat(ScenePublisher.batchesByVillage(List.<String>of(), BatchesByVillageTest::village, 5)).isEmpty();
  }
}
