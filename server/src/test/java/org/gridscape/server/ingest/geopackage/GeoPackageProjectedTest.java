package org.gridscape.server.ingest.geopackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.gridscape.server.grid.GridFeature;
import org.gridscape.server.ingest.GridSet;
import org.gridscape.server.ingest.GridSetImporter;
import org.gridscape.server.ingest.IngestOptions;
import org.gridscape.server.ingest.crs.CrsResolver;
import org.gridscape.server.ingest.crs.SourceCrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/** A GeoPackage whose table is in a Gauss-Kruger zone, as QGIS writes it: the srs decides the conversion. */
class GeoPackageProjectedTest {

  private static final String WKT_4549 = "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 120E\",GEOGCS[\"China Geodetic Coordinate System 2000\","
      + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0],"
      + "UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
      + "PARAMETER[\"central_meridian\",120],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",500000],"
      + "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

  private static byte[] gridsIn(Path file, String organization, long srsId) throws Exception {
    SourceCrs gk = CrsResolver.fromEpsg(4549);
    double[] sw = gk.fromWgs84(118.70, 24.90);
    GeoPackageManager.create(file.toFile());
    GeoPackage gpkg = GeoPackageManager.open(file.toFile());
    try {
      SpatialReferenceSystem srs = new SpatialReferenceSystem();
      srs.setSrsName("CGCS2000 / 3-degree Gauss-Kruger CM 120E");
      srs.setSrsId(srsId);
      srs.setOrganization(organization);
      srs.setOrganizationCoordsysId(srsId);
      srs.setDefinition(WKT_4549);
      gpkg.getSpatialReferenceSystemDao().create(srs);
      GeometryColumns columns = new GeometryColumns();
      columns.setId(new TableColumnKey("grids", "geom"));
      columns.setGeometryType(GeometryType.POLYGON);
      columns.setZ((byte) 0);
      columns.setM((byte) 0);
      columns.setSrsId(srsId);
      gpkg.createFeatureTable(FeatureTableMetadata.create(columns, "fid",
          List.of(FeatureColumn.createColumn("name", GeoPackageDataType.TEXT)), new BoundingBox()));
      FeatureDao dao = gpkg.getFeatureDao("grids");
      FeatureRow row = dao.newRow();
      byte[] wkb = new WKBWriter(2).write(new GeometryFactory().toGeometry(new Envelope(sw[0], sw[0] + 500, sw[1], sw[1] + 500)));
      row.setGeometry(GeoPackageGeometryData.createFromWkb(srsId, wkb));
      row.setValue("name", "一网格");
      dao.insert(row);
    } finally {
      gpkg.close();
    }
    return Files.readAllBytes(file);
  }

  @Test
  void epsgSrsIsConvertedAndRecorded(@TempDir Path tmp) throws Exception {
    byte[] bytes = gridsIn(tmp.resolve("epsg.gpkg"), "EPSG", 4549);
    GridSet set = GridSetImporter.importGrids(bytes, "application/geopackage+sqlite3",
        GridSetImporter.Context.fresh("350521104201"), IngestOptions.defaults());
    assertThat(set.sourceCrs()).isEqualTo("EPSG:4549");
    GridFeature grid = set.grids().get(0);
    assertThat(grid.name()).isEqualTo("一网格");
    assertThat(grid.code()).isEqualTo("350521104201001");
    // the south-west corner was placed at 118.70E 24.90N
    assertThat(grid.geometry().getCoordinates()).anySatisfy(c -> {
      assertThat(c.x).isCloseTo(118.70, within(1e-9));
      assertThat(c.y).isCloseTo(24.90, within(1e-9));
    });
    // and the 500 m square is about 0.0050 degrees of longitude wide at this latitude
    assertThat(grid.geometry().getEnvelopeInternal().getWidth()).isCloseTo(500 / (111_320 * Math.cos(Math.toRadians(24.9))), within(1e-4));
  }

  @Test
  void customSrsIsResolvedFromItsWkt(@TempDir Path tmp) throws Exception {
    byte[] bytes = gridsIn(tmp.resolve("custom.gpkg"), "NONE", 100001);
    GridSet set = GridSetImporter.importGrids(bytes, null, GridSetImporter.Context.fresh("350521104201"), IngestOptions.defaults());
    // matched by its parameters to the EPSG code
    assertThat(set.sourceCrs()).isEqualTo("EPSG:4549");
    assertThat(set.grids().get(0).geometry().getCoordinates()).anySatisfy(c -> assertThat(c.x).isCloseTo(118.70, within(1e-9)));
  }
}
