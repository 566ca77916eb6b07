package org.gridscape.server.grid.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridscape.server.grid.ResidentBuilding;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Proposes standard unit grids for the part of a village not taken by special grids (resettlement
 * and commercial compounds, enterprises keep their own grid). The free area is cut along roads into
 * blocks, blocks holding more than the maximum are bisected at their residents' median, and adjacent
 * blocks are grown, in reading order (north to south, west to east), into grids of
 * {@code min..max} residents. Because every grid is a union of faces of one noded arrangement, the
 * proposal covers the free area without gaps or overlaps.
 */
public final class AutoPartition {

  /** One proposed grid: its polygon and the residents living in it. */
  public record Proposal(Polygon polygon, int residents) {
    public Proposal {
      if (polygon == null || polygon.isEmpty()) {
        throw new IllegalArgumentException("polygon is required");
      }
      if (residents < 0) {
        throw new IllegalArgumentException("residents must be >= 0");
      }
    }
  }

  private static final int MAX_BISECTIONS = 12;

  private final int min;
  private final int max;

  public AutoPartition(int min, int max) {
    if (min < 0 || max < min || max == 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, max > 0");
    }
    this.min = min;
    this.max = max;
  }

  /**
   * @param village   the village boundary (WGS84)
   * @param reserved  areas already taken by special grids, left out of the proposal
   * @param roads     road centre lines; blocks follow them
   * @param buildings buildings with their residents
   */
  public List<Proposal> partition(Geometry village, List<? extends Geometry> reserved, List<? extends Geometry> roads,
      List<ResidentBuilding> buildings) {
    GeometryFactory f = village.getFactory();
    Geometry free = village.isValid() ? village : village.buffer(0);
    if (!reserved.isEmpty()) {
      free = free.difference(UnaryUnionOp.union(new ArrayList<Geometry>(reserved)));
    }
    if (free.isEmpty()) {
      return List.of();
    }
    List<Block> blocks = new ArrayList<>();
    for (Polygon face : blocksAlongRoads(free, roads)) {
      blocks.add(new Block(face));
    }
    placeBuildings(blocks, buildings);
    List<Block> sized = new ArrayList<>();
    for (Block b : blocks) {
      bisect(b, 0, sized);
    }
    List<List<Block>> groups = grow(sized);
    absorbSmall(groups, adjacency(sized));
    List<Proposal> out = new ArrayList<>();
    for (List<Block> group : groups) {
      List<Geometry> parts = new ArrayList<>();
      int residents = 0;
      for (Block b : group) {
        parts.add(b.polygon);
        residents += b.residents();
      }
      Geometry union = UnaryUnionOp.union(parts, f);
      Polygon p = union instanceof Polygon single ? single : Snapping.largestPolygon(union);
      out.add(new Proposal(p, residents));
    }
    return out;
  }

  // --- blocks

  private static List<Polygon> blocksAlongRoads(Geometry free, List<? extends Geometry> roads) {
    List<Geometry> lines = new ArrayList<>();
    lines.add(free.getBoundary());
    Envelope env = free.getEnvelopeInternal();
    for (Geometry r : roads) {
      if (r.getEnvelopeInternal().intersects(env)) {
        lines.add(r);
      }
    }
    Geometry noded = UnaryUnionOp.union(lines);
    Polygonizer polygonizer = new Polygonizer();
    polygonizer.add(noded);
    PreparedGeometry inside = PreparedGeometryFactory.prepare(free);
    List<Polygon> faces = new ArrayList<>();
    for (Object o : polygonizer.getPolygons()) {
      Polygon face = (Polygon) o;
      if (inside.contains(face.getInteriorPoint())) {
        faces.add(face);
      }
    }
    return faces;
  }

  private static void placeBuildings(List<Block> blocks, List<ResidentBuilding> buildings) {
    STRtree index = new STRtree();
    for (Block b : blocks) {
      index.insert(b.polygon.getEnvelopeInternal(), b);
    }
    for (ResidentBuilding rb : buildings) {
      Point at = rb.footprint().getInteriorPoint();
      for (Object o : index.query(at.getEnvelopeInternal())) {
        Block b = (Block) o;
        if (b.prepared().contains(at)) {
          b.people.add(new Weighted(at.getCoordinate(), rb.residents()));
          break;
        }
      }
    }
  }

