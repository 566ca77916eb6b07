package org.gridscape.server.backup;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of a bundle: what wrote it, at which schema version, and per file its sha256;
 * per table its row count and columns; the data directory's files (event photos). Tables are listed
 * parents first. See docs/BACKUP.md.
 */
record Manifest(int formatVersion, String gridscapeVersion, String schemaVersion, String database, String createdAt,
    String geometryFile, String geometrySha256, List<Table> tables, List<DataFile> files) {

  static final String FORMAT = "gridscape-backup";
  static final int FORMAT_VERSION = 1;
  static final String FILE = "manifest.json";

  record Column(String name, String type) {}

  record Table(String name, String file, long rows, String sha256, List<String> primaryKey, List<Column> columns,
      boolean geometry) {
    Table {
      primaryKey = List.copyOf(primaryKey);
      columns = List.copyOf(columns);
    }

    List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }
  }

  /** A file of the data directory kept beside the database (event photos), stored as {@code path} in the bundle. */
  record DataFile(String path, long bytes, String sha256) {
    /** Files live under {@code files/}, named relative to the data directory, without climbing out of it. */
    DataFile {
      if (!path.startsWith(FILES_PREFIX) || path.contains("..") || path.contains("\\")) {
        throw new BackupException(FILE + ": file " + path + " is not under " + FILES_PREFIX);
      }
    }

    String dataDirPath() {
      return path.substring(FILES_PREFIX.length());
    }
  }

  static final String FILES_PREFIX = "files/";

  Manifest {
    tables = List.copyOf(tables);
    files = List.copyOf(files);
  }

  Manifest withGeometrySha256(String sha256) {
    return new Manifest(formatVersion, gridscapeVersion, schemaVersion, database, createdAt, geometryFile, sha256,
        tables, files);
  }

  Manifest withFiles(List<DataFile> dataFiles) {
    return new Manifest(formatVersion, gridscapeVersion, schemaVersion, database, createdAt, geometryFile,
        geometrySha256, tables, dataFiles);
  }

  JsonObject toJson() {
    JsonArray tableArray = new JsonArray();
    for (Table t : tables) {
      JsonArray cols = new JsonArray();
      t.columns().forEach(c -> cols.add(new JsonObject().put("name", c.name()).put("type", c.type())));
      tableArray.add(new JsonObject().put("name", t.name()).put("file", t.file()).put("rows", t.rows())
          .put("sha256", t.sha256()).put("primaryKey", new JsonArray(t.primaryKey())).put("columns", cols)
          .put("geometry", t.geometry()));
    }
    return new JsonObject().put("format", FORMAT).put("formatVersion", formatVersion)
        .put("gridscapeVersion", gridscapeVersion).put("schemaVersion", schemaVersion).put("database", database)
        .put("createdAt", createdAt)
        .put("geometry", new JsonObject().put("file", geometryFile).put("sha256", geometrySha256)
            .put("srs", "EPSG:4326"))
        .put("tables", tableArray)
        .put("files", new JsonArray(files.stream().map(f -> new JsonObject().put("path", f.path())
            .put("bytes", f.bytes()).put("sha256", f.sha256())).toList()));
  }

  /**
   * Reads a manifest.
   *
   * @throws BackupException naming what is missing or wrong
   */
  static Manifest parse(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new BackupException(FILE + " is not JSON: " + e.getMessage());
    }
    if (!FORMAT.equals(json.getString("format"))) {
      throw new BackupException(FILE + ": not a GridScape backup (format '" + json.getValue("format") + "')");
    }
    Integer version = json.getInteger("formatVersion");
    if (version == null || version != FORMAT_VERSION) {
      throw new BackupException(FILE + ": bundle format version " + version + " is not supported (this GridScape reads "
          + FORMAT_VERSION + ")");
    }
    try {
      List<Table> tables = new ArrayList<>();
      for (Object o : json.getJsonArray("tables")) {
        JsonObject t = (JsonObject) o;
        List<Column> cols = new ArrayList<>();
        for (Object c : t.getJsonArray("columns")) {
          JsonObject col = (JsonObject) c;
          cols.add(new Column(required(col, "name"), required(col, "type")));
        }
        List<String> pk = new ArrayList<>();
        t.getJsonArray("primaryKey", new JsonArray()).forEach(k -> pk.add(k.toString()));
        tables.add(new Table(required(t, "name"), required(t, "file"), t.getLong("rows"), required(t, "sha256"), pk,
            cols, t.getBoolean("geometry", false)));
      }
      List<DataFile> files = new ArrayList<>();
      for (Object o : json.getJsonArray("files", new JsonArray())) {
        JsonObject f = (JsonObject) o;
        files.add(new DataFile(required(f, "path"), f.getLong("bytes"), required(f, "sha256")));
      }
      JsonObject geometry = json.getJsonObject("geometry");
      return new Manifest(version, json.getString("gridscapeVersion"), required(json, "schemaVersion"),
          json.getString("database"), json.getString("createdAt"), required(geometry, "file"),
          required(geometry, "sha256"), tables, files);
    } catch (NullPointerException | ClassCastException e) {
      throw new BackupException(FILE + ": a required field is missing or has the wrong type (" + e.getMessage() + ")");
    }
  }

  private static String required(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null) {
      throw new BackupException(FILE + ": missing field '" + key + "'");
    }
    return value;
  }
}
