package org.gridscape.scene.model;

import java.util.Locale;

/**
 * What a unit grid covers (DESIGN.md, data model): the one grid-kind type of GridScape, used by the
 * scene builder, the server and the sample generator alike. Resettlement communities,
 * commercial-residential compounds and large enterprises/institutions each form a grid of their own
 * whatever their population, so only standard grids are held to the 500-1000 residents rule.
 */
public enum GridKind {
  STANDARD("standard", "标准"),
  RESETTLEMENT("resettlement", "安置小区"),
  RESIDENTIAL_COMPOUND("residential_compound", "商住小区"),
  ENTERPRISE("enterprise", "企事业单位");

  private final String code;
  private final String chinese;

  GridKind(String code, String chinese) {
    this.code = code;
    this.chinese = chinese;
  }

  /** The value used in JSON, the database, files and tile metadata. */
  public String code() {
    return code;
  }

  public String chineseName() {
    return chinese;
  }

  /** Whether the 500-1000 residents rule applies. */
  public boolean sizeRuleApplies() {
    return this == STANDARD;
  }

  /**
   * Parses an English code (any case, '-' or ' ' for '_') or a Chinese name; blank means standard.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static GridKind parse(String text) {
    if (text == null || text.isBlank()) {
      return STANDARD;
    }
    String t = text.strip();
    String normalised = t.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (GridKind k : values()) {
      if (k.code.equals(normalised) || k.chinese.equals(t)) {
        return k;
      }
    }
    switch (t) {
      case "标准网格", "普通", "普通网格", "一般" -> {
        return STANDARD;
      }
      case "安置房", "安置社区" -> {
        return RESETTLEMENT;
      }
      case "商住", "商品房小区", "住宅小区", "compound" -> {
        return RESIDENTIAL_COMPOUND;
      }
      case "企事业", "企业", "事业单位", "企事业单位网格" -> {
        return ENTERPRISE;
      }
      default -> throw new IllegalArgumentException("unknown grid kind '" + text
          + "': use standard, resettlement, residential_compound or enterprise (标准/安置小区/商住小区/企事业单位)");
    }
  }
}
