package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Envelope;

class GridCodeAssignerTest {

  private static final String VILLAGE = "350521104201";
  private static final GeometryFactory F = new GeometryFactory();

  /** A square cell of 0.004 degrees with its south-west corner at (lon, lat). */
  private static Geometry cell(double lon, double lat) {
    return F.toGeometry(new Envelope(lon, lon + 0.004, lat, lat + 0.004));
  }

  private static List<String> values(List<GridCode> codes) {
    return codes.stream().map(GridCode::value).toList();
  }

  @Test
  void numbersWestToEastThenNorthToSouth() {
    // a 3 x 2 block given in scrambled order; the south row is slightly ragged
    Geometry nw = cell(118.700, 24.904);
    Geometry n = cell(118.704, 24.9041);
    Geometry ne = cell(118.708, 24.9039);
    Geometry sw = cell(118.700, 24.9);
    Geometry s = cell(118.704, 24.9012);
    Geometry se = cell(118.708, 24.8995);
    List<Geometry> grids = List.of(se, n, sw, ne, s, nw);
    List<String> codes = values(GridCodeAssigner.assign(VILLAGE, grids, Set.of()));
    assertThat(codes).containsExactly(
        VILLAGE + "006", VILLAGE + "002", VILLAGE + "004", VILLAGE + "003", VILLAGE + "005", VILLAGE + "001");
  }

  @Test
  void reservedSequencesAreNeverReused() {
    List<Geometry> grids = List.of(cell(118.70, 24.9), cell(118.704, 24.9), cell(118.708, 24.9));
    Set<String> reserved = Set.of(VILLAGE + "001", VILLAGE + "003", "350521104202002", "garbage");
    assertThat(values(GridCodeAssigner.assign(VILLAGE, grids, reserved)))
        .containsExactly(VILLAGE + "002", VILLAGE + "004", VILLAGE + "005");
  }

  @Test
  void runningOutOfSequencesIsAnError() {
    List<String> reserved = new ArrayList<>();
    for (int i = 1; i <= 998; i++) {
      reserved.add(new GridCode(VILLAGE, i).value());
    }
    assertThat(values(GridCodeAssigner.assign(VILLAGE, List.of(cell(118.7, 24.9)), reserved))).containsExactly(VILLAGE + "999");
    assertThatThrownBy(() -> GridCodeAssigner.assign(VILLAGE, List.of(cell(118.7, 24.9), cell(118.71, 24.9)), reserved))
        .isInstanceOfSatisfying(GridCodeException.class, e -> assertThat(e.reason()).isEqualTo(GridCodeException.Reason.EXHAUSTED));
  }

  @Test
  void orderDoesNotDependOnInputOrder() {
    List<Geometry> grids = new ArrayList<>();
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 4; col++) {
        grids.add(cell(118.7 + col * 0.004, 24.9 - row * 0.004));
      }
    }
    int[] order = GridCodeAssigner.readingOrder(grids);
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    List<Geometry> reversed = new ArrayList<>(grids);
    java.util.Collections.reverse(reversed);
    int[] reversedOrder = GridCodeAssigner.readingOrder(reversed);
    for (int i = 0; i < 12; i++) {
      assertThat(reversed.get(reversedOrder[i]) == grids.get(i)).as("position %d", i).isTrue();
    }
  }
}
