package org.gridscape.server.grid;

/**
 * A unit-grid code: the village's 12-digit statistical division code followed by a 3-digit sequence
 * 001-999, 15 digits in all (the 6+3+3+3 structure of GB/T 30428.1-style grid codes).
 *
 * @param villageCode the 12-digit village code
 * @param sequence    1-999
 */
public record GridCode(String villageCode, int sequence) implements Comparable<GridCode> {

  public static final int MAX_SEQUENCE = 999;

  public GridCode {
    requireVillageCode(villageCode);
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new GridCodeException(GridCodeException.Reason.MALFORMED, villageCode + sequence,
          "grid sequence must be 001-999, got " + sequence);
    }
  }

  /**
   * Parses a 15-digit code.
   *
   * @throws GridCodeException {@code MALFORMED} if it is not 15 digits with a sequence of 001-999
   */
  public static GridCode parse(String code) {
    if (code == null || code.length() != 15 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new GridCodeException(GridCodeException.Reason.MALFORMED, code,
          "grid code '" + code + "' must be 15 digits: the 12-digit village code and a sequence 001-999");
    }
    int sequence = Integer.parseInt(code.substring(12));
    if (sequence == 0) {
      throw new GridCodeException(GridCodeException.Reason.MALFORMED, code,
          "grid code '" + code + "' has sequence 000; sequences run 001-999");
    }
    return new GridCode(code.substring(0, 12), sequence);
  }

  /**
   * Parses a code and checks that it belongs to the village.
   *
   * @throws GridCodeException {@code MALFORMED}, or {@code WRONG_VILLAGE} when the prefix differs
   */
  public static GridCode parseInVillage(String code, String villageCode) {
    GridCode parsed = parse(code);
    if (!parsed.villageCode.equals(villageCode)) {
      throw new GridCodeException(GridCodeException.Reason.WRONG_VILLAGE, code,
          "grid code " + code + " does not start with its village's code " + villageCode);
    }
    return parsed;
  }

  /** Checks a 12-digit village code. */
  public static void requireVillageCode(String villageCode) {
    if (villageCode == null || villageCode.length() != 12 || !villageCode.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("village code must be 12 digits, got '" + villageCode + "'");
    }
  }

  /** The 15-digit text. */
  public String value() {
    return villageCode + String.format("%03d", sequence);
  }

  @Override
  public int compareTo(GridCode o) {
    int c = villageCode.compareTo(o.villageCode);
    return c != 0 ? c : Integer.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return value();
  }
}
