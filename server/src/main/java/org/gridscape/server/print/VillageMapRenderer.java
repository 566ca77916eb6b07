package org.gridscape.server.print;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.imagery.basemap.BaseMapRenderer;
import org.gridscape.server.imagery.basemap.BaseMapStyle;
import org.gridscape.server.imagery.basemap.MapCanvas;
import org.gridscape.server.imagery.basemap.MapFrame;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws a village's 网格分布图 (一村一图) on one page: the title block; the map, with the ground drawn by
 * the base map's own code (land, land use, water, buildings, roads) as vector paths, the grids in
 * fills that differ between neighbours and labelled with their codes, the land outside the village
 * veiled; the legend with every grid's code, name, residents and grid workers; a scale bar, a north
 * arrow, the CRS, the date and the data's version. Pure: the sheet comes in, the document goes out.
 */
public final class VillageMapRenderer {

  /** Opacity of the grid fills over the ground (0-255), so buildings and land use still show. */
  static final int GRID_ALPHA = 140;
  static final Color GRID_EDGE = new Color(0x36506B);
  static final Color VILLAGE_EDGE = new Color(0x8E2C2C);
  private static final Color VEIL = new Color(255, 255, 255, 150);

  private VillageMapRenderer() {}

  public static RenderedSheet render(VillageSheet sheet, PageFormat format, PrintFonts fonts) throws IOException {
    return RenderedSheet.onePage(format, fonts, w -> draw(w, sheet, format), sheet.name() + "网格分布图", "一村一图 " + sheet.code());
  }

  private static void draw(SheetWriter w, VillageSheet sheet, PageFormat format) {
    double f = format.factor();
    double pageW = format.width();
    double pageH = format.height();
    double margin = 28 * f;
    double contentW = pageW - 2 * margin;
    String where = String.join(" ", nonNull(sheet.district(), sheet.township()));
    SheetFurniture.titleBlock(w, f, margin, margin, contentW, sheet.name() + "网格分布图",
        (where.isEmpty() ? "" : where + " · ") + "行政村（社区）代码 " + sheet.code(), "一村一图");
    Layout layout = Layout.of(format);
    double mapX = layout.mapX();
    double mapY = layout.mapY();
    double mapW = layout.mapW();
    double mapH = layout.mapH();
    Map<String, Integer> colours = GridColouring.colour(sheet.grids().stream()
        .map(g -> new GridColouring.Area(g.code(), g.geometry())).toList());
    MapFrame frame = frame(extent(sheet), format);
    drawMap(w, sheet, frame, colours, mapX, mapY, f);
    w.rect(mapX, mapY, mapW, mapH, null, SheetWriter.INK, (float) (0.9 * f));
    SheetFurniture.northArrow(w, f, mapX + mapW - 24 * f, mapY + 10 * f);
    SheetFurniture.scaleBar(w, f, frame, mapX + 16 * f, mapY + mapH - 28 * f, Math.min(140 * f, mapW / 4));
    drawLegend(w, sheet, colours, layout.legendX(), layout.legendY(), layout.legendW(), layout.legendH(), f);
    VillageSheet.Revision r = sheet.revision();
    String revision = "网格第 " + r.gridsVersion() + " 版 · 村庄规划第 " + r.planVersion() + " 版"
        + (r.publishedAt() == null ? "" : "（更新于 " + r.publishedAt().atZoneSameInstant(PrintService.DISTRICT_TIME)
            .toLocalDate() + "）");
    SheetFurniture.footer(w, f, margin, pageH - margin, contentW,
        SheetFurniture.dateAndVersion(sheet.printedOn(), revision, sheet.software()));
  }

  /** The map frame of a village of this extent on this sheet: what the service reads the ground for. */
  public static MapFrame frame(Envelope extent, PageFormat format) {
    Layout layout = Layout.of(format);
    return MapFrame.fit(extent, layout.mapW(), layout.mapH(), 0.04);
  }

  /** Where the map and the legend go on the page (points from the top left). */
  private record Layout(double mapX, double mapY, double mapW, double mapH, double legendX, double legendY,
      double legendW, double legendH) {

    static Layout of(PageFormat format) {
      double f = format.factor();
      double margin = 28 * f;
      double contentW = format.width() - 2 * margin;
      double top = margin + SheetFurniture.titleHeight(f);
      double bottom = format.height() - margin - SheetFurniture.footerHeight(f);
      double gap = 14 * f;
      if (format.landscape()) {
        double legendW = Math.min(400 * f, contentW * 0.36);
        double mapW = contentW - legendW - gap;
        return new Layout(margin, top, mapW, bottom - top, margin + mapW + gap, top, legendW, bottom - top);
      }
      double mapH = (bottom - top) * 0.62;
      double legendY = top + mapH + gap;
      return new Layout(margin, top, contentW, mapH, margin, legendY, contentW, bottom - legendY);
    }
  }

