package org.gridscape.server.change;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One entry of the change log as readers get it. */
public record ChangeEntry(long seq, ChangeKind kind, String id, String region, Long version, OffsetDateTime at) {

  /** {@code {"seq","kind","id","region","version","at"}}; region and version may be null. */
  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("kind", kind.id()).put("id", id).put("region", region)
        .put("version", version).put("at", at.withOffsetSameInstant(ZoneOffset.UTC).toString());
  }
}
