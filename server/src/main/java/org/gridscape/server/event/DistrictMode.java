package org.gridscape.server.event;

import java.util.Locale;

/** 平战转换: in wartime deadlines shorten and major risks go straight to the district command. */
public enum DistrictMode {
  PEACETIME, WARTIME;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DistrictMode parse(String code) {
    try {
      return valueOf(code.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown mode '" + code + "'; one of [peacetime, wartime]");
    }
  }
}
