package org.gridscape.server.print;

import org.gridscape.server.imagery.basemap.MapFrame;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Where an area's label goes: the centre of the largest circle inside its largest part (the pole of
 * inaccessibility), in map-frame units, with that circle's radius as the room the label has.
 */
record LabelSpot(double x, double y, double radius) {

  /** The spot in the frame, or null when the area is empty or too small to see. */
  static LabelSpot of(Geometry lonLat, MapFrame frame) {
    Polygon largest = null;
    for (int i = 0; i < lonLat.getNumGeometries(); i++) {
      if (lonLat.getGeometryN(i) instanceof Polygon p && !p.isEmpty()
          && (largest == null || p.getArea() > largest.getArea())) {
        largest = p;
      }
    }
    if (largest == null) {
      return null;
    }
    Geometry projected = largest.copy();
    projected.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        double lon = seq.getX(i);
        double lat = seq.getY(i);
        seq.setOrdinate(i, 0, frame.x(lon));
        seq.setOrdinate(i, 1, frame.y(lat));
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
    double size = Math.max(projected.getEnvelopeInternal().getWidth(), projected.getEnvelopeInternal().getHeight());
    if (size < 2) {
      return null;
    }
    MaximumInscribedCircle circle = new MaximumInscribedCircle(projected, Math.max(0.25, size / 200));
    Coordinate centre = circle.getCenter().getCoordinate();
    return new LabelSpot(centre.x, centre.y, circle.getRadiusLine().getLength());
  }
}
