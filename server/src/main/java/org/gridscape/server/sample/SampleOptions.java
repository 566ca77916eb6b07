package org.gridscape.server.sample;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link SampleDistrictGenerator} should write.
 *
 * @param out   directory that receives the files (created if missing)
 * @param seed  seed of every random choice; the same seed gives byte-identical files
 * @param scale 1 for the published district; N (up to 50) replicates it N times for benchmarks
 */
public record SampleOptions(Path out, long seed, int scale) {

  /** The seed used when the caller gives none: the day the published figures start counting. */
  public static final long DEFAULT_SEED = 20260701L;
  public static final int MAX_SCALE = 50;

  public SampleOptions {
    Objects.requireNonNull(out, "out");
    if (scale < 1 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale must be 1.." + MAX_SCALE + ", got " + scale);
    }
  }

  /** The published district (scale 1) with the default seed. */
  public static SampleOptions defaults(Path out) {
    return new SampleOptions(out, DEFAULT_SEED, 1);
  }
}
