package org.gridscape.server.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * How personal values look in masked person-level responses (the default): the surname and stars
 * (张*), the first four and last four characters of an ID number (3505**********1234), the first
 * three and last four digits of a phone (138****5678), tags other than the harmless ones replaced by the generic
 * {@code care}, and the birth year reduced to its decade.
 */
public final class Masking {

  /** Stands in for every sensitive tag in masked responses: someone here needs attention. */
  public static final String GENERIC_TAG = "care";

  /**
   * The only tags shown unmasked. Everything else (低保, 特困, disability, left-behind child, living
   * alone, and any tag we do not know, which may be just as sensitive) is hidden.
   */
  static final java.util.Set<String> PUBLIC_TAGS = java.util.Set.of("veteran", "elderly");

  private Masking() {}

  public static String name(String name) {
    if (name == null || name.isEmpty()) {
      return name;
    }
    int first = name.offsetByCodePoints(0, 1);
    int rest = name.codePointCount(first, name.length());
    return name.substring(0, first) + "*".repeat(Math.max(1, rest));
  }

  public static String idNumber(String id) {
    if (id == null || id.isEmpty()) {
      return id;
    }
    if (id.length() <= 8) {
      return "*".repeat(id.length());
    }
    return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
  }

  public static String phone(String phone) {
    if (phone == null || phone.isEmpty()) {
      return phone;
    }
    if (phone.length() < 8) {
      return "*".repeat(phone.length());
    }
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }

  /** Public tags as they are, all others as one {@link #GENERIC_TAG}. */
  public static List<String> tags(List<String> tags) {
    List<String> out = new ArrayList<>();
    boolean hidden = false;
    for (String tag : tags) {
      if (PUBLIC_TAGS.contains(tag)) {
        out.add(tag);
      } else {
        hidden = true;
      }
    }
    if (hidden) {
      out.add(GENERIC_TAG);
    }
    return List.copyOf(out);
  }

  /** 1987 -> "1980s". */
  public static String birthDecade(Integer year) {
    return year == null ? null : (year / 10 * 10) + "s";
  }
}
