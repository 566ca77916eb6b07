package org.gridscape.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.grid.GridFeature;
import org.gridscape.server.ingest.geojson.GeoJson;
import org.gridscape.server.ingest.geopackage.GeoPackageFormat;
import org.gridscape.server.ingest.shapefile.ShapefileZip;
import org.junit.jupiter.api.Test;

class GridSetImporterTest {

  private static final String VILLAGE = "350521104201";
  private static final String GEOJSON = "application/geo+json";
  private static final GridSetImporter.Context FRESH = GridSetImporter.Context.fresh(VILLAGE);

  /** A 0.005-degree square grid cell at column/row (row 0 is the north row). */
  private static String cell(int col, int row, String properties) {
    double w = 118.70 + col * 0.005;
    double n = 24.91 - row * 0.005;
    double e = w + 0.005;
    double s = n - 0.005;
    return "{\"type\":\"Feature\",\"properties\":{" + properties + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
        + w + "," + s + "],[" + e + "," + s + "],[" + e + "," + n + "],[" + w + "," + n + "],[" + w + "," + s + "]]]}}";
  }

  private static byte[] collection(String... features) {
    return ("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private static GridSet importJson(byte[] body) {
    return GridSetImporter.importGrids(body, GEOJSON, FRESH, IngestOptions.defaults());
  }

  @Test
  void codedGridsWithChineseKindsAreImported() {
    GridSet set = importJson(collection(
        cell(0, 0, "\"code\":\"350521104201001\",\"name\":\"一网格\",\"kind\":\"标准\""),
        cell(1, 0, "\"网格编码\":\"350521104201002\",\"网格名称\":\"二网格\",\"网格类型\":\"安置小区\""),
        cell(0, 1, "\"code\":\"350521104201003\",\"name\":\"厂区\",\"kind\":\"enterprise\"")));
    assertThat(set.grids()).extracting(GridFeature::code, GridFeature::name, GridFeature::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("350521104201001", "一网格", GridKind.STANDARD),
        org.assertj.core.groups.Tuple.tuple("350521104201002", "二网格", GridKind.RESETTLEMENT),
        org.assertj.core.groups.Tuple.tuple("350521104201003", "厂区", GridKind.ENTERPRISE));
    assertThat(set.assignedCodes()).isEmpty();
    assertThat(set.sourceCrs()).isEqualTo("EPSG:4326");
  }

  @Test
  void missingCodesAreAssignedInReadingOrderSkippingReservedOnes() {
    GridSetImporter.Context context = new GridSetImporter.Context(VILLAGE,
        Set.of("350521104201002"), Set.of("350521104201003"));
    GridSet set = GridSetImporter.importGrids(collection(
        cell(1, 1, "\"name\":\"SE\""),
        cell(0, 0, "\"name\":\"NW\""),
        cell(1, 0, "\"code\":\"350521104201001\",\"name\":\"NE\""),
        cell(0, 1, "\"name\":\"SW\"")), GEOJSON, context, IngestOptions.defaults());
    assertThat(set.grids()).extracting(GridFeature::name, GridFeature::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple("SE", "350521104201006"),
        org.assertj.core.groups.Tuple.tuple("NW", "350521104201004"),
        org.assertj.core.groups.Tuple.tuple("NE", "350521104201001"),
        org.assertj.core.groups.Tuple.tuple("SW", "350521104201005"));
    assertThat(set.assignedCodes()).containsExactlyInAnyOrder("350521104201004", "350521104201005", "350521104201006");
  }

  @Test
  void malformedCodesAre422() {
    assertThatThrownBy(() -> importJson(collection(cell(0, 0, "\"code\":\"35052110420100\""))))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("invalid_grid_code");
          assertThat(e.problems().get(0).featureIndex()).isZero();
        });
  }

  @Test
  void codesOfAnotherVillageAreADistinctError() {
    assertThatThrownBy(() -> importJson(collection(cell(0, 0, "\"code\":\"350521104202001\""))))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.code()).isEqualTo("grid_code_wrong_village");
          assertThat(e.problems().get(0).rule()).isEqualTo("code.wrong_village");
        })
        .hasMessageContaining(VILLAGE);
  }

  @Test
  void duplicateCodesNameTheCode() {
    assertThatThrownBy(() -> importJson(collection(
        cell(0, 0, "\"code\":\"350521104201007\""), cell(1, 0, "\"code\":\"350521104201007\""))))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.code()).isEqualTo("duplicate_grid_code");
          assertThat(e.problems()).singleElement().satisfies(d -> {
            assertThat(d.featureId()).isEqualTo("350521104201007");
            assertThat(d.featureIndex()).isEqualTo(1);
          });
        })
        .hasMessageContaining("350521104201007");
  }

  @Test
  void retiredCodesMayNotComeBack() {
    GridSetImporter.Context context = new GridSetImporter.Context(VILLAGE, Set.of(), Set.of("350521104201001"));
    assertThatThrownBy(() -> GridSetImporter.importGrids(collection(cell(0, 0, "\"code\":\"350521104201001\"")),
        GEOJSON, context, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("retired_grid_code"));
  }

  @Test
  void multiPartGridsAre422() {
    String twoParts = "{\"type\":\"Feature\",\"properties\":{\"name\":\"split\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
        + "[[[118.70,24.90],[118.701,24.90],[118.701,24.901],[118.70,24.90]]],"
        + "[[[118.71,24.90],[118.711,24.90],[118.711,24.901],[118.71,24.90]]]]}}";
    assertThatThrownBy(() -> importJson(collection(twoParts)))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("multi_part_grid");
        });
    String onePart = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
        + "[[[118.70,24.90],[118.701,24.90],[118.701,24.901],[118.70,24.90]]]]}}";
    assertThat(importJson(collection(onePart)).grids().get(0).geometry().getGeometryType()).isEqualTo("Polygon");
  }

  @Test
  void unknownKindsAre422() {
    assertThatThrownBy(() -> importJson(collection(cell(0, 0, "\"kind\":\"park\""))))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.problems().get(0).rule()).isEqualTo("attribute.invalid_kind"));
  }

  private static GridSet threeGrids() {
    return importJson(collection(
        cell(0, 0, "\"name\":\"甲\",\"kind\":\"standard\""),
        cell(1, 0, "\"name\":\"乙\",\"kind\":\"商住小区\""),
        cell(0, 1, "\"name\":\"丙\"")));
  }

  private static void assertSameGrids(GridSet actual, GridSet expected) {
    assertThat(actual.grids()).hasSameSizeAs(expected.grids());
    for (int i = 0; i < expected.grids().size(); i++) {
      GridFeature a = actual.grids().get(i);
      GridFeature e = expected.grids().get(i);
      assertThat(a.code()).isEqualTo(e.code());
      assertThat(a.name()).isEqualTo(e.name());
      assertThat(a.kind()).isEqualTo(e.kind());
      assertThat(a.geometry().norm().equalsExact(e.geometry().norm(), 0)).isTrue();
    }
    assertThat(actual.assignedCodes()).isEmpty();
  }

  @Test
  void exportsRoundTripThroughAllThreeFormats() {
    GridSet original = threeGrids();
    FeatureLayer layer = ExportLayers.grids(original.grids());
    byte[] geojson = GeoJson.write(layer);
    byte[] zip = ShapefileZip.write(List.of(layer), StandardCharsets.UTF_8);
    byte[] gpkg = GeoPackageFormat.write(List.of(layer));
    assertSameGrids(GridSetImporter.importGrids(geojson, GEOJSON, FRESH, IngestOptions.defaults()), original);
    assertSameGrids(GridSetImporter.importGrids(zip, "application/zip", FRESH, IngestOptions.defaults()), original);
    assertSameGrids(GridSetImporter.importGrids(gpkg, "application/octet-stream", FRESH, IngestOptions.defaults()), original);
  }

  @Test
  void aZipWithSeveralLayersNeedsOneCalledGrids() {
    GridSet original = threeGrids();
    FeatureLayer grids = ExportLayers.grids(original.grids());
    FeatureLayer other = new FeatureLayer("notes", null, grids.features());
    byte[] ambiguous = ShapefileZip.write(List.of(new FeatureLayer("draft", null, grids.features()), other), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GridSetImporter.importGrids(ambiguous, "application/zip", FRESH, IngestOptions.defaults()))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("missing_layer"));
    byte[] named = ShapefileZip.write(List.of(other, grids), StandardCharsets.UTF_8);
    assertThat(GridSetImporter.importGrids(named, "application/zip", FRESH, IngestOptions.defaults()).grids()).hasSize(3);
  }

  @Test
  void selfIntersectingGridIsRejectedOrRepairedOnRequest() {
    String bowtie = "{\"type\":\"Feature\",\"properties\":{\"name\":\"bow\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + "[[[118.70,24.90],[118.71,24.91],[118.71,24.90],[118.70,24.91],[118.70,24.90]]]}}";
    assertThatThrownBy(() -> importJson(collection(bowtie)))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("invalid_geometry"));
    // the repair of a bow-tie is two triangles: still not one polygon, so still refused
    assertThatThrownBy(() -> GridSetImporter.importGrids(collection(bowtie), GEOJSON, FRESH, IngestOptions.defaults().withRepair(true)))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("multi_part_grid"));
    String spike = "{\"type\":\"Feature\",\"properties\":{\"name\":\"spike\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + "[[[118.70,24.90],[118.71,24.90],[118.71,24.91],[118.705,24.91],[118.705,24.92],[118.705,24.91],[118.70,24.91],[118.70,24.90]]]}}";
    GridSet repaired = GridSetImporter.importGrids(collection(spike), GEOJSON, FRESH, IngestOptions.defaults().withRepair(true));
    assertThat(repaired.repairs()).singleElement().satisfies(r -> assertThat(r.featureIndex()).isZero());
    assertThat(repaired.grids().get(0).geometry().isValid()).isTrue();
  }

  @Test
  void detailsAreCappedButTheCountIsTold() {
    List<String> features = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      features.add(cell(i % 10, i / 10, "\"kind\":\"bad\""));
    }
    assertThatThrownBy(() -> importJson(collection(features.toArray(String[]::new))))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.problems()).hasSize(100))
        .hasMessageContaining("149 more");
  }
}
