package org.gridscape.server.event;

import java.time.OffsetDateTime;

/**
 * What a list of events is narrowed to; null fields do not filter.
 *
 * @param villagePrefix a village code (12 digits) or any code prefix the grid code must start with
 * @param open          true: not closed; false: closed
 * @param overdueAt     only events open and past their deadline at this time
 * @param bbox          minLon, minLat, maxLon, maxLat
 */
public record EventFilter(String grid, String villagePrefix, EventCategory category, Step step, Boolean open,
    Boolean supervised, OffsetDateTime overdueAt, double[] bbox) {

  public EventFilter {
    if (grid != null && !grid.matches("\\d{15}")) {
      throw new IllegalArgumentException("grid must be a 15-digit grid code");
    }
    if (villagePrefix != null && !villagePrefix.matches("\\d{1,15}")) {
      throw new IllegalArgumentException("village must be digits");
    }
    if (bbox != null) {
      if (bbox.length != 4 || !(bbox[0] <= bbox[2] && bbox[1] <= bbox[3])) {
        throw new IllegalArgumentException("bbox must be minLon,minLat,maxLon,maxLat");
      }
      bbox = bbox.clone();
    }
  }

  public static EventFilter none() {
    return new EventFilter(null, null, null, null, null, null, null, null);
  }
}
