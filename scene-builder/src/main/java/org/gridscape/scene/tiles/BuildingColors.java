package org.gridscape.scene.tiles;

import java.util.Locale;
import org.gridscape.scene.model.RoofForm;

/**
 * Facade and roof colours by building use, written as vertex colours (COLOR_0) so a client
 * that applies no style shows what a building is at a glance. Themes in the viewer replace them
 * per feature. Defined in sRGB and stored linear, as glTF wants vertex colours.
 */
final class BuildingColors {
  private static final int RESIDENTIAL_FACADE = linear(0xE8DCC8); // warm plaster
  private static final int TILED_ROOF = linear(0xA4493D); // terracotta tiles of village houses
  private static final int CONCRETE_ROOF = linear(0xA29C92); // flat concrete roof
  private static final int COMMERCIAL_FACADE = linear(0xD9D4CC);
  private static final int COMMERCIAL_ROOF = linear(0x6F7378);
  private static final int INDUSTRIAL_FACADE = linear(0xC9D1D9);
  private static final int INDUSTRIAL_ROOF = linear(0x5B7A99); // steel sheet
  private static final int PUBLIC_FACADE = linear(0xE6E1D3);
  private static final int PUBLIC_ROOF = linear(0x7A8F6A);
  private static final int OTHER_FACADE = linear(0xD8D8D4);
  private static final int OTHER_ROOF = linear(0x8A8A86);

  private BuildingColors() {}

  private enum Kind { RESIDENTIAL, COMMERCIAL, INDUSTRIAL, PUBLIC, OTHER }

  private static Kind kind(String use) {
    String u = use.strip().toLowerCase(Locale.ROOT);
    if (u.equals("residential") || u.contains("住")) {
      return Kind.RESIDENTIAL;
    }
    if (u.equals("commercial") || u.contains("shop") || u.contains("商")) {
      return Kind.COMMERCIAL;
    }
    if (u.equals("enterprise") || u.contains("factory") || u.contains("industr") || u.contains("warehouse")
        || u.contains("工") || u.contains("厂")) {
      return Kind.INDUSTRIAL;
    }
    if (u.isEmpty()) {
      return Kind.OTHER;
    }
    return Kind.PUBLIC; // school, clinic, village committee, Party service centre ...
  }

  static int facade(String use) {
    return switch (kind(use)) {
      case RESIDENTIAL -> RESIDENTIAL_FACADE;
      case COMMERCIAL -> COMMERCIAL_FACADE;
      case INDUSTRIAL -> INDUSTRIAL_FACADE;
      case PUBLIC -> PUBLIC_FACADE;
      case OTHER -> OTHER_FACADE;
    };
  }

  static int roof(String use, RoofForm form) {
    return switch (kind(use)) {
      case RESIDENTIAL -> form == RoofForm.FLAT ? CONCRETE_ROOF : TILED_ROOF;
      case COMMERCIAL -> COMMERCIAL_ROOF;
      case INDUSTRIAL -> INDUSTRIAL_ROOF;
      case PUBLIC -> PUBLIC_ROOF;
      case OTHER -> OTHER_ROOF;
    };
  }

  /** sRGB 0xRRGGBB to linear 0xRRGGBB (StrictMath: the same bytes on every JVM). */
  static int linear(int srgb) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double c = ((srgb >> shift) & 0xFF) / 255.0;
      double l = c <= 0.04045 ? c / 12.92 : StrictMath.pow((c + 0.055) / 1.055, 2.4);
      out |= (int) Math.round(l * 255) << shift;
    }
    return out;
  }
}
