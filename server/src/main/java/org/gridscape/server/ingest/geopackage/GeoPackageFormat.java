package org.gridscape.server.ingest.geopackage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.gridscape.server.ingest.FeatureLayer;
import org.gridscape.server.ingest.IngestException;
import org.gridscape.server.ingest.SourceFeature;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * GeoPackage feature tables in and out, through the NGA GeoPackage library (SQLite). Geometries cross
 * between the library and JTS as WKB. Each feature table's spatial reference system becomes the
 * layer's CRS: {@code EPSG:n} when the srs names EPSG as its organisation, else its WKT definition.
 */
public final class GeoPackageFormat {

  private static final int WGS84_SRS_ID = 4326;

  private GeoPackageFormat() {
  }

  /** Reads a GeoPackage held in memory (copied to a temporary file, since SQLite needs one). */
  public static List<FeatureLayer> read(byte[] content, GeometryFactory factory) {
    Path temp = null;
    try {
      temp = Files.createTempFile("gridscape-import", ".gpkg");
      Files.write(temp, content);
      return read(temp, factory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless and the OS cleans its temp folder
        }
      }
    }
  }

  /**
   * Reads every feature table.
   *
   * @throws IngestException 400 {@code malformed_file} if the file is not a GeoPackage
   */
  public static List<FeatureLayer> read(Path file, GeometryFactory factory) {
    GeoPackage gpkg;
    try {
      gpkg = GeoPackageManager.open(file.toFile(), false);
    } catch (RuntimeException e) {
      throw new IngestException(IngestException.Kind.MALFORMED_FILE, "not a readable GeoPackage: " + e.getMessage(), e);
    }
    try {
      List<FeatureLayer> layers = new ArrayList<>();
      WKBReader wkb = new WKBReader(factory);
      for (String table : gpkg.getFeatureTables()) {
        FeatureDao dao = gpkg.getFeatureDao(table);
        String crs = crsOf(dao.getSrs());
        List<SourceFeature> features = new ArrayList<>();
        FeatureResultSet rs = dao.queryForAll();
        try {
          while (rs.moveToNext()) {
            FeatureRow row = rs.getRow();
            features.add(feature(features.size(), row, wkb, table));
          }
        } finally {
          rs.close();
        }
        layers.add(new FeatureLayer(table, crs, features));
      }
      return layers;
    } catch (RuntimeException e) {
      if (e instanceof IngestException ie) {
        throw ie;
      }
      throw new IngestException(IngestException.Kind.MALFORMED_FILE, "cannot read the GeoPackage: " + e.getMessage(), e);
    } finally {
      gpkg.close();
    }
  }

  private static SourceFeature feature(int index, FeatureRow row, WKBReader wkb, String table) {
    Geometry geometry = null;
    GeoPackageGeometryData data = row.getGeometry();
    if (data != null && data.getGeometry() != null) {
      try {
        geometry = wkb.read(data.getWkb());
      } catch (IOException | ParseException e) {
        throw new IngestException(IngestException.Kind.MALFORMED_FILE,
            table + " feature " + index + ": unreadable geometry: " + e.getMessage(), e);
      }
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    String[] names = row.getColumnNames();
    int pk = row.hasIdColumn() ? row.getPkColumnIndex() : -1;
    for (int i = 0; i < names.length; i++) {
      if (i == pk || i == row.getGeometryColumnIndex()) {
        continue;
      }
      properties.put(names[i], value(row.getValue(i)));
    }
    String id = row.hasId() ? Long.toString(row.getId()) : null;
    return new SourceFeature(index, id, geometry, properties);
  }

  private static Object value(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v.toString();
  }

  private static String crsOf(SpatialReferenceSystem srs) {
    if (srs == null || srs.getSrsId() == -1 || srs.getSrsId() == 0) {
      return null; // "undefined" systems: the caller applies its default or explicit crs
    }
    if ("EPSG".equalsIgnoreCase(srs.getOrganization())) {
      return "EPSG:" + srs.getOrganizationCoordsysId();
    }
    String def = srs.getDefinition();
    return def == null || def.isBlank() || "undefined".equalsIgnoreCase(def.strip()) ? null : def;
  }

  /**
   * Writes layers (WGS84 lon/lat, srs 4326) to a new GeoPackage file, replacing any existing file.
   * Column types follow the values: INTEGER, DOUBLE, BOOLEAN or TEXT.
   */
  public static void write(Path file, List<FeatureLayer> layers) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    File created = GeoPackageManager.create(file.toFile());
    GeoPackage gpkg = GeoPackageManager.open(created);
    try {
      // a new GeoPackage already defines EPSG:4326 (srs_id 4326)
      WKBWriter wkbWriter = new WKBWriter(2);
      for (FeatureLayer layer : layers) {
        writeLayer(gpkg, layer, wkbWriter);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write GeoPackage " + file + ": " + e.getMessage(), e);
    } finally {
      gpkg.close();
    }
  }

  /** Writes layers to GeoPackage bytes (through a temporary file). */
  public static byte[] write(List<FeatureLayer> layers) {
    Path temp = null;
    try {
      temp = Files.createTempFile("gridscape-export", ".gpkg");
      write(temp, layers);
      return Files.readAllBytes(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private static void writeLayer(GeoPackage gpkg, FeatureLayer layer, WKBWriter wkbWriter) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (SourceFeature f : layer.features()) {
      names.addAll(f.properties().keySet());
    }
    List<FeatureColumn> columns = new ArrayList<>();
    Map<String, GeoPackageDataType> types = new LinkedHashMap<>();
    for (String name : names) {
      GeoPackageDataType type = typeOf(layer, name);
      types.put(name, type);
      columns.add(FeatureColumn.createColumn(name, type));
    }
    GeometryColumns geometryColumns = new GeometryColumns();
    geometryColumns.setId(new TableColumnKey(layer.name(), "geom"));
    geometryColumns.setGeometryType(geometryType(layer));
    geometryColumns.setZ((byte) 0);
    geometryColumns.setM((byte) 0);
    geometryColumns.setSrsId(WGS84_SRS_ID);
    Envelope bounds = new Envelope();
    for (SourceFeature f : layer.features()) {
      if (f.geometry() != null) {
        bounds.expandToInclude(f.geometry().getEnvelopeInternal());
      }
    }
    BoundingBox box = bounds.isNull() ? new BoundingBox() : new BoundingBox(bounds.getMinX(), bounds.getMinY(), bounds.getMaxX(), bounds.getMaxY());
    // QGIS names the primary key "fid"; our data often has its own "id" attribute
    String pk = names.stream().anyMatch(n -> n.equalsIgnoreCase("fid")) ? "gpkg_fid" : "fid";
    gpkg.createFeatureTable(FeatureTableMetadata.create(geometryColumns, pk, columns, box));
    FeatureDao dao = gpkg.getFeatureDao(layer.name());
    gpkg.beginTransaction();
    boolean ok = false;
    try {
      for (SourceFeature f : layer.features()) {
        FeatureRow row = dao.newRow();
        if (f.geometry() != null) {
          row.setGeometry(GeoPackageGeometryData.createFromWkbAndBuildEnvelope(WGS84_SRS_ID, wkbWriter.write(f.geometry())));
        }
        for (Map.Entry<String, Object> e : f.properties().entrySet()) {
          row.setValue(e.getKey(), convert(e.getValue(), types.get(e.getKey())));
        }
        dao.insert(row);
      }
      ok = true;
    } finally {
      gpkg.endTransaction(ok);
    }
  }

  private static Object convert(Object v, GeoPackageDataType type) {
    if (v == null) {
      return null;
    }
    if (type == GeoPackageDataType.TEXT) {
      return v.toString();
    }
    if (type == GeoPackageDataType.INTEGER) {
      return ((Number) v).longValue();
    }
    if (type == GeoPackageDataType.DOUBLE) {
      return ((Number) v).doubleValue();
    }
    return v;
  }

  private static GeoPackageDataType typeOf(FeatureLayer layer, String name) {
    GeoPackageDataType type = null;
    for (SourceFeature f : layer.features()) {
      Object v = f.properties().get(name);
      GeoPackageDataType t;
      if (v == null) {
        continue;
      } else if (v instanceof Boolean) {
        t = GeoPackageDataType.BOOLEAN;
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        t = GeoPackageDataType.INTEGER;
      } else if (v instanceof Number) {
        t = GeoPackageDataType.DOUBLE;
      } else {
        t = GeoPackageDataType.TEXT;
      }
      if (type == null) {
        type = t;
      } else if (type != t) {
        boolean numeric = (type == GeoPackageDataType.INTEGER || type == GeoPackageDataType.DOUBLE)
            && (t == GeoPackageDataType.INTEGER || t == GeoPackageDataType.DOUBLE);
        type = numeric ? GeoPackageDataType.DOUBLE : GeoPackageDataType.TEXT;
      }
    }
    return type == null ? GeoPackageDataType.TEXT : type;
  }

  private static GeometryType geometryType(FeatureLayer layer) {
    GeometryType type = null;
    for (SourceFeature f : layer.features()) {
      Geometry g = f.geometry();
      if (g == null) {
        continue;
      }
      GeometryType t;
      if (g instanceof Point) {
        t = GeometryType.POINT;
      } else if (g instanceof LineString) {
        t = GeometryType.LINESTRING;
      } else if (g instanceof Polygon) {
        t = GeometryType.POLYGON;
      } else if (g instanceof MultiPoint) {
        t = GeometryType.MULTIPOINT;
      } else if (g instanceof MultiLineString) {
        t = GeometryType.MULTILINESTRING;
      } else if (g instanceof MultiPolygon) {
        t = GeometryType.MULTIPOLYGON;
      } else {
        t = GeometryType.GEOMETRY;
      }
      type = type == null || type == t ? t : GeometryType.GEOMETRY;
    }
    return type == null ? GeometryType.GEOMETRY : type;
  }
}
