package org.gridscape.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the benchmark programs report: medians, percentiles, the process's peak memory. */
public final class Measures {

  private Measures() {}

  public static long median(List<Long> values) {
    return percentile(values, 0.5);
  }

  /** The value below which the share {@code p} of the values lie (nearest rank). */
  public static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }

  /**
   * VmHWM of /proc/self/status where Linux tells, else "n/a". Not reset between phases (Linux could,
   * through clear_refs, but that would also reset what {@code /usr/bin/time} reports).
   */
  public static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
          return (kb >> 10) + " MiB";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "n/a";
  }
}
