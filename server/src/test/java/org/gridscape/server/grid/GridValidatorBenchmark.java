package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Times the validation of one village of 10 grids and about 2,000 buildings (target: under 200 ms).
 * Run: {@code java -cp ... org.gridscape.server.grid.GridValidatorBenchmark [buildings] [iterations]}.
 */
public final class GridValidatorBenchmark {

  private GridValidatorBenchmark() {
  }

  public static void main(String[] args) {
    int buildings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    ValidationInput input = village(buildings, new Random(42));
    for (int i = 0; i < 10; i++) {
      GridValidator.validate(input);
    }
    long start = System.nanoTime();
    ValidationResult last = null;
    for (int i = 0; i < iterations; i++) {
      last = GridValidator.validate(input);
    }
    double msPerRun = (System.nanoTime() - start) / 1e6 / iterations;
    System.out.printf(Locale.ROOT, "grid validation: %d grids, %d buildings, %d roads: %.1f ms/run, %.1f runs/s "
            + "(errors %d, warnings %d, coverage %.2f%%)%n", input.grids().size(), input.buildings().size(), input.roads().size(),
        msPerRun, 1000 / msPerRun, last.errors().size(), last.warnings().size(), last.metrics().coveragePercent());
  }

  /** A 2.5 km x 1.2 km village cut into 5 x 2 grids, with roads on the grid lines and jittered houses. */
  static ValidationInput village(int buildingCount, Random random) {
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