  /** Halves a block across its longer side at the residents' median until it holds at most max. */
  private void bisect(Block block, int depth, List<Block> out) {
    if (block.residents() <= max || depth >= MAX_BISECTIONS || block.people.size() < 2) {
      out.add(block);
      return;
    }
    Envelope e = block.polygon.getEnvelopeInternal();
    boolean alongX = e.getWidth() * Math.cos(Math.toRadians(e.centre().y)) >= e.getHeight();
    List<Weighted> sorted = new ArrayList<>(block.people);
    sorted.sort(Comparator.comparingDouble(w -> alongX ? w.at.x : w.at.y));
    int half = block.residents() / 2;
    int sum = 0;
    double cut = alongX ? e.centre().x : e.centre().y;
    for (int i = 0; i < sorted.size() - 1; i++) {
      sum += sorted.get(i).residents;
      if (sum >= half) {
        double a = alongX ? sorted.get(i).at.x : sorted.get(i).at.y;
        double b = alongX ? sorted.get(i + 1).at.x : sorted.get(i + 1).at.y;
        cut = (a + b) / 2;
        break;
      }
    }
    GeometryFactory f = block.polygon.getFactory();
    double pad = Math.max(e.getWidth(), e.getHeight());
    Coordinate[] line = alongX
        ? new Coordinate[] {new Coordinate(cut, e.getMinY() - pad), new Coordinate(cut, e.getMaxY() + pad)}
        : new Coordinate[] {new Coordinate(e.getMinX() - pad, cut), new Coordinate(e.getMaxX() + pad, cut)};
    List<Polygon> parts;
    try {
      parts = GridSplit.split(block.polygon, f.createLineString(line));
    } catch (GeometryEditException notSplit) {
      out.add(block);
      return;
    }
    List<Block> halves = new ArrayList<>();
    for (Polygon p : parts) {
      halves.add(new Block(p));
    }
    for (Weighted w : block.people) {
      Point pt = f.createPoint(w.at);
      Block target = halves.get(0);
      for (Block h : halves) {
        if (h.prepared().covers(pt)) {
          target = h;
          break;
        }
      }
      target.people.add(w);
    }
    for (Block h : halves) {
      bisect(h, depth + 1, out);
    }
  }

  // --- grouping

  private static Map<Block, Set<Block>> adjacency(List<Block> blocks) {
    STRtree index = new STRtree();
    for (Block b : blocks) {
      index.insert(b.polygon.getEnvelopeInternal(), b);
    }
    Map<Block, Set<Block>> out = new HashMap<>();
    for (Block a : blocks) {
      Set<Block> next = new HashSet<>();
      for (Object o : index.query(a.polygon.getEnvelopeInternal())) {
        Block b = (Block) o;
        if (b != a && sharedLength(a, b) > 0) {
          next.add(b);
        }
      }
      out.put(a, next);
    }
    return out;
  }

  private static double sharedLength(Block a, Block b) {
    if (!a.polygon.getEnvelopeInternal().intersects(b.polygon.getEnvelopeInternal())) {
      return 0;
    }
    return a.polygon.getBoundary().intersection(b.polygon.getBoundary()).getLength();
  }

  private List<List<Block>> grow(List<Block> blocks) {
    Map<Block, Set<Block>> next = adjacency(blocks);
    List<Block> order = new ArrayList<>(blocks);
    // Reading order: rows of roughly one block's height from north to south, west to east within a row.
    double row = blocks.stream().mapToDouble(b -> b.polygon.getEnvelopeInternal().getHeight()).average().orElse(1);
    order.sort(Comparator.<Block>comparingLong(b -> -Math.round(b.centre().y / row))
        .thenComparingDouble(b -> b.centre().x));
    Set<Block> taken = new HashSet<>();
    List<List<Block>> groups = new ArrayList<>();
    for (Block seed : order) {
      if (taken.contains(seed)) {
        continue;
      }
      List<Block> group = new ArrayList<>(List.of(seed));
      taken.add(seed);
      int total = seed.residents();
      while (total < min) {
        Block best = null;
        double bestShared = 0;
        for (Block member : group) {
          for (Block n : next.get(member)) {
            if (!taken.contains(n) && total + n.residents() <= max) {
              double shared = sharedLength(member, n);
              if (shared > bestShared) {
                best = n;
                bestShared = shared;
              }
            }
          }
        }
        if (best == null) {
          break;
        }
        group.add(best);
        taken.add(best);
        total += best.residents();
      }
      groups.add(group);
    }
    return groups;
  }

  /** Joins groups under the minimum to a neighbouring group while the sum stays within the maximum. */
  private void absorbSmall(List<List<Block>> groups, Map<Block, Set<Block>> next) {
    boolean changed = true;
    while (changed) {
      changed = false;
      groups.sort(Comparator.comparingInt(AutoPartition::total));
      for (List<Block> small : groups) {
        int t = total(small);
        if (t >= min) {
          break;
        }
        List<Block> partner = null;
        for (List<Block> other : groups) {
          if (other != small && touches(small, other, next) && (t == 0 || t + total(other) <= max)
              && (partner == null || total(other) < total(partner))) {
            partner = other;
          }
        }
        if (partner != null) {
          partner.addAll(small);
          groups.remove(small);
          changed = true;
          break;
        }
      }
    }
  }

  private static boolean touches(List<Block> a, List<Block> b, Map<Block, Set<Block>> next) {
    Set<Block> other = new HashSet<>(b);
    for (Block x : a) {
      for (Block n : next.get(x)) {
        if (other.contains(n)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int total(List<Block> group) {
    int sum = 0;
    for (Block b : group) {
      sum += b.residents();
    }
    return sum;
  }

  private record Weighted(Coordinate at, int residents) {}

  /** A face of the road arrangement and the people living in it; identity matters, not value. */
  private static final class Block {
    final Polygon polygon;
    final List<Weighted> people = new ArrayList<>();
    private PreparedGeometry prepared;

    Block(Polygon polygon) {
      this.polygon = polygon;
    }

    int residents() {
      int sum = 0;
      for (Weighted w : people) {
        sum += w.residents;
      }
      return sum;
    }

    Coordinate centre() {
      return polygon.getEnvelopeInternal().centre();
    }

    PreparedGeometry prepared() {
      if (prepared == null) {
        prepared = PreparedGeometryFactory.prepare(polygon);
      }
      return prepared;
    }
  }
}
