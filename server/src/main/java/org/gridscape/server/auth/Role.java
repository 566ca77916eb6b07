package org.gridscape.server.auth;

import java.util.Locale;

/** What a user may do (DESIGN.md, Security). */
public enum Role {
  ADMIN, PLANNER, LEADER, DEPARTMENT, GRIDWORKER, APICLIENT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + id + "'", e);
    }
  }
}
