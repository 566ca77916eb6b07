package org.gridscape.server.ingest.shapefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridscape.server.ingest.IngestException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class ShpReaderTest {

  private final GeometryFactory factory = new GeometryFactory();
  private final WKTReader wkt = new WKTReader(factory);
  private final ShpReader reader = new ShpReader(factory);

  private Geometry g(String text) {
    try {
      return wkt.read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private List<Geometry> roundTrip(List<Geometry> in) {
    return reader.read("test.shp", ShpWriter.write(in).shp());
  }

  private static void assertSameShape(Geometry actual, Geometry expected) {
    assertThat(actual.getGeometryType()).isEqualTo(expected.getGeometryType());
    assertThat(actual.norm().equalsExact(expected.norm(), 1e-12)).as("%s vs %s", actual, expected).isTrue();
  }

  @Test
  void polygonsWithHolesRoundTrip() {
    Geometry donut = g("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
    Geometry twoIslands = g("MULTIPOLYGON (((20 0, 30 0, 30 10, 20 10, 20 0)), ((40 0, 50 0, 50 10, 40 10, 40 0), (42 2, 42 4, 44 4, 44 2, 42 2)))");
    List<Geometry> back = roundTrip(List.of(donut, twoIslands));
    assertSameShape(back.get(0), donut);
    assertSameShape(back.get(1), twoIslands);
  }

  @Test
  void islandInsideAHoleBecomesItsOwnPolygon() {
    Geometry nested = g("MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 10 90, 90 90, 90 10, 10 10)), ((40 40, 60 40, 60 60, 40 60, 40 40)))");
    Geometry back = roundTrip(List.of(nested)).get(0);
    assertThat(back.getGeometryType()).isEqualTo("MultiPolygon");
    assertSameShape(back, nested);
  }

  @Test
  void linesPointsAndMultipointsRoundTrip() {
    List<Geometry> lines = List.of(g("LINESTRING (0 0, 5 5, 10 0)"), g("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))"));
    List<Geometry> back = roundTrip(lines);
    assertSameShape(back.get(0), lines.get(0));
    assertSameShape(back.get(1), lines.get(1));
    assertSameShape(roundTrip(List.of(g("POINT (118.7 24.9)"))).get(0), g("POINT (118.7 24.9)"));
    assertSameShape(roundTrip(List.of(g("MULTIPOINT ((1 2), (3 4))"))).get(0), g("MULTIPOINT ((1 2), (3 4))"));
  }

  @Test
  void nullShapesKeepTheirPlace() {
    List<Geometry> in = new ArrayList<>(Arrays.asList(g("POINT (1 1)"), null, g("POINT (2 2)")));
    List<Geometry> back = roundTrip(in);
    assertThat(back).hasSize(3);
    assertThat(back.get(1) == null).isTrue();
    assertSameShape(back.get(2), g("POINT (2 2)"));
  }

  @Test
  void ringsWrittenWithTheWrongOrientationAreStillPolygons() {
    // two counter-clockwise outer rings (the spec wants clockwise): neither contains the other
    byte[] shp = polygonFile(ShapeType.POLYGON, new double[][] {
        {0, 0, 10, 0, 10, 10, 0, 10, 0, 0},
        {20, 0, 30, 0, 30, 10, 20, 10, 20, 0}});
    Geometry back = reader.read("ccw.shp", shp).get(0);
    assertThat(back.getGeometryType()).isEqualTo("MultiPolygon");
    assertThat(back.getArea()).isEqualTo(200.0);
  }

  @Test
  void polygonZIsReadIn2d() {
    // clockwise outer ring with Z and M arrays after the points
    byte[] shp = polygonFile(ShapeType.POLYGON_Z, new double[][] {{0, 0, 0, 10, 10, 10, 10, 0, 0, 0}});
    Geometry back = reader.read("z.shp", shp).get(0);
    assertThat(back.getGeometryType()).isEqualTo("Polygon");
    assertThat(back.getArea()).isEqualTo(100.0);
    assertThat(Double.isNaN(back.getCoordinate().getZ())).isTrue();
  }

  @Test
  void polygonMIsRead() {
    byte[] shp = polygonFile(ShapeType.POLYGON_M, new double[][] {{0, 0, 0, 5, 5, 5, 5, 0, 0, 0}});
    assertThat(reader.read("m.shp", shp).get(0).getArea()).isEqualTo(25.0);
  }

  @Test
  void notAShapefileIsA400() {
    assertThatThrownBy(() -> reader.read("x.shp", new byte[120]))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.INVALID);
          assertThat(e.code()).isEqualTo("malformed_file");
        });
    byte[] good = ShpWriter.write(List.of(g("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"))).shp();
    byte[] truncated = Arrays.copyOf(good, good.length - 20);
    ByteBuffer.wrap(truncated).order(ByteOrder.BIG_ENDIAN).putInt(24, good.length / 2);
    assertThatThrownBy(() -> reader.read("t.shp", truncated)).isInstanceOf(IngestException.class).hasMessageContaining("t.shp");
  }

  @Test
  void shxIndexPointsAtEachRecord() {
    ShpWriter.Output out = ShpWriter.write(List.of(g("POINT (1 1)"), g("POINT (2 2)")));
    ByteBuffer shx = ByteBuffer.wrap(out.shx()).order(ByteOrder.BIG_ENDIAN);
    assertThat(out.shx()).hasSize(100 + 16);
    assertThat(shx.getInt(100) * 2).isEqualTo(100);
    int secondOffset = shx.getInt(108) * 2;
    ByteBuffer shp = ByteBuffer.wrap(out.shp()).order(ByteOrder.BIG_ENDIAN);
    assertThat(shp.getInt(secondOffset)).isEqualTo(2); // record number
  }

  /** Builds a one-record polygon shapefile by hand, with Z/M arrays for the Z and M types. */
  private static byte[] polygonFile(ShapeType type, double[][] rings) {
    int points = 0;
    for (double[] r : rings) {
      points += r.length / 2;
    }
    boolean z = type == ShapeType.POLYGON_Z;
    boolean m = z || type == ShapeType.POLYGON_M;
    int content = 44 + 4 * rings.length + 16 * points + (z ? 16 + 8 * points : 0) + (m ? 16 + 8 * points : 0);
    ByteBuffer b = ByteBuffer.allocate(100 + 8 + content);
    b.order(ByteOrder.BIG_ENDIAN).putInt(0, 9994).putInt(24, (100 + 8 + content) / 2);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1000).putInt(32, type.code);
    b.position(100);
    b.order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(content / 2);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(type.code);
    for (int i = 0; i < 4; i++) {
      b.putDouble(0);
    }
    b.putInt(rings.length).putInt(points);
    int start = 0;
    for (double[] r : rings) {
      b.putInt(start);
      start += r.length / 2;
    }
    for (double[] r : rings) {
      for (double v : r) {
        b.putDouble(v);
      }
    }
    if (z) {
      b.putDouble(0).putDouble(50);
      for (int i = 0; i < points; i++) {
        b.putDouble(12.5);
      }
    }
    if (m) {
      b.putDouble(0).putDouble(0);
      for (int i = 0; i < points; i++) {
        b.putDouble(0);
      }
    }
    return b.array();
  }
}
