package org.gridscape.server.store;

import io.vertx.core.buffer.Buffer;
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
}
