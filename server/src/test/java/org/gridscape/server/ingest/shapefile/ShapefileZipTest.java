package org.gridscape.server.ingest.shapefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.SourceFeature;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

class ShapefileZipTest {

  private static final GeometryFactory FACTORY = new GeometryFactory();
  private static final long LIMIT = 1L << 26;

  private static FeatureLayer buildings() throws Exception {
    WKTReader wkt = new WKTReader(FACTORY);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("编号", "B1");
    a.put("层数", 3L);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("编号", "B2");
    b.put("层数", 5L);
    return new FeatureLayer("building", null, List.of(
        new SourceFeature(0, null, wkt.read("POLYGON ((118.7 24.9, 118.7001 24.9, 118.7001 24.9001, 118.7 24.9001, 118.7 24.9))"), a),
        new SourceFeature(1, null, wkt.read("POLYGON ((118.71 24.9, 118.7101 24.9, 118.7101 24.9001, 118.71 24.9))"), b)));
  }

  @Test
  void layersRoundTripWithPrjAndCpg() throws Exception {
    FeatureLayer in = buildings();
    byte[] zip = ShapefileZip.write(List.of(in), Charset.forName("GBK"));
    List<FeatureLayer> out = ShapefileZip.read(zip, LIMIT, FACTORY);
    assertThat(out).hasSize(1);
    FeatureLayer layer = out.get(0);
    assertThat(layer.name()).isEqualTo("building");
    assertThat(layer.crs()).startsWith("GEOGCS[\"GCS_WGS_1984\"");
    assertThat(layer.features()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(layer.features().get(i).properties()).isEqualTo(in.features().get(i).properties());
      assertThat(layer.features().get(i).geometry().norm().equalsExact(in.features().get(i).geometry().norm(), 0)).isTrue();
    }
  }

  private static byte[] zipOf(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> parts(FeatureLayer layer, Charset charset) throws Exception {
    ShpWriter.Output shp = ShpWriter.write(layer.features().stream().map(SourceFeature::geometry).toList());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("data/" + layer.name() + ".shp", shp.shp());
    files.put("data/" + layer.name() + ".shx", shp.shx());
    files.put("data/" + layer.name() + ".dbf", DbfWriter.write(List.copyOf(layer.features().get(0).properties().keySet()),
        layer.features().stream().map(SourceFeature::properties).toList(), charset));
    return files;
  }

  @Test
  void gbkWithoutCpgInASubfolderIsRead() throws Exception {
    byte[] zip = zipOf(parts(buildings(), Charset.forName("GBK")));
    FeatureLayer layer = ShapefileZip.read(zip, LIMIT, FACTORY).get(0);
    assertThat(layer.crs()).isNull();
    assertThat(layer.features().get(1).properties()).containsEntry("编号", "B2").containsEntry("层数", 5L);
  }

  @Test
  void missingDbfOrShpIsA400NamingTheFile() throws Exception {
    Map<String, byte[]> noDbf = parts(buildings(), StandardCharsets.UTF_8);
    noDbf.remove("data/building.dbf");
    assertThatThrownBy(() -> ShapefileZip.read(zipOf(noDbf), LIMIT, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID);
          assertThat(e.code()).isEqualTo("missing_component");
        })
        .hasMessageContaining("building.dbf");
    Map<String, byte[]> noShp = parts(buildings(), StandardCharsets.UTF_8);
    noShp.remove("data/building.shp");
    assertThatThrownBy(() -> ShapefileZip.read(zipOf(noShp), LIMIT, FACTORY))
        .isInstanceOf(IngestException.class).hasMessageContaining("building.shp");
    assertThatThrownBy(() -> ShapefileZip.read(zipOf(Map.of("readme.txt", new byte[3])), LIMIT, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("missing_component"));
  }

  @Test
  void brokenZipIsA400() throws Exception {
    byte[] zip = ShapefileZip.write(List.of(buildings()), StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(zip, 40);
    assertThatThrownBy(() -> ShapefileZip.read(cut, LIMIT, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID);
          assertThat(e.code()).isIn("broken_archive", "malformed_file", "missing_component");
        });
    assertThatThrownBy(() -> ShapefileZip.read("not a zip".getBytes(StandardCharsets.US_ASCII), LIMIT, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("broken_archive"));
  }

  @Test
  void unpackingMoreThanTheLimitIsA413() throws Exception {
    byte[] zip = zipOf(Map.of("big.dbf", new byte[1 << 20]));
    assertThatThrownBy(() -> ShapefileZip.read(zip, 1 << 16, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.TOO_LARGE));
  }

  @Test
  void shapeAndRowCountsMustAgree() throws Exception {
    Map<String, byte[]> files = parts(buildings(), StandardCharsets.UTF_8);
    files.put("data/building.dbf", DbfWriter.write(List.of("n"), List.of(Map.of("n", 1L)), StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ShapefileZip.read(zipOf(files), LIMIT, FACTORY))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.code()).isEqualTo("malformed_file"));
  }
}
