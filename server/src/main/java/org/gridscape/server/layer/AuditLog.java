package org.gridscape.server.layer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.gridscape.server.store.Sql;

/** Writes who did what to personal data, when and from where, into {@code audit_log} (V1). */
public final class AuditLog {

  static final String IMPORT = "layer.import";
  public static final String FULL_READ = "personal_data.read_full";

  private AuditLog() {}

  public static Future<Void> record(Sql sql, String actor, String action, String target, String detail, String remote) {
    return sql.query("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote) VALUES (?, ?, ?, ?, ?, ?)",
        Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), actor, action, clip(target, 255), clip(detail, 4000),
            clip(remote, 64))).mapEmpty();
  }

  /**
   * Records many entries of one action in one batch, e.g. a ledger import's entries: each
   * {@code {actor, target, detail}}, from no remote address.
   */
  public static Future<Void> recordAll(Sql sql, String action, java.util.List<String[]> entries) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    java.util.List<Tuple> rows = new java.util.ArrayList<>(entries.size());
    for (String[] e : entries) {
      rows.add(Tuple.of(now, e[0], action, clip(e[1], 255), clip(e[2], 4000), null));
    }
    return sql.batch("INSERT INTO audit_log (occurred_at, actor, action, target, detail, remote) VALUES (?, ?, ?, ?, ?, ?)",
        rows);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
