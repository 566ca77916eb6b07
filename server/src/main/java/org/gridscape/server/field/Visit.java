package org.gridscape.server.field;

import java.time.OffsetDateTime;

/**
 * A grid worker's check-in at a building (入户走访), as stored in {@code visit} (V18).
 *
 * @param distanceM how far the reported position was from the building's footprint (0 inside it)
 * @param flagged   whether that is farther than {@link VisitService#TOLERANCE_M}
 * @param photoType the content type of the photo, null without one
 */
public record Visit(String id, String worker, String gridCode, String villageCode, String buildingId,
    String householdId, String memberId, String patrolId, OffsetDateTime visitedAt, double lon, double lat,
    Double accuracy, double distanceM, boolean flagged, String note, String photoType) {}
