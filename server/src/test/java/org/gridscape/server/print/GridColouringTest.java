package org.gridscape.server.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class GridColouringTest {

  /** A 4 x 4 block of unit squares, ids r0c0 .. r3c3. */
  private static List<GridColouring.Area> block() throws ParseException {
    WKTReader wkt = new WKTReader();
    List<GridColouring.Area> areas = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        Geometry square = wkt.read(String.format("POLYGON((%d %d, %d %d, %d %d, %d %d, %d %d))", c, r, c + 1, r, c + 1,
            r + 1, c, r + 1, c, r));
        areas.add(new GridColouring.Area("r" + r + "c" + c, square));
      }
    }
    return areas;
  }

  @Test
  void neighboursIncludingCornersNeverShareAColour() throws ParseException {
    Map<String, Integer> colours = GridColouring.colour(block());
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            String other = "r" + (r + dr) + "c" + (c + dc);
            if ((dr != 0 || dc != 0) && colours.containsKey(other)) {
              assertThat(colours.get("r" + r + "c" + c)).as("r%dc%d vs %s", r, c, other)
                  .isNotEqualTo(colours.get(other));
            }
          }
        }
      }
    }
    // a king's graph needs 4 colours; greedy in this order finds them without more than the palette
    assertThat(colours.values()).allMatch(i -> i < GridColouring.PALETTE.size());
  }

  @Test
  void sameAreasSameColoursWhateverTheirOrder() throws ParseException {
    List<GridColouring.Area> areas = block();
    Map<String, Integer> first = GridColouring.colour(areas);
    Collections.reverse(areas);
    assertThat(GridColouring.colour(areas)).isEqualTo(first);
  }
}
