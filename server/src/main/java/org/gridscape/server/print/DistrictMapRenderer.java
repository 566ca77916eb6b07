package org.gridscape.server.print;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridscape.server.imagery.basemap.BaseMapRenderer;
import org.gridscape.server.imagery.basemap.BaseMapStyle;
import org.gridscape.server.imagery.basemap.MapFrame;
import org.locationtech.jts.geom.Envelope;

/**
 * The district's overview sheet on one page: every village filled so that neighbours differ and
 * labelled with its name and number of grids, township boundaries over them, and a legend listing the
 * villages by township with their codes, grids and residents; scale bar, north arrow, CRS, date and
 * version as on the village sheets.
 */
public final class DistrictMapRenderer {

  static final Color TOWNSHIP_EDGE = new Color(0x5B4636);

  private DistrictMapRenderer() {}

  public static RenderedSheet render(DistrictSheet sheet, PageFormat format, PrintFonts fonts) throws IOException {
    return RenderedSheet.onePage(format, fonts, w -> draw(w, sheet, format), sheet.name() + "网格分布总图", "网格分布总图 " + sheet.code());
  }

  private static void draw(SheetWriter w, DistrictSheet sheet, PageFormat format) {
    double f = format.factor();
    double margin = 28 * f;
    double contentW = format.width() - 2 * margin;
    SheetFurniture.titleBlock(w, f, margin, margin, contentW, sheet.name() + "网格分布总图",
        "乡镇 " + sheet.townships().size() + " 个 · 行政村（社区） " + sheet.villages().size() + " 个 · 单元网格 "
            + sheet.grids() + " 个", "区代码 " + sheet.code());
    double top = margin + SheetFurniture.titleHeight(f);
    double bottom = format.height() - margin - SheetFurniture.footerHeight(f);
    double gap = 14 * f;
    double mapW;
    double mapH;
    double legendX;
    double legendY;
    double legendW;
    double legendH;
    if (format.landscape()) {
      legendW = Math.min(420 * f, contentW * 0.4);
      mapW = contentW - legendW - gap;
      mapH = bottom - top;
      legendX = margin + mapW + gap;
      legendY = top;
      legendH = mapH;
    } else {
      mapW = contentW;
      mapH = (bottom - top) * 0.58;
      legendX = margin;
      legendY = top + mapH + gap;
      legendW = contentW;
      legendH = bottom - legendY;
    }
    Envelope extent = new Envelope();
    sheet.villages().stream().filter(v -> v.boundary() != null)
        .forEach(v -> extent.expandToInclude(v.boundary().getEnvelopeInternal()));
    sheet.townships().stream().filter(t -> t.boundary() != null)
        .forEach(t -> extent.expandToInclude(t.boundary().getEnvelopeInternal()));
    if (extent.isNull()) {
      throw PrintException.notFound(sheet.code(), "the district " + sheet.code() + " has no village boundaries to print");
    }
    MapFrame frame = MapFrame.fit(extent, mapW, mapH, 0.03);
    Map<String, Integer> colours = GridColouring.colour(sheet.villages().stream().filter(v -> v.boundary() != null)
        .map(v -> new GridColouring.Area(v.code(), v.boundary())).toList());
    w.region(margin, top, mapW, mapH, true, canvas -> {
      for (DistrictSheet.Township t : sheet.townships()) {
        if (t.boundary() != null) {
          BaseMapRenderer.fill(canvas, frame, t.boundary(), BaseMapStyle.LAND);
        }
      }
      for (DistrictSheet.Village v : sheet.villages()) {
        if (v.boundary() != null) {
          Color c = GridColouring.fill(colours.get(v.code()));
          BaseMapRenderer.fill(canvas, frame, v.boundary(), new Color(c.getRed(), c.getGreen(), c.getBlue(),
              VillageMapRenderer.GRID_ALPHA));
          BaseMapRenderer.outline(canvas, frame, v.boundary(), VillageMapRenderer.GRID_EDGE, (float) (0.5 * f), null);
        }
      }
      for (DistrictSheet.Township t : sheet.townships()) {
        if (t.boundary() != null) {
          BaseMapRenderer.outline(canvas, frame, t.boundary(), TOWNSHIP_EDGE, (float) (1.8 * f),
              new float[] {(float) (7 * f), (float) (3 * f), (float) (1.5 * f), (float) (3 * f)});
        }
      }
    });
    for (DistrictSheet.Village v : sheet.villages()) {
      if (v.boundary() == null) {
        continue;
      }
      LabelSpot spot = LabelSpot.of(v.boundary(), frame);
      if (spot == null) {
        continue;
      }
      float size = (float) Math.max(4, Math.min(8 * f, spot.radius() * 1.9 / Math.max(1, w.font().width(
          w.font().printable(v.name()), 1))));
      w.label(v.name(), size, margin + spot.x(), top + spot.y() - size * 0.1, SheetWriter.INK);
      w.label(v.grids() + " 格", size * 0.9f, margin + spot.x(), top + spot.y() + size * 1.05,
          VillageMapRenderer.GRID_EDGE);
    }
    w.rect(margin, top, mapW, mapH, null, SheetWriter.INK, (float) (0.9 * f));
    SheetFurniture.northArrow(w, f, margin + mapW - 24 * f, top + 10 * f);
    SheetFurniture.scaleBar(w, f, frame, margin + 16 * f, top + mapH - 28 * f, Math.min(140 * f, mapW / 4));
    legend(w, sheet, colours, legendX, legendY, legendW, legendH, f);
    SheetFurniture.footer(w, f, margin, format.height() - margin, contentW,
        SheetFurniture.dateAndVersion(sheet.printedOn(), "已发布网格", sheet.software()));
  }

