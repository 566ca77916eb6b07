package org.gridscape.server.event;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One step taken on an event, as recorded.
 *
 * @param action    the action code, or {@code report} / {@code import} for how the event arrived
 * @param fromStep  the step before, null when the event arrived
 * @param toStep    the step after
 * @param actorRole the role the actor acted in
 */
public record EventStep(String action, Step fromStep, Step toStep, String actor, String actorRole, String note,
    OffsetDateTime at) {

  public EventStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(toStep, "toStep");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    if (note != null && note.length() > 2000) {
      throw new IllegalArgumentException("a note has at most 2000 characters");
    }
  }
}
