package org.gridscape.server.imagery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridscape.server.store.Sql;

/** The {@code imagery_layer} table. */
final class ImageryStore {

  private static final String COLUMNS = "id, name, attribution, source_crs, west, south, east, north, min_zoom, "
      + "max_zoom, resolution_m, tile_count, tile_bytes, layer_order, visible, created_at, created_by";

  private final Sql sql;

  ImageryStore(Sql sql) {
    this.sql = sql;
  }

  /** Every layer in drawing order. */
  Future<List<ImageryLayer>> list() {
    return sql.query("SELECT " + COLUMNS + " FROM imagery_layer ORDER BY layer_order, created_at, id").map(rows -> {
      List<ImageryLayer> out = new ArrayList<>();
      rows.forEach(row -> out.add(layer(row)));
      return out;
    });
  }

  Future<Optional<ImageryLayer>> find(String id) {
    return sql.query("SELECT " + COLUMNS + " FROM imagery_layer WHERE id = ?", Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(layer(rows.iterator().next())) : Optional.empty());
  }

  /** Adds a layer on top of the others. */
  Future<ImageryLayer> insert(ImageryLayer layer) {
    return sql.query("SELECT COALESCE(MAX(layer_order), 0) FROM imagery_layer").compose(rows -> {
      int order = rows.iterator().next().getInteger(0) + 1;
      ImageryLayer placed = layer.with(null, order, null);
      return sql.query("INSERT INTO imagery_layer (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          Tuple.from(new Object[] {placed.id(), placed.name(), placed.attribution(), placed.sourceCrs(), placed.west(),
              placed.south(), placed.east(), placed.north(), placed.minZoom(), placed.maxZoom(), placed.metresPerPixel(),
              placed.tiles(), placed.bytes(), placed.order(), placed.visible(), placed.createdAt(), placed.createdBy()}))
          .map(done -> placed);
    });
  }

  Future<Void> update(ImageryLayer layer) {
    return sql.query("UPDATE imagery_layer SET name = ?, layer_order = ?, visible = ? WHERE id = ?",
        Tuple.of(layer.name(), layer.order(), layer.visible(), layer.id())).mapEmpty();
  }

  /** Whether a row was deleted. */
  Future<Boolean> delete(String id) {
    return sql.query("DELETE FROM imagery_layer WHERE id = ?", Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private static ImageryLayer layer(Row row) {
    return new ImageryLayer(row.getString("id"), row.getString("name"), row.getString("attribution"),
        row.getString("source_crs"), row.getDouble("west"), row.getDouble("south"), row.getDouble("east"),
        row.getDouble("north"), row.getInteger("min_zoom"), row.getInteger("max_zoom"), row.getDouble("resolution_m"),
        row.getLong("tile_count"), row.getLong("tile_bytes"), row.getInteger("layer_order"),
        Boolean.TRUE.equals(row.getBoolean("visible")), row.getOffsetDateTime("created_at"), row.getString("created_by"));
  }
}
