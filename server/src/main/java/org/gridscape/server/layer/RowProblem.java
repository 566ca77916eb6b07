package org.gridscape.server.layer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why one row of an upload cannot be imported. {@code position} is the line in a CSV file (the
 * header is line 1) or the 1-based item in a JSON array. Messages name ids and columns but never
 * echo personal values (names, ID numbers, phones).
 */
public record RowProblem(boolean json, int position, String column, String rule, String message) {

  public RowProblem {
    if (position < 0 || rule == null || message == null) {
      throw new IllegalArgumentException("a problem needs a position, a rule and a message");
    }
  }

  /** The problem as it appears in the {@code details} of an error response. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(json ? "item" : "line", position);
    if (column != null) {
      map.put("column", column);
    }
    map.put("rule", rule);
    map.put("message", message);
    return map;
  }

  @Override
  public String toString() {
    return (json ? "item " : "line ") + position + (column == null ? "" : " (" + column + ")") + ": " + message;
  }
}
