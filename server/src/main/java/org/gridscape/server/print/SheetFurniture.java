package org.gridscape.server.print;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.time.LocalDate;
import java.util.Locale;
import org.gridscape.server.imagery.basemap.MapFrame;

/**
 * What every printed map has around the map itself: the title block, the footer with the CRS, date
 * and version, the frame, a north arrow and a scale bar.
 */
final class SheetFurniture {

  /** The coordinate systems as the footer states them. */
  static final String CRS = "坐标系 WGS 84 经纬度（EPSG:4326，与 CGCS2000 厘米级一致） · 图面投影 Web 墨卡托（EPSG:3857） · 上北下南";
  private static final double METRES_PER_POINT_OF_PAPER = 0.0254 / 72;

  private SheetFurniture() {}

  /** Title and subtitle at the top left, the sheet's kind at the top right, a rule below. */
  static void titleBlock(SheetWriter w, double f, double x, double y, double width, String title, String subtitle,
      String kind) {
    w.text(title, (float) (22 * f), x, y + 22 * f, SheetWriter.INK);
    w.text(subtitle, (float) (10.5 * f), x, y + 40 * f, SheetWriter.MUTED);
    w.textRight(kind, (float) (12 * f), x + width, y + 22 * f, SheetWriter.MUTED);
    w.line(x, y + 48 * f, x + width, y + 48 * f, SheetWriter.INK, (float) (1.2 * f));
  }

  /** Height the title block takes. */
  static double titleHeight(double f) {
    return 58 * f;
  }

  /** Height of the footer below the map and legend. */
  static double footerHeight(double f) {
    return 30 * f;
  }

  /** Below a rule: the CRS, then the date and versions, ending at the baseline {@code bottom}. */
  static void footer(SheetWriter w, double f, double x, double bottom, double width, String dateAndVersion) {
    float size = (float) (7.5 * f);
    w.line(x, bottom - 20 * f, x + width, bottom - 20 * f, SheetWriter.RULE, 0.5f);
    w.text(w.font().fit(CRS, size, (float) width), size, x, bottom - 10 * f, SheetWriter.MUTED);
    w.text(w.font().fit(dateAndVersion, size, (float) width), size, x, bottom, SheetWriter.MUTED);
  }

  /** "制图 2026-12-06 · ... · GridScape 0.1.0". */
  static String dateAndVersion(LocalDate printed, String revision, String software) {
    return "制图日期 " + printed + (revision == null ? "" : " · " + revision) + " · GridScape " + software;
  }

  /** A north arrow with its top at ({@code cx}, {@code top}): the map is north up (Web Mercator). */
  static void northArrow(SheetWriter w, double f, double cx, double top) {
    double h = 26 * f;
    double half = 7 * f;
    w.textCentred("北", (float) (9 * f), cx, top + 9 * f, SheetWriter.INK);
    double tip = top + 12 * f;
    w.region(0, 0, 1, 1, false, canvas -> {
      Path2D.Double left = new Path2D.Double();
      left.moveTo(cx, tip);
      left.lineTo(cx - half, tip + h);
      left.lineTo(cx, tip + h * 0.72);
      left.closePath();
      Path2D.Double right = new Path2D.Double();
      right.moveTo(cx, tip);
      right.lineTo(cx + half, tip + h);
      right.lineTo(cx, tip + h * 0.72);
      right.closePath();
      canvas.fill(left, SheetWriter.INK);
      canvas.fill(right, Color.WHITE);
      BasicStroke edge = new BasicStroke((float) (0.8 * f), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
      canvas.stroke(left, SheetWriter.INK, edge);
      canvas.stroke(right, SheetWriter.INK, edge);
    });
  }

  /**
   * A scale bar of a round length about {@code target} points long, left end at ({@code x},
   * {@code y}) (the bar's top), on a white backing, with the numeric scale at 100% print size.
   */
  static void scaleBar(SheetWriter w, double f, MapFrame frame, double x, double y, double target) {
    double metres = niceLength(target * frame.metresPerUnit());
    double length = metres / frame.metresPerUnit();
    double barHeight = 4 * f;
    float size = (float) (7 * f);
    String unit = metres >= 1000 ? "千米" : "米";
    double shown = metres >= 1000 ? metres / 1000 : metres;
    String ratio = "比例尺 1:" + String.format(Locale.ROOT, "%,d", roundScale(frame.metresPerUnit()
        / METRES_PER_POINT_OF_PAPER));
    double boxW = Math.max(length + 30 * f, w.font().width(w.font().printable(ratio), size) + 12 * f);
    w.region(0, 0, 1, 1, false, canvas -> canvas.fill(new Rectangle2D.Double(x - 6 * f, y - 16 * f, boxW,
        38 * f), new Color(255, 255, 255, 220)));
    w.text(ratio, size, x, y - 6 * f, SheetWriter.INK);
    for (int i = 0; i < 4; i++) {
      w.rect(x + length * i / 4, y, length / 4, barHeight, i % 2 == 0 ? SheetWriter.INK : Color.WHITE,
          SheetWriter.INK, (float) (0.5 * f));
    }
    w.textCentred("0", size, x, y + barHeight + 9 * f, SheetWriter.INK);
    w.textCentred(number(shown / 2), size, x + length / 2, y + barHeight + 9 * f, SheetWriter.INK);
    w.textCentred(number(shown) + " " + unit, size, x + length, y + barHeight + 9 * f, SheetWriter.INK);
  }

  /** 1, 2 or 5 times a power of ten, at most {@code metres}. */
  static double niceLength(double metres) {
    double power = Math.pow(10, Math.floor(Math.log10(Math.max(metres, 1e-3))));
    double n = metres / power;
    return (n >= 5 ? 5 : n >= 2 ? 2 : 1) * power;
  }

  /** A printed map's scale rounded to two significant digits (1:4,850 -> 1:4,900). */
  static long roundScale(double denominator) {
    double power = Math.pow(10, Math.max(0, Math.floor(Math.log10(denominator)) - 1));
    return Math.round(denominator / power) * (long) power;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  /** A colour over white paper at the opacity the map uses, for legend swatches that match the map. */
  static Color onPaper(Color colour, int alpha) {
    double a = alpha / 255.0;
    return new Color((int) Math.round(colour.getRed() * a + 255 * (1 - a)),
        (int) Math.round(colour.getGreen() * a + 255 * (1 - a)), (int) Math.round(colour.getBlue() * a + 255 * (1 - a)));
  }
}
