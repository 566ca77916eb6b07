package org.gridscape.server.layer;

import java.util.Locale;

/** Kinds of needy households (困难群众) the assistance layer tracks. */
public enum AssistanceCategory {
  DIBAO, TEKUN, DIBAO_EDGE, DISABLED, ELDERLY_ALONE, LEFT_BEHIND_CHILD;

  /** The wire and file name: dibao, tekun, dibao_edge, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static AssistanceCategory of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
