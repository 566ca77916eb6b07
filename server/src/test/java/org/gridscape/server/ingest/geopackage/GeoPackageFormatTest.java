package org.gridscape.server.ingest.geopackage;

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
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

class GeoPackageFormatTest {

  private static final GeometryFactory FACTORY = new GeometryFactory();

  @Test
  void layersRoundTripWithTypesAndChineseText() throws Exception {
    WKTReader wkt = new WKTReader(FACTORY);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("code", "350521104201001");
    a.put("name", "后渚村第一网格");
    a.put("kind", "standard");
    a.put("residents", 812L);
    a.put("share", 0.75);
    a.put("published", true);
    Map<String, Object> b = new LinkedHashMap<>(a);
    b.put("code", "350521104201002");
    b.put("residents", null);
    FeatureLayer grids = new FeatureLayer("grids", null, List.of(
        new SourceFeature(0, null, wkt.read("POLYGON ((118.70 24.90, 118.71 24.90, 118.71 24.91, 118.70 24.90))"), a),
        new SourceFeature(1, null, wkt.read("POLYGON ((118.71 24.90, 118.72 24.90, 118.72 24.91, 118.71 24.90))"), b)));
    FeatureLayer roads = new FeatureLayer("road", null, List.of(
        new SourceFeature(0, null, wkt.read("LINESTRING (118.70 24.90, 118.72 24.91)"), Map.of("name", "海湾大道"))));
    byte[] gpkg = GeoPackageFormat.write(List.of(grids, roads));
    assertThat(new String(gpkg, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");

    List<FeatureLayer> back = GeoPackageFormat.read(gpkg, FACTORY);
    assertThat(back).extracting(FeatureLayer::name).containsExactlyInAnyOrder("grids", "road");
    FeatureLayer g = back.stream().filter(l -> l.name().equals("grids")).findFirst().orElseThrow();
    assertThat(g.crs()).isEqualTo("EPSG:4326");
    assertThat(g.features()).hasSize(2);
    assertThat(g.features().get(0).properties()).containsEntry("code", "350521104201001").containsEntry("name", "后渚村第一网格")
        .containsEntry("residents", 812L).containsEntry("share", 0.75).containsEntry("published", true);
    assertThat(g.features().get(1).properties()).containsEntry("residents", null);
    assertThat(g.features().get(0).geometry().equalsExact(grids.features().get(0).geometry(), 0)).isTrue();
  }

  @Test
  void notAGeoPackageIsA400() {
    byte[] junk = "SQLite format 3\0 but not really".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> GeoPackageFormat.read(junk, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID));
  }
}
