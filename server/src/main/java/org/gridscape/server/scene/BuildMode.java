package org.gridscape.server.scene;

import java.util.Locale;

/** What a scene build covers. */
public enum BuildMode {
  /** Every published grid is extruded again and every tileset.json rewritten. */
  ALL,
  /** Only grids marked dirty (and grids never built) are extruded; the tilesets above them are rewritten. */
  DIRTY;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "all" or "dirty" (any case). */
  public static BuildMode parse(String text) {
    for (BuildMode mode : values()) {
      if (mode.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be \"all\" or \"dirty\", not \"" + text + "\"");
  }
}
