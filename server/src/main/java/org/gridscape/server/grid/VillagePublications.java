package org.gridscape.server.grid;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import org.gridscape.server.store.Sql;

/**
 * The log of a village's publishes (table {@code village_publication}): written inside every
 * publishing transaction, read by the editor's version list. A row names the grids version the
 * publish made, so the list and {@code village_state.grids_version} always agree.
 */
public final class VillagePublications {

  private VillagePublications() {}

  /** Records one publish inside the publishing transaction {@code tx}. */
  static Future<Void> record(Sql tx, String village, int gridsVersion, String by, OffsetDateTime at,
      GridDrafts.Diff diff, boolean planPublished) {
    return tx.query("INSERT INTO village_publication (village_code, grids_version, published_at, published_by, "
        + "created, changed, retired, plan_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Tuple.from(new Object[] {
            village, gridsVersion, at, by, diff.created().size(), diff.changed().size(), diff.retired().size(),
            planPublished})).mapEmpty();
  }

  /** The village's publishes, newest first: {@code {village, current, versions: [{version, at, by, ...}]}}. */
  public static Future<JsonObject> list(Sql sql, String village) {
    return sql.query("SELECT grids_version, published_at, published_by, created, changed, retired, plan_published "
        + "FROM village_publication WHERE village_code = ? ORDER BY grids_version DESC, id DESC", Tuple.of(village))
        .map(rows -> {
          JsonArray versions = new JsonArray();
          for (Row row : rows) {
            versions.add(new JsonObject().put("version", row.getInteger(0)).put("at", String.valueOf(row.getValue(1)))
                .put("by", row.getString(2)).put("created", row.getInteger(3)).put("changed", row.getInteger(4))
                .put("retired", row.getInteger(5)).put("planPublished", row.getBoolean(6)));
          }
          return new JsonObject().put("village", village)
              .put("current", versions.isEmpty() ? 0 : versions.getJsonObject(0).getInteger("version"))
              .put("versions", versions);
        });
  }
}
