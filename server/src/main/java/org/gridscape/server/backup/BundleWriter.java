package org.gridscape.server.backup;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.contents.Contents;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.sf.GeometryEnvelope;
import mil.nga.sf.GeometryType;

/**
 * Writes a bundle, blocking: table CSVs streamed into the zip with their sha256 computed on the way,
 * geometry tables also into a GeoPackage (a temporary SQLite file, added to the zip at the end), the
 * manifest last. Used from one thread at a time.
 */
final class BundleWriter implements AutoCloseable {

  static final String GEOPACKAGE = "geometry.gpkg";
  private static final int WGS84 = 4326;

  private final ZipOutputStream zip;
  private final Path geoPackageFile;
  private final GeoPackage geoPackage;
  private CsvEntry csv;
  private FeatureLayer layer;
  private boolean closed;

  BundleWriter(Path zipFile, Path geoPackageFile) throws IOException {
    this.zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zipFile), 1 << 16));
    this.geoPackageFile = geoPackageFile;
    Files.deleteIfExists(geoPackageFile);
    GeoPackageManager.create(geoPackageFile.toFile());
    this.geoPackage = GeoPackageManager.open(geoPackageFile.toFile());
  }

  static String csvFile(String table) {
    return "tables/" + table + ".csv";
  }

  void beginTable(TableInfo table) throws IOException {
    csv = new CsvEntry(csvFile(table.name()));
    csv.out.record(table.columnNames());
    if (table.hasGeometry()) {
      layer = new FeatureLayer(table);
    }
  }

  /** One row in bundle text form (null is NULL), in the table's column order. */
  void row(List<String> values, byte[] wkb) {
    csv.out.record(values);
    csv.rows++;
    if (layer != null) {
      layer.add(values, wkb);
    }
  }

  /** Ends the table's CSV entry and returns its row count and sha256. */
  Manifest.Table endTable(TableInfo table) throws IOException {
    csv.out.flush();
    csv.writer.flush();
    zip.closeEntry();
    List<Manifest.Column> columns = table.columns().stream()
        .map(c -> new Manifest.Column(c.name(), c.type().label())).toList();
    Manifest.Table entry = new Manifest.Table(table.name(), csv.name, csv.rows, hex(csv.digest), table.primaryKey(),
        columns, table.hasGeometry());
    if (layer != null) {
      layer.finish();
      layer = null;
    }
    csv = null;
    return entry;
  }

  /** Adds the GeoPackage and the manifest and closes the zip; returns the GeoPackage's sha256. */
  String geoPackageSha256() throws IOException {
    geoPackage.close();
    closed = true;
    return addFile(GEOPACKAGE, geoPackageFile);
  }

  /** Adds a file under {@code name}; returns its sha256. */
  String addFile(String name, Path source) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(source)) {
      in.transferTo(new DigestOutputStream(new NoClose(zip), digest));
    }
    zip.closeEntry();
    return hex(digest);
  }

  void finish(Manifest manifest) throws IOException {
    zip.putNextEntry(new ZipEntry(Manifest.FILE));
    zip.write(manifest.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    zip.close();
  }

  @Override
  public void close() {
    try {
      if (!closed) {
        geoPackage.close();
        closed = true;
      }
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(geoPackageFile);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  private final class CsvEntry {
    final String name;
    final MessageDigest digest = sha256();
    final BufferedWriter writer;
    final BundleCsv.Out out;
    long rows;

    CsvEntry(String name) throws IOException {
      this.name = name;
      zip.putNextEntry(new ZipEntry(name));
      writer = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(new NoClose(zip), digest),
          StandardCharsets.UTF_8), 1 << 16);
      out = new BundleCsv.Out(writer);
    }
  }

  /** One geometry table as a GeoPackage feature table: every column but the geometry as an attribute. */
  private final class FeatureLayer {
    private final TableInfo table;
    private final FeatureDao dao;
    private final List<Integer> attributeIndexes = new ArrayList<>();
    private final List<String> attributeNames = new ArrayList<>();
    private final List<GeoPackageDataType> attributeTypes = new ArrayList<>();
    private double minX = Double.POSITIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private GeometryType geometryType;

    FeatureLayer(TableInfo table) {
      this.table = table;
      List<FeatureColumn> columns = new ArrayList<>();
      boolean fidTaken = false;
      for (int i = 0; i < table.columns().size(); i++) {
        TableInfo.Column c = table.columns().get(i);
        if (c.name().equals(TableInfo.GEOMETRY_COLUMN)) {
          continue;
        }
        fidTaken |= c.name().equalsIgnoreCase("fid");
        GeoPackageDataType type = geoPackageType(c.type());
        attributeIndexes.add(i);
        attributeNames.add(c.name());
        attributeTypes.add(type);
        columns.add(FeatureColumn.createColumn(c.name(), type));
      }
      GeometryColumns geometryColumns = new GeometryColumns();
      geometryColumns.setId(new TableColumnKey(table.name(), TableInfo.GEOMETRY_COLUMN));
      geometryColumns.setGeometryType(GeometryType.GEOMETRY);
      geometryColumns.setZ((byte) 0);
      geometryColumns.setM((byte) 0);
      geometryColumns.setSrsId(WGS84);
      // QGIS expects an integer key named fid; the table's own key stays an ordinary attribute
      geoPackage.createFeatureTable(FeatureTableMetadata.create(geometryColumns, fidTaken ? "gpkg_fid" : "fid", columns,
          new BoundingBox(-180, -90, 180, 90)));
      dao = geoPackage.getFeatureDao(table.name());
      geoPackage.beginTransaction();
    }

    void add(List<String> values, byte[] wkb) {
      FeatureRow row = dao.newRow();
      if (wkb != null) {
        try {
          GeoPackageGeometryData data = GeoPackageGeometryData.createFromWkbAndBuildEnvelope(WGS84, wkb);
          row.setGeometry(data);
          GeometryEnvelope e = data.getEnvelope();
          if (e != null) {
            minX = Math.min(minX, e.getMinX());
            minY = Math.min(minY, e.getMinY());
            maxX = Math.max(maxX, e.getMaxX());
            maxY = Math.max(maxY, e.getMaxY());
          }
          GeometryType t = data.getGeometry().getGeometryType();
          geometryType = geometryType == null || geometryType == t ? t : GeometryType.GEOMETRY;
        } catch (IOException | RuntimeException e) {
          // the CSV keeps the bytes whatever they are; the GeoPackage view shows the row without a shape
          row.setGeometry(null);
        }
      }
      for (int i = 0; i < attributeIndexes.size(); i++) {
        String v = values.get(attributeIndexes.get(i));
        row.setValue(attributeNames.get(i), v == null ? null : switch (attributeTypes.get(i)) {
          case INTEGER -> Long.parseLong(v);
          case DOUBLE -> Double.parseDouble(v);
          case BOOLEAN -> Boolean.parseBoolean(v);
          case BLOB -> java.util.Base64.getDecoder().decode(v);
          default -> v;
        });
      }
      dao.insert(row);
    }

    void finish() {
      geoPackage.endTransaction(true);
      try {
        if (minX <= maxX) {
          Contents contents = geoPackage.getContentsDao().queryForId(table.name());
          contents.setMinX(minX);
          contents.setMinY(minY);
          contents.setMaxX(maxX);
          contents.setMaxY(maxY);
          geoPackage.getContentsDao().update(contents);
        }
        if (geometryType != null && geometryType != GeometryType.GEOMETRY) {
          GeometryColumns columns = geoPackage.getGeometryColumnsDao().queryForTableName(table.name());
          columns.setGeometryType(geometryType);
          geoPackage.getGeometryColumnsDao().update(columns);
        }
      } catch (SQLException e) {
        throw new BackupException("cannot write the GeoPackage metadata of " + table.name() + ": " + e.getMessage(), e);
      }
    }

    private static GeoPackageDataType geoPackageType(ColumnType type) {
      return switch (type) {
        case BOOLEAN -> GeoPackageDataType.BOOLEAN;
        case SMALLINT, INTEGER, BIGINT -> GeoPackageDataType.INTEGER;
        case REAL, DOUBLE -> GeoPackageDataType.DOUBLE;
        case BINARY -> GeoPackageDataType.BLOB;
        // decimals, dates and times as their exact ISO / plain text
        case TEXT, NUMERIC, DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> GeoPackageDataType.TEXT;
      };
    }
  }

  /** Lets a per-entry writer be flushed without closing the zip under it. */
  private static final class NoClose extends FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
