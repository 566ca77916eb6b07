package org.gridscape.scene.tiles;

import org.gridscape.scene.model.RegionLevel;

/**
 * The layout of a scene: a flat, predictable tree so any file's path follows from a code.
 * <pre>
 * tileset.json                  the root region (normally the district)
 * d|t|w|v/&lt;code&gt;/tileset.json  other districts, townships, work areas, villages
 * g/&lt;gridCode&gt;/tileset.json    one per unit grid
 * content/&lt;sha256-16&gt;.glb      content-addressed, immutable
 * </pre>
 * References between files are relative URIs.
 */
public final class TilePaths {
  public static final String ROOT = "tileset.json";
  public static final String CONTENT_DIR = "content/";

  private TilePaths() {}

  public static String region(RegionLevel level, String code) {
    String prefix = switch (level) {
      case DISTRICT -> "d";
      case TOWNSHIP -> "t";
      case WORK_AREA -> "w";
      case VILLAGE -> "v";
    };
    return prefix + "/" + code + "/tileset.json";
  }

  public static String grid(String gridCode) {
    return "g/" + gridCode + "/tileset.json";
  }

  public static String content(String hashPrefix) {
    return CONTENT_DIR + hashPrefix + ".glb";
  }

  /** URI of {@code target} relative to the file {@code from} (both scene paths). */
  public static String relative(String from, String target) {
    int depth = 0;
    for (int i = 0; i < from.length(); i++) {
      if (from.charAt(i) == '/') {
        depth++;
      }
    }
    return "../".repeat(depth) + target;
  }
}
