package org.gridscape.server.print;

import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * The district's overview sheet: every village with its number of grids, grouped by township.
 *
 * @param printedOn the print date (district time)
 * @param software  the GridScape version that drew it
 */
public record DistrictSheet(String code, String name, List<Township> townships, List<Village> villages,
    LocalDate printedOn, String software) {

  public DistrictSheet {
    if (code == null || name == null || printedOn == null) {
      throw new IllegalArgumentException("code, name and date required");
    }
    townships = List.copyOf(townships);
    villages = List.copyOf(villages);
  }

  /** A township: code, name, boundary (may be null). */
  public record Township(String code, String name, Geometry boundary) {}

  /** A village with its township's code and its number of grids (retired ones not counted). */
  public record Village(String code, String name, String townshipCode, Geometry boundary, int grids, int residents) {
    public Village {
      if (code == null || name == null) {
        throw new IllegalArgumentException("code and name required");
      }
    }
  }

  /** Grids of all villages. */
  public int grids() {
    return villages.stream().mapToInt(Village::grids).sum();
  }
}
