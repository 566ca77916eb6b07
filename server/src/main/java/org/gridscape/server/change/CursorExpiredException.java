package org.gridscape.server.change;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A reader asked for changes after a cursor whose following entries have been pruned (older than
 * the retention): it cannot be told what changed there and must read the current state again, then
 * follow from {@code oldest - 1}. Refused as gone (410).
 */
public final class CursorExpiredException extends DomainException {

  private static final long serialVersionUID = 1L;

  private final long since;
  private final long oldest;

  public CursorExpiredException(long since, long oldest) {
    super(Refusal.GONE, "cursor_expired", "changes after " + since + " are no longer kept (the change log keeps "
        + "entries from " + oldest + " on): read the current state again, then follow the feed with since="
        + (oldest - 1), List.of(new JsonObject().put("since", since).put("oldest", oldest).put("resumeFrom", oldest - 1)));
    this.since = since;
    this.oldest = oldest;
  }

  public long since() {
    return since;
  }

  /** The oldest entry kept (head + 1 when the log holds none). */
  public long oldest() {
    return oldest;
  }
}
