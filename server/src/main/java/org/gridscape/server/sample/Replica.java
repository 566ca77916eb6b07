package org.gridscape.server.sample;

import java.util.List;

/**
 * One copy of the district in a scaled sample. Copy 0 is the real district; copy r (r >= 1) is
 * shifted east/south on a square layout and renumbers its townships 3xx so every derived code
 * (work area, village, grid, building, household ...) stays unique.
 *
 * @param index     0-based copy number
 * @param dxUnits   eastward shift in 1e-7 degree
 * @param dyUnits   northward shift in 1e-7 degree
 * @param townships base township codes in order (to number the copies)
 */
record Replica(int index, long dxUnits, long dyUnits, List<String> townships) {

  /** A copy is moved by 0.25 degree per column and 0.2 degree per row: the district is smaller. */
  static final long COLUMN_UNITS = 2_500_000L;
  static final long ROW_UNITS = 2_000_000L;

  Replica {
    townships = List.copyOf(townships);
  }

  static Replica of(int index, int scale, List<String> townshipCodes) {
    int columns = (int) Math.ceil(Math.sqrt(scale));
    return new Replica(index, (index % columns) * COLUMN_UNITS, -(index / columns) * ROW_UNITS, townshipCodes);
  }

  String township(String code12) {
    return prefix9(code12) + code12.substring(9);
  }

  String workArea(String code) {
    return prefix9(code) + code.substring(9);
  }

  String village(String code12) {
    return prefix9(code12) + code12.substring(9);
  }

  String grid(String code15) {
    return prefix9(code15) + code15.substring(9);
  }

  /** Names of copies carry the copy number: 洛阳村-2. */
  String name(String name) {
    return index == 0 ? name : name + "-" + (index + 1);
  }

  private String prefix9(String code) {
    if (index == 0) {
      return code.substring(0, 9);
    }
    int t = -1;
    for (int i = 0; i < townships.size(); i++) {
      if (townships.get(i).startsWith(code.substring(0, 9))) {
        t = i;
      }
    }
    if (t < 0) {
      throw new IllegalArgumentException("not a code of the district: " + code);
    }
    return code.substring(0, 6) + Digits.pad(300 + townships.size() * (index - 1) + t, 3);
  }
}
