package org.gridscape.server.print;

/**
 * How a legend table of {@code rows} rows fits its area: in the fewest side-by-side columns that let
 * the type be nearly {@code maxSize}, else in those that give the largest type; when even that is
 * below {@code minSize}, the rows that fit at {@code minSize} are shown and the rest counted.
 *
 * @param columns       side-by-side columns of rows
 * @param size          type size in points
 * @param lines         text lines per row
 * @param rowsPerColumn rows in each column
 * @param shown         rows that fit (all, unless the table overflows)
 */
record TableFit(int columns, float size, int lines, int rowsPerColumn, int shown) {

  /** Row height for a type size and lines per row. */
  static double rowHeight(float size, int lines) {
    return size * (1.22 * lines + 0.5);
  }

  double rowHeight() {
    return rowHeight(size, lines);
  }

  static TableFit of(int rows, int lines, double width, double height, double minColumnWidth, double gap,
      float maxSize, float minSize) {
    int most = Math.max(1, (int) Math.floor((width + gap) / (minColumnWidth + gap)));
    if (rows == 0) {
      return new TableFit(1, maxSize, lines, 0, 0);
    }
    TableFit best = null;
    for (int columns = 1; columns <= most; columns++) {
      int perColumn = (rows + columns - 1) / columns;
      float size = (float) Math.min(maxSize, height / perColumn / rowHeight(1, lines));
      TableFit fit = new TableFit(columns, size, lines, perColumn, rows);
      if (size >= maxSize * 0.85f) {
        return fit;
      }
      if (best == null || size > best.size() + 0.01f) {
        best = fit;
      }
    }
    if (best.size() >= minSize) {
      return best;
    }
    int perColumn = Math.max(1, (int) Math.floor(height / rowHeight(minSize, lines)));
    int shown = Math.min(rows, perColumn * most - 1);
    return new TableFit(most, minSize, lines, perColumn, Math.max(0, shown));
  }

  /** Width of one column. */
  double columnWidth(double width, double gap) {
    return (width - (columns - 1) * gap) / columns;
  }
}