  /** One line of the legend table: a township heading or a village. */
  private record Entry(DistrictSheet.Township township, DistrictSheet.Village village) {}

  private static void legend(SheetWriter w, DistrictSheet sheet, Map<String, Integer> colours, double x, double y,
      double width, double height, double f) {
    w.text("图  例", (float) (13 * f), x, y + 13 * f, SheetWriter.INK);
    double symY = y + 22 * f;
    float symSize = (float) (8.5 * f);
    w.region(x, symY, 22 * f, 8 * f, false, canvas -> canvas.stroke(new java.awt.geom.Line2D.Double(0, 4 * f, 22 * f,
        4 * f), TOWNSHIP_EDGE, new BasicStroke((float) (1.8 * f), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 4f,
        new float[] {(float) (7 * f), (float) (3 * f), (float) (1.5 * f), (float) (3 * f)}, 0f)));
    w.text("乡镇界", symSize, x + 27 * f, symY + 7.5 * f, SheetWriter.INK);
    w.rect(x + width / 3, symY, 22 * f, 8 * f, SheetFurniture.onPaper(GridColouring.fill(0),
        VillageMapRenderer.GRID_ALPHA), VillageMapRenderer.GRID_EDGE, 0.5f);
    w.text("行政村（社区），注记为村名和网格数", symSize, x + width / 3 + 27 * f, symY + 7.5 * f, SheetWriter.INK);
    List<Entry> entries = new ArrayList<>();
    for (DistrictSheet.Township t : sheet.townships().stream().sorted(Comparator.comparing(
        DistrictSheet.Township::code)).toList()) {
      entries.add(new Entry(t, null));
      sheet.villages().stream().filter(v -> t.code().equals(v.townshipCode()))
          .sorted(Comparator.comparing(DistrictSheet.Village::code)).forEach(v -> entries.add(new Entry(null, v)));
    }
    double tableTop = symY + 24 * f;
    double gap = 12 * f;
    TableFit fit = TableFit.of(entries.size(), 1, width, y + height - tableTop - 14 * f, 185 * f, gap,
        (float) Math.max(6, 8.5 * f), 4.5f);
    double colW = fit.columnWidth(width, gap);
    float size = fit.size();
    LoadedFont font = w.font();
    for (int c = 0; c < fit.columns(); c++) {
      double cx = x + c * (colW + gap);
      double codeX = cx + size * 1.6;
      double nameX = codeX + font.width("350521104201", size) + size * 0.8;
      double gridsRight = cx + colW - size * 5.4;
      double residentsRight = cx + colW;
      double headY = tableTop + size * 1.2;
      w.text("代码", size, codeX, headY, SheetWriter.MUTED);
      w.text("村（社区）", size, nameX, headY, SheetWriter.MUTED);
      w.textRight("网格", size, gridsRight, headY, SheetWriter.MUTED);
      w.textRight("实有人口", size, residentsRight, headY, SheetWriter.MUTED);
      w.line(cx, headY + size * 0.4, cx + colW, headY + size * 0.4, SheetWriter.RULE, 0.4f);
      double rowY = headY + size * 0.4;
      for (int r = 0; r < fit.rowsPerColumn(); r++) {
        int i = c * fit.rowsPerColumn() + r;
        if (i >= fit.shown()) {
          break;
        }
        Entry e = entries.get(i);
        double baseline = rowY + size * 1.2;
        if (e.township() != null) {
          int villages = (int) sheet.villages().stream().filter(v -> e.township().code().equals(v.townshipCode()))
              .count();
          int grids = sheet.villages().stream().filter(v -> e.township().code().equals(v.townshipCode()))
              .mapToInt(DistrictSheet.Village::grids).sum();
          w.text(font.fit(e.township().name() + "（" + villages + " 个村居，" + grids + " 个网格）", size,
              (float) colW), size, cx, baseline, SheetWriter.INK);
        } else {
          DistrictSheet.Village v = e.village();
          Integer colour = colours.get(v.code());
          if (colour != null) {
            w.rect(cx, rowY + size * 0.35, size * 1.2, size * 0.95, SheetFurniture.onPaper(GridColouring.fill(colour),
                VillageMapRenderer.GRID_ALPHA), VillageMapRenderer.GRID_EDGE, 0.3f);
          }
          w.text(v.code(), size, codeX, baseline, SheetWriter.INK);
          w.text(font.fit(v.name(), size, (float) (gridsRight - nameX - size * 2.5)), size, nameX, baseline,
              SheetWriter.INK);
          w.textRight(Integer.toString(v.grids()), size, gridsRight, baseline, SheetWriter.INK);
          w.textRight(String.format(Locale.ROOT, "%,d", v.residents()), size, residentsRight, baseline,
              SheetWriter.INK);
        }
        rowY += fit.rowHeight();
      }
    }
    if (fit.shown() < entries.size()) {
      w.text("另有 " + (entries.size() - fit.shown()) + " 行未列出", size, x, y + height, SheetWriter.MUTED);
    }
  }
}
