package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** The CSV and GeoJSON writers: escaping, fixed decimals, ring orientation, copy offsets. */
class WritersTest {

  @TempDir
  Path dir;

  @Test
  void csvQuotesOnlyWhereRfc4180NeedsIt() throws Exception {
    Path f = dir.resolve("a.csv");
    try (CsvOut out = new CsvOut(f, "a", "b", "c")) {
      out.row("plain", "with,comma", "say \"hi\"");
      out.row("洛阳村", null, 3);
      assertThat(out.rows()).isEqualTo(2);
    }
    assertThat(Files.readString(f, StandardCharsets.UTF_8))
        .isEqualTo("a,b,c\nplain,\"with,comma\",\"say \"\"hi\"\"\"\n洛阳村,,3\n");
    assertThat(SampleFixture.parseLine("plain,\"with,comma\",\"say \"\"hi\"\"\"")).containsExactly("plain",
        "with,comma", "say \"hi\"");
  }

  @Test
  void geoJsonHasSevenDecimalsCounterClockwiseShellsAndShiftedCopies() throws Exception {
    // A clockwise shell with a counter-clockwise hole: both must be flipped.
    Geometry g = new WKTReader(DistrictLayout.LON_LAT).read(
        "POLYGON ((118.7 24.9, 118.7 24.91, 118.71 24.91, 118.71 24.9, 118.7 24.9),"
            + " (118.702 24.902, 118.708 24.902, 118.708 24.908, 118.702 24.908, 118.702 24.902))");
    Path f = dir.resolve("a.geojson");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", "a\"b");
    p.put("height", 12.25);
    p.put("floors", 4);
    p.put("parent", null);
    try (GeoJsonOut out = new GeoJsonOut(f, 2_500_000L, -2_000_000L)) {
      out.feature(g, p);
    }
    String text = Files.readString(f, StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"type\":\"FeatureCollection\",\"features\":[")
        .contains("\"properties\":{\"name\":\"a\\\"b\",\"height\":12.3,\"floors\":4,\"parent\":null}")
        .contains("[[[118.9500000,24.7000000],[118.9600000,24.7000000],[118.9600000,24.7100000],")
        .contains("[[118.9520000,24.7020000],[118.9520000,24.7080000],[118.9580000,24.7080000]");
    var back = SampleFixture.readFeatures(f);
    assertThat(back).singleElement().satisfies(feature -> {
      assertThat(feature.geometry().getArea()).isCloseTo(g.getArea(), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(feature.get("parent")).isNull();
    });
  }

  @Test
  void paddedDigits() {
    assertThat(Digits.pad(7, 3)).isEqualTo("007");
    assertThat(Digits.pad(1234, 3)).isEqualTo("1234");
    assertThat(GeoJsonOut.decimal(3.0)).isEqualTo("3");
    assertThat(GeoJsonOut.decimal(-1.5)).isEqualTo("-1.5");
  }
}
