package org.gridscape.server.tileset;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.store.Sql;

/** The {@code imported_tileset} table, read with its region's name and level. */
final class TilesetStore {

  private static final String COLUMNS = "id, name, region_code, root_file, west, south, east, north, min_height, "
      + "max_height, geometric_error, file_count, byte_count, created_by, created_at";
  private static final String SELECT = "SELECT t.id, t.name, t.region_code, t.root_file, t.west, t.south, t.east, "
      + "t.north, t.min_height, t.max_height, t.geometric_error, t.file_count, t.byte_count, t.created_by, "
      + "t.created_at, r.name AS region_name, r.level AS region_level FROM imported_tileset t "
      + "LEFT JOIN region r ON r.code = t.region_code";

  private final Sql sql;

  TilesetStore(Sql sql) {
    this.sql = sql;
  }

  /** Every stored tileset, oldest first. */
  Future<List<TilesetRow>> list() {
    return sql.query(SELECT + " ORDER BY t.created_at, t.id").map(rows -> {
      List<TilesetRow> out = new ArrayList<>();
      rows.forEach(row -> out.add(row(row)));
      return out;
    });
  }

  Future<Optional<TilesetRow>> find(String id) {
    return sql.query(SELECT + " WHERE t.id = ?", Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(row(rows.iterator().next())) : Optional.empty());
  }

  Future<Void> insert(TilesetRow row) {
    ImportedTileset t = row.tileset();
    return sql.query("INSERT INTO imported_tileset (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.from(new Object[] {t.id(), t.name(), t.regionCode(), t.rootFile(), t.west(), t.south(), t.east(),
            t.north(), t.minHeight(), t.maxHeight(), t.geometricError(), row.files(), row.bytes(), row.createdBy(),
            row.createdAt()})).mapEmpty();
  }

  /** Whether a row was deleted. */
  Future<Boolean> delete(String id) {
    return sql.query("DELETE FROM imported_tileset WHERE id = ?", Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private static TilesetRow row(Row row) {
    ImportedTileset tileset = new ImportedTileset(row.getString("id"), row.getString("name"),
        row.getString("region_code"), row.getString("root_file"), row.getDouble("west"), row.getDouble("south"),
        row.getDouble("east"), row.getDouble("north"), row.getDouble("min_height"), row.getDouble("max_height"),
        row.getDouble("geometric_error"));
    return new TilesetRow(tileset, row.getString("region_name"), row.getString("region_level"),
        row.getLong("file_count"), row.getLong("byte_count"), row.getString("created_by"),
        row.getOffsetDateTime("created_at"));
  }
}
