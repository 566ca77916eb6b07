package org.gridscape.server.testing;

/**
 * GeoJSON of the smallest useful village, shared by test fixtures that load it through the API:
 * 洛阳村 (350521104201), a boundary split by one road into a west and an east grid, one building in
 * each.
 */
public final class TwoGridVillage {

  public static final String VILLAGE = "350521104201";
  public static final String WEST = VILLAGE + "001";
  public static final String EAST = VILLAGE + "002";
  public static final double X0 = 118.70;
  public static final double X1 = 118.702;
  public static final double X2 = 118.704;
  public static final double Y0 = 24.960;
  public static final double Y1 = 24.9627;

  private TwoGridVillage() {}

  /** The village plan: boundary, the road along the grids' shared edge, buildings B1 (west) and B2 (east). */
  public static String plan() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"layer\":\"boundary\"}", ring(X0, Y0, X2, Y1)) + ","
        + "{\"type\":\"Feature\",\"properties\":{\"layer\":\"road\",\"name\":\"中街\"},\"geometry\":{\"type\":\"LineString\","
        + "\"coordinates\":[[" + X1 + "," + Y0 + "],[" + X1 + "," + Y1 + "]]}},"
        + feature("{\"layer\":\"building\",\"id\":\"B1\",\"floors\":3}", ring(X0 + 0.0005, 24.9610, X0 + 0.0006, 24.9611))
        + "," + feature("{\"layer\":\"building\",\"id\":\"B2\",\"floors\":5}", ring(X1 + 0.0005, 24.9610, X1 + 0.0006, 24.9611))
        + "]}";
  }

  /** The two grids 西片 and 东片. */
  public static String grids() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"" + WEST + "\",\"name\":\"西片\",\"kind\":\"standard\"}", ring(X0, Y0, X1, Y1)) + ","
        + feature("{\"code\":\"" + EAST + "\",\"name\":\"东片\",\"kind\":\"standard\"}", ring(X1, Y0, X2, Y1))
        + "]}";
  }

  /**
   * The regions: district 350521000000, its townships 洛阳镇 (350521104000, holding the village) and
   * 东园镇 (350521105000), and the village.
   */
  public static String regions() {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("{\"code\":\"350521000000\",\"name\":\"台商区\",\"level\":\"district\"}", ring(118.6, 24.8, 118.9, 25.1))
        + "," + feature("{\"code\":\"350521104000\",\"name\":\"洛阳镇\",\"level\":\"township\",\"parent\":\"350521000000\"}",
            ring(118.6, 24.9, 118.8, 25.0))
        + "," + feature("{\"code\":\"350521105000\",\"name\":\"东园镇\",\"level\":\"township\",\"parent\":\"350521000000\"}",
            ring(118.8, 24.9, 118.9, 25.0))
        + "," + feature("{\"code\":\"" + VILLAGE + "\",\"name\":\"洛阳村\",\"level\":\"village\",\"parent\":\"350521104000\"}",
            ring(X0, Y0, X2, Y1))
        + "]}";
  }

  /** The coordinates of a box polygon. */
  public static String ring(double x0, double y0, double x1, double y1) {
    return "[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],[" + x0 + "," + y1 + "],["
        + x0 + "," + y0 + "]]]";
  }

  /** A polygon feature. */
  public static String feature(String props, String coordinates) {
    return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + coordinates + "}}";
  }
}
