package org.gridscape.server.change;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One delivery attempt of a webhook: the changes it carried, its outcome ({@code delivered} or
 * {@code failed}), the receiver's HTTP status (null when none came) and the error.
 */
public record WebhookDelivery(long id, long firstSeq, long lastSeq, int attempt, String outcome, Integer httpStatus,
    String error, int durationMs, OffsetDateTime attemptedAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("firstSeq", firstSeq).put("lastSeq", lastSeq).put("attempt", attempt)
        .put("outcome", outcome).put("httpStatus", httpStatus).put("error", error).put("durationMs", durationMs)
        .put("attemptedAt", attemptedAt.toString());
  }
}
