package org.gridscape.server.event;

import java.util.Arrays;
import java.util.Locale;

/** What an event is about (the sample's events.csv categories), with the Chinese name officials use. */
public enum EventCategory {
  DISPUTES("矛盾纠纷", false),
  PUBLIC_REQUESTS("群众诉求", false),
  PUBLIC_SECURITY("治安隐患", true),
  FIRE_HAZARD("消防隐患", true),
  HOUSING_SAFETY("房屋安全", true),
  ILLEGAL_CONSTRUCTION("两违", false),
  PRODUCTION_SAFETY("安全生产", true),
  SANITATION("环境卫生", false),
  EPIDEMIC("疫情防控", true),
  ASSISTANCE("困难帮扶", false);

  private final String chinese;
  private final boolean urgent;

  EventCategory(String chinese, boolean urgent) {
    this.chinese = chinese;
    this.urgent = urgent;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String chinese() {
    return chinese;
  }

  /** Risks to life and property: their deadlines are half the others' (see {@link Deadlines}). */
  public boolean urgent() {
    return urgent;
  }

  /** The category with this code; IllegalArgumentException naming the valid codes otherwise. */
  public static EventCategory parse(String code) {
    for (EventCategory c : values()) {
      if (c.code().equals(code == null ? null : code.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown category '" + code + "'; one of "
        + Arrays.stream(values()).map(EventCategory::code).toList());
  }
}
