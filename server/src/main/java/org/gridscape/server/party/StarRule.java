package org.gridscape.server.party;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published rule from duty points to stars (docs/APPRAISAL.md): one star for every member, one
 * more for each threshold the balance reaches. The thresholds are the ones the sample district's
 * imported stars were given by, so an imported member keeps their stars when the ledger opens.
 *
 * @param thresholds balances at which the 2nd, 3rd, ... star is earned, ascending
 * @param visitPoints points earned by one visit to a linked household
 */
public record StarRule(List<Integer> thresholds, int visitPoints) {

  public static final StarRule PUBLISHED = new StarRule(List.of(60, 70, 80, 90), 2);

  public StarRule {
    thresholds = List.copyOf(thresholds);
    for (int i = 1; i < thresholds.size(); i++) {
      if (thresholds.get(i) <= thresholds.get(i - 1)) {
        throw new IllegalArgumentException("thresholds must ascend: " + thresholds);
      }
    }
    if (thresholds.size() > 4 || visitPoints <= 0) {
      throw new IllegalArgumentException("at most 4 thresholds (5 stars) and positive visit points");
    }
  }

  public int stars(int balance) {
    int stars = 1;
    for (int threshold : thresholds) {
      if (balance >= threshold) {
        stars++;
      }
    }
    return stars;
  }

  /** The rule as the API returns it. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("starThresholds", thresholds);
    out.put("visitPoints", visitPoints);
    out.put("text", "1 star, plus one at each of " + thresholds + " points; " + visitPoints
        + " points per visit to a linked household");
    return out;
  }
}
