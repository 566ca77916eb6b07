package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The open ground of a sample village. Ponds (水塘): one to three irregular ponds of 35-70 m radius where the
 * village has open ground, clear of every building and road by 8 m, placed deterministically from
 * the village code. They give the base map water to draw, as the villages of the district have.
 */
final class Ponds {

  private static final double METRES_PER_DEGREE = 111_320;
  private static final double CLEARANCE_M = 8;
  private static final int TRIES = 120;

  private Ponds() {
  }

  /**
   * The fields (耕地) of a sample village: its land more than 25 m from any building, road or pond,
   * without slivers, as the farmland the district's villages keep around their houses.
   */
  static List<Polygon> fields(Geometry village, List<Geometry> obstacles, List<Polygon> ponds) {
    double lat = village.getEnvelopeInternal().centre().y;
    double my = 1 / METRES_PER_DEGREE;
    double mx = my / Math.cos(Math.toRadians(lat));
    List<Geometry> built = new ArrayList<>(obstacles.size() + ponds.size());
    for (Geometry g : obstacles) {
      built.add(g.buffer(FIELD_SETBACK_M * (mx + my) / 2, 1));
    }
    for (Polygon pond : ponds) {
      built.add(pond.buffer(6 * (mx + my) / 2, 2));
    }
    Geometry open = built.isEmpty() ? village
        : village.difference(org.locationtech.jts.operation.union.UnaryUnionOp.union(built));
    // fewer vertices, then cut to the village again (simplifying may move an edge a little outside it)
    open = org.locationtech.jts.simplify.TopologyPreservingSimplifier.simplify(open, 2 * my).intersection(village);
    double minArea = MIN_FIELD_M2 * mx * my;
    List<Polygon> fields = new ArrayList<>();
    // the plan files carry 7 decimals: reduce to them here, so what is written is what was checked valid
    Geometry precise = org.locationtech.jts.precision.GeometryPrecisionReducer.reduce(open, DistrictLayout.PRECISION);
    for (int i = 0; i < precise.getNumGeometries(); i++) {
      if (precise.getGeometryN(i) instanceof Polygon p && !p.isEmpty() && p.getArea() >= minArea && p.isValid()) {
        fields.add((Polygon) DistrictLayout.LON_LAT.createGeometry(p));
      }
    }
    return fields;
  }

  /**
   * What a field grows, chosen from where it lies: mostly farmland, then orchards, tea gardens,
   * woods and grass, as the hills and plains of the district mix them.
   */
  static String fieldKind(Polygon field) {
    Coordinate c = field.getInteriorPoint().getCoordinate();
    long h = Double.doubleToLongBits(Math.rint(c.x * 1e5)) * 31 + Double.doubleToLongBits(Math.rint(c.y * 1e5));
    int roll = (int) Math.floorMod(h ^ (h >>> 29), 100L);
    return roll < 45 ? "farmland" : roll < 65 ? "orchard" : roll < 75 ? "tea" : roll < 90 ? "forest" : "grass";
  }

  private static final double FIELD_SETBACK_M = 25;
  private static final double MIN_FIELD_M2 = 3000;

  /**
   * @param village   the village polygon (lon/lat)
   * @param obstacles building footprints and road lines of the village (lon/lat)
   * @param villageCode the village's code, the seed of the placement
   */
  static List<Polygon> of(Geometry village, List<Geometry> obstacles, String villageCode) {
    SplittableRandom random = new SplittableRandom(Long.parseLong(villageCode) * 7919L + 17);
    STRtree index = new STRtree();
    obstacles.forEach(g -> index.insert(g.getEnvelopeInternal(), g));
    PreparedGeometry inside = PreparedGeometryFactory.prepare(village);
    Envelope box = village.getEnvelopeInternal();
    double lat = box.centre().y;
    double mx = 1 / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat))); // degrees of lon per metre
    double my = 1 / METRES_PER_DEGREE;
    int wanted = 1 + random.nextInt(3);
    List<Polygon> ponds = new ArrayList<>();
    for (int t = 0; t < TRIES && ponds.size() < wanted; t++) {
      double cx = box.getMinX() + random.nextDouble() * box.getWidth();
      double cy = box.getMinY() + random.nextDouble() * box.getHeight();
      double radius = 35 + random.nextDouble() * 35;
      Polygon pond = blob(cx, cy, radius, mx, my, random);
      Envelope clear = pond.getEnvelopeInternal();
      clear.expandBy(CLEARANCE_M * mx, CLEARANCE_M * my);
      if (!inside.containsProperly(pond) || ponds.stream().anyMatch(p -> p.getEnvelopeInternal().intersects(clear))) {
        continue;
      }
      Geometry margin = pond.buffer(CLEARANCE_M * Math.max(mx, my), 4);
      boolean blocked = false;
      for (Object o : index.query(clear)) {
        if (((Geometry) o).intersects(margin)) {
          blocked = true;
          break;
        }
      }
      if (!blocked) {
        ponds.add(pond);
      }
    }
    return ponds;
  }

  /** A smooth irregular ring of 16 points around the centre. */
  private static Polygon blob(double cx, double cy, double radius, double mx, double my, SplittableRandom random) {
    int n = 16;
    double[] r = new double[n];
    double phase = random.nextDouble() * Math.PI * 2;
    double wobble = 0.12 + random.nextDouble() * 0.18;
    for (int i = 0; i < n; i++) {
      double a = Math.PI * 2 * i / n;
      r[i] = radius * (1 + wobble * Math.sin(2 * a + phase) + 0.08 * (random.nextDouble() - 0.5));
    }
    double stretch = 0.7 + random.nextDouble() * 0.6;
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double a = Math.PI * 2 * i / n;
      ring[i] = new Coordinate(cx + Math.cos(a) * r[i] * stretch * mx, cy + Math.sin(a) * r[i] / stretch * my);
      DistrictLayout.LON_LAT.getPrecisionModel().makePrecise(ring[i]);
    }
    ring[n] = ring[0].copy();
    return DistrictLayout.LON_LAT.createPolygon(ring);
  }
}
