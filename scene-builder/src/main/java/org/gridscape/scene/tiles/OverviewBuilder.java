package org.gridscape.scene.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.geo.ConvexHulls;
import org.gridscape.scene.geo.EnuFrame;
import org.gridscape.scene.geo.NearShapes;
import org.gridscape.scene.geo.SimpleRings;
import org.gridscape.scene.gltf.FeatureKind;
import org.gridscape.scene.gltf.FeatureRow;
import org.gridscape.scene.gltf.GlbAssembler;
import org.gridscape.scene.mesh.Extruder;
import org.gridscape.scene.model.Building;
import org.gridscape.scene.model.BuildingCounts;
import org.gridscape.scene.model.GridKind;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.RoofForm;
import org.gridscape.scene.model.SafetyGrade;
import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Builds a village's overview: the block model its tile shows until a client refines into the
 * grids. Per grid, buildings less than {@link #MERGE_GAP_METERS} apart are grouped, and a compact
 * group becomes one block, its convex hull (a looser one is grouped again at
 * {@link #CLOSE_GAP_METERS}, and what stays loose keeps its footprints); outlines simplified to
 * {@link #SIMPLIFY_METERS} and courtyards filled; each block stands flat at the area-weighted mean height of its buildings,
 * in the colours of their main use. One feature per grid ({@link FeatureKind#GRID_BLOCKS},
 * {@code buildingId} {@code grid:<code>}, the grid's totals), so a pick at district zoom finds the
 * grid and count themes colour grids. The whole village is one GLB.
 *
 * <p>The GLB places itself (a root node matrix from the village's ENU frame to ECEF), because the
 * village tile cannot carry a transform: its children, the grid tilesets, have their own. Stateless
 * and thread-safe.
 */
public final class OverviewBuilder {

  /** Buildings closer than this merge into one block. */
  public static final double MERGE_GAP_METERS = 8;
  /** Tolerance of the block outlines. */
  public static final double SIMPLIFY_METERS = 2;
  /**
   * A group whose buildings cover at least this share of their convex hull becomes the hull; a
   * looser one is grouped again by {@link #CLOSE_GAP_METERS}, so it does not swallow the space between.
   */
  public static final double COMPACT_SHARE = 0.6;
  /** The gap of the second grouping of a loose group: houses wall to wall or nearly. */
  public static final double CLOSE_GAP_METERS = 3;
  /** Blocks smaller than this (a shed) are left out of the overview. */
  public static final double MIN_BLOCK_AREA_M2 = 12;

  /** Margin around the blocks' envelope, as for grid content. */
  private static final double ANGLE_MARGIN_RAD = 1e-8;
  private static final double HEIGHT_MARGIN_METERS = 0.01;
  private static final double METERS_PER_DEGREE_LAT = 110_574;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();
  private static final double METERS_PER_DEGREE_LON_AT_EQUATOR = 111_320;

  private OverviewBuilder() {}

  /** One block of an overview: an outline (lon/lat), its height and the main use of its buildings. */
  public record Block(Polygon outline, double heightMeters, String use) {}

  /**
   * The blocks of one grid with what its overview feature shows: its kind and its totals.
   *
   * @param totals the sum of the grid's buildings' counts
   */
  public record GridBlocks(String gridCode, GridKind kind, List<Block> blocks, BuildingCounts totals) {
    public GridBlocks {
      Objects.requireNonNull(gridCode, "gridCode");
      Objects.requireNonNull(kind, "kind");
      blocks = List.copyOf(blocks);
      Objects.requireNonNull(totals, "totals");
    }

    /** The same blocks with other totals (the geometry does not depend on the layer figures). */
    public GridBlocks withTotals(BuildingCounts other) {
      return new GridBlocks(gridCode, kind, blocks, other);
    }
  }

  /** The blocks and totals of one grid's scene: the costly, geometric part of an overview. */
  public static GridBlocks blocksOf(GridScene grid) {
    BuildingCounts total = BuildingCounts.ZERO;
    for (Building b : grid.buildings()) {
      total = total.plus(b.counts());
    }
    return new GridBlocks(grid.code(), grid.kind(), blocks(grid), total);
  }

  /**
   * Builds the overview of {@code regionCode} from its grids' scenes.
   *
   * @return the overview, or null when no building of the grids has a usable footprint
   */
  public static BuiltOverview build(String regionCode, List<GridScene> grids) {
    return assemble(regionCode, grids.stream().map(OverviewBuilder::blocksOf).toList());
  }

  /**
   * Assembles the overview of {@code regionCode} from its grids' blocks (see {@link #blocksOf}):
   * one feature per grid with blocks, in grid code order.
   *
   * @return the overview, or null when there is no block at all
   */
  public static BuiltOverview assemble(String regionCode, List<GridBlocks> grids) {
    Envelope envelope = new Envelope();
    List<GridBlocks> ordered = new ArrayList<>(grids);
    ordered.sort(Comparator.comparing(GridBlocks::gridCode));
    for (GridBlocks grid : ordered) {
      grid.blocks().forEach(block -> envelope.expandToInclude(block.outline().getEnvelopeInternal()));
    }
    if (envelope.isNull()) {
      return null;
    }
    EnuFrame frame = EnuFrame.atDegrees(envelope.centre().x, envelope.centre().y, 0);
    BuildingPrimitives meshes = new BuildingPrimitives(frame,
        ordered.stream().flatMap(grid -> grid.blocks().stream()).map(Block::outline).toList());
    List<FeatureRow> rows = new ArrayList<>(ordered.size());
    Envelope drawn = new Envelope();
    double maxHeight = 0;
    int blocks = 0;
    for (GridBlocks grid : ordered) {
      boolean any = false;
      double volume = 0;
      double area = 0;
      for (Block block : grid.blocks()) {
        if (meshes.add(block.outline(), block.heightMeters(), RoofForm.FLAT, rows.size(), block.use()) == null) {
          continue;
        }
        any = true;
        blocks++;
        drawn.expandToInclude(block.outline().getEnvelopeInternal());
        maxHeight = Math.max(maxHeight, block.heightMeters());
        double a = block.outline().getArea();
        volume += a * block.heightMeters();
        area += a;
      }
      if (any) {
        rows.add(new FeatureRow(FeatureKind.GRID_BLOCKS, GridSceneBuilder.BOUNDARY_ID_PREFIX + grid.gridCode(),
            grid.gridCode(), 0, (float) (volume / area), grid.kind().code(),
            SafetyGrade.UNKNOWN, IllegalConstructionStatus.NONE, grid.totals()));
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    byte[] glb = GlbAssembler.assemble(meshes.finish(), rows, frame.gltfNodeMatrixColumnMajor());
    BoundingRegion region = new BoundingRegion(
        Math.toRadians(drawn.getMinX()) - ANGLE_MARGIN_RAD,
        Math.toRadians(drawn.getMinY()) - ANGLE_MARGIN_RAD,
        Math.toRadians(drawn.getMaxX()) + ANGLE_MARGIN_RAD,
        Math.toRadians(drawn.getMaxY()) + ANGLE_MARGIN_RAD,
        -HEIGHT_MARGIN_METERS,
        maxHeight + HEIGHT_MARGIN_METERS);
    OverviewTile tile = new OverviewTile(regionCode, TilePaths.content(GridSceneBuilder.hashPrefix(glb)), region);
    return new BuiltOverview(tile, glb,
        new GridStats(blocks, 0, meshes.vertices(), meshes.triangles(), glb.length));
  }

  /**
   * The blocks of one grid (see the class comment), worked out in a local metric plane around the grid (an equirectangular approximation: the
   * overview is an approximation by design). Deterministic: same buildings, same blocks.
   */
  public static List<Block> blocks(GridScene grid) {
    if (grid.buildings().isEmpty()) {
      return List.of();
    }
    Envelope env = grid.boundary().getEnvelopeInternal();
    double lon0 = env.centre().x;
    double lat0 = env.centre().y;
    double sx = METERS_PER_DEGREE_LON_AT_EQUATOR * Math.cos(Math.toRadians(lat0));
    AffineTransformation toLonLat = AffineTransformation.scaleInstance(1 / sx, 1 / METERS_PER_DEGREE_LAT)
        .translate(lon0, lat0);

    List<Building> buildings = new ArrayList<>(grid.buildings());
    buildings.sort(Comparator.comparing(Building::id));
    List<Geometry> planar = new ArrayList<>(buildings.size());
    for (Building b : buildings) {
      planar.add(toPlane(b.footprint(), lon0, lat0, sx));
    }
    List<Integer> all = new ArrayList<>(buildings.size());
    for (int i = 0; i < buildings.size(); i++) {
      all.add(i);
    }
    List<Block> out = new ArrayList<>();
    merge(all, MERGE_GAP_METERS, buildings, planar, toLonLat, out);
    return out;
  }

  /** {@code footprint} in the grid's metric plane (new coordinates; a JTS transformation copies first). */
  private static Polygon toPlane(Polygon footprint, double lon0, double lat0, double sx) {
    LinearRing shell = toPlane(footprint.getExteriorRing(), lon0, lat0, sx);
    LinearRing[] holes = new LinearRing[footprint.getNumInteriorRing()];
    for (int h = 0; h < holes.length; h++) {
      holes[h] = toPlane(footprint.getInteriorRingN(h), lon0, lat0, sx);
    }
    return GEOMETRY.createPolygon(shell, holes);
  }

  private static LinearRing toPlane(LinearRing ring, double lon0, double lat0, double sx) {
    CoordinateSequence in = ring.getCoordinateSequence();
    Coordinate[] out = new Coordinate[in.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Coordinate((in.getX(i) - lon0) * sx, (in.getY(i) - lat0) * METERS_PER_DEGREE_LAT);
    }
    return GEOMETRY.createLinearRing(out);
  }

  /**
   * Blocks for the buildings {@code members}: grouped by {@code gap}; a lone house is its own block,
   * a compact group its convex hull; a loose group (an L of houses, a chain along a lane) is grouped
   * again by {@link #CLOSE_GAP_METERS}, and what is still loose then stays as it is drawn. No
   * polygon overlay at all: hulls and footprints only, so the overview costs a fraction of the grid
   * content.
   */
  private static void merge(List<Integer> members, double gap, List<Building> buildings, List<Geometry> planar,
      AffineTransformation toLonLat, List<Block> out) {
    List<Geometry> shapes = new ArrayList<>(members.size());
    members.forEach(i -> shapes.add(planar.get(i)));
    for (List<Integer> group : groupsWithinGap(shapes, gap)) {
      List<Integer> ids = group.stream().map(members::get).toList();
      if (ids.size() == 1) {
        addBlock(out, (Polygon) planar.get(ids.get(0)), List.of(buildings.get(ids.get(0))),
            List.of(planar.get(ids.get(0))), toLonLat);
        continue;
      }
      List<Building> groupBuildings = new ArrayList<>(ids.size());
      List<Geometry> groupShapes = new ArrayList<>(ids.size());
      double built = 0;
      for (int i : ids) {
        groupBuildings.add(buildings.get(i));
        groupShapes.add(planar.get(i));
        built += planar.get(i).getArea();
      }
      Polygon outline = ConvexHulls.of(groupShapes, GEOMETRY);
      if (outline != null && built >= COMPACT_SHARE * outline.getArea()) {
        // A terrace, a yard of houses: its hull is the block a closing would give, but for corners.
        addBlock(out, outline, groupBuildings, groupShapes, toLonLat);
      } else if (gap > CLOSE_GAP_METERS) {
        merge(ids, CLOSE_GAP_METERS, buildings, planar, toLonLat, out);
      } else {
        for (int i : ids) {
          addBlock(out, (Polygon) planar.get(i), List.of(buildings.get(i)), List.of(planar.get(i)), toLonLat);
        }
      }
    }
  }

  /**
   * Indices of the shapes in groups whose members are within {@code gap} of another member, each
   * group in index order, the groups in the order of their first member. Candidate pairs come from a
   * sweep over the envelopes sorted by their west edge (a grid's hundred footprints need no tree).
   */
  private static List<List<Integer>> groupsWithinGap(List<Geometry> shapes, double gap) {
    int n = shapes.size();
    int[] parent = new int[n];
    Envelope[] envelopes = new Envelope[n];
    Integer[] byWest = new Integer[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      envelopes[i] = shapes.get(i).getEnvelopeInternal();
      byWest[i] = i;
    }
    Arrays.sort(byWest, Comparator.comparingDouble(i -> envelopes[i].getMinX()));
    for (int a = 0; a < n; a++) {
      int i = byWest[a];
      Envelope ei = envelopes[i];
      double east = ei.getMaxX() + gap;
      for (int b = a + 1; b < n && envelopes[byWest[b]].getMinX() <= east; b++) {
        int j = byWest[b];
        Envelope ej = envelopes[j];
        if (ej.getMinY() <= ei.getMaxY() + gap && ej.getMaxY() >= ei.getMinY() - gap
            && find(parent, i) != find(parent, j) && NearShapes.withinDistance(shapes.get(i), shapes.get(j), gap)) {
          parent[find(parent, j)] = find(parent, i);
        }
      }
    }
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
    }
    return new ArrayList<>(groups.values());
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /**
   * Douglas-Peucker within {@link #SIMPLIFY_METERS} on the shell's coordinates; JTS's simplifier
   * (whose polygon path checks validity even when asked not to repair: a tenth of the overviews'
   * time) runs only when the quick check cannot vouch for the result or it collapsed.
   */
  private static Geometry simplified(Polygon shell) {
    Coordinate[] ring = shell.getExteriorRing().getCoordinates();
    boolean[] keep = new boolean[ring.length];
    keep[0] = true;
    keep[ring.length - 1] = true;
    keepFarthest(ring, 0, ring.length - 1, keep);
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    if (kept >= 4) {
      Coordinate[] simple = new Coordinate[kept];
      for (int i = 0, at = 0; i < ring.length; i++) {
        if (keep[i]) {
          simple[at++] = ring[i].copy();
        }
      }
      Polygon result = shell.getFactory().createPolygon(simple);
      if (SimpleRings.certainlyValid(result)) {
        return result;
      }
    }
    return DouglasPeuckerSimplifier.simplify(shell, SIMPLIFY_METERS);
  }

  /** Marks the points between {@code from} and {@code to} that Douglas-Peucker keeps. */
  private static void keepFarthest(Coordinate[] line, int from, int to, boolean[] keep) {
    if (to - from < 2) {
      return;
    }
    double farthest = -1;
    int at = from;
    for (int k = from + 1; k < to; k++) {
      double d = Distance.pointToSegment(line[k], line[from], line[to]);
      if (d > farthest) {
        farthest = d;
        at = k;
      }
    }
    if (farthest > SIMPLIFY_METERS) {
      keep[at] = true;
      keepFarthest(line, from, at, keep);
      keepFarthest(line, at, to, keep);
    }
  }

  /**
   * Adds the block of {@code part} (metric plane; a footprint or the hull of {@code members}): its
   * simplified shell at the area-weighted mean height of the members, in the colours of their main
   * use.
   */
  private static void addBlock(List<Block> out, Polygon part, List<Building> members, List<Geometry> shapes,
      AffineTransformation toLonLat) {
    Geometry shell = part.getNumInteriorRing() == 0 && part.getExteriorRing().getNumPoints() <= 5 ? part
        : simplified(part.getFactory().createPolygon(part.getExteriorRing()));
    if (!(shell instanceof Polygon outline) || outline.getArea() < MIN_BLOCK_AREA_M2) {
      return;
    }
    double volume = 0;
    double area = 0;
    Map<String, Double> useArea = new TreeMap<>();
    for (int b = 0; b < members.size(); b++) {
      Building building = members.get(b);
      double a = shapes.get(b).getArea();
      volume += a * Extruder.resolveHeight(building.heightMeters(), building.floors());
      area += a;
      useArea.merge(building.use(), a, Double::sum);
    }
    if (area == 0) {
      return;
    }
    String use = null;
    for (Map.Entry<String, Double> e : useArea.entrySet()) {
      if (use == null || e.getValue() > useArea.get(use)) {
        use = e.getKey(); // the largest area; ties to the first use in order
      }
    }
    // A lone building keeps its own height exactly (a * h / a need not give h back).
    double height = members.size() == 1
        ? Extruder.resolveHeight(members.get(0).heightMeters(), members.get(0).floors()) : volume / area;
    out.add(new Block((Polygon) toLonLat.transform(outline), height, use));
  }

}
