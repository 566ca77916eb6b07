package org.gridscape.server.ogc;

import java.util.List;
import org.gridscape.server.auth.Principal;

/**
 * The regions a caller may read layer features in, as code prefixes (a township's or village's
 * significant code: {@code 350521104}, {@code 350521104201}); no prefixes means the whole district.
 * A feature is in scope when its region code (its own, or its village's; see
 * {@link Layer#regionColumn()}) starts with one of them.
 */
public record RegionScope(List<String> prefixes) {

  public static final RegionScope ALL = new RegionScope(List.of());

  public RegionScope {
    prefixes = List.copyOf(prefixes);
    for (String prefix : prefixes) {
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("a region prefix must not be empty");
      }
    }
  }

  /** The scope of region codes as users are given them (trailing zero groups are not significant). */
  public static RegionScope of(List<String> codes) {
    return new RegionScope(codes.stream().map(String::trim).filter(c -> !c.isEmpty())
        .map(Principal::significantPrefix).distinct().sorted().toList());
  }

  /** The prefix as a LIKE pattern (escape character backslash) matching every code it starts. */
  static String likePattern(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  public boolean all() {
    return prefixes.isEmpty();
  }

  public boolean covers(String code) {
    if (all()) {
      return true;
    }
    for (String prefix : prefixes) {
      if (code != null && code.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Part of cache keys: empty for the whole district. */
  public String key() {
    return all() ? "" : String.join(",", prefixes);
  }
}
