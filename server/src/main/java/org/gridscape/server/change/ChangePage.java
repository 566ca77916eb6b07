package org.gridscape.server.change;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of the change log and the cursor to ask for the next one with. */
public record ChangePage(List<ChangeEntry> changes, long next) {

  public ChangePage {
    changes = List.copyOf(changes);
  }

  /** {@code {"changes": [...], "next": cursor}}. */
  public JsonObject toJson() {
    JsonArray out = new JsonArray();
    changes.forEach(c -> out.add(c.toJson()));
    return new JsonObject().put("changes", out).put("next", next);
  }
}