  private static Envelope extent(VillageSheet sheet) {
    if (sheet.boundary() != null && !sheet.boundary().isEmpty()) {
      return sheet.boundary().getEnvelopeInternal();
    }
    Envelope env = new Envelope();
    sheet.grids().forEach(g -> env.expandToInclude(g.geometry().getEnvelopeInternal()));
    if (env.isNull()) {
      throw PrintException.notFound(sheet.code(), "village " + sheet.code() + " has neither a plan nor grids to print");
    }
    return env;
  }

  private static void drawMap(SheetWriter w, VillageSheet sheet, MapFrame frame, Map<String, Integer> colours,
      double mapX, double mapY, double f) {
    BaseMapRenderer.Content ground = sheet.ground();
    int z = frame.equivalentZoom();
    // Buildings and streets are what a village map is for: always drawn, whatever the scale.
    int detail = Math.max(z, 14);
    w.region(mapX, mapY, frame.width(), frame.height(), true, canvas -> {
      BaseMapRenderer.drawLand(canvas, frame, ground);
      for (VillageSheet.Grid grid : sheet.grids()) {
        Color fill = GridColouring.fill(colours.get(grid.code()));
        BaseMapRenderer.fill(canvas, frame, grid.geometry(), new Color(fill.getRed(), fill.getGreen(), fill.getBlue(),
            GRID_ALPHA));
      }
      BaseMapRenderer.drawWater(canvas, frame, ground.water(), detail);
      BaseMapRenderer.drawBuildings(canvas, frame, ground.buildings(), detail);
      BaseMapRenderer.drawRoads(canvas, frame, ground.roads(), detail);
      veilOutside(canvas, frame, sheet.boundary());
      BaseMapRenderer.drawBoundaries(canvas, frame, ground, detail);
      for (VillageSheet.Grid grid : sheet.grids()) {
        BaseMapRenderer.outline(canvas, frame, grid.geometry(), GRID_EDGE, (float) (0.9 * f), null);
      }
      if (sheet.boundary() != null) {
        BaseMapRenderer.outline(canvas, frame, sheet.boundary(), VILLAGE_EDGE, (float) (2.2 * f), null);
      }
    });
    for (VillageSheet.Grid grid : sheet.grids()) {
      labelGrid(w, frame, grid, mapX, mapY, f);
    }
  }

  /** Pales everything outside the village, so the village reads as the subject and its neighbours as context. */
  private static void veilOutside(MapCanvas canvas, MapFrame frame, Geometry boundary) {
    if (boundary == null || boundary.isEmpty()) {
      return;
    }
    Path2D.Double veil = new Path2D.Double(Path2D.WIND_EVEN_ODD);
    veil.append(new Rectangle2D.Double(-10, -10, frame.width() + 20, frame.height() + 20), false);
    for (int i = 0; i < boundary.getNumGeometries(); i++) {
      if (boundary.getGeometryN(i) instanceof Polygon polygon) {
        veil.append(frame.path(polygon.getExteriorRing().getCoordinates(), true), false);
      }
    }
    canvas.fill(veil, VEIL);
  }

  /** The grid's code (and its name where there is room) at the centre of the largest circle inside it. */
  private static void labelGrid(SheetWriter w, MapFrame frame, VillageSheet.Grid grid, double mapX, double mapY,
      double f) {
    LabelSpot spot = LabelSpot.of(grid.geometry(), frame);
    if (spot == null) {
      return;
    }
    LoadedFont font = w.font();
    float room = (float) (spot.radius() * 1.8);
    float codeSize = (float) Math.max(4.5, Math.min(9 * f, room / Math.max(1, font.width(grid.code(), 1))));
    float nameSize = (float) Math.min(codeSize * 0.95, 8 * f);
    String name = font.fit(grid.name() == null ? "" : grid.name(), nameSize, room);
    boolean withName = !name.isEmpty() && spot.radius() > codeSize * 1.6;
    double x = mapX + spot.x();
    double y = mapY + spot.y() + (withName ? -0.1 * codeSize : 0.35 * codeSize);
    w.label(grid.code(), codeSize, x, y, SheetWriter.INK);
    if (withName) {
      w.label(name, nameSize, x, y + nameSize * 1.25, GRID_EDGE);
    }
  }

