package org.gridscape.server.ogc;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.gridscape.server.http.ApiException;

/**
 * The {@code datetime} parameter (OGC API - Features 1.0, 7.15.4): an instant, a date (the whole
 * day, UTC) or an interval {@code start/end} where either end may be open ({@code ..} or empty).
 * A null bound is open.
 */
public record TimeRange(OffsetDateTime from, OffsetDateTime to) {

  public TimeRange {
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badRequest("datetime: the interval ends before it starts");
    }
  }

  public static TimeRange parse(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    if (slash < 0) {
      if (value.isEmpty() || value.equals("..")) {
        throw ApiException.badRequest("datetime must be an instant or an interval, got '" + text + "'");
      }
      return new TimeRange(bound(value, false), bound(value, true));
    }
    String start = value.substring(0, slash).trim();
    String end = value.substring(slash + 1).trim();
    if (end.indexOf('/') >= 0 || isOpen(start) && isOpen(end)) {
      throw ApiException.badRequest("datetime: an interval needs at least one bound, got '" + text + "'");
    }
    return new TimeRange(isOpen(start) ? null : bound(start, false), isOpen(end) ? null : bound(end, true));
  }

  private static boolean isOpen(String bound) {
    return bound.isEmpty() || bound.equals("..");
  }

  /** A date-time as it is; a date as its first (or, for an upper bound, last) instant in UTC. */
  private static OffsetDateTime bound(String text, boolean upper) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return upper ? day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(1000)
            : day.atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("datetime: '" + text + "' is not an RFC 3339 date or date-time");
    }
  }
}
