package org.gridscape.server.store;

import io.vertx.core.buffer.Buffer;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/** Geometry as stored: WGS84 lon/lat WKB (2D) plus its envelope for bbox queries. */
public final class Geometries {

  public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private Geometries() {}

  public static Buffer toWkb(Geometry geometry) {
    return Buffer.buffer(new WKBWriter(2).write(geometry));
  }

  public static Geometry fromWkb(Buffer wkb) {
    try {
      return new WKBReader(FACTORY).read(wkb.getBytes());
    } catch (ParseException e) {
      throw new IllegalStateException("stored geometry is not valid WKB", e);
    }
  }

  /** The envelope as {@code minx, miny, maxx, maxy} bind values. */
  public static Object[] envelope(Geometry geometry) {
    Envelope e = geometry.getEnvelopeInternal();
    return new Object[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
  }

  /** A change of coordinates, point by point: writes the new x and y into {@code result[0..1]}. */
  @FunctionalInterface
  public interface XYFunction {
    void apply(double x, double y, double[] result);
  }

  /**
   * Replaces every x and y of {@code geometry} in place (JTS geometries are mutable; callers pass a
   * copy they own) and returns it.
   */
  public static <G extends Geometry> G mapXYInPlace(G geometry, XYFunction function) {
    double[] result = new double[2];
    geometry.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        function.apply(seq.getX(i), seq.getY(i), result);
        seq.setOrdinate(i, 0, result[0]);
        seq.setOrdinate(i, 1, result[1]);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    return geometry;
  }
}
