package org.gridscape.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridscape.scene.geo.Wgs84;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.model.SafetyGrade;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Shared test builders: footprints and grids laid out in metres around a lon/lat point in the
 * sample district (Quanzhou Taiwanese Investment Zone, about 118.9E 24.9N), and whole synthetic
 * districts for end-to-end tests and the benchmark. Seeded, so every run builds the same input.
 */
public final class SyntheticScenes {
  public static final GeometryFactory GEOMETRY = new GeometryFactory();
  public static final double BASE_LON = 118.90;
  public static final double BASE_LAT = 24.90;

  private SyntheticScenes() {}

  /** Degrees of longitude per metre east at {@code lat} (prime-vertical radius of WGS84). */
  public static double lonPerMetre(double lat) {
    double phi = Math.toRadians(lat);
    double w = Math.sqrt(1 - Wgs84.ECCENTRICITY_SQUARED * Math.sin(phi) * Math.sin(phi));
    double n = Wgs84.SEMI_MAJOR_AXIS / w;
    return Math.toDegrees(1 / (n * Math.cos(phi)));
  }

  /** Degrees of latitude per metre north near {@link #BASE_LAT} (meridian radius of WGS84). */
  public static double latPerMetre() {
    double phi = Math.toRadians(BASE_LAT);
    double w = Math.sqrt(1 - Wgs84.ECCENTRICITY_SQUARED * Math.sin(phi) * Math.sin(phi));
    double m = Wgs84.SEMI_MAJOR_AXIS * (1 - Wgs84.ECCENTRICITY_SQUARED) / (w * w * w);
    return Math.toDegrees(1 / m);
  }

  /** A closed ring from (east, north) metre pairs relative to (lon, lat). */
  public static LinearRing ring(double lon, double lat, double... eastNorth) {
    Coordinate[] coords = new Coordinate[eastNorth.length / 2 + 1];
    for (int i = 0; i < eastNorth.length / 2; i++) {
      coords[i] = new Coordinate(
          lon + eastNorth[2 * i] * lonPerMetre(lat), lat + eastNorth[2 * i + 1] * latPerMetre());
    }
    coords[coords.length - 1] = coords[0].copy();
    return GEOMETRY.createLinearRing(coords);
  }

  /** Axis-aligned rectangle of {@code w} x {@code d} metres with its south-west corner at (lon, lat). */
  public static Polygon rectangle(double lon, double lat, double w, double d) {
    return GEOMETRY.createPolygon(ring(lon, lat, 0, 0, w, 0, w, d, 0, d));
  }

  /** A square building with a square courtyard in the middle. */
  public static Polygon courtyard(double lon, double lat, double outer, double inner) {
    double a = (outer - inner) / 2;
    double b = a + inner;
    return GEOMETRY.createPolygon(
        ring(lon, lat, 0, 0, outer, 0, outer, outer, 0, outer),
        new LinearRing[] {ring(lon, lat, a, a, a, b, b, b, b, a)});
  }

  /** An L-shaped footprint. */
  public static Polygon lShape(double lon, double lat, double w, double d) {
    return GEOMETRY.createPolygon(
        ring(lon, lat, 0, 0, w, 0, w, d / 2, w / 2, d / 2, w / 2, d, 0, d));
  }

  public static Building building(String id, Polygon footprint, Double height, Integer floors) {
    return new Building(id, footprint, height, floors, "residential", SafetyGrade.B,
        IllegalConstructionStatus.NONE, new BuildingCounts(8, 3, 1, 3, 0));
  }

  /**
   * A square grid of {@code side} metres at (lon, lat) holding about {@code buildings} buildings
   * on a lattice: rectangles, L shapes and courtyards, with height, floors or neither.
   */
  public static GridScene grid(String code, double lon, double lat, double side, int buildings, long seed) {
    Random random = new Random(seed);
    int perRow = (int) Math.ceil(Math.sqrt(buildings));
    double cell = side / perRow;
    List<Building> list = new ArrayList<>(buildings);
    for (int i = 0; i < buildings; i++) {
      double east = (i % perRow) * cell + cell * 0.15;
      double north = (i / perRow) * cell + cell * 0.15;
      double size = cell * (0.45 + 0.25 * random.nextDouble());
      double bLon = lon + east * lonPerMetre(lat);
      double bLat = lat + north * latPerMetre();
      Polygon footprint = switch (i % 5) {
        case 0 -> courtyard(bLon, bLat, size, size * 0.4);
        case 1, 2 -> lShape(bLon, bLat, size, size * 0.8);
        default -> rectangle(bLon, bLat, size, size * 0.7);
      };
      Double height = i % 3 == 0 ? 4 + random.nextInt(40) + 0.5 : null;
      Integer floors = i % 3 == 1 ? 1 + random.nextInt(12) : null;
      list.add(new Building(
          code + "-b" + i, footprint, height, floors, i % 7 == 0 ? "commercial" : "residential",
          SafetyGrade.values()[random.nextInt(SafetyGrade.values().length)],
          IllegalConstructionStatus.values()[random.nextInt(4)],
          new BuildingCounts(random.nextInt(30), random.nextInt(10), random.nextInt(3),
              random.nextInt(10), random.nextInt(2))));
    }
    return new GridScene(code, "Grid " + code.substring(12), GridKind.STANDARD,
        rectangle(lon, lat, side, side), list);
  }

  /** A district tree and its grids. */
  public record District(RegionNode root, List<GridScene> grids) {}

  /**
   * A synthetic district: {@code townships} townships, each of {@code villages} villages of
   * {@code gridsPerVillage} grids of {@code buildingsPerGrid} buildings, work areas on the odd
   * townships (the level is optional in the hierarchy).
   */
  public static District district(int townships, int villages, int gridsPerVillage, int buildingsPerGrid) {
    List<GridScene> grids = new ArrayList<>();
    List<RegionNode> townshipNodes = new ArrayList<>();
    double gridSide = 300;
    for (int t = 0; t < townships; t++) {
      String townshipCode = String.format("350521%03d000", 100 + t);
      List<RegionNode> villageNodes = new ArrayList<>();
      for (int v = 0; v < villages; v++) {
        String villageCode = String.format("350521%03d%03d", 100 + t, 200 + v);
        List<String> gridCodes = new ArrayList<>();
        for (int g = 0; g < gridsPerVillage; g++) {
          String gridCode = villageCode + String.format("%03d", g + 1);
          double east = (v * gridsPerVillage + g) * gridSide;
          double north = t * gridSide * 1.2;
          grids.add(grid(gridCode, BASE_LON + east * lonPerMetre(BASE_LAT),
              BASE_LAT + north * latPerMetre(), gridSide, buildingsPerGrid,
              Long.parseLong(gridCode.substring(6))));
          gridCodes.add(gridCode);
        }
        villageNodes.add(RegionNode.withGrids(villageCode, "Village " + v, RegionLevel.VILLAGE, gridCodes));
      }
      RegionNode township = t % 2 == 1
          ? RegionNode.withChildren(townshipCode, "Township " + t, RegionLevel.TOWNSHIP, List.of(
              RegionNode.withChildren(townshipCode + "W1", "Work area", RegionLevel.WORK_AREA, villageNodes)))
          : RegionNode.withChildren(townshipCode, "Township " + t, RegionLevel.TOWNSHIP, villageNodes);
      townshipNodes.add(township);
    }
    return new District(
        RegionNode.withChildren("350521", "Sample district", RegionLevel.DISTRICT, townshipNodes), grids);
  }
}
