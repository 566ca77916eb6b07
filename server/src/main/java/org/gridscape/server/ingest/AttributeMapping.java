package org.gridscape.server.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which source attribute fills which building field. Explicit entries (target -> source field name,
 * e.g. {@code floors -> "LAYERS"}) win; otherwise the usual English and Chinese names are tried, in
 * order, ignoring case: see {@link #DEFAULT_ALIASES}.
 *
 * @param explicit target field -> source field name; targets are {@link #TARGETS}
 */
public record AttributeMapping(Map<String, String> explicit) {

  /** The building fields a mapping can fill. */
  public static final Set<String> TARGETS = Set.of("id", "floors", "height", "use", "structure", "year", "roof");

  /** Field names tried for each target when the mapping does not name one. */
  public static final Map<String, List<String>> DEFAULT_ALIASES = Map.of(
      "id", List.of("id", "bid", "building_id", "fid_code", "编号", "建筑编号", "房屋编号", "楼栋编号", "ID号"),
      "floors", List.of("floors", "floor", "levels", "storeys", "stories", "层数", "楼层", "楼层数", "地上层数", "建筑层数", "房屋层数"),
      "height", List.of("height", "h", "高度", "建筑高度", "房屋高度", "楼高"),
      "use", List.of("use", "usage", "function", "用途", "房屋用途", "建筑用途", "使用功能", "功能"),
      "structure", List.of("structure", "struct", "结构", "建筑结构", "房屋结构", "结构类型"),
      "year", List.of("year", "year_built", "built", "建成年份", "建成年代", "建造年份", "建造年代", "建筑年代", "竣工年份"),
      "roof", List.of("roof", "roof_type", "roof_form", "屋顶", "屋顶形式", "屋面形式", "屋顶类型"));

  public AttributeMapping {
    Map<String, String> copy = new LinkedHashMap<>();
    if (explicit != null) {
      for (Map.Entry<String, String> e : explicit.entrySet()) {
        String target = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT).strip();
        if (!TARGETS.contains(target)) {
          throw new IllegalArgumentException("unknown building field '" + e.getKey() + "'; mappable fields are " + TARGETS);
        }
        if (e.getValue() == null || e.getValue().isBlank()) {
          throw new IllegalArgumentException("mapping for '" + target + "' names no source field");
        }
        copy.put(target, e.getValue().strip());
      }
    }
    explicit = Map.copyOf(copy);
  }

  /** Only the default names. */
  public static AttributeMapping defaults() {
    return new AttributeMapping(Map.of());
  }

  /**
   * The source field for a target among the fields the layer has, or null when none matches.
   *
   * @param available field names present in the layer
   */
  public String sourceField(String target, Set<String> available) {
    String wanted = explicit.get(target);
    if (wanted != null) {
      return findIgnoringCase(wanted, available);
    }
    for (String alias : DEFAULT_ALIASES.get(target)) {
      String found = findIgnoringCase(alias, available);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String findIgnoringCase(String name, Set<String> available) {
    if (available.contains(name)) {
      return name;
    }
    for (String a : available) {
      if (a.equalsIgnoreCase(name)) {
        return a;
      }
    }
    return null;
  }
}
