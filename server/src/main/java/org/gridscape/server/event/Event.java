package org.gridscape.server.event;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One event as stored.
 *
 * @param gridCode     the published grid containing the location (15 digits)
 * @param escalation   whose command dispatches it
 * @param assignee     the user it is dispatched to, or null before dispatch
 * @param assigneeKind {@code department} or {@code gridworker}, with the assignee
 * @param handledBy    who last reported it handled (may not verify it)
 * @param reporter     user name of the reporter; personal data, kept out of layers
 * @param reporterName name of a resident who reported it; personal data, kept out of layers
 * @param origin       {@code report} (through the API) or {@code import}
 * @param reportedMode the district mode when it was reported (its deadline depends on it)
 */
public record Event(String id, EventCategory category, EventLevel level, String title, String description,
    double lon, double lat, String gridCode, Step step, Escalation escalation, String assignee, String assigneeKind,
    String handledBy, boolean supervised, int reopenCount, String reporter, String reporterName, String origin,
    DistrictMode reportedMode, OffsetDateTime reportedAt, OffsetDateTime deadline, OffsetDateTime closedAt,
    int version) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(escalation, "escalation");
    Objects.requireNonNull(reportedMode, "reportedMode");
    Objects.requireNonNull(reportedAt, "reportedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (gridCode == null || !gridCode.matches("\\d{15}")) {
      throw new IllegalArgumentException("grid code must be 15 digits, got '" + gridCode + "'");
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("title required");
    }
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("location out of range: " + lon + "," + lat);
    }
    if ((step == Step.CLOSED) != (closedAt != null)) {
      throw new IllegalArgumentException("closedAt is set exactly when the step is closed");
    }
  }

  public String villageCode() {
    return gridCode.substring(0, 12);
  }

  public boolean overdue(OffsetDateTime now) {
    return Deadlines.overdue(deadline, closedAt, now);
  }
}
