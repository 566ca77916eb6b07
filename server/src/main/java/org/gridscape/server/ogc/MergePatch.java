package org.gridscape.server.ogc;

import io.vertx.core.json.JsonObject;

/** JSON merge patch (RFC 7396), the body of a Part 4 PATCH: objects merge, null removes, anything else replaces. */
final class MergePatch {

  private MergePatch() {}

  /** The target with the patch applied; neither argument is changed. */
  static Object apply(Object target, Object patch) {
    if (!(patch instanceof JsonObject p)) {
      return patch;
    }
    JsonObject out = target instanceof JsonObject t ? t.copy() : new JsonObject();
    for (String name : p.fieldNames()) {
      Object value = p.getValue(name);
      if (value == null) {
        out.remove(name);
      } else {
        out.put(name, apply(out.getValue(name), value));
      }
    }
    return out;
  }
}
