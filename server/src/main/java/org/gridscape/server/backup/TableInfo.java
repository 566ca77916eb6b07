package org.gridscape.server.backup;

import java.util.List;
import java.util.Set;

/**
 * One table as the database describes it: columns in order, primary key, the tables its foreign keys
 * point to (other than itself) and its own columns that reference the same table (loaded in a second
 * pass).
 */
record TableInfo(String name, List<Column> columns, List<String> primaryKey, Set<String> parents,
    List<String> selfReferences) {

  /** The column holding a geometry as WKB: a binary column named {@code geom}. */
  static final String GEOMETRY_COLUMN = "geom";

  record Column(String name, ColumnType type, boolean nullable, boolean identity) {}

  TableInfo {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    parents = Set.copyOf(parents);
    selfReferences = List.copyOf(selfReferences);
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  Column column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new BackupException("table " + this.name + " has no column " + name));
  }

  boolean hasGeometry() {
    return columns.stream().anyMatch(c -> c.name().equals(GEOMETRY_COLUMN) && c.type() == ColumnType.BINARY);
  }
}
