package org.gridscape.server.print;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.gridscape.server.imagery.basemap.MapCanvas;

/**
 * The base map's drawing calls as PDF vector paths on a page's content stream. The caller sets the
 * transformation from the map frame (y down) to the page before drawing. Colours with alpha get an
 * extended graphics state of that opacity; fills of paths with holes use the even-odd rule.
 */
final class PdfCanvas implements MapCanvas {

  private final PDPageContentStream out;
  private final Map<Integer, PDExtendedGraphicsState> opacities = new HashMap<>();
  private Color fillColour;
  private Color strokeColour;
  private int alpha = 255;
  private BasicStroke stroke;

  PdfCanvas(PDPageContentStream out) {
    this.out = out;
  }

  @Override
  public void fill(Shape shape, Color colour) {
    try {
      opacity(colour.getAlpha());
      if (!colour.equals(fillColour)) {
        out.setNonStrokingColor(opaque(colour));
        fillColour = colour;
      }
      boolean evenOdd = path(shape);
      if (evenOdd) {
        out.fillEvenOdd();
      } else {
        out.fill();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stroke(Shape shape, Color colour, BasicStroke stroke) {
    try {
      opacity(colour.getAlpha());
      if (!colour.equals(strokeColour)) {
        out.setStrokingColor(opaque(colour));
        strokeColour = colour;
      }
      if (!stroke.equals(this.stroke)) {
        out.setLineWidth(stroke.getLineWidth());
        out.setLineCapStyle(switch (stroke.getEndCap()) {
          case BasicStroke.CAP_ROUND -> 1;
          case BasicStroke.CAP_SQUARE -> 2;
          default -> 0;
        });
        out.setLineJoinStyle(switch (stroke.getLineJoin()) {
          case BasicStroke.JOIN_ROUND -> 1;
          case BasicStroke.JOIN_BEVEL -> 2;
          default -> 0;
        });
        out.setLineDashPattern(stroke.getDashArray() == null ? new float[0] : stroke.getDashArray(),
            stroke.getDashPhase());
        this.stroke = stroke;
      }
      path(shape);
      out.stroke();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets the state it set, after the caller restored the graphics state around it. */
  void reset() {
    fillColour = null;
    strokeColour = null;
    stroke = null;
    alpha = 255;
  }

  private void opacity(int wanted) throws IOException {
    if (wanted == alpha) {
      return;
    }
    PDExtendedGraphicsState state = opacities.computeIfAbsent(wanted, a -> {
      PDExtendedGraphicsState s = new PDExtendedGraphicsState();
      s.setNonStrokingAlphaConstant(a / 255f);
      s.setStrokingAlphaConstant(a / 255f);
      return s;
    });
    out.setGraphicsStateParameters(state);
    alpha = wanted;
  }

  private static Color opaque(Color colour) {
    return colour.getAlpha() == 255 ? colour : new Color(colour.getRGB() & 0xFFFFFF);
  }

  /** Appends the shape's outline; whether it asks for the even-odd rule. */
  private boolean path(Shape shape) throws IOException {
    PathIterator it = shape.getPathIterator(null);
    double[] c = new double[6];
    double x = 0;
    double y = 0;
    while (!it.isDone()) {
      switch (it.currentSegment(c)) {
        case PathIterator.SEG_MOVETO -> out.moveTo((float) c[0], (float) c[1]);
        case PathIterator.SEG_LINETO -> out.lineTo((float) c[0], (float) c[1]);
        case PathIterator.SEG_QUADTO -> out.curveTo((float) (x + 2 * (c[0] - x) / 3), (float) (y + 2 * (c[1] - y) / 3),
            (float) (c[2] + 2 * (c[0] - c[2]) / 3), (float) (c[3] + 2 * (c[1] - c[3]) / 3), (float) c[2], (float) c[3]);
        case PathIterator.SEG_CUBICTO -> out.curveTo((float) c[0], (float) c[1], (float) c[2], (float) c[3],
            (float) c[4], (float) c[5]);
        case PathIterator.SEG_CLOSE -> out.closePath();
        default -> throw new IllegalStateException("unknown path segment");
      }
      int type = it.currentSegment(c);
      if (type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO) {
        x = c[0];
        y = c[1];
      } else if (type == PathIterator.SEG_QUADTO) {
        x = c[2];
        y = c[3];
      } else if (type == PathIterator.SEG_CUBICTO) {
        x = c[4];
        y = c[5];
      }
      it.next();
    }
    return it.getWindingRule() == PathIterator.WIND_EVEN_ODD;
  }
}
