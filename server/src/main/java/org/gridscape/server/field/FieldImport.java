package org.gridscape.server.field;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.server.ingest.CsvParser;
import org.gridscape.server.store.Database;

/**
 * Loads the sample's visits.csv and field-collections.csv (docs/DATA-FORMATS.md) as they are, one
 * transaction per call, in batches: the sample's own records of field work (positions
 * and distances measured by the generator, approved proposals as history that the generated layers
 * already hold). Ids already stored are left alone, so a load can be repeated. No change-feed
 * entries per row: a loaded district is announced by its regions and layers.
 */
public final class FieldImport {

  private static final int ID_LOOKUPS = 500;

  private FieldImport() {}

  /**
   * visits.csv: answers the number of rows read. A visit by a worker who is a Party member records
   * the member ({@code worker.member_id}), as a check-in through {@link VisitService} does, so that the
   * ledger awards its points.
   */
  public static Future<Integer> visits(Vertx vertx, Database db, byte[] csv) {
    return db.query("SELECT id, member_id FROM worker WHERE member_id IS NOT NULL").compose(workers -> {
      java.util.Map<String, String> memberOf = new java.util.HashMap<>();
      workers.forEach(w -> memberOf.put(w.getString(0), w.getString(1)));
      return vertx.executeBlocking(() -> visitRows(csv, memberOf), false);
    }).compose(rows -> db.inTransaction(tx -> insert(tx, "visit", "INSERT INTO visit (id, worker, grid_code,"
        + " village_code, building_id, household_id, member_id, visited_at, lon, lat, accuracy, distance_m, flagged,"
        + " note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)).map(v -> rows.size()));
  }

  private static List<Tuple> visitRows(byte[] csv, java.util.Map<String, String> memberOf) {
    List<Tuple> rows = new ArrayList<>();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (CsvParser.Record r : records(csv)) {
      List<String> f = r.fields();
      double distance = Double.parseDouble(f.get(9));
      rows.add(Tuple.tuple().addValue(f.get(0)).addValue(f.get(1)).addValue(f.get(2))
          .addValue(f.get(2).substring(0, 12)).addValue(f.get(3)).addValue(blank(f.get(4)))
          .addValue(memberOf.get(f.get(1)))
          .addValue(OffsetDateTime.parse(f.get(5)).withOffsetSameInstant(ZoneOffset.UTC))
          .addValue(Double.parseDouble(f.get(6))).addValue(Double.parseDouble(f.get(7)))
          .addValue(Float.parseFloat(f.get(8))).addValue(distance).addValue(distance > VisitService.TOLERANCE_M)
          .addValue(blank(f.get(10))).addValue(now));
    }
    return rows;
  }

  /** field-collections.csv: answers the number of rows read. */
  public static Future<Integer> collections(Vertx vertx, Database db, byte[] csv) {
    return vertx.executeBlocking(() -> {
      List<Tuple> rows = new ArrayList<>();
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      for (CsvParser.Record r : records(csv)) {
        List<String> f = r.fields();
        String reviewedAt = blank(f.get(10));
        rows.add(Tuple.tuple().addValue(f.get(0)).addValue(f.get(1)).addValue(f.get(2)).addValue(f.get(3))
            .addValue(f.get(3).substring(0, 12)).addValue(f.get(4)).addValue(blank(f.get(5))).addValue(f.get(6))
            .addValue(f.get(7)).addValue(OffsetDateTime.parse(f.get(8)).withOffsetSameInstant(ZoneOffset.UTC))
            .addValue(blank(f.get(9)))
            .addValue(reviewedAt == null ? null : OffsetDateTime.parse(reviewedAt).withOffsetSameInstant(ZoneOffset.UTC))
            .addValue(blank(f.get(11))).addValue(now));
      }
      return rows;
    }, false).compose(rows -> db.inTransaction(tx -> insert(tx, "field_collection", "INSERT INTO field_collection (id,"
        + " kind, worker, grid_code, village_code, building_id, household_id, proposal, state, proposed_at, reviewer,"
        + " reviewed_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows))
        .map(v -> rows.size()));
  }

  private static List<CsvParser.Record> records(byte[] csv) {
    List<CsvParser.Record> all = CsvParser.parse(new String(csv, StandardCharsets.UTF_8));
    return all.isEmpty() ? all : all.subList(1, all.size());
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * Inserts the rows whose ids (the first value) the table does not hold yet: the ids are looked up
   * in parts of 500, the rest go in one batch (faster on H2 than multi-row inserts with ON CONFLICT).
   */
  private static Future<Void> insert(org.gridscape.server.store.Sql tx, String table, String insert, List<Tuple> rows) {
    java.util.Set<String> stored = new java.util.HashSet<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += ID_LOOKUPS) {
      List<Tuple> part = rows.subList(from, Math.min(rows.size(), from + ID_LOOKUPS));
      Tuple ids = Tuple.tuple();
      part.forEach(r -> ids.addValue(r.getValue(0)));
      // the table name is one of two constants, the ids are bound
      String query = "SELECT id FROM " + table + " WHERE id IN (" + "?, ".repeat(part.size() - 1) + "?)";
      chain = chain.compose(v -> tx.query(query, ids).map(found -> {
        found.forEach(r -> stored.add(r.getString(0)));
        return null;
      }));
    }
    return chain.compose(v -> {
      List<Tuple> fresh = rows.stream().filter(r -> !stored.contains((String) r.getValue(0))).toList();
      return fresh.isEmpty() ? Future.succeededFuture() : tx.batch(insert, fresh);
    });
  }
}
