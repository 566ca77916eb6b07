package org.gridscape.server.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** code -> {name, level, parent}. */
record RegionTree(Map<String, String[]> byCode) {

  boolean contains(String code) {
    return byCode.containsKey(code);
  }

  String level(String code) {
    return byCode.containsKey(code) ? byCode.get(code)[1] : "unknown";
  }

  Map<String, String> names() {
    Map<String, String> out = new HashMap<>();
    byCode.forEach((code, v) -> out.put(code, v[0]));
    return out;
  }

  boolean under(String village, String ancestor) {
    for (String c = village; c != null; c = parent(c)) {
      if (c.equals(ancestor)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The child of {@code top} on the way up from the village; with top null, the district's child
   * (the township). Villages missing from the hierarchy stand for themselves.
   */
  String childOnPath(String village, String top) {
    List<String> path = new ArrayList<>();
    for (String c = village; c != null && !path.contains(c); c = parent(c)) {
      path.add(c);
    }
    if (top == null) {
      int root = path.size() - 1;
      if (root >= 1 && "district".equals(level(path.get(root)))) {
        return path.get(root - 1);
      }
      return byCode.isEmpty() ? village.substring(0, 9) + "000" : path.get(root);
    }
    int i = path.indexOf(top);
    return i > 0 ? path.get(i - 1) : village;
  }

  String township(String village) {
    for (String c = village; c != null; c = parent(c)) {
      if ("township".equals(level(c))) {
        return c;
      }
    }
    return village.substring(0, 9) + "000";
  }

  private String parent(String code) {
    String[] v = byCode.get(code);
    return v == null ? null : v[2];
  }
}
