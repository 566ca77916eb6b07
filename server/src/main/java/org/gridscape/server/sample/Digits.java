package org.gridscape.server.sample;

/** Zero-padded decimal numbers for codes and ids; String.format is far too slow for 10^6 rows. */
final class Digits {

  private Digits() {
  }

  /** {@code value} as at least {@code width} digits, zero-padded on the left. */
  static String pad(long value, int width) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    String s = Long.toString(value);
    if (s.length() >= width) {
      return s;
    }
    StringBuilder sb = new StringBuilder(width);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s).toString();
  }
}