  private static void drawLegend(SheetWriter w, VillageSheet sheet, Map<String, Integer> colours, double x, double y,
      double width, double height, double f) {
    LoadedFont font = w.font();
    w.text("图  例", (float) (13 * f), x, y + 13 * f, SheetWriter.INK);
    double symbolsTop = y + 22 * f;
    double symbolsH = symbols(w, x, symbolsTop, width, f);
    int residents = sheet.grids().stream().mapToInt(VillageSheet.Grid::residents).sum();
    double headY = symbolsTop + symbolsH + 14 * f;
    w.text("单元网格 " + sheet.grids().size() + " 个 · 实有人口 " + String.format(Locale.ROOT, "%,d", residents) + " 人",
        (float) (10.5 * f), x, headY, SheetWriter.INK);
    String note = switch (sheet.names()) {
      case FULL -> "网格员姓名为完整姓名，仅限授权人员使用，本次调阅已记入审计日志。";
      case MASKED -> "网格员姓名已脱敏（个人信息保护法），兼职网格员（含机关干部）只计人数。";
      case HIDDEN -> "网格员按类型计人数，不含姓名（规划、部门角色不调阅个人信息）。";
    };
    float noteSize = (float) (7 * f);
    double noteY = y + height - 2 * f;
    w.text(font.fit(note, noteSize, (float) width), noteSize, x, noteY, SheetWriter.MUTED);
    double tableTop = headY + 8 * f;
    double tableH = noteY - 12 * f - tableTop;
    double gap = 12 * f;
    TableFit fit = TableFit.of(sheet.grids().size(), 2, width, tableH - 16 * f, 250 * f, gap,
        (float) Math.max(6, 8.5 * f), 5f);
    double colW = fit.columnWidth(width, gap);
    float size = fit.size();
    float headSize = (float) Math.max(size, 6 * f);
    List<VillageSheet.Grid> grids = sheet.grids();
    for (int c = 0; c < fit.columns(); c++) {
      double cx = x + c * (colW + gap);
      Columns cols = Columns.of(font, cx, colW, size);
      double rowY = tableTop + headSize * 1.3;
      w.text("编码", headSize, cols.code, rowY, SheetWriter.MUTED);
      w.text("网格名称", headSize, cols.name, rowY, SheetWriter.MUTED);
      w.textRight("实有人口", headSize, cols.residentsRight, rowY, SheetWriter.MUTED);
      w.text("网格员", headSize, cols.workers, rowY, SheetWriter.MUTED);
      w.line(cx, rowY + headSize * 0.45, cx + colW, rowY + headSize * 0.45, SheetWriter.RULE, 0.4f);
      double rowTop = rowY + headSize * 0.6;
      for (int r = 0; r < fit.rowsPerColumn(); r++) {
        int i = c * fit.rowsPerColumn() + r;
        if (i >= fit.shown()) {
          break;
        }
        row(w, grids.get(i), colours.get(grids.get(i).code()), cols, rowTop, fit.rowHeight(), size, sheet.names());
        rowTop += fit.rowHeight();
      }
    }
    if (fit.shown() < grids.size()) {
      w.text("另有 " + (grids.size() - fit.shown()) + " 个网格未列出（请用 A3 纸打印）", size,
          x + (fit.columns() - 1) * (colW + gap), tableTop + tableH, SheetWriter.MUTED);
    }
  }

  /** Symbol rows: village boundary, grid boundary, arterial road, road, building, water. */
  private static double symbols(SheetWriter w, double x, double y, double width, double f) {
    String[] labels = {"村（社区）界", "网格界线", "主干道路", "村道街巷", "建筑", "水域"};
    int perRow = 3;
    double cell = width / perRow;
    double rowH = 15 * f;
    float size = (float) (8.5 * f);
    for (int i = 0; i < labels.length; i++) {
      double sx = x + (i % perRow) * cell;
      double sy = y + (i / perRow) * rowH;
      double sw = 22 * f;
      double sh = 8 * f;
      int kind = i;
      w.region(sx, sy, sw, sh, false, canvas -> symbol(canvas, kind, sw, sh, f));
      w.text(labels[i], size, sx + sw + 5 * f, sy + sh - 0.5 * f, SheetWriter.INK);
    }
    return ((labels.length + perRow - 1) / perRow) * rowH;
  }

