package org.gridscape.server.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark: generates the sample a few times and prints the time per run and the rows written
 * per second. Usage: {@code SampleBenchmark [scale] [runs]} (defaults 1 and 3). The first run
 * includes JIT warm-up, as a user's single {@code generate-sample} does.
 */
public final class SampleBenchmark {

  private SampleBenchmark() {
  }

  public static void main(String[] args) throws IOException {
    int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (int run = 1; run <= runs; run++) {
      Path dir = Files.createTempDirectory("gridscape-sample-bench-");
      try {
        long t0 = System.nanoTime();
        SampleSummary s = SampleDistrictGenerator.generate(new SampleOptions(dir, SampleOptions.DEFAULT_SEED, scale),
            line -> System.out.printf(Locale.ROOT, "  %6.2f s %s%n", (System.nanoTime() - t0) / 1e9, line));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = s.households() + s.residents() + s.partyMembers() + s.linkedHouseholds() + s.events()
            + s.inspections() + s.buildings();
        System.out.printf(Locale.ROOT, "run %d: scale %d in %.2f s, %d buildings, %d residents, %.0f rows/s%n", run,
            scale, seconds, s.buildings(), s.residents(), rows / seconds);
      } finally {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
