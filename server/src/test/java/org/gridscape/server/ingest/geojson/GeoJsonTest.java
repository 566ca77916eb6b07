package org.gridscape.server.ingest.geojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.SourceFeature;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class GeoJsonTest {

  private static final GeometryFactory FACTORY = new GeometryFactory();

  private static FeatureLayer read(String json) {
    return GeoJson.read("features", json.getBytes(StandardCharsets.UTF_8), FACTORY);
  }

  @Test
  void readsFeaturesWithTypedProperties() {
    FeatureLayer layer = read("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":7,"geometry":{"type":"Polygon","coordinates":[[[118.7,24.9],[118.701,24.9],[118.701,24.901],[118.7,24.9]]]},
           "properties":{"layer":"building","层数":3,"高度":9.5,"用途":"住宅","危房":false,"note":null}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[118.7,24.9],[118.71,24.91]]},"properties":{"layer":"road"}}
        ]}""");
    assertThat(layer.crs()).isNull();
    assertThat(layer.features()).hasSize(2);
    SourceFeature first = layer.features().get(0);
    assertThat(first.id()).isEqualTo("7");
    assertThat(first.properties()).containsEntry("层数", 3L).containsEntry("高度", 9.5).containsEntry("用途", "住宅")
        .containsEntry("危房", false).containsEntry("note", null);
    assertThat(first.geometry().getGeometryType()).isEqualTo("Polygon");
    assertThat(layer.features().get(1).index()).isEqualTo(1);
  }

  @Test
  void legacyCrsMemberIsKept() {
    FeatureLayer layer = read("""
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}},"features":[]}""");
    assertThat(layer.crs()).isEqualTo("urn:ogc:def:crs:EPSG::4549");
  }

  @Test
  void malformedJsonIsA400WithAPosition() {
    assertThatThrownBy(() -> read("{\"type\":\"FeatureCollection\",\"features\":[}"))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID);
          assertThat(e.code()).isEqualTo("malformed_json");
        })
        .hasMessageContaining("line 1");
  }

  @Test
  void structuralMistakesNameTheFeature() {
    assertThatThrownBy(() -> read("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
          {"type":"Feature","geometry":{"type":"Polygon","coordinates":"oops"},"properties":{}}]}"""))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID);
          assertThat(e.problems()).singleElement().satisfies(d -> assertThat(d.featureIndex()).isEqualTo(1));
        });
    assertThatThrownBy(() -> read("{\"type\":\"Topology\"}")).isInstanceOf(IngestException.class);
    assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IngestException.class);
  }

  @Test
  void unclosedRingIsAnInvalidGeometry() {
    assertThatThrownBy(() -> read("""
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}"""))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("invalid_geometry");
          assertThat(e.problems().get(0).featureIndex()).isZero();
        });
  }

  @Test
  void roundTripKeepsGeometryAndPropertiesAndUsesTheRightHandRule() throws Exception {
    WKTReader wkt = new WKTReader(FACTORY);
    // exterior clockwise, hole counter-clockwise: the writer must flip both
    Geometry donut = wkt.read("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))");
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("name", "东园村");
    props.put("floors", 4L);
    props.put("height", 12.5);
    FeatureLayer in = new FeatureLayer("x", null, List.of(
        new SourceFeature(0, "a", donut, props),
        new SourceFeature(1, null, wkt.read("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))"), Map.of()),
        new SourceFeature(2, null, wkt.read("MULTIPOLYGON (((20 0, 30 0, 30 10, 20 0)))"), Map.of()),
        new SourceFeature(3, null, wkt.read("MULTIPOINT ((1 2), (3 4))"), Map.of())));
    FeatureLayer out = GeoJson.read("x", GeoJson.write(in), FACTORY);
    assertThat(out.features()).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(out.features().get(i).geometry().norm().equalsExact(in.features().get(i).geometry().norm(), 0)).isTrue();
      assertThat(out.features().get(i).properties()).isEqualTo(in.features().get(i).properties());
    }
    Polygon written = (Polygon) out.features().get(0).geometry();
    assertThat(Orientation.isCCW(written.getExteriorRing().getCoordinates())).isTrue();
    assertThat(Orientation.isCCW(written.getInteriorRingN(0).getCoordinates())).isFalse();
    assertThat(out.features().get(0).id()).isEqualTo("a");
  }
}
