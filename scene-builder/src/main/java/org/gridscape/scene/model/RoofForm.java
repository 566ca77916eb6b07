package org.gridscape.scene.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The shape of a building's roof. Pitched forms keep the building's height as the mean of eaves
 * and ridge (the rule of GB 50352 for the height of a pitched-roof building): see {@code Extruder}.
 */
public enum RoofForm {
  FLAT, GABLE, HIP;

  /** Percentage of village houses, by the hash of their id, that get a gable roof, then a hip roof. */
  static final int GABLE_PERCENT = 45;
  static final int HIP_PERCENT = 25;

  /**
   * The roof a building is drawn with: its own {@link Building#roof()} when the data gives one;
   * otherwise a pitched roof for most village houses (residential buildings in standard and
   * resettlement grids: 45% gable, 25% hip, the rest flat, chosen by a hash of the building id so
   * the same building always gets the same roof), and flat for everything else (compounds,
   * enterprises, shops, factories, public buildings). The extruder falls back to flat when the
   * footprint is not a rectangle.
   */
  public static RoofForm choose(Building building, GridKind gridKind) {
    if (building.roof() != null) {
      return building.roof();
    }
    boolean villageGrid = gridKind == GridKind.STANDARD || gridKind == GridKind.RESETTLEMENT;
    if (!villageGrid || !isResidential(building.use())) {
      return FLAT;
    }
    int bucket = Integer.remainderUnsigned(fnv1a(building.id()), 100);
    if (bucket < GABLE_PERCENT) {
      return GABLE;
    }
    return bucket < GABLE_PERCENT + HIP_PERCENT ? HIP : FLAT;
  }

  /**
   * Parses a data value: {@code flat}, {@code gable}, {@code hip} (any case) or the Chinese terms
   * of plans (平顶/平屋顶; 双坡/坡顶/人字/硬山/悬山; 四坡/庑殿/歇山); null when blank or unknown.
   */
  public static RoofForm parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    switch (v) {
      case "平", "平顶", "平屋顶", "平屋面" -> {
        return FLAT;
      }
      case "双坡", "双坡顶", "坡顶", "坡屋顶", "人字", "人字顶", "硬山", "悬山" -> {
        return GABLE;
      }
      case "四坡", "四坡顶", "庑殿", "庑殿顶", "歇山", "歇山顶" -> {
        return HIP;
      }
      default -> {
        try {
          return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
  }

  static boolean isResidential(String use) {
    String u = use.strip().toLowerCase(Locale.ROOT);
    return u.equals("residential") || u.equals("住宅") || u.equals("居住");
  }

  /** FNV-1a over the UTF-8 bytes: specified here, so the choice never depends on the JDK. */
  static int fnv1a(String text) {
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= 0x01000193;
    }
    return hash;
  }
}
