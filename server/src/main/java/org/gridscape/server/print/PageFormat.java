package org.gridscape.server.print;

import java.util.Locale;

/**
 * The sheet a map is printed on: ISO 216 A3 or A4, landscape or portrait, in PDF points (1/72 inch).
 *
 * @param paper     A3 or A4
 * @param landscape whether the long side runs across
 */
public record PageFormat(Paper paper, boolean landscape) {

  private static final double POINTS_PER_MM = 72 / 25.4;

  /** ISO 216 sizes in millimetres, short side first. */
  public enum Paper {
    A3(297, 420), A4(210, 297);

    private final int shortMm;
    private final int longMm;

    Paper(int shortMm, int longMm) {
      this.shortMm = shortMm;
      this.longMm = longMm;
    }
  }

  public PageFormat {
    if (paper == null) {
      throw new IllegalArgumentException("paper required");
    }
  }

  /** A3 landscape: the usual size of a village's 网格分布图 on a wall. */
  public static PageFormat defaults() {
    return new PageFormat(Paper.A3, true);
  }

  /**
   * From the query parameters {@code size} (A3, A4; default A3) and {@code orientation} (landscape,
   * portrait; default landscape); a 400 naming the parameter for anything else.
   */
  public static PageFormat parse(String size, String orientation) {
    Paper paper;
    if (size == null || size.isBlank()) {
      paper = Paper.A3;
    } else {
      try {
        paper = Paper.valueOf(size.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw PrintException.invalid("size", "size must be A3 or A4, got '" + size + "'");
      }
    }
    boolean landscape;
    if (orientation == null || orientation.isBlank()) {
      landscape = true;
    } else {
      landscape = switch (orientation.strip().toLowerCase(Locale.ROOT)) {
        case "landscape" -> true;
        case "portrait" -> false;
        default -> throw PrintException.invalid("orientation",
            "orientation must be landscape or portrait, got '" + orientation + "'");
      };
    }
    return new PageFormat(paper, landscape);
  }

  /** Page width in points. */
  public double width() {
    return (landscape ? paper.longMm : paper.shortMm) * POINTS_PER_MM;
  }

  /** Page height in points. */
  public double height() {
    return (landscape ? paper.shortMm : paper.longMm) * POINTS_PER_MM;
  }

  /** How much smaller than A3 the sheet is (1 for A3, about 0.71 for A4): type and margins scale with it. */
  public double factor() {
    return paper == Paper.A3 ? 1.0 : Math.sqrt(0.5);
  }

  /** e.g. {@code A3 landscape}. */
  public String label() {
    return paper.name() + (landscape ? " landscape" : " portrait");
  }
}
