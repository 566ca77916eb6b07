package org.gridscape.server.patrol;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * One recorded position of a patrol, as the phone sends it.
 *
 * @param id       the phone's id of the point, unique within its patrol (1-40 of {@code A-Z a-z 0-9 . _ : -})
 * @param t        when it was recorded
 * @param accuracy the phone's accuracy radius in metres (null when unknown)
 */
public record TrackPoint(String id, OffsetDateTime t, double lon, double lat, Double accuracy) {

  static final Pattern POINT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,40}");

  public TrackPoint {
    if (id == null || !POINT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id: 1-40 letters, digits or . _ : -");
    }
    if (t == null) {
      throw new IllegalArgumentException("t: a time is required");
    }
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("lon: a longitude of -180..180 is required");
    }
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("lat: a latitude of -90..90 is required");
    }
    if (accuracy != null && !(accuracy >= 0 && accuracy <= 100_000)) {
      throw new IllegalArgumentException("accuracy: metres, 0..100000");
    }
  }
}
