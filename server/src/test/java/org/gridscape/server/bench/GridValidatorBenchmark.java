package org.gridscape.server.bench;

import java.util.Locale;
import java.util.Random;
import org.gridscape.server.grid.GridValidator;
import org.gridscape.server.grid.SyntheticVillage;
import org.gridscape.server.grid.ValidationInput;
import org.gridscape.server.grid.ValidationResult;

/**
 * Times the validation of one village of 10 grids and about 2,000 buildings (target: under 200 ms).
 * Run: {@code java -cp ... org.gridscape.server.bench.GridValidatorBenchmark [buildings] [iterations]}.
 */
public final class GridValidatorBenchmark {

  private GridValidatorBenchmark() {
  }

  public static void main(String[] args) {
    int buildings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    ValidationInput input = SyntheticVillage.of(buildings, new Random(42));
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
}
