package org.gridscape.server.event;

import java.util.Arrays;
import java.util.Locale;

/** How serious an event is: 简易 / 一般 / 突出 / 重大. */
public enum EventLevel {
  SIMPLE("简易"), GENERAL("一般"), PROMINENT("突出"), MAJOR("重大");

  private final String chinese;

  EventLevel(String chinese) {
    this.chinese = chinese;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String chinese() {
    return chinese;
  }

  /** Accepts the code or the Chinese name; IllegalArgumentException naming the valid codes otherwise. */
  public static EventLevel parse(String code) {
    String c = code == null ? "" : code.trim();
    for (EventLevel level : values()) {
      if (level.code().equals(c.toLowerCase(Locale.ROOT)) || level.chinese.equals(c)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown level '" + code + "'; one of "
        + Arrays.stream(values()).map(EventLevel::code).toList());
  }
}
