package org.gridscape.server.grid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks the codes of one village's grid set against the coding rules. */
public final class GridCodeRules {

  /**
   * One broken rule.
   *
   * @param index   position of the grid in the set
   * @param code    the code as given
   * @param reason  which rule
   * @param message human-readable explanation naming the code
   */
  public record Problem(int index, String code, GridCodeException.Reason reason, String message) {
  }

  private GridCodeRules() {
  }

  /**
   * Finds malformed codes, codes of another village, and codes used more than once (each repeat is
   * reported, naming the first use). Null or blank codes are skipped: they are assigned later.
   */
  public static List<Problem> check(String villageCode, List<String> codes) {
    GridCode.requireVillageCode(villageCode);
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < codes.size(); i++) {
      String code = codes.get(i);
      if (code == null || code.isBlank()) {
        continue;
      }
      try {
        GridCode.parseInVillage(code.strip(), villageCode);
      } catch (GridCodeException e) {
        problems.add(new Problem(i, code, e.reason(), e.getMessage()));
        continue;
      }
      Integer first = firstUse.putIfAbsent(code.strip(), i);
      if (first != null) {
        problems.add(new Problem(i, code, GridCodeException.Reason.DUPLICATE,
            "grid code " + code.strip() + " is used by grids " + first + " and " + i));
      }
    }
    return problems;
  }
}
