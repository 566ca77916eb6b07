package org.gridscape.server.print;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid's workers as one legend cell: the grid's own workers of the three networks (社区, 综治, 警务)
 * by name where names may be shown, else by number; part-time workers and organ cadres counted
 * together as 兼职 (they cover many grids each and would crowd the cell).
 */
final class WorkerText {

  /** Types in the order the cell lists them, with their short labels. */
  private static final Map<String, String> CORE = new LinkedHashMap<>();

  static {
    CORE.put("community", "社区");
    CORE.put("comprehensive", "综治");
    CORE.put("police", "警务");
  }

  private WorkerText() {}

  static String of(List<VillageSheet.Worker> workers, VillageSheet.WorkerNames names) {
    if (workers.isEmpty()) {
      return "—";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> type : CORE.entrySet()) {
      List<VillageSheet.Worker> ofType = workers.stream().filter(w -> w.type().equals(type.getKey())).toList();
      if (ofType.isEmpty()) {
        continue;
      }
      if (names == VillageSheet.WorkerNames.HIDDEN) {
        parts.add(type.getValue() + " " + ofType.size());
      } else {
        parts.add(type.getValue() + " " + String.join("、", ofType.stream()
            .map(w -> w.name() == null || w.name().isBlank() ? "?" : w.name()).toList()));
      }
    }
    long partTime = workers.stream().filter(w -> !CORE.containsKey(w.type())).count();
    if (partTime > 0) {
      parts.add("兼职 " + partTime);
    }
    return String.join(" · ", parts);
  }
}
