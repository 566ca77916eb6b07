package org.gridscape.server.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridscape.server.config.Arguments;
import org.gridscape.server.config.ConfigException;
import org.gridscape.server.sample.SampleDistrictGenerator;
import org.gridscape.server.sample.SampleOptions;
import org.gridscape.server.sample.SampleSummary;

/** {@code generate-sample --out DIR [--seed S] [--scale N]}. */
final class SampleCommands {

  private SampleCommands() {}

  static int generate(Arguments args, PrintStream out, PrintStream err) {
    Path dir = args.getPath("out", "directory for the generated files", null);
    if (dir == null) {
      throw new ConfigException("--out DIR is required");
    }
    long seed = args.getLong("seed", "random seed; the same seed gives byte-identical files", SampleOptions.DEFAULT_SEED);
    int scale = args.getInt("scale", "N times larger district with the same densities (benchmarks)", 1);
    SampleOptions options;
    try {
      options = new SampleOptions(dir, seed, scale);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    long start = System.nanoTime();
    SampleSummary summary = SampleDistrictGenerator.generate(options, line -> out.println("  " + line));
    out.printf("Sample district written to %s in %.1f s: %d villages, %d grids, %d buildings, %d residents%n",
        dir.toAbsolutePath(), (System.nanoTime() - start) / 1e9, summary.villages(), summary.grids().total(),
        summary.buildings(), summary.residents());
    return Files.isDirectory(dir) ? 0 : 1;
  }
}
