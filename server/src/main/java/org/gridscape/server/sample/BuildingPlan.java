package org.gridscape.server.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.sample.DistrictLayout.VillageArea;
import org.gridscape.server.sample.GridPlan.Grid;
import org.locationtech.jts.algorithm.MinimumAreaRectangle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Building footprints: self-built houses in rows along the streets of each standard grid until
 * its households fit, factories on outer blocks, towers in resettlement and commercial compounds,
 * big halls and a dormitory in enterprise grids, and the public buildings of each village. Every
 * footprint keeps a setback from its block edge, so none crosses a street or a grid boundary.
 */
final class BuildingPlan {

  /** Neighbourhood centres planned for the year (published figure). */
  static final int NEIGHBOURHOOD_CENTRES = 12;
  private static final double BLOCK_SETBACK_M = 2.5;
  private static final double MIN_GAP_M = 1.2;

  final List<Building> buildings = new ArrayList<>();
  final List<List<Integer>> byGrid = new ArrayList<>();
  final List<Centre> centres = new ArrayList<>();

  /** A footprint with its attributes; {@code capacity} households can live in it. */
  static final class Building {
    final int village;
    final int grid;
    final Polygon footprint;
    final Point centre;
    final int floors;
    final double height;
    final String use;
    final String structure;
    final int year;
    int seq;
    int capacity;

    Building(int village, int grid, Polygon footprint, int floors, double height, String use, String structure,
        int year, int capacity) {
      this.village = village;
      this.grid = grid;
      this.footprint = footprint;
      this.centre = footprint.getInteriorPoint();
      this.floors = floors;
      this.height = height;
      this.use = use;
      this.structure = structure;
      this.year = year;
      this.capacity = capacity;
    }

    boolean highRise() {
      return floors >= 11;
    }
  }

  /** Building id: {@code B} + village code + 5-digit sequence within the village. */
  static String buildingId(String villageCode, int seq) {
    return "B" + villageCode + Digits.pad(seq, 5);
  }

  /** A point of a village plan: neighbourhood centre or Party service centre. */
  record Centre(int village, String kind, String name, Point lonLat) {
  }

  private final DistrictLayout layout;

