package org.gridscape.server.print;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * Drawing on one PDF page in the layout's coordinates: points from the top-left corner, y down (PDF's
 * own origin is bottom-left, y up). Text is real PDF text in the embedded font, so it can be searched,
 * copied and extracted; shapes go through a {@link PdfCanvas}.
 */
final class SheetWriter {

  static final Color INK = new Color(0x1F2933);
  static final Color MUTED = new Color(0x52606D);
  static final Color RULE = new Color(0x9AA5B1);

  private final PDPageContentStream out;
  private final LoadedFont font;
  private final float pageHeight;
  private final PdfCanvas canvas;

  SheetWriter(PDPageContentStream out, LoadedFont font, double pageHeight) {
    this.out = out;
    this.font = font;
    this.pageHeight = (float) pageHeight;
    this.canvas = new PdfCanvas(out);
  }

  LoadedFont font() {
    return font;
  }

  /** Text from its left end at a baseline; returns its width. */
  float text(String text, float size, double x, double baseline, Color colour) {
    String s = font.printable(text);
    if (s.isBlank()) {
      return 0;
    }
    try {
      out.beginText();
      out.setFont(font.font(), size);
      out.setNonStrokingColor(colour);
      out.newLineAtOffset((float) x, pageHeight - (float) baseline);
      out.showText(s);
      out.endText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    canvas.reset();
    return font.width(s, size);
  }

  /** Text ending at {@code right}. */
  float textRight(String text, float size, double right, double baseline, Color colour) {
    String s = font.printable(text);
    return text(s, size, right - font.width(s, size), baseline, colour);
  }

  /** Text centred on {@code centre}. */
  float textCentred(String text, float size, double centre, double baseline, Color colour) {
    String s = font.printable(text);
    return text(s, size, centre - font.width(s, size) / 2, baseline, colour);
  }

  /** A map label: text centred on {@code centre} over a white halo that keeps it readable on any fill. */
  void label(String text, float size, double centre, double baseline, Color colour) {
    String s = font.printable(text);
    if (s.isBlank()) {
      return;
    }
    float x = (float) centre - font.width(s, size) / 2;
    float y = pageHeight - (float) baseline;
    try {
      out.saveGraphicsState();
      out.beginText();
      out.setFont(font.font(), size);
      out.setRenderingMode(RenderingMode.STROKE);
      out.setStrokingColor(Color.WHITE);
      out.setLineWidth(Math.max(0.8f, size * 0.22f));
      out.setLineJoinStyle(1);
      out.newLineAtOffset(x, y);
      out.showText(s);
      out.endText();
      out.beginText();
      out.setFont(font.font(), size);
      out.setRenderingMode(RenderingMode.FILL);
      out.setNonStrokingColor(colour);
      out.newLineAtOffset(x, y);
      out.showText(s);
      out.endText();
      out.restoreGraphicsState();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    canvas.reset();
  }

  /** A rectangle by its top-left corner; either colour may be null. */
  void rect(double x, double y, double w, double h, Color fill, Color stroke, float lineWidth) {
    try {
      if (fill != null) {
        out.setNonStrokingColor(fill);
        out.addRect((float) x, pageHeight - (float) (y + h), (float) w, (float) h);
        out.fill();
      }
      if (stroke != null) {
        out.setStrokingColor(stroke);
        out.setLineWidth(lineWidth);
        out.setLineDashPattern(new float[0], 0);
        out.addRect((float) x, pageHeight - (float) (y + h), (float) w, (float) h);
        out.stroke();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    canvas.reset();
  }

  void line(double x0, double y0, double x1, double y1, Color colour, float width) {
    try {
      out.setStrokingColor(colour);
      out.setLineWidth(width);
      out.setLineDashPattern(new float[0], 0);
      out.moveTo((float) x0, pageHeight - (float) y0);
      out.lineTo((float) x1, pageHeight - (float) y1);
      out.stroke();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    canvas.reset();
  }

  /**
   * Draws shapes in a region whose top-left corner is ({@code x}, {@code y}): the canvas's units are
   * points from that corner, y down, clipped to {@code w} by {@code h} when {@code clip}.
   */
  void region(double x, double y, double w, double h, boolean clip, Consumer<PdfCanvas> drawing) {
    try {
      out.saveGraphicsState();
      out.transform(new Matrix(1, 0, 0, -1, (float) x, pageHeight - (float) y));
      if (clip) {
        out.addRect(0, 0, (float) w, (float) h);
        out.clip();
      }
      canvas.reset();
      drawing.accept(canvas);
      out.restoreGraphicsState();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    canvas.reset();
  }
}
