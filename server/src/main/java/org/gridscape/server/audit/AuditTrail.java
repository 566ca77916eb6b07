package org.gridscape.server.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.store.Database;

/** Writes HTTP writes into {@code audit_log} and reads the log back, newest first, for admins. */
public final class AuditTrail {

  /** The action of a row written by {@link WriteAudit}. */
  public static final String HTTP_WRITE = "http.write";

  /** One write: who (user, API key id), what (method, path, target, status), from where. */
  public record Write(String actor, String apiKeyId, String method, String path, String target, int status,
      String remote) {}

  /** Which rows to return; nulls match everything; {@code to} is exclusive. */
  public record Query(String actor, String action, OffsetDateTime from, OffsetDateTime to, int limit, int offset) {
    public Query {
      if (limit < 1 || limit > 1000 || offset < 0) {
        throw new IllegalArgumentException("limit must be 1..1000 and offset >= 0");
      }
    }
  }

  private final Database db;

  public AuditTrail(Database db) {
    this.db = db;
  }

  public Future<Void> record(Write write) {
    // In a transaction: on H2 an autocommit write racing an import's transaction may stay invisible.
    return db.inTransaction(tx -> tx.query("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote,"
        + " method, path, status, api_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), clip(write.actor(), 64), HTTP_WRITE, clip(write.target(), 255),
            null, clip(write.remote(), 64), clip(write.method(), 8), clip(write.path(), 512))
            .addValue(write.status()).addValue(clip(write.apiKeyId(), 32)))).mapEmpty();
  }

  /** A page of rows, newest first, and how many match in all. */
  public Future<Map<String, Object>> find(Query query) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (query.actor() != null) {
      where.append(" AND actor = ?");
      args.addValue(query.actor());
    }
    if (query.action() != null) {
      where.append(" AND action = ?");
      args.addValue(query.action());
    }
    if (query.from() != null) {
      where.append(" AND occurred_at >= ?");
      args.addValue(query.from());
    }
    if (query.to() != null) {
      where.append(" AND occurred_at < ?");
      args.addValue(query.to());
    }
    Tuple pageArgs = Tuple.tuple();
    for (int i = 0; i < args.size(); i++) {
      pageArgs.addValue(args.getValue(i));
    }
    pageArgs.addValue(query.limit()).addValue(query.offset());
    Future<Long> total = db.query("SELECT COUNT(*) FROM audit_log" + where, args)
        .map(rows -> ((Number) rows.iterator().next().getValue(0)).longValue());
    Future<List<Map<String, Object>>> page = db.query("SELECT id, occurred_at, actor, action, target, detail, remote,"
        + " method, path, status, api_key_id FROM audit_log" + where + " ORDER BY occurred_at DESC, id DESC"
        + " LIMIT ? OFFSET ?", pageArgs).map(rows -> {
          List<Map<String, Object>> out = new ArrayList<>();
          rows.forEach(row -> out.add(entry(row)));
          return out;
        });
    return Future.all(total, page).map(done -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("total", total.result());
      out.put("limit", query.limit());
      out.put("offset", query.offset());
      out.put("entries", page.result());
      return out;
    });
  }

  private static Map<String, Object> entry(Row row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", ((Number) row.getValue(0)).longValue());
    Object at = row.getValue(1);
    out.put("at", at instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC).toString()
        : at instanceof java.time.LocalDateTime local ? local.atOffset(ZoneOffset.UTC).toString() : String.valueOf(at));
    out.put("actor", row.getString(2));
    out.put("action", row.getString(3));
    out.put("target", row.getString(4));
    out.put("detail", row.getString(5));
    out.put("remote", row.getString(6));
    out.put("method", row.getString(7));
    out.put("path", row.getString(8));
    out.put("status", row.getValue(9) == null ? null : ((Number) row.getValue(9)).intValue());
    out.put("apiKeyId", row.getString(10));
    return out;
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
