package org.gridscape.server.ingest.shapefile;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * The attribute table of a shapefile.
 *
 * @param fieldNames field names in file order
 * @param rows       one map per record, in file order, values String, Long, Double, Boolean or null
 * @param deleted    per record, whether it is marked deleted (its shape is then skipped too)
 * @param charset    the character set the text was decoded with
 */
public record DbfTable(List<String> fieldNames, List<Map<String, Object>> rows, List<Boolean> deleted, Charset charset) {

  public DbfTable {
    fieldNames = List.copyOf(fieldNames);
    rows = List.copyOf(rows);
    deleted = List.copyOf(deleted);
    if (rows.size() != deleted.size()) {
      throw new IllegalArgumentException("rows and deleted flags differ in length");
    }
  }
}