  BuildingPlan(DistrictLayout layout, GridPlan plan, long seed) {
    this.layout = layout;
    TreeSet<Integer> centreVillages = pickCentreVillages(layout, new SplittableRandom(seed ^ 0xB111_D1A6L));
    // Each village draws from its own generator, so the parallel result does not depend on
    // thread timing; results are merged in village order.
    List<VillageSite> sites = IntStream.range(0, layout.villages.size()).parallel()
        .mapToObj(i -> {
          VillageArea v = layout.villages.get(i);
          SplittableRandom rng = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + Long.parseLong(v.ref.code()));
          return new VillageSite(v, plan, centreVillages.contains(i), rng);
        }).toList();
    for (int i = 0; i < plan.grids.size(); i++) {
      byGrid.add(new ArrayList<>());
    }
    for (VillageArea v : layout.villages) {
      VillageSite site = sites.get(v.index);
      List<Integer> gridIds = plan.byVillage.get(v.index);
      int seq = 0;
      for (int k = 0; k < gridIds.size(); k++) {
        for (Building b : site.perGrid.get(k)) {
          b.seq = ++seq;
          byGrid.get(gridIds.get(k)).add(buildings.size());
          buildings.add(b);
        }
      }
      centres.addAll(site.centres);
    }
  }

  private static TreeSet<Integer> pickCentreVillages(DistrictLayout layout, SplittableRandom rng) {
    TreeSet<Integer> out = new TreeSet<>();
    int n = layout.villages.size();
    while (out.size() < Math.min(NEIGHBOURHOOD_CENTRES, n)) {
      out.add(rng.nextInt(n));
    }
    return out;
  }

  /** Placement inside one village; villages are independent, so they are placed in parallel. */
  private final class VillageSite {
    private final Map<Integer, FaceSpace> spaces = new HashMap<>();
    private final List<Centre> centres = new ArrayList<>();
    private final List<List<Building>> perGrid = new ArrayList<>();

    VillageSite(VillageArea v, GridPlan plan, boolean neighbourhoodCentre, SplittableRandom rng) {
      List<Integer> gridIds = plan.byVillage.get(v.index);
      Grid first = gridIds.stream().map(plan.grids::get).filter(g -> g.kind == GridKind.STANDARD)
          .findFirst().orElseThrow();
      for (int gi : gridIds) {
        Grid g = plan.grids.get(gi);
        List<Building> placed = new ArrayList<>();
        if (g == first) {
          placePublic(v, g, neighbourhoodCentre, rng, placed);
        }
        switch (g.kind) {
          case STANDARD -> placeStandard(g, rng, placed);
          case RESETTLEMENT, RESIDENTIAL_COMPOUND -> placeCompound(g, rng, placed);
          case ENTERPRISE -> placeEnterprise(g, rng, placed);
        }
        ensureCapacity(g, placed);
        perGrid.add(placed);
      }
    }

    // ---------------------------------------------------------------- kinds of grid

    private void placePublic(VillageArea v, Grid g, boolean neighbourhoodCentre, SplittableRandom rng,
        List<Building> placed) {
      String village = v.ref.displayName();
      Building committee = placeOne(g, g.coreFace, 24, 14, 3, "public", "frame", 2008 + rng.nextInt(12), 0, rng, placed);
      Point at = committee != null ? committee.centre
          : layout.faces.get(g.coreFace).copy().getInteriorPoint();
      centres.add(new Centre(v.index, "party_service_centre", village + "党群服务中心", at));
      placeOne(g, g.coreFace, 40, 16, 4, "public", "frame", 1998 + rng.nextInt(20), 0, rng, placed);
      if (neighbourhoodCentre) {
        Building c = placeOne(g, g.coreFace, 30, 20, 3, "public", "frame", 2025 + rng.nextInt(2), 0, rng, placed);
        Point p = c != null ? c.centre : layout.faces.get(g.coreFace).copy().getInteriorPoint();
        centres.add(new Centre(v.index, "neighbourhood_centre", village + "党建+邻里中心", p));
      }
    }

    private Building placeOne(Grid g, int face, double w, double d, int floors, String use, String structure,
        int year, int capacity, SplittableRandom rng, List<Building> placed) {
      FaceSpace s = space(face);
      for (Polygon candidate : s.edgeSlots(w, d, 6, 0, 6)) {
        if (s.fits(candidate)) {
          return add(g, s, candidate, floors, use, structure, year, capacity, rng, placed);
        }
      }
      return null;
    }

    private void placeStandard(Grid g, SplittableRandom rng, List<Building> placed) {
      List<Integer> order = facesOutward(g);
      // An outer, large block of some grids is an industrial area.
      if (order.size() > 3 && rng.nextDouble() < 0.4) {
        for (int k = order.size() - 1; k > 0; k--) {
          int f = order.get(k);
          if (layout.faceArea[f] >= 20_000) {
            placeFactories(g, f, rng, placed);
            order.remove(k);
            break;
          }
        }
      }
      int capacity = placed.stream().mapToInt(b -> b.capacity).sum();
      int target = g.households;
      // Street-side rows first over the core and its neighbours, back rows only when still short:
      // houses line the streets rather than filling one block.
      int[][] passes = {{0, 0}, {1, 1}, {2, 3}};
      for (int pass = 0; pass < passes.length && capacity < target; pass++) {
        for (int f : order) {
          if (capacity >= target) {
            break;
          }
          if (layout.faceArea[f] >= 1_200) {
            capacity += fillRows(g, space(f), passes[pass][0], passes[pass][1], target - capacity, rng, placed);
          }
        }
      }
    }

    /** Houses in rows {@code fromRow..toRow} of one block; returns the household capacity added. */
    private int fillRows(Grid g, FaceSpace s, int fromRow, int toRow, int wanted, SplittableRandom rng,
        List<Building> placed) {
      int capacity = 0;
      for (int row = fromRow; row <= toRow && capacity < wanted; row++) {
        double w = 8 + rng.nextDouble() * 6;
        double d = 10 + rng.nextDouble() * 6;
        for (Polygon rect : s.edgeSlots(w, d, 4.5 + row * 19, row, 1.5 + rng.nextDouble() * 2.5)) {
          if (capacity >= wanted) {
            break;
          }
          Polygon shape = houseShape(rect, w, d, rng);
          if (!s.fits(shape)) {
            continue;
          }
          double kind = rng.nextDouble();
          Building b;
          if (kind < 0.03) {
            b = add(g, s, shape, 2 + rng.nextInt(2), "commercial", "brick_concrete", 1995 + rng.nextInt(30), 0, rng,
                placed);
          } else {
            int floors = houseFloors(rng);
            // A few houses stand empty (owners working elsewhere); bigger houses hold more households.
            int cap = kind < 0.07 ? 0 : floors <= 3 ? 1 : floors == 4 ? 2 : 2 + rng.nextInt(2);
            int year = 1972 + rng.nextInt(53);
            String structure = year < 1990 ? (rng.nextDouble() < 0.6 ? "masonry" : "brick_concrete")
                : rng.nextDouble() < 0.75 ? "brick_concrete" : "frame";
            b = add(g, s, shape, floors, "residential", structure, year, cap, rng, placed);
          }
          if (b != null) {
            capacity += b.capacity;
          }
        }
      }
      return capacity;
    }

    private static int houseFloors(SplittableRandom rng) {
      double r = rng.nextDouble();
      return r < 0.15 ? 2 : r < 0.45 ? 3 : r < 0.75 ? 4 : r < 0.92 ? 5 : 6;
    }

    /** Mostly rectangles, some L-shapes, a few courtyard houses (古厝) with an open court. */
    private static Polygon houseShape(Polygon rect, double w, double d, SplittableRandom rng) {
      Coordinate[] c = rect.getExteriorRing().getCoordinates(); // p0, p0+u*w, p0+u*w+n*d, p0+n*d
      double r = rng.nextDouble();
      if (r < 0.15) {
        // Cut the back corner on the far side: an L.
        Coordinate bBack = bilerp(c, 1.0, 0.6);
        Coordinate corner = bilerp(c, 0.55, 0.6);
        Coordinate cIn = bilerp(c, 0.55, 1.0);
        return DistrictLayout.METRIC.createPolygon(new Coordinate[] {
            new Coordinate(c[0]), new Coordinate(c[1]), bBack, corner, cIn, new Coordinate(c[3]), new Coordinate(c[0])});
      }
      if (r < 0.19 && w >= 11 && d >= 13) {
        LinearRing hole = DistrictLayout.METRIC.createLinearRing(new Coordinate[] {
            bilerp(c, 0.3, 0.3), bilerp(c, 0.3, 0.7), bilerp(c, 0.7, 0.7), bilerp(c, 0.7, 0.3), bilerp(c, 0.3, 0.3)});
        return DistrictLayout.METRIC.createPolygon(rect.getExteriorRing(), new LinearRing[] {hole});
      }
      return rect;
    }

    private static Coordinate lerp(Coordinate a, Coordinate b, double t) {
      return new Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    }

    /** Point at (s along the front, t into the depth) of a rectangle p0,p1,p2,p3. */
    private static Coordinate bilerp(Coordinate[] c, double s, double t) {
      Coordinate front = lerp(c[0], c[1], s);
      Coordinate back = lerp(c[3], c[2], s);
      return lerp(front, back, t);
    }

    private void placeFactories(Grid g, int face, SplittableRandom rng, List<Building> placed) {
      FaceSpace s = space(face);
      int wanted = 2 + rng.nextInt(5);
      double w = 40 + rng.nextDouble() * 40;
      double d = 20 + rng.nextDouble() * 20;
      for (Polygon p : s.lattice(w, d, 12, 14, 6)) {
        if (wanted == 0) {
          break;
        }
        if (s.fits(p)) {
          int floors = 1 + rng.nextInt(4);
          add(g, s, p, floors, "factory", "steel", 2000 + rng.nextInt(24), 0, rng, placed);
          wanted--;
        }
      }
    }

    private void placeCompound(Grid g, SplittableRandom rng, List<Building> placed) {
      boolean resettlement = g.kind == GridKind.RESETTLEMENT;
      FaceSpace s = space(g.coreFace);
      int capacity = 0;
      int target = (int) Math.ceil(g.households * 1.08);
      int year = (resettlement ? 2008 : 2012) + rng.nextInt(12);
      for (double shrink = 1.0; shrink > 0.45 && capacity < target; shrink -= 0.15) {
        double len = (30 + rng.nextDouble() * 14) * shrink;
        double depth = 14 + rng.nextDouble() * 3;
        for (Polygon p : s.lattice(len, depth, 16, 26, 8)) {
          if (capacity >= target) {
            break;
          }
          if (!s.fits(p)) {
            continue;
          }
          int floors = resettlement ? 18 + rng.nextInt(13) : 11 + rng.nextInt(20);
          int units = Math.max(2, Math.min(4, (int) Math.round(len / 11)));
          Building b = add(g, s, p, floors, "residential", "frame", year, floors * units, rng, placed);
          if (b != null) {
            capacity += b.capacity;
          }
        }
      }
      if (!resettlement) {
        for (Polygon p : s.lattice(36, 18, 10, 10, 8)) {
          if (s.fits(p)) {
            add(g, s, p, 2 + rng.nextInt(2), "commercial", "frame", year, 0, rng, placed);
            break;
          }
        }
      }
    }

    private void placeEnterprise(Grid g, SplittableRandom rng, List<Building> placed) {
      FaceSpace s = space(g.coreFace);
      int year = 2003 + rng.nextInt(18);
      // Dormitory first, so the workers' households always have a home.
      for (double shrink = 1.0; shrink > 0.3; shrink -= 0.2) {
        Polygon hit = null;
        for (Polygon p : s.lattice(48 * shrink, 13, 12, 12, 7)) {
          if (s.fits(p)) {
            hit = p;
            break;
          }
        }
        if (hit != null) {
          add(g, s, hit, 6, "residential", "frame", year, g.households, rng, placed);
          break;
        }
      }
      Polygon office = null;
      for (Polygon p : s.lattice(30, 16, 12, 12, 7)) {
        if (s.fits(p)) {
          office = p;
          break;
        }
      }
      if (office != null) {
        add(g, s, office, 6 + rng.nextInt(5), "enterprise", "frame", year, 0, rng, placed);
      }
      int halls = 2 + rng.nextInt(4);
      double w = 60 + rng.nextDouble() * 50;
      double d = 30 + rng.nextDouble() * 25;
      for (double shrink = 1.0; shrink > 0.4 && halls > 0; shrink -= 0.2) {
        for (Polygon p : s.lattice(w * shrink, d * shrink, 14, 14, 7)) {
          if (halls == 0) {
            break;
          }
          if (s.fits(p)) {
            add(g, s, p, 1 + rng.nextInt(4), "enterprise", "steel", year, 0, rng, placed);
            halls--;
          }
        }
      }
    }

    /**
     * Households must fit: if the blocks ran out of room, the homes that exist get more households
     * (more floors let out), which keeps counts exact without inventing space.
     */
    private void ensureCapacity(Grid g, List<Building> placed) {
      List<Building> homes = placed.stream().filter(b -> b.use.equals("residential")).toList();
      if (homes.isEmpty()) {
        throw new IllegalStateException("grid " + g.code + " has no room for a single home");
      }
      int capacity = homes.stream().mapToInt(b -> b.capacity).sum();
      for (int i = 0; capacity < g.households; i = (i + 1) % homes.size()) {
        homes.get(i).capacity++;
        capacity++;
      }
    }

    private Building add(Grid g, FaceSpace s, Polygon metric, int floors, String use, String structure, int year,
        int capacity, SplittableRandom rng, List<Building> placed) {
      Polygon ll = toLonLat(metric);
      if (ll == null) {
        return null;
      }
      s.occupy(metric);
      double storey = use.equals("factory") || (use.equals("enterprise") && structure.equals("steel")) ? 5.0
          : 2.9 + rng.nextDouble() * 0.4;
      double height = Math.round((floors * storey + rng.nextDouble() * 1.5) * 10) / 10.0;
      Building b = new Building(g.village, g.index, ll, floors, height, use, structure, year, capacity);
      placed.add(b);
      return b;
    }

    private Polygon toLonLat(Polygon metric) {
      Geometry ll = layout.proj.toLonLat(metric, DistrictLayout.LON_LAT);
      for (Coordinate c : ll.getCoordinates()) {
        DistrictLayout.PRECISION.makePrecise(c);
      }
      ll.geometryChanged();
      if (!(ll instanceof Polygon p) || !p.isValid() || p.getArea() <= 0) {
        return null;
      }
      p.normalize();
      return p;
    }

    /** Faces of a grid in breadth-first order from its core block. */
    private List<Integer> facesOutward(Grid g) {
      TreeSet<Integer> in = new TreeSet<>();
      for (int f : g.faces) {
        in.add(f);
      }
      List<Integer> out = new ArrayList<>();
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(g.coreFace);
      TreeSet<Integer> seen = new TreeSet<>();
      seen.add(g.coreFace);
      while (!queue.isEmpty()) {
        int f = queue.poll();
        out.add(f);
        for (int nb : layout.graph.neighbours(f)) {
          if (in.contains(nb) && seen.add(nb)) {
            queue.add(nb);
          }
        }
      }
      for (int f : g.faces) {
        if (seen.add(f)) {
          out.add(f);
        }
      }
      return out;
    }

    private FaceSpace space(int face) {
      return spaces.computeIfAbsent(face, f -> new FaceSpace(layout.facesMetric.get(f), layout.dangles));
    }
  }

  /** Free room inside one block, in metres. */
  private static final class FaceSpace {
    private final Geometry face;
    private final PreparedGeometry inner;
    private final List<Geometry> taken = new ArrayList<>();

    private final List<Geometry> dangles;

    @SuppressWarnings("unchecked")
    FaceSpace(Geometry face, org.locationtech.jts.index.strtree.STRtree danglingLines) {
      // A private copy: JTS geometries cache envelopes lazily, so shared ones are not thread-safe.
      this.face = face.copy();
      this.inner = PreparedGeometryFactory.prepare(this.face.buffer(-BLOCK_SETBACK_M));
      this.dangles = danglingLines.query(this.face.getEnvelopeInternal());
    }

    boolean fits(Polygon p) {
      if (!inner.contains(p)) {
        return false;
      }
      for (Geometry d : dangles) {
        if (p.isWithinDistance(d, BLOCK_SETBACK_M)) {
          return false;
        }
      }
      Envelope e = new Envelope(p.getEnvelopeInternal());
      e.expandBy(MIN_GAP_M);
      for (Geometry t : taken) {
        if (e.intersects(t.getEnvelopeInternal()) && p.isWithinDistance(t, MIN_GAP_M)) {
          return false;
        }
      }
      return true;
    }

    void occupy(Polygon p) {
      taken.add(p);
    }

    /**
     * Rectangles of frontage w and depth d along every block edge long enough, set back
     * {@code setback} metres from the edge, {@code gap} metres apart.
     */
    List<Polygon> edgeSlots(double w, double d, double setback, int row, double gap) {
      List<Polygon> out = new ArrayList<>();
      Polygon shell = (Polygon) (face instanceof Polygon ? face : face.getGeometryN(0));
      Coordinate[] ring = shell.getExteriorRing().getCoordinates();
      for (int i = 0; i + 1 < ring.length; i++) {
        Coordinate a = ring[i];
        Coordinate b = ring[i + 1];
        double len = a.distance(b);
        if (len < w + 8) {
          continue;
        }
        double ux = (b.x - a.x) / len;
        double uy = (b.y - a.y) / len;
        double nx = -uy;
        double ny = ux;
        Coordinate probe = new Coordinate((a.x + b.x) / 2 + nx, (a.y + b.y) / 2 + ny);
        if (!face.contains(DistrictLayout.METRIC.createPoint(probe))) {
          nx = -nx;
          ny = -ny;
        }
        double offset = row % 2 == 0 ? 0 : w / 2;
        for (double t = 4 + offset; t + w <= len - 4; t += w + gap) {
          double x0 = a.x + ux * t + nx * setback;
          double y0 = a.y + uy * t + ny * setback;
          out.add(rectangle(x0, y0, ux, uy, nx, ny, w, d));
        }
      }
      return out;
    }

    /** Rectangles on a lattice aligned with the block's minimum rectangle, inset from its edge. */
    List<Polygon> lattice(double len, double depth, double gapAlong, double gapAcross, double inset) {
      Geometry rect = MinimumAreaRectangle.getMinimumRectangle(face);
      Coordinate[] rc = rect.getCoordinates();
      if (rc.length < 4) {
        return List.of();
      }
      double l1 = rc[0].distance(rc[1]);
      double l2 = rc[1].distance(rc[2]);
      Coordinate origin = rc[0];
      Coordinate alongEnd = l1 >= l2 ? rc[1] : rc[3];
      double along = Math.max(l1, l2);
      double across = Math.min(l1, l2);
      double ux = (alongEnd.x - origin.x) / along;
      double uy = (alongEnd.y - origin.y) / along;
      Coordinate acrossEnd = l1 >= l2 ? rc[3] : rc[1];
      double nx = (acrossEnd.x - origin.x) / across;
      double ny = (acrossEnd.y - origin.y) / across;
      List<Polygon> out = new ArrayList<>();
      for (double t = inset; t + depth <= across - inset; t += depth + gapAcross) {
        for (double s = inset; s + len <= along - inset; s += len + gapAlong) {
          double x0 = origin.x + ux * s + nx * t;
          double y0 = origin.y + uy * s + ny * t;
          out.add(rectangle(x0, y0, ux, uy, nx, ny, len, depth));
        }
      }
      return out;
    }

    private static Polygon rectangle(double x0, double y0, double ux, double uy, double nx, double ny, double w,
        double d) {
      Coordinate p0 = new Coordinate(x0, y0);
      Coordinate p1 = new Coordinate(x0 + ux * w, y0 + uy * w);
      Coordinate p2 = new Coordinate(x0 + ux * w + nx * d, y0 + uy * w + ny * d);
      Coordinate p3 = new Coordinate(x0 + nx * d, y0 + ny * d);
      return DistrictLayout.METRIC.createPolygon(new Coordinate[] {p0, p1, p2, p3, new Coordinate(p0)});
    }
  }
}
