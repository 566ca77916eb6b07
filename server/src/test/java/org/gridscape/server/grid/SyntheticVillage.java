package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridscape.scene.model.GridKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** A synthetic village for validation tests and the validation benchmark. */
public final class SyntheticVillage {

  private SyntheticVillage() {}

  /** A 2.5 km x 1.2 km village cut into 5 x 2 grids, with roads on the grid lines and jittered houses. */
  public static ValidationInput of(int buildingCount, Random random) {
    LocalProjection local = LocalProjection.at(118.70, 24.90);
    GeometryFactory f = new GeometryFactory();
    double width = 2500;
    double height = 1200;
    Geometry boundary = local.toLonLat(f.toGeometry(new Envelope(0, width, 0, height)));
    String village = "350521104201";
    List<GridFeature> grids = new ArrayList<>();
    for (int row = 0; row < 2; row++) {
      for (int col = 0; col < 5; col++) {
        Envelope cell = new Envelope(col * 500, col * 500 + 500, row * 600, row * 600 + 600);
        grids.add(new GridFeature(grids.size(), village + String.format("%03d", grids.size() + 1), "g" + grids.size(),
            GridKind.STANDARD, local.toLonLat(f.toGeometry(cell))));
      }
    }
    List<Geometry> roads = new ArrayList<>();
    for (int col = 1; col < 5; col++) {
      roads.add(local.toLonLat(f.createLineString(new Coordinate[] {new Coordinate(col * 500 + 3, -10), new Coordinate(col * 500 - 2, height + 10)})));
    }
    roads.add(local.toLonLat(f.createLineString(new Coordinate[] {new Coordinate(-10, 604), new Coordinate(width + 10, 598)})));
    for (int i = 0; i < 30; i++) {
      double y = random.nextDouble() * height;
      roads.add(local.toLonLat(f.createLineString(new Coordinate[] {new Coordinate(0, y), new Coordinate(width, y + 40 * random.nextGaussian())})));
    }
    List<ResidentBuilding> buildings = new ArrayList<>();
    for (int i = 0; i < buildingCount; i++) {
      double x = random.nextDouble() * (width - 20);
      double y = random.nextDouble() * (height - 20);
      double w = 8 + random.nextDouble() * 12;
      double h = 8 + random.nextDouble() * 10;
      buildings.add(new ResidentBuilding("b" + i, local.toLonLat(f.toGeometry(new Envelope(x, x + w, y, y + h))),
          random.nextInt(8)));
    }
    return new ValidationInput(village, boundary, grids, buildings, roads);
  }
}
