package org.gridscape.server.appraisal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The appraisal rows as the table leaders download: CSV (UTF-8 with a BOM, so that Excel reads the
 * Chinese headers) and XLSX (Apache POI). Shares are written as percentages with one decimal.
 */
final class AppraisalTable {

  /** Column: header, row key, whether the value is a share shown as a percentage. */
  private record Column(String header, String key, boolean percent) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("层级", "level", false), new Column("排名", "rank", false), new Column("编码", "code", false),
      new Column("名称", "name", false), new Column("上级", "parent", false),
      new Column("巡查覆盖率(%)", "coverage", true), new Column("巡查次数", "patrols", false),
      new Column("巡查里程(km)", "distanceKm", false), new Column("走访户次", "visits", false),
      new Column("上报事件", "eventsReported", false), new Column("上报及时率(%)", "timelyRate", true),
      new Column("按时办结率(%)", "onTimeRate", true), new Column("核查一次通过率(%)", "firstPassRate", true),
      new Column("超期件数", "overdue", false), new Column("综合得分", "score", false));

  private static final Map<String, String> LEVEL_NAMES = Map.of("township", "乡镇", "village", "行政村(社区)",
      "grid", "单元网格", "worker", "网格员");

  private AppraisalTable() {}

  static List<String> headers() {
    return COLUMNS.stream().map(Column::header).toList();
  }

  private static Object value(Map<String, Object> row, Column c) {
    Object v = row.get(c.key());
    if (v == null) {
      return null;
    }
    if (c.key().equals("level")) {
      return LEVEL_NAMES.getOrDefault(v, String.valueOf(v));
    }
    if (c.percent()) {
      return Math.round(((Number) v).doubleValue() * 1000) / 10.0;
    }
    return v;
  }

  static byte[] csv(List<Map<String, Object>> rows) {
    StringBuilder out = new StringBuilder("\uFEFF");
    out.append(String.join(",", headers())).append("\r\n");
    for (Map<String, Object> row : rows) {
      for (int i = 0; i < COLUMNS.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Object v = value(row, COLUMNS.get(i));
        out.append(v == null ? "" : quote(String.valueOf(v)));
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so that a spreadsheet does not run it as a formula. */
  private static String quote(String s) {
    String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?") ? "'" + s : s;
    return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }

  static byte[] xlsx(List<Map<String, Object>> rows, String title) {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet("效能督导");
      CellStyle bold = book.createCellStyle();
      Font font = book.createFont();
      font.setBold(true);
      bold.setFont(font);
      Row titleRow = sheet.createRow(0);
      titleRow.createCell(0).setCellValue(title);
      titleRow.getCell(0).setCellStyle(bold);
      Row header = sheet.createRow(1);
      for (int i = 0; i < COLUMNS.size(); i++) {
        Cell cell = header.createCell(i);
        cell.setCellValue(COLUMNS.get(i).header());
        cell.setCellStyle(bold);
      }
      for (int r = 0; r < rows.size(); r++) {
        Row line = sheet.createRow(r + 2);
        for (int i = 0; i < COLUMNS.size(); i++) {
          Object v = value(rows.get(r), COLUMNS.get(i));
          if (v instanceof Number n) {
            line.createCell(i).setCellValue(n.doubleValue());
          } else if (v != null) {
            line.createCell(i).setCellValue(String.valueOf(v));
          }
        }
      }
      sheet.createFreezePane(0, 2);
      for (int i = 0; i < COLUMNS.size(); i++) {
        sheet.setColumnWidth(i, (i == 3 || i == 4 ? 22 : 12) * 256);
      }
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
