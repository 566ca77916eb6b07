package org.gridscape.server.imagery.basemap;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * The look of the base map: a muted, light official basemap. Land is warm grey, each village a
 * slightly different pastel tint (so neighbours can be told apart), fields green, water blue,
 * roads white with a casing (arterials pale amber), buildings stone grey; boundaries from the
 * township down to the grid get lighter and thinner.
 */
public final class BaseMapStyle {

  public static final Color LAND = rgb(0xECEAE3);
  public static final List<Color> VILLAGE_TINTS = List.of(rgb(0xF3EEE4), rgb(0xEEF1E6), rgb(0xF1ECEE), rgb(0xEBEFF1),
      rgb(0xF2F0E2), rgb(0xEEEBE6));
  public static final Color WATER = rgb(0x9FC6E4);
  public static final Color WATER_EDGE = rgb(0x7FAFD6);
  public static final Color ROAD = rgb(0xFFFFFF);
  public static final Color ROAD_CASING = rgb(0xC9C1B4);
  public static final Color ARTERIAL = rgb(0xFBE3A8);
  public static final Color ARTERIAL_CASING = rgb(0xD9B56A);
  public static final Color BUILDING = rgb(0xD8D1C6);
  public static final Color BUILDING_EDGE = rgb(0xB9B0A3);
  public static final Color TOWNSHIP_EDGE = rgb(0x9A8F80);
  public static final Color VILLAGE_EDGE = rgb(0xB3A897);
  public static final Color GRID_EDGE = rgb(0x8FB3CF);

  /** Zoom from which building footprints, grid boundaries, streets and village boundaries are drawn. */
  public static final int BUILDINGS_FROM = 14;
  public static final int GRIDS_FROM = 14;
  public static final int STREETS_FROM = 12;
  public static final int VILLAGE_EDGES_FROM = 11;

  private BaseMapStyle() {
  }

  /** A land-use fill by kind (farmland, forest ...); null draws nothing for an unknown kind. */
  static Color landUse(String kind) {
    if (kind == null) {
      return null;
    }
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "farmland", "field", "paddy", "耕地", "水田", "旱地" -> rgb(0xE3EBCB);
      case "orchard", "园地", "果园" -> rgb(0xD9E7BF);
      case "tea", "茶园" -> rgb(0xD1E4C6);
      case "forest", "wood", "林地" -> rgb(0xC8DDB6);
      case "grass", "park", "green", "草地", "公园", "绿地" -> rgb(0xDCEDD3);
      case "industrial", "工业", "工业用地" -> rgb(0xE9E2E6);
      case "residential", "住宅", "宅基地" -> rgb(0xEFE9E2);
      default -> null;
    };
  }

  /** Width of a road on the ground, in metres, by class. */
  static double roadWidthMetres(String roadClass) {
    if (roadClass == null) {
      return 6;
    }
    return switch (roadClass.toLowerCase(Locale.ROOT)) {
      case "motorway", "trunk", "primary", "arterial", "主干道", "国道", "省道" -> 16;
      case "secondary", "tertiary", "次干道", "县道", "乡道" -> 10;
      case "street", "residential", "支路", "村道" -> 7;
      case "lane", "service", "track", "path", "footway", "巷道", "机耕路", "田间道" -> 3.5;
      default -> 6;
    };
  }

  static boolean major(String roadClass) {
    return roadWidthMetres(roadClass) >= 10;
  }

  /** The tint of a village, chosen from its code so it never changes between tiles. */
  static Color villageTint(String code) {
    return VILLAGE_TINTS.get(Math.floorMod(code == null ? 0 : code.hashCode(), VILLAGE_TINTS.size()));
  }

  private static Color rgb(int rgb) {
    return new Color(rgb);
  }
}
