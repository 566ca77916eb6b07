package org.gridscape.server.layer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridscape.server.change.Change;

/**
 * What an import wrote.
 *
 * @param rows rows in the upload (all imported: imports are all or nothing)
 * @param replaced rows that replaced a stored row with the same key (or, in replace mode, rows removed first)
 * @param dirtyGrids grids whose scenes were marked for rebuilding
 * @param ignoredColumns header names that match no column of the table
 */
public record ImportResult(LayerKind kind, ImportMode mode, int rows, int replaced, List<String> dirtyGrids,
    List<String> ignoredColumns, String charset) {

  public ImportResult {
    if (kind == null || mode == null || rows < 0 || replaced < 0) {
      throw new IllegalArgumentException("kind, mode and non-negative counts required");
    }
    dirtyGrids = List.copyOf(dirtyGrids);
    ignoredColumns = List.copyOf(ignoredColumns);
  }

  /**
   * What the change feed records of this import: the table in each grid whose figures it changed,
   * or once for the whole district when it touched no grid's figures; nothing for an empty upload.
   */
  public List<Change> changes() {
    if (rows == 0 && replaced == 0) {
      return List.of();
    }
    return dirtyGrids.isEmpty() ? List.of(Change.layer(kind.path(), null))
        : dirtyGrids.stream().map(grid -> Change.layer(kind.path(), grid)).toList();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("layer", kind.path());
    map.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    map.put("rows", rows);
    map.put("replaced", replaced);
    map.put("dirtyGrids", dirtyGrids);
    map.put("ignoredColumns", ignoredColumns);
    map.put("charset", charset);
    return map;
  }
}
