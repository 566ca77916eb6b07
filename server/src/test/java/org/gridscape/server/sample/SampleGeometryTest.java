package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridscape.server.sample.SampleFixture.Feature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.OverlayNG;

/** The grid validation rules and the coverage of every level, checked with JTS on the files. */
class SampleGeometryTest {

  private static SampleFixture sample;
  private static List<Feature> regions;

  @BeforeAll
  static void generate() {
    sample = SampleFixture.get();
    regions = sample.features("regions.geojson");
  }

  @Test
  void gridsPartitionEveryVillageExactly() {
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Feature> grids = sample.features("grids/" + code + ".geojson");
      Geometry[] polygons = grids.stream().map(Feature::geometry).toArray(Geometry[]::new);
      for (Feature g : grids) {
        assertThat(g.geometry().getGeometryType()).as(g.get("code")).isEqualTo("Polygon");
        assertThat(g.geometry().isValid()).as(g.get("code")).isTrue();
      }
      // Adjacent grids share identical vertices: the coverage has no invalid edge at all.
      assertThat(CoverageValidator.isValid(polygons)).as(code).isTrue();
      Geometry villageM = SampleFixture.metric(village.geometry());
      Geometry unionM = SampleFixture.metric(sample.features("grids/" + code + ".geojson").stream()
          .map(Feature::geometry).reduce(Geometry::union).orElseThrow());
      assertThat(area(OverlayNGRobust.overlay(villageM, unionM, OverlayNG.DIFFERENCE))).as("gap in " + code)
          .isLessThan(1.0);
      assertThat(area(OverlayNGRobust.overlay(unionM, villageM, OverlayNG.DIFFERENCE))).as("outside " + code)
          .isLessThan(1.0);
      double sum = 0;
      for (Geometry p : polygons) {
        sum += SampleFixture.metric(p).getArea();
      }
      assertThat(sum - unionM.getArea()).as("overlap in " + code).isLessThan(1.0);
      for (Feature g : grids) {
        Geometry outside = OverlayNGRobust.overlay(SampleFixture.metric(g.geometry()), villageM, OverlayNG.DIFFERENCE);
        assertThat(outside.isEmpty() || outside.buffer(-0.5).isEmpty()).as(g.get("code")).isTrue();
      }
    }
  }

  @Test
  void pondsAndFieldsLieInTheirVillageClearOfHousesAndRoads() {
    int villagesWithWater = 0;
    double fieldM2 = 0;
    double villageM2 = 0;
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Feature> plan = sample.features("plans/" + code + ".geojson");
      STRtree built = new STRtree();
      plan.stream().filter(f -> "building".equals(f.get("layer")) || "road".equals(f.get("layer")))
          .forEach(f -> built.insert(f.geometry().getEnvelopeInternal(), SampleFixture.metric(f.geometry())));
      Geometry villageM = SampleFixture.metric(village.geometry());
      villageM2 += villageM.getArea();
      boolean water = false;
      for (Feature f : plan) {
        String layer = f.get("layer");
        if (!"water".equals(layer) && !"landuse".equals(layer)) {
          continue;
        }
        water |= "water".equals(layer);
        assertThat(f.geometry().isValid()).as(code + " " + layer).isTrue();
        Geometry areaM = SampleFixture.metric(f.geometry());
        assertThat(areaM.difference(villageM).getArea()).as(code + " " + layer + " outside its village").isLessThan(1);
        if ("landuse".equals(layer)) {
          fieldM2 += areaM.getArea();
        }
        for (Object o : built.query(f.geometry().getEnvelopeInternal())) {
          assertThat(((Geometry) o).intersects(areaM)).as(code + " " + layer + " over a house or road").isFalse();
        }
      }
      villagesWithWater += water ? 1 : 0;
    }
    assertThat(villagesWithWater).as("villages with a pond").isGreaterThan(level("village").size() / 2);
    assertThat(fieldM2 / villageM2).as("share of the villages in fields").isBetween(0.05, 0.9);
  }

  @Test
  void villagesCoverTheirTownshipAndTownshipsTheDistrict() {
    Map<String, Feature> byCode = regions.stream().collect(Collectors.toMap(f -> f.get("code"), f -> f));
    Map<String, List<Geometry>> villagesByTownship = new HashMap<>();
    for (Feature v : level("village")) {
      String township = byCode.get(v.get("parent")).get("parent");
      villagesByTownship.computeIfAbsent(township, k -> new ArrayList<>()).add(v.geometry());
      assertThat(v.geometry().isValid()).isTrue();
      assertThat(v.geometry().getGeometryType()).isEqualTo("Polygon");
    }
    for (Feature t : level("township")) {
      List<Geometry> vs = villagesByTownship.get(t.get("code"));
      assertThat(CoverageValidator.isValid(vs.toArray(new Geometry[0]))).isTrue();
      Geometry union = vs.stream().reduce(Geometry::union).orElseThrow();
      assertThat(area(SampleFixture.metric(union.symDifference(t.geometry())))).isLessThan(1.0);
    }
    Geometry[] townships = level("township").stream().map(Feature::geometry).toArray(Geometry[]::new);
    assertThat(CoverageValidator.isValid(townships)).isTrue();
    Geometry[] workAreas = level("workarea").stream().map(Feature::geometry).toArray(Geometry[]::new);
    assertThat(CoverageValidator.isValid(workAreas)).isTrue();
    Geometry district = level("district").get(0).geometry();
    Geometry union = java.util.Arrays.stream(townships).reduce(Geometry::union).orElseThrow();
    assertThat(area(SampleFixture.metric(union.symDifference(district)))).isLessThan(1.0);
  }

  @Test
  void villagesLieAroundTheirPublishedCentres() {
    ReferenceGeography ref = ReferenceGeography.load(DistrictLayout.LON_LAT);
    Map<String, Geometry> villages = level("village").stream()
        .collect(Collectors.toMap(f -> f.get("code"), Feature::geometry));
    List<ReferenceGeography.Village> withCentre = ref.villages().stream()
        .filter(ReferenceGeography.Village::hasCentre).toList();
    long inside = withCentre.stream().filter(v -> villages.get(v.code())
        .covers(SampleFixture.LON_LAT.createPoint(new Coordinate(v.lon(), v.lat()))))
        .count();
    // Relaxation spreads villages whose published centres are 80-400 m apart, so a couple of
    // centres may end up just across the line; all stay within 500 m of their village.
    assertThat(inside).isGreaterThanOrEqualTo(withCentre.size() * 9 / 10);
    for (ReferenceGeography.Village v : withCentre) {
      Geometry centre = SampleFixture.metric(SampleFixture.LON_LAT.createPoint(new Coordinate(v.lon(), v.lat())));
      assertThat(SampleFixture.metric(villages.get(v.code())).distance(centre)).as(v.code()).isLessThan(500);
    }
  }

  @Test
  void gridCodesAreNumberedWestToEastNorthToSouth() {
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Feature> grids = sample.features("grids/" + code + ".geojson");
      double north = village.geometry().getEnvelopeInternal().getMaxY();
      List<Feature> expected = new ArrayList<>(grids);
      expected.sort(Comparator.comparingInt((Feature g) -> (int) Math.floor((north - g.geometry().getCentroid().getY())
          / GridPlan.ROW_HEIGHT_DEG)).thenComparingDouble(g -> g.geometry().getCentroid().getX()));
      for (int i = 0; i < expected.size(); i++) {
        String gridCode = expected.get(i).get("code");
        assertThat(gridCode).matches("\\d{15}").startsWith(code).endsWith(String.format("%03d", i + 1));
      }
    }
  }

  @Test
  void standardGridsHold500To1000Residents() {
    Map<String, Integer> residentsPerGrid = residentsPerGrid();
    int standard = 0;
    for (Feature village : level("village")) {
      for (Feature g : sample.features("grids/" + village.get("code") + ".geojson")) {
        if (g.get("kind").equals("standard")) {
          assertThat(residentsPerGrid.getOrDefault(g.get("code"), 0)).as(g.get("code")).isBetween(500, 1000);
          standard++;
        }
      }
    }
    assertThat(standard).isEqualTo(sample.summary.grids().standard());
    assertThat(residentsPerGrid.values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo((int) sample.summary.residents());
  }

  @Test
  void buildingsStayInsideOneGridAndOffTheStreets() {
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Feature> grids = sample.features("grids/" + code + ".geojson");
      List<PreparedGeometry> prepared = grids.stream().map(g -> PreparedGeometryFactory.prepare(g.geometry())).toList();
      STRtree roads = new STRtree();
      List<Feature> plan = sample.features("plans/" + code + ".geojson");
      plan.stream().filter(f -> "road".equals(f.get("layer")))
          .forEach(r -> roads.insert(r.geometry().getEnvelopeInternal(), r.geometry()));
      for (Feature b : plan) {
        if (!"building".equals(b.get("layer"))) {
          continue;
        }
        Geometry fp = b.geometry();
        assertThat(fp.isValid()).as(b.get("id")).isTrue();
        assertThat(prepared.stream().filter(p -> p.contains(fp)).count()).as(b.get("id")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Geometry> near = roads.query(fp.getEnvelopeInternal());
        assertThat(near).as(b.get("id")).noneMatch(fp::intersects);
        int floors = Integer.parseInt(b.get("floors"));
        assertThat(floors).isBetween(1, 30);
        assertThat(Double.parseDouble(b.get("height"))).isBetween(floors * 2.8, floors * 5.0 + 1.6);
        assertThat(b.get("use")).isIn("residential", "factory", "commercial", "public", "enterprise");
        assertThat(b.get("structure")).isIn("brick_concrete", "frame", "steel", "masonry");
      }
    }
  }

  @Test
  void gridBoundariesFollowRoads() {
    double shareSum = 0;
    int grids = 0;
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Geometry> roads = sample.features("plans/" + code + ".geojson").stream()
          .filter(f -> "road".equals(f.get("layer"))).map(f -> SampleFixture.metric(f.geometry())).toList();
      Geometry near = new org.locationtech.jts.geom.GeometryFactory().buildGeometry(roads).buffer(15);
      for (Feature g : sample.features("grids/" + code + ".geojson")) {
        Geometry edge = SampleFixture.metric(g.geometry()).getBoundary();
        double share = edge.intersection(near).getLength() / edge.getLength();
        // Only the district's outer edge (coast, county line) has no road along it.
        assertThat(share).as(g.get("code")).isGreaterThan(0.4);
        shareSum += share;
        grids++;
      }
    }
    assertThat(shareSum / grids).isGreaterThan(0.9);
  }

  @Test
  void eventsLieInsideTheirGrid() {
    Map<String, PreparedGeometry> grids = new HashMap<>();
    for (Feature village : level("village")) {
      sample.features("grids/" + village.get("code") + ".geojson")
          .forEach(g -> grids.put(g.get("code"), PreparedGeometryFactory.prepare(g.geometry())));
    }
    for (Map<String, String> e : sample.csv("events.csv",
        "event_id,category,level,title,lon,lat,grid_code,reported_at,step,closed_at,deadline,supervised")) {
      Point p = SampleFixture.LON_LAT.createPoint(new Coordinate(Double.parseDouble(e.get("lon")),
          Double.parseDouble(e.get("lat"))));
      assertThat(grids.get(e.get("grid_code")).covers(p)).as(e.get("event_id")).isTrue();
    }
  }

  @Test
  void coordinatesHaveSevenDecimalsAndRfc7946Orientation() throws java.io.IOException {
    String text = java.nio.file.Files.readString(sample.dir.resolve("grids/350521104201.geojson"));
    assertThat(text).containsPattern("\\[118\\.\\d{7},24\\.\\d{7}\\]").doesNotContainPattern("\\d\\.\\d{8}");
    for (Feature g : sample.features("grids/350521104201.geojson")) {
      org.locationtech.jts.geom.Polygon p = (org.locationtech.jts.geom.Polygon) g.geometry();
      assertThat(org.locationtech.jts.algorithm.Orientation.isCCW(p.getExteriorRing().getCoordinates())).isTrue();
    }
  }

  /** Residents counted through household -> building -> grid containment, as a validator would. */
  private static Map<String, Integer> residentsPerGrid() {
    Map<String, String> buildingGrid = new HashMap<>();
    for (Feature village : level("village")) {
      String code = village.get("code");
      List<Feature> grids = sample.features("grids/" + code + ".geojson");
      STRtree index = new STRtree();
      grids.forEach(g -> index.insert(g.geometry().getEnvelopeInternal(), g));
      for (Feature b : sample.features("plans/" + code + ".geojson")) {
        if ("building".equals(b.get("layer"))) {
          Point c = b.geometry().getInteriorPoint();
          @SuppressWarnings("unchecked")
          List<Feature> hits = index.query(c.getEnvelopeInternal());
          hits.stream().filter(g -> g.geometry().covers(c)).findFirst()
              .ifPresent(g -> buildingGrid.put(b.get("id"), g.get("code")));
        }
      }
    }
    Map<String, Integer> out = new HashMap<>();
    for (Map<String, String> h : sample.csv("households.csv", "household_id,building_id,size")) {
      out.merge(buildingGrid.get(h.get("building_id")), Integer.parseInt(h.get("size")), Integer::sum);
    }
    return out;
  }

  private static List<Feature> level(String level) {
    return regions.stream().filter(f -> level.equals(f.get("level"))).toList();
  }

  private static double area(Geometry g) {
    return g.getArea();
  }
}
