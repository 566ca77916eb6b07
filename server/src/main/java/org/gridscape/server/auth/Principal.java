package org.gridscape.server.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: a user name, roles and the region codes the user may act on (empty: everywhere).
 * A scope covers a region or grid when the scope's significant prefix (its code without trailing
 * zero groups: district 350521, township 350521104, village 350521104201) starts the code.
 */
public record Principal(String username, Set<Role> roles, List<String> scopes) {

  public Principal {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("username required");
    }
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    scopes = List.copyOf(scopes);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... wanted) {
    for (Role role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this principal may act on the region or grid with this code. */
  public boolean covers(String code) {
    if (scopes.isEmpty() || has(Role.ADMIN)) {
      return true;
    }
    for (String scope : scopes) {
      if (code.startsWith(significantPrefix(scope))) {
        return true;
      }
    }
    return false;
  }

  public static String significantPrefix(String code) {
    String s = code;
    while (s.length() > 6 && s.endsWith("000") && s.length() <= 12) {
      s = s.substring(0, s.length() - 3);
    }
    return s;
  }
}
