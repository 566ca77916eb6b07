package org.gridscape.server.ingest.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gridscape.server.ingest.IngestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrsResolverTest {

  // CGCS2000 ellipsoid (same a and f as GRS80)
  private static final double A = 6378137.0;
  private static final double F = 1 / 298.257222101;

  /**
   * Gauss-Kruger forward projection by Kruger's n-series to sixth order (Karney 2011), written
   * independently of proj4j so the test checks the library against the textbook formulas.
   */
  private static double[] gaussKruger(double lonDeg, double latDeg, double centralMeridian, double falseEasting) {
    double n = F / (2 - F);
    double n2 = n * n;
    double n3 = n2 * n;
    double n4 = n3 * n;
    double n5 = n4 * n;
    double n6 = n5 * n;
    double bigA = A / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    double[] alpha = {
        0,
        n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
        13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
        61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
        49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
        34729 * n5 / 80640 - 3418889 * n6 / 1995840,
        212378941 * n6 / 319334400};
    double e = 2 * Math.sqrt(n) / (1 + n);
    double phi = Math.toRadians(latDeg);
    double dLambda = Math.toRadians(lonDeg - centralMeridian);
    double sinPhi = Math.sin(phi);
    double t = Math.sinh(atanh(sinPhi) - e * atanh(e * sinPhi));
    double xiP = Math.atan2(t, Math.cos(dLambda));
    double etaP = atanh(Math.sin(dLambda) / Math.sqrt(1 + t * t));
    double xi = xiP;
    double eta = etaP;
    for (int j = 1; j <= 6; j++) {
      xi += alpha[j] * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
      eta += alpha[j] * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
    }
    return new double[] {falseEasting + bigA * eta, bigA * xi};
  }

  private static double atanh(double x) {
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  @Test
  void epsg4549MatchesGaussKrugerSeriesAtQuanzhou() {
    SourceCrs crs = CrsResolver.resolve("EPSG:4549");
    double[] expected = gaussKruger(118.7, 24.9, 120, 500_000);
    double[] actual = crs.fromWgs84(118.7, 24.9);
    assertThat(actual[0]).isCloseTo(expected[0], within(0.001));
    assertThat(actual[1]).isCloseTo(expected[1], within(0.001));
    // sanity: west of the 120E meridian, so easting below 500 km; about 2,755 km north of the equator
    assertThat(actual[0]).isBetween(350_000.0, 500_000.0);
    assertThat(actual[1]).isBetween(2_700_000.0, 2_800_000.0);
  }

  @Test
  void epsg4528CarriesTheZonePrefix() {
    SourceCrs crs = CrsResolver.fromEpsg(4528);
    double[] expected = gaussKruger(118.7, 24.9, 120, 40_500_000);
    double[] actual = crs.fromWgs84(118.7, 24.9);
    assertThat(actual[0]).isCloseTo(expected[0], within(0.001));
    assertThat(actual[1]).isCloseTo(expected[1], within(0.001));
    assertThat(crs.description()).contains("zone 40");
  }

  @ParameterizedTest
  @ValueSource(ints = {4528, 4549})
  void gaussKrugerRoundTripsAcrossTheDistrict(int epsg) {
    SourceCrs crs = CrsResolver.fromEpsg(epsg);
    for (double lon = 118.55; lon <= 118.95; lon += 0.1) {
      for (double lat = 24.80; lat <= 25.05; lat += 0.05) {
        double[] xy = crs.fromWgs84(lon, lat);
        double[] back = crs.toWgs84(xy[0], xy[1]);
        // 1e-9 degrees is about 0.1 mm
        assertThat(back[0]).isCloseTo(lon, within(1e-9));
        assertThat(back[1]).isCloseTo(lat, within(1e-9));
        double[] expected = gaussKruger(back[0], back[1], 120, epsg == 4528 ? 40_500_000 : 500_000);
        assertThat(xy[0]).isCloseTo(expected[0], within(0.001));
        assertThat(xy[1]).isCloseTo(expected[1], within(0.001));
      }
    }
  }

  @Test
  void acceptsTheUsualSpellings() {
    assertThat(CrsResolver.resolve("urn:ogc:def:crs:EPSG::4549").id()).isEqualTo("EPSG:4549");
    assertThat(CrsResolver.resolve("http://www.opengis.net/def/crs/EPSG/0/4528").id()).isEqualTo("EPSG:4528");
    assertThat(CrsResolver.resolve("4549").id()).isEqualTo("EPSG:4549");
    assertThat(CrsResolver.resolve("CGCS2000").kind()).isEqualTo(SourceCrs.Kind.CGCS2000_GEOGRAPHIC);
    assertThat(CrsResolver.resolve("EPSG:4490").id()).isEqualTo("EPSG:4490");
    assertThat(CrsResolver.resolve("gcj-02").kind()).isEqualTo(SourceCrs.Kind.GCJ02);
    assertThat(CrsResolver.resolve("urn:ogc:def:crs:OGC:1.3:CRS84").kind()).isEqualTo(SourceCrs.Kind.WGS84);
    assertThat(CrsResolver.resolve("EPSG:32650").description()).isEqualTo("WGS 84 / UTM zone 50N");
  }

  @Test
  void neighbouringZonesHaveTheirOwnMeridians() {
    // EPSG:4548 is CM 117E: a point on 117E has easting exactly 500 km
    double[] xy = CrsResolver.fromEpsg(4548).fromWgs84(117.0, 25.0);
    assertThat(xy[0]).isCloseTo(500_000.0, within(0.001));
    // EPSG:4527 is zone 39 (CM 117E) with prefix
    assertThat(CrsResolver.fromEpsg(4527).fromWgs84(117.0, 25.0)[0]).isCloseTo(39_500_000.0, within(0.001));
  }

  @Test
  void esriPrjOfCgcs2000GaussKrugerCm120IsEpsg4549() {
    String prj = "PROJCS[\"CGCS2000_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
        + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
        + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
        + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0],"
        + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    assertThat(CrsResolver.resolve(prj).id()).isEqualTo("EPSG:4549");
  }

  @Test
  void esriPrjWithZonePrefixIsEpsg4528() {
    String prj = "PROJCS[\"CGCS2000_3_Degree_GK_Zone_40\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
        + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
        + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",40500000.0],"
        + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0],"
        + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    assertThat(CrsResolver.fromWkt(prj).id()).isEqualTo("EPSG:4528");
  }

  @Test
  void ogcWktWithAuthorityUsesTheAuthority() {
    String wkt = "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 120E\",GEOGCS[\"China Geodetic Coordinate System 2000\","
        + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]]],"
        + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
        + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",120],PARAMETER[\"scale_factor\",1],"
        + "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],"
        + "AUTHORITY[\"EPSG\",\"4549\"]]";
    assertThat(CrsResolver.fromWkt(wkt).id()).isEqualTo("EPSG:4549");
  }

  @Test
  void customTransverseMercatorIsBuiltFromItsParameters() {
    // a local "independent" system on CM 118.5E, common in city surveys
    String prj = "PROJCS[\"Quanzhou_Local_118_30\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
        + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
        + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],"
        + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",118.5],PARAMETER[\"Scale_Factor\",1.0],"
        + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    SourceCrs crs = CrsResolver.resolve(prj);
    assertThat(crs.id()).contains("+lon_0=118.5");
    double[] expected = gaussKruger(118.7, 24.9, 118.5, 500_000);
    double[] back = crs.toWgs84(expected[0], expected[1]);
    assertThat(back[0]).isCloseTo(118.7, within(1e-8));
    assertThat(back[1]).isCloseTo(24.9, within(1e-8));
  }

  @Test
  void geographicPrjsResolveByDatum() {
    String cgcs = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
        + "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    String wgs = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
        + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    assertThat(CrsResolver.resolve(cgcs).id()).isEqualTo("EPSG:4490");
    assertThat(CrsResolver.resolve(wgs).id()).isEqualTo("EPSG:4326");
  }

  @Test
  void xian1980IsRefusedWithAReason() {
    String prj = "PROJCS[\"Xian_1980_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_Xian_1980\",DATUM[\"D_Xian_1980\","
        + "SPHEROID[\"Xian_1980\",6378140.0,298.257]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        + "PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
        + "PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],"
        + "UNIT[\"Meter\",1.0]]";
    assertThatThrownBy(() -> CrsResolver.resolve(prj))
        .isInstanceOfSatisfying(IngestException.class, e -> {
          assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED);
          assertThat(e.code()).isEqualTo("unsupported_crs");
        })
        .hasMessageContaining("CGCS2000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EPSG:2385", "EPSG:27700", "BD09", "PROJCS[broken", "LOCAL_CS[\"x\"]", ""})
  void unknownOrUnsupportedSystemsAre422(String name) {
    assertThatThrownBy(() -> CrsResolver.resolve(name))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.refusal()).isEqualTo(org.gridscape.server.DomainException.Refusal.REFUSED));
  }

  @Test
  void eastingsOfAnotherZoneAreOutOfRange() {
    SourceCrs withoutPrefix = CrsResolver.fromEpsg(4549);
    // a zone-40 easting given to the CM-120 system without prefix
    assertThatThrownBy(() -> withoutPrefix.toWgs84(40_430_000, 2_755_000))
        .isInstanceOf(CoordinateRangeException.class)
        .hasMessageContaining("zone");
  }

  @Test
  void geographicCoordinatesOutsideTheGlobeAreOutOfRange() {
    assertThatThrownBy(() -> CrsResolver.wgs84().toWgs84(190, 24.9)).isInstanceOf(CoordinateRangeException.class);
    assertThatThrownBy(() -> CrsResolver.resolve("CGCS2000").toWgs84(118.7, 95)).isInstanceOf(CoordinateRangeException.class);
    assertThatThrownBy(() -> CrsResolver.wgs84().toWgs84(Double.NaN, 0)).isInstanceOf(CoordinateRangeException.class);
  }
}
