package org.gridscape.server.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from loosely typed attributes: numbers may arrive as text, with units
 * ({@code 3层}, {@code 12.5m}, {@code 12.5米}) or as years with decoration ({@code 1998年},
 * {@code 1990年代}, {@code 2005-06-01}).
 */
final class AttributeValues {

  private static final Pattern NUMBER = Pattern.compile("^\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*(?:m|米|层|f|F|floors?)?\\s*$");
  private static final Pattern YEAR = Pattern.compile("(1[89]\\d\\d|20\\d\\d|2100)");

  private AttributeValues() {
  }

  /** Thrown for a value that is present but unreadable. */
  static final class BadValue extends Exception {
    BadValue(String message) {
      super(message);
    }
  }

  static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    String s = v.toString().strip();
    return s.isEmpty() ? null : s;
  }

  static Double number(Object v) throws BadValue {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    String s = v.toString().strip();
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = NUMBER.matcher(s);
    if (!m.matches()) {
      throw new BadValue("'" + s + "' is not a number");
    }
    return Double.parseDouble(m.group(1));
  }

  static Integer wholeNumber(Object v) throws BadValue {
    Double d = number(v);
    if (d == null) {
      return null;
    }
    if (d != Math.rint(d)) {
      throw new BadValue("'" + v + "' is not a whole number");
    }
    return (int) Math.round(d);
  }

  static Integer year(Object v) throws BadValue {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == 0) {
        return null; // many tables use 0 for "unknown"
      }
      if (d != Math.rint(d) || d < 1800 || d > 2100) {
        throw new BadValue("'" + v + "' is not a year");
      }
      return (int) d;
    }
    String s = v.toString().strip();
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = YEAR.matcher(s);
    if (!m.find()) {
      throw new BadValue("'" + s + "' is not a year");
    }
    return Integer.parseInt(m.group(1));
  }
}
