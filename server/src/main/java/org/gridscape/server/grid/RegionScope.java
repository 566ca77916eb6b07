package org.gridscape.server.grid;

import java.util.Collection;
import java.util.List;
import org.gridscape.server.auth.Principal;

/**
 * A part of the district, as code prefixes: a region, village or grid code is in the scope when it
 * starts with one of them ({@link #covers}). The whole district is the empty prefix, which starts
 * every code ({@link #ALL}); no prefixes at all is a scope that holds nothing.
 *
 * <p>Two kinds of scope, one rule:
 * <ul>
 *   <li>what a caller may read ({@link #of}): the region codes an API client was given, each as its
 *       significant prefix ({@code 350521104} for the township {@code 350521104000}); OGC API
 *       Features, vector tiles and the base map keep the rows whose region column starts with one;
 *   <li>what a region's figures count ({@link #exactly}): the whole codes of the villages under a
 *       district, township, work area or village (a work area's villages share no prefix of their
 *       own, so they are listed), or the one grid's code; {@code /api/v1/regions/{code}/stats}.
 * </ul>
 * A grid code (15 digits) never starts a village code (12), so a grid's scope holds the grid and
 * what lies in it, never its village's own rows.
 */
public record RegionScope(List<String> prefixes) {

  /** The whole district. */
  public static final RegionScope ALL = new RegionScope(List.of(""));

  public RegionScope {
    prefixes = List.copyOf(prefixes);
  }

  /**
   * The scope of region codes as users are given them (trailing zero groups are not significant);
   * blank codes are left out.
   */
  public static RegionScope of(List<String> codes) {
    return new RegionScope(codes.stream().map(String::trim).filter(c -> !c.isEmpty())
        .map(Principal::significantPrefix).distinct().sorted().toList());
  }

  /** The codes themselves as prefixes: the villages under a region, or one grid. */
  public static RegionScope exactly(Collection<String> codes) {
    return new RegionScope(codes.stream().distinct().sorted().toList());
  }

  /** Whether the scope is the whole district. */
  public boolean all() {
    return prefixes.contains("");
  }

  public boolean covers(String code) {
    if (code == null) {
      return false;
    }
    for (String prefix : prefixes) {
      if (code.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Part of cache keys: empty for the whole district, {@code none} for an empty scope. */
  public String key() {
    if (all()) {
      return "";
    }
    return prefixes.isEmpty() ? "none" : String.join(",", prefixes);
  }
}
