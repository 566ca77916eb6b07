package org.gridscape.server.imagery.basemap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;

/**
 * Where the base map draws: filled and stroked shapes in the frame's units, y down. A colour's
 * alpha is honoured. Raster tiles draw into a {@link Graphics2D}; the printed map
 * ({@code org.gridscape.server.print}) draws the same calls into a PDF as vector paths.
 */
public interface MapCanvas {

  void fill(Shape shape, Color colour);

  void stroke(Shape shape, Color colour, BasicStroke stroke);

  /** A canvas over a Java2D graphics context. */
  static MapCanvas of(Graphics2D g) {
    return new MapCanvas() {
      @Override
      public void fill(Shape shape, Color colour) {
        g.setColor(colour);
        g.fill(shape);
      }

      @Override
      public void stroke(Shape shape, Color colour, BasicStroke stroke) {
        g.setColor(colour);
        g.setStroke(stroke);
        g.draw(shape);
      }
    };
  }
}
