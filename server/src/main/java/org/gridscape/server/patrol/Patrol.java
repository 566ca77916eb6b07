package org.gridscape.server.patrol;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A patrol as stored: who, where, when, and the running figures of its track.
 *
 * @param worker        the user name that recorded it (the sample's worker ids for its patrols)
 * @param outsidePoints points farther than {@link PatrolService#OUTSIDE_TOLERANCE_M} from every grid of the worker
 * @param distanceM     length of the track in metres, its points in time order
 */
public record Patrol(String id, String worker, String gridCode, OffsetDateTime startedAt, OffsetDateTime endedAt,
    int points, int outsidePoints, double distanceM, OffsetDateTime firstAt, OffsetDateTime lastAt) {

  public boolean ended() {
    return endedAt != null;
  }

  /** Whether part of the track lies outside the worker's grids. */
  public boolean flagged() {
    return outsidePoints > 0;
  }

  public String villageCode() {
    return gridCode.substring(0, 12);
  }

  /** From the start to the end (or to the last point while under way). */
  public Duration duration() {
    OffsetDateTime until = endedAt != null ? endedAt : lastAt;
    return until == null || until.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, until);
  }
}
