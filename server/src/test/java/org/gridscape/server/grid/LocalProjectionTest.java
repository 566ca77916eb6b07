package org.gridscape.server.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class LocalProjectionTest {

  private static final double LON0 = 118.74;
  private static final double LAT0 = 24.93;

  @Test
  void transverseMercatorMeasuresTheEllipsoid() {
    LocalProjection tm = LocalProjection.at(LON0, LAT0);
    // Along the central meridian y is the GRS80 meridian arc: M(24.935 deg) * 0.01 deg = 1107.719 m.
    Coordinate north = tm.toMetres(LON0, LAT0 + 0.01);
    assertThat(north.x).isCloseTo(0, within(1e-6));
    assertThat(north.y).isCloseTo(1107.719, within(0.01));
    Coordinate back = tm.toLonLat(north.x, north.y);
    assertThat(back.x).isCloseTo(LON0, within(1e-9));
    assertThat(back.y).isCloseTo(LAT0 + 0.01, within(1e-9));
  }

  @Test
  void equirectangularIsTheMeanSphereScaledAtTheOrigin() {
    LocalProjection plane = LocalProjection.equirectangular(LON0, LAT0);
    // R pi / 180 = 111,195.080 m per degree; times cos(24.93 deg) = 100,834.305 m per degree of longitude.
    Coordinate c = plane.toMetres(LON0 + 0.01, LAT0 + 0.01);
    assertThat(c.x).isCloseTo(1008.343, within(0.001));
    assertThat(c.y).isCloseTo(1111.951, within(0.001));
    Coordinate back = plane.toLonLat(c.x, c.y);
    assertThat(back.x).isCloseTo(LON0 + 0.01, within(1e-12));
    assertThat(back.y).isCloseTo(LAT0 + 0.01, within(1e-12));
  }

  @Test
  void geometriesGoBothWaysInEitherMapping() throws ParseException {
    Geometry square = new WKTReader().read("POLYGON ((118.74 24.93, 118.741 24.93, 118.741 24.931, 118.74 24.931, 118.74 24.93))");
    double tmArea = LocalProjection.around(square).toMetres(square).getArea();
    // 0.001 deg squared at 24.9305 deg N on GRS80: N cos(lat) 101.007 m east by M 110.772 m north.
    assertThat(tmArea).isCloseTo(101.007 * 110.772, within(0.5));
    LocalProjection plane = LocalProjection.equirectangular(LON0, LAT0);
    Geometry metric = plane.toMetres(square, new GeometryFactory());
    assertThat(metric.getArea()).isCloseTo(100.834305 * 111.195080, within(0.01));
    Geometry back = plane.toLonLat(metric);
    assertThat(back.equalsExact(square, 1e-12)).isTrue();
    assertThat(square.getCoordinates()[1].x).as("the input is left as it was").isEqualTo(118.741);
  }
}
