package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.store.GeographyStore.GridRow;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Which grid a building belongs to, including the building whose interior point lies on a shared edge. */
class GridLocatorTest {

  // Coordinates that are exact in binary, so the footprint's interior point is exactly on x = 118.625.
  private static final GridRow WEST = row("350521104201002", "POLYGON ((118.5 24.5, 118.625 24.5, 118.625 24.75, 118.5 24.75, 118.5 24.5))");
  private static final GridRow EAST = row("350521104201001", "POLYGON ((118.625 24.5, 118.75 24.5, 118.75 24.75, 118.625 24.75, 118.625 24.5))");

  @Test
  void aBuildingInsideOneGridBelongsToIt() {
    GridLocator locator = new GridLocator(List.of(WEST, EAST));
    assertThat(locator.gridOf(wkt("POLYGON ((118.55 24.6, 118.56 24.6, 118.56 24.61, 118.55 24.61, 118.55 24.6))")))
        .isEqualTo(WEST.code());
    assertThat(locator.gridOf(wkt("POLYGON ((118.8 24.6, 118.81 24.6, 118.81 24.61, 118.8 24.61, 118.8 24.6))")))
        .isNull();
  }

  @Test
  void aBuildingCentredOnASharedEdgeBelongsToTheCoveringGridWithTheSmallestCode() {
    Geometry onEdge = wkt("POLYGON ((118.5625 24.5625, 118.6875 24.5625, 118.6875 24.6875, 118.5625 24.6875, 118.5625 24.5625))");
    assertThat(onEdge.getInteriorPoint().getX()).isEqualTo(118.625);
    // whatever the order of the grids, the same grid: its residents are counted exactly once
    assertThat(new GridLocator(List.of(WEST, EAST)).gridOf(onEdge)).isEqualTo(EAST.code());
    assertThat(new GridLocator(List.of(EAST, WEST)).gridOf(onEdge)).isEqualTo(EAST.code());
  }

  private static GridRow row(String code, String wkt) {
    return new GridRow(code, code.substring(0, 12), code, GridKind.STANDARD, "published", 1, wkt(wkt), null, null);
  }

  private static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
