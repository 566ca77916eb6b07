package org.gridscape.server.ingest;

/**
 * Bounds on what one upload may contain. The caller bounds the byte size before reading; these bound
 * the work done after parsing, so a small but pathological file cannot exhaust memory or CPU.
 *
 * @param maxFeatures           features across all layers
 * @param maxVertices           vertices across all features
 * @param maxVerticesPerFeature vertices in any one feature
 * @param maxUncompressedBytes  bytes unpacked from a zip, so a small zip cannot expand without bound
 */
public record IngestLimits(int maxFeatures, long maxVertices, int maxVerticesPerFeature, long maxUncompressedBytes) {

  public IngestLimits {
    if (maxFeatures <= 0 || maxVertices <= 0 || maxVerticesPerFeature <= 0 || maxUncompressedBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** Comfortably above a whole sample district (about 40,000 buildings) in one file. */
  public static IngestLimits defaults() {
    return new IngestLimits(200_000, 20_000_000L, 200_000, 1L << 30);
  }
}