  private static void symbol(MapCanvas canvas, int kind, double w, double h, double f) {
    Rectangle2D.Double box = new Rectangle2D.Double(0, 0, w, h);
    Path2D.Double middle = new Path2D.Double();
    middle.moveTo(0, h / 2);
    middle.lineTo(w, h / 2);
    switch (kind) {
      case 0 -> canvas.stroke(middle, VILLAGE_EDGE, new BasicStroke((float) (2.2 * f)));
      case 1 -> {
        canvas.fill(box, SheetFurniture.onPaper(GridColouring.fill(0), GRID_ALPHA));
        canvas.stroke(box, GRID_EDGE, new BasicStroke((float) (0.9 * f)));
      }
      case 2 -> {
        canvas.stroke(middle, BaseMapStyle.ARTERIAL_CASING, new BasicStroke((float) (6 * f)));
        canvas.stroke(middle, BaseMapStyle.ARTERIAL, new BasicStroke((float) (4.5 * f)));
      }
      case 3 -> {
        canvas.stroke(middle, BaseMapStyle.ROAD_CASING, new BasicStroke((float) (4 * f)));
        canvas.stroke(middle, BaseMapStyle.ROAD, new BasicStroke((float) (2.8 * f)));
      }
      case 4 -> {
        Rectangle2D.Double house = new Rectangle2D.Double(w * 0.3, 0, w * 0.4, h);
        canvas.fill(house, BaseMapStyle.BUILDING);
        canvas.stroke(house, BaseMapStyle.BUILDING_EDGE, new BasicStroke(0.6f));
      }
      default -> {
        canvas.fill(box, BaseMapStyle.WATER);
        canvas.stroke(box, BaseMapStyle.WATER_EDGE, new BasicStroke(0.6f));
      }
    }
  }

  /** One legend row: swatch, code, name (and kind), residents, grid workers on up to two lines. */
  private static void row(SheetWriter w, VillageSheet.Grid grid, int colour, Columns cols, double top,
      double height, float size, VillageSheet.WorkerNames names) {
    LoadedFont font = w.font();
    double line1 = top + size * 1.2;
    double line2 = line1 + size * 1.22;
    double swatch = Math.min(height - size * 0.5, size * 1.6);
    w.rect(cols.swatch, top + (height - swatch) / 2 - size * 0.1, cols.swatchWidth, swatch,
        SheetFurniture.onPaper(GridColouring.fill(colour), GRID_ALPHA), GRID_EDGE, 0.4f);
    w.text(grid.code(), size, cols.code, line1, SheetWriter.INK);
    String name = grid.name() == null ? "" : grid.name();
    w.text(font.fit(name, size, (float) (cols.residentsRight - cols.name - size * 3.6)), size, cols.name, line1,
        SheetWriter.INK);
    if (grid.kind() != null && grid.kind() != GridKind.STANDARD) {
      w.text(grid.kind().chineseName(), size * 0.9f, cols.name, line2, SheetWriter.MUTED);
    }
    w.textRight(String.format(Locale.ROOT, "%,d", grid.residents()), size, cols.residentsRight, line1, SheetWriter.INK);
    List<String> lines = wrap(font, WorkerText.of(grid.workers(), names), size, (float) cols.workersWidth, 2);
    for (int i = 0; i < lines.size(); i++) {
      w.text(lines.get(i), size, cols.workers, i == 0 ? line1 : line2, SheetWriter.INK);
    }
  }

  /** Text broken into at most {@code maxLines} lines of the width, the last cut with "…" when it does not fit. */
  static List<String> wrap(LoadedFont font, String text, float size, float width, int maxLines) {
    List<String> lines = new ArrayList<>();
    String rest = font.printable(text).strip();
    while (!rest.isEmpty() && lines.size() < maxLines - 1) {
      if (font.width(rest, size) <= width) {
        break;
      }
      int cut = breakAt(font, rest, size, width);
      lines.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) {
      lines.add(font.fit(rest, size, width));
    }
    return lines;
  }

  /** Where to break a line: after the last separator that fits, else after the last character that fits. */
  private static int breakAt(LoadedFont font, String text, float size, float width) {
    int fits = 0;
    int lastSeparator = -1;
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      int next = text.offsetByCodePoints(i, 1);
      if (font.width(text.substring(0, next), size) > width) {
        break;
      }
      fits = next;
      char ch = text.charAt(i);
      if (ch == '、' || ch == ' ' || ch == '·' || ch == '，') {
        lastSeparator = next;
      }
    }
    return Math.max(1, lastSeparator > 0 ? lastSeparator : fits);
  }

  private static List<String> nonNull(String... parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Left edges of a legend column's cells. */
  private record Columns(double swatch, double swatchWidth, double code, double name, double residentsRight,
      double workers, double workersWidth) {

    static Columns of(LoadedFont font, double x, double width, float size) {
      double swatchW = size * 1.6;
      double code = x + swatchW + size * 0.5;
      double codeW = font.width("350521104201001", size) + size * 0.8;
      double rest = x + width - (code + codeW);
      double name = code + codeW;
      double residentsRight = name + rest * 0.36 + size * 3.4;
      double workers = residentsRight + size * 0.9;
      return new Columns(x, swatchW, code, name, residentsRight, workers, x + width - workers);
    }
  }
}
