package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.ingest.crs.CrsResolver;
import org.gridscape.server.ingest.crs.Gcj02;
import org.gridscape.server.ingest.crs.SourceCrs;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.ingest.geopackage.GeoPackageFormat;
import org.gridscape.server.ingest.shapefile.ShapefileZip;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

class VillagePlanImporterTest {

  private static final GeometryFactory F = new GeometryFactory();
  private static final String GEOJSON = "application/geo+json";

  static byte[] resource(String name) {
    try (InputStream in = VillagePlanImporterTest.class.getResourceAsStream("/ingest/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static VillagePlan sample() {
    return VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, IngestOptions.defaults());
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String feature(String layer, String geometry, String properties) {
    return "{\"type\":\"Feature\",\"properties\":{\"layer\":\"" + layer + "\"" + (properties.isEmpty() ? "" : "," + properties)
        + "},\"geometry\":" + geometry + "}";
  }

  private static final String BOUNDARY = feature("boundary",
      "{\"type\":\"Polygon\",\"coordinates\":[[[118.70,24.90],[118.71,24.90],[118.71,24.91],[118.70,24.91],[118.70,24.90]]]}", "");

  private static byte[] collection(String... features) {
    return json("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
  }

  @Test
  void geoJsonPlanWithChineseAttributesIsImported() {
    VillagePlan plan = sample();
    assertThat(plan.sourceCrs()).isEqualTo("EPSG:4326");
    assertThat(plan.boundary().getArea()).isCloseTo(0.01 * 0.009, within(1e-12));
    assertThat(plan.roads()).extracting(Road::name).containsExactly("后渚路", "海滨路");
    assertThat(plan.roads().get(0).roadClass()).isEqualTo("main");
    assertThat(plan.buildings()).hasSize(3);
    Building first = plan.buildings().get(0);
    assertThat(first.id()).isEqualTo("HZ-001");
    assertThat(first.floors()).isEqualTo(3);
    assertThat(first.height()).isEqualTo(9.6);
    assertThat(first.use()).isEqualTo("住宅");
    assertThat(first.structure()).isEqualTo("砖混");
    assertThat(first.year()).isEqualTo(1990);
    assertThat(first.featureIndex()).isEqualTo(3);
    Building second = plan.buildings().get(1);
    assertThat(second.floors()).isEqualTo(5);
    assertThat(second.year()).isEqualTo(2008);
    Building third = plan.buildings().get(2);
    assertThat(third.floors()).isNull();
    assertThat(third.height()).isNull();
    assertThat(plan.points()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo("party_service_centre");
      assertThat(p.name()).isEqualTo("后渚村党群服务中心");
    });
    assertThat(plan.ignoredLayers()).isEmpty();
    assertThat(plan.repairs()).isEmpty();
  }

  @Test
  void waterAndLandUseAreReadAndARiverLineIsWidenedToItsWidth() {
    String pond = feature("水塘", "{\"type\":\"Polygon\",\"coordinates\":[[[118.702,24.902],[118.703,24.902],"
        + "[118.703,24.903],[118.702,24.903],[118.702,24.902]]]}", "\"名称\":\"前塘\",\"类型\":\"pond\"");
    String river = feature("河流", "{\"type\":\"LineString\",\"coordinates\":[[118.700,24.905],[118.710,24.905]]}",
        "\"宽度\":20");
    String field = feature("landuse", "{\"type\":\"Polygon\",\"coordinates\":[[[118.704,24.902],[118.706,24.902],"
        + "[118.706,24.904],[118.704,24.904],[118.704,24.902]]]}", "\"kind\":\"Farmland\"");
    VillagePlan plan = VillagePlanImporter.importPlan(collection(BOUNDARY, pond, river, field), GEOJSON,
        IngestOptions.defaults());
    assertThat(plan.areas()).extracting(LandArea::layer).containsExactly("water", "water", "landuse");
    assertThat(plan.areas().get(0).name()).isEqualTo("前塘");
    assertThat(plan.areas().get(0).kind()).isEqualTo("pond");
    assertThat(plan.areas().get(1).kind()).isEqualTo("water");
    assertThat(plan.areas().get(2).kind()).isEqualTo("farmland");
    // 0.01 degree of longitude at 24.905 N, 20 m wide: the area in square metres worked out here
    double lengthM = 0.01 * 111_320 * Math.cos(Math.toRadians(24.905));
    Geometry widened = plan.areas().get(1).area();
    double m2 = widened.getArea() * 111_320 * 111_320 * Math.cos(Math.toRadians(24.905));
    assertThat(m2).isCloseTo(lengthM * 20, within(lengthM * 20 * 0.03));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, feature("water",
        "{\"type\":\"LineString\",\"coordinates\":[[118.700,24.905],[118.710,24.905]]}", "\"width\":-3")),
        GEOJSON, IngestOptions.defaults())).isInstanceOf(IngestException.class).hasMessageContaining("width -3");
  }

  @Test
  void explicitMappingTakesOtherFieldNames() {
    byte[] body = collection(BOUNDARY, feature("building",
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.701,24.901],[118.7012,24.901],[118.7012,24.9012],[118.701,24.901]]]}",
        "\"LAYERS\":4,\"floors\":99,\"BLDG\":\"X1\""));
    IngestOptions options = IngestOptions.defaults()
        .withBuildingMapping(new AttributeMapping(Map.of("floors", "layers", "id", "BLDG")));
    Building b = VillagePlanImporter.importPlan(body, GEOJSON, options).buildings().get(0);
    assertThat(b.floors()).isEqualTo(4);
    assertThat(b.id()).isEqualTo("X1");
  }

  @Test
  void mappingToAFieldThatIsNotThereIsA422() {
    IngestOptions options = IngestOptions.defaults().withBuildingMapping(new AttributeMapping(Map.of("height", "H_M")));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, options))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("invalid_attribute");
        })
        .hasMessageContaining("H_M");
  }

  @Test
  void theRoofFormIsReadInEnglishOrChineseAndAnUnknownOneNamesTheFeature() {
    // one field of the layer is the roof (here 屋顶形式); its values in English or Chinese
    String square = "{\"type\":\"Polygon\",\"coordinates\":[[[118.701,24.901],[118.7012,24.901],[118.7012,24.9012],"
        + "[118.701,24.901]]]}";
    byte[] body = collection(BOUNDARY, feature("building", square, "\"id\":\"R1\",\"屋顶形式\":\"Gable\""),
        feature("building", square.replace("118.701,", "118.703,").replace("118.7012,", "118.7032,"),
            "\"id\":\"R2\",\"屋顶形式\":\"四坡\""),
        feature("building", square.replace("118.701,", "118.705,").replace("118.7012,", "118.7052,"),
            "\"id\":\"R3\",\"屋顶形式\":\"平顶\""),
        feature("building", square.replace("118.701,", "118.707,").replace("118.7012,", "118.7072,"),
            "\"id\":\"R4\""));
    List<Building> buildings = VillagePlanImporter.importPlan(body, GEOJSON, IngestOptions.defaults()).buildings();
    assertThat(buildings).extracting(Building::roof).containsExactly("gable", "hip", "flat", null);

    byte[] bad = collection(BOUNDARY, feature("building", square, "\"id\":\"R5\",\"roof\":\"dome\""));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(bad, GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_attribute");
          assertThat(e.problems()).singleElement().satisfies(d -> assertThat(d.message()).contains("dome"));
        });
  }

  @Test
  void unreadableAttributeValuesNameTheFeature() {
    byte[] body = collection(BOUNDARY, feature("building",
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.701,24.901],[118.7012,24.901],[118.7012,24.9012],[118.701,24.901]]]}",
        "\"层数\":\"three\""));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(body, GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_attribute");
          assertThat(e.problems()).singleElement().satisfies(d -> {
            assertThat(d.featureIndex()).isEqualTo(1);
            assertThat(d.layer()).isEqualTo("building");
            assertThat(d.rule()).isEqualTo("attribute.invalid");
          });
        });
  }

  @Test
  void duplicateBuildingIdsAreRejected() {
    String building = feature("building",
        "{\"type\":\"Polygon\",\"coordinates\":[[[118.701,24.901],[118.7012,24.901],[118.7012,24.9012],[118.701,24.901]]]}",
        "\"id\":\"B7\"");
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, building, building), GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.problems().get(0).rule()).isEqualTo("attribute.duplicate_id"))
        .hasMessageContaining("B7");
  }

  @Test
  void aPlanWithoutBoundaryIsA422() {
    byte[] body = collection(feature("road", "{\"type\":\"LineString\",\"coordinates\":[[118.70,24.90],[118.71,24.91]]}", ""));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(body, GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("missing_layer");
        });
  }

  private static final String BOWTIE = feature("building",
      "{\"type\":\"Polygon\",\"coordinates\":[[[118.701,24.901],[118.702,24.902],[118.702,24.901],[118.701,24.902],[118.701,24.901]]]}",
      "\"id\":\"bow\"");

  @Test
  void selfIntersectingPolygonsAreRejectedUnlessRepairIsAsked() {
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, BOWTIE), GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("invalid_geometry");
          assertThat(e.problems()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("geometry.self_intersection");
            assertThat(d.featureIndex()).isEqualTo(1);
            assertThat(d.featureId()).isEqualTo("bow");
          });
        });
    VillagePlan repaired = VillagePlanImporter.importPlan(collection(BOUNDARY, BOWTIE), GEOJSON, IngestOptions.defaults().withRepair(true));
    assertThat(repaired.buildings()).singleElement().satisfies(b -> assertThat(b.footprint().isValid()).isTrue());
    assertThat(repaired.repairs()).isNotEmpty().allSatisfy(p -> {
      assertThat(p.rule()).isEqualTo("geometry.repaired");
      assertThat(p.featureIndex()).isEqualTo(1);
    });
  }

  @Test
  void emptyAndWrongTypeGeometriesAreRejected() {
    String empty = feature("building", "{\"type\":\"Polygon\",\"coordinates\":[]}", "");
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, empty), GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.problems().get(0).rule()).isEqualTo("geometry.empty"));
    String point = feature("building", "{\"type\":\"Point\",\"coordinates\":[118.7,24.9]}", "");
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, point), GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.problems().get(0).rule()).isEqualTo("geometry.wrong_type"));
  }

  @Test
  void coordinatesOutOfRangeAre422WithTheFeature() {
    String far = feature("road", "{\"type\":\"LineString\",\"coordinates\":[[118.70,24.90],[218.71,24.91]]}", "");
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(collection(BOUNDARY, far), GEOJSON, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("coordinates_out_of_range");
          assertThat(e.problems()).singleElement().satisfies(d -> assertThat(d.featureIndex()).isEqualTo(1));
        });
  }

  @Test
  void featureAndVertexLimitsAre413() {
    IngestOptions fewFeatures = IngestOptions.defaults().withLimits(new IngestLimits(5, 1000, 1000, 1 << 20));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, fewFeatures))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.TOO_LARGE));
    IngestOptions fewVertices = IngestOptions.defaults().withLimits(new IngestLimits(100, 1000, 4, 1 << 20));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, fewVertices))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.TOO_LARGE);
          assertThat(e.problems()).singleElement().satisfies(d -> assertThat(d.featureIndex()).isZero());
        });
    IngestOptions fewTotal = IngestOptions.defaults().withLimits(new IngestLimits(100, 20, 1000, 1 << 20));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, fewTotal))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("too_large"));
  }

  @Test
  void explicitGcj02IsShiftedBackToWgs84() {
    double[] gcj = Gcj02.fromWgs84(118.7050, 24.9050);
    String centre = feature("centre", "{\"type\":\"Point\",\"coordinates\":[" + gcj[0] + "," + gcj[1] + "]}", "\"name\":\"c\"");
    String boundary = feature("boundary", "{\"type\":\"Polygon\",\"coordinates\":[[[118.70,24.90],[118.71,24.90],[118.71,24.91],[118.70,24.90]]]}", "");
    VillagePlan plan = VillagePlanImporter.importPlan(collection(boundary, centre), GEOJSON, IngestOptions.defaults().withCrs("GCJ02"));
    assertThat(plan.sourceCrs()).isEqualTo("GCJ02");
    Coordinate c = plan.points().get(0).point().getCoordinate();
    assertThat(c.x).isCloseTo(118.7050, within(1e-8));
    assertThat(c.y).isCloseTo(24.9050, within(1e-8));
  }

  @Test
  void unknownCrsParameterIsA422AndUnknownMediaTypeA415() {
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), GEOJSON, IngestOptions.defaults().withCrs("BD09")))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("unsupported_crs"));
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(resource("plan-small.geojson"), "application/vnd.ms-excel", IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.UNSUPPORTED_TYPE));
  }

  private static final String PRJ_4549 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
      + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
      + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
      + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0],"
      + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

  /** The sample plan's layers, reprojected into CGCS2000 / 3-degree GK CM 120E with that .prj. */
  private static List<FeatureLayer> sampleIn4549() {
    SourceCrs gk = CrsResolver.fromEpsg(4549);
    List<FeatureLayer> out = new ArrayList<>();
    for (FeatureLayer layer : ExportLayers.plan(sample())) {
      List<SourceFeature> features = new ArrayList<>();
      for (SourceFeature f : layer.features()) {
        Geometry g = f.geometry().copy();
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
          double[] xy = gk.fromWgs84(c.x, c.y);
          c.x = xy[0];
          c.y = xy[1];
        });
        g.geometryChanged();
        Map<String, Object> chinese = new LinkedHashMap<>();
        f.properties().forEach((k, v) -> chinese.put(switch (k) {
          case "floors" -> "层数";
          case "height" -> "高度";
          case "use" -> "用途";
          case "structure" -> "结构";
          case "year" -> "建成年份";
          case "id" -> "编号";
          default -> k;
        }, v));
        features.add(new SourceFeature(f.index(), null, g, chinese));
      }
      out.add(new FeatureLayer(layer.name().equals("building") ? "buildings" : layer.name(), PRJ_4549, features));
    }
    return out;
  }

  @Test
  void gaussKrugerShapefileZipWithGbkAttributesIsImportedToWgs84() {
    byte[] zip = ShapefileZip.write(sampleIn4549(), Charset.forName("GBK"));
    VillagePlan plan = VillagePlanImporter.importPlan(zip, "application/zip", IngestOptions.defaults());
    VillagePlan expected = sample();
    assertThat(plan.sourceCrs()).isEqualTo("EPSG:4549");
    assertThat(plan.buildings()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Building got = plan.buildings().get(i);
      Building want = expected.buildings().get(i);
      assertThat(got.id()).isEqualTo(want.id());
      assertThat(got.floors()).isEqualTo(want.floors());
      assertThat(got.height()).isEqualTo(want.height());
      assertThat(got.use()).isEqualTo(want.use());
      assertThat(got.year()).isEqualTo(want.year());
      assertThat(got.footprint().norm().equalsExact(want.footprint().norm(), 1e-9)).isTrue();
    }
    assertThat(plan.roads()).extracting(Road::name).containsExactly("后渚路", "海滨路");
    assertThat(plan.boundary().norm().equalsExact(expected.boundary().norm(), 1e-9)).isTrue();
  }

  @Test
  void explicitCrsOverridesTheFilesDeclaration() {
    // same projected data but a .prj claiming WGS84: the explicit parameter wins
    List<FeatureLayer> layers = sampleIn4549().stream()
        .map(l -> new FeatureLayer(l.name(), ShapefileZip.WGS84_PRJ, l.features())).toList();
    byte[] zip = ShapefileZip.write(layers, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> VillagePlanImporter.importPlan(zip, "application/zip", IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("coordinates_out_of_range"));
    VillagePlan plan = VillagePlanImporter.importPlan(zip, "application/zip", IngestOptions.defaults().withCrs("EPSG:4549"));
    assertThat(plan.sourceCrs()).isEqualTo("EPSG:4549");
    assertThat(plan.boundary().getEnvelopeInternal().getMinX()).isCloseTo(118.70, within(1e-8));
  }

  @Test
  void geoPackageAndGeoJsonExportsRoundTrip() {
    VillagePlan plan = sample();
    byte[] gpkg = GeoPackageFormat.write(ExportLayers.plan(plan));
    VillagePlan fromGpkg = VillagePlanImporter.importPlan(gpkg, "application/geopackage+sqlite3", IngestOptions.defaults());
    byte[] geojson = GeoJson.write(ExportLayers.planAsOneLayer(plan));
    VillagePlan fromJson = VillagePlanImporter.importPlan(geojson, null, IngestOptions.defaults());
    for (VillagePlan back : List.of(fromGpkg, fromJson)) {
      assertThat(back.buildings()).extracting(Building::id, Building::floors, Building::height, Building::use, Building::year)
          .containsExactlyElementsOf(plan.buildings().stream()
              .map(b -> org.assertj.core.groups.Tuple.tuple(b.id(), b.floors(), b.height(), b.use(), b.year())).toList());
      assertThat(back.roads()).extracting(Road::name, Road::roadClass)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("后渚路", "main"), org.assertj.core.groups.Tuple.tuple("海滨路", "secondary"));
      assertThat(back.points()).extracting(PlanPoint::name).containsExactly("后渚村党群服务中心");
      assertThat(back.boundary().norm().equalsExact(plan.boundary().norm(), 0)).isTrue();
    }
  }

  @Test
  void severalBoundaryFeaturesAreUnioned() throws Exception {
    WKTReader wkt = new WKTReader(F);
    FeatureLayer boundary = new FeatureLayer("boundary", null, List.of(
        new SourceFeature(0, null, wkt.read("POLYGON ((118.70 24.90, 118.71 24.90, 118.71 24.91, 118.70 24.91, 118.70 24.90))"), Map.of()),
        new SourceFeature(1, null, wkt.read("POLYGON ((118.71 24.90, 118.72 24.90, 118.72 24.91, 118.71 24.91, 118.71 24.90))"), Map.of())));
    VillagePlan plan = VillagePlanImporter.fromLayers(List.of(boundary), "EPSG:4326", IngestOptions.defaults());
    assertThat(plan.boundary().getNumGeometries()).isEqualTo(1);
    assertThat(plan.boundary().getArea()).isCloseTo(0.0002, within(1e-12));
  }
}
