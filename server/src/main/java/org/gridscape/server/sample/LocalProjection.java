package org.gridscape.server.sample;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryTransformer;

/**
 * Equirectangular projection around a fixed origin, in metres. Over the 30 km of the sample
 * district its scale error stays far below 0.1 %, which is all the generator needs to lay out
 * streets and houses in metres; published geometry is always lon/lat.
 */
final class LocalProjection {

  private static final double EARTH_RADIUS_M = 6_371_008.8;
  private static final double M_PER_DEG = EARTH_RADIUS_M * Math.PI / 180.0;

  private final double lon0;
  private final double lat0;
  private final double mPerDegLon;

  LocalProjection(double lon0, double lat0) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    this.mPerDegLon = M_PER_DEG * Math.cos(Math.toRadians(lat0));
  }

  double x(double lon) {
    return (lon - lon0) * mPerDegLon;
  }

  double y(double lat) {
    return (lat - lat0) * M_PER_DEG;
  }

  double lon(double x) {
    return lon0 + x / mPerDegLon;
  }

  double lat(double y) {
    return lat0 + y / M_PER_DEG;
  }

  /** lon/lat geometry to metres, built with the given (floating) factory. */
  Geometry toMetric(Geometry lonLat, GeometryFactory factory) {
    return transform(lonLat, factory, true);
  }

  /** Metric geometry to lon/lat, built with the given factory (not yet rounded to its precision). */
  Geometry toLonLat(Geometry metric, GeometryFactory factory) {
    return transform(metric, factory, false);
  }

  private Geometry transform(Geometry g, GeometryFactory factory, boolean forward) {
    GeometryTransformer t = new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
        Coordinate[] out = new Coordinate[coords.size()];
        for (int i = 0; i < out.length; i++) {
          double a = coords.getX(i);
          double b = coords.getY(i);
          out[i] = forward ? new Coordinate(x(a), y(b)) : new Coordinate(lon(a), lat(b));
        }
        return factory.getCoordinateSequenceFactory().create(out);
      }
    };
    Geometry copy = factory.createGeometry(g);
    return t.transform(copy);
  }
}
