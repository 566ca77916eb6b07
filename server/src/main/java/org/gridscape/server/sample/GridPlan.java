package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.gridscape.scene.model.GridKind;
import org.gridscape.server.sample.DistrictLayout.VillageArea;
import org.locationtech.jts.algorithm.MinimumAreaRectangle;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Unit grids of every village, built from whole faces (street blocks): special grids take one
 * compact block each, standard grids split the rest into connected, compact groups. Also fixes how
 * many households and residents each grid holds, so that houses can be built to fit.
 */
final class GridPlan {

  /** Published district figures (scale 1). */
  static final int GRIDS = 381;
  static final int RESETTLEMENT = 10;
  static final int COMPOUNDS = 10;
  static final int ENTERPRISES = 15;
  static final int STANDARD = GRIDS - RESETTLEMENT - COMPOUNDS - ENTERPRISES;
  static final int HOUSEHOLDS = 68_386;
  /** Rows of 0.005 degree latitude (about 555 m) for numbering grids west-east, north-south. */
  static final double ROW_HEIGHT_DEG = 0.005;

  final List<Grid> grids = new ArrayList<>();
  /** Grids per village, in code order. */
  final List<List<Integer>> byVillage = new ArrayList<>();

  /** A unit grid of the base district. */
  static final class Grid {
    final int village;
    final GridKind kind;
    final int[] faces;
    final Geometry polygon;
    final Geometry metric;
    int index;
    int seq;
    String code;
    String name;
    int households;
    int residents;
    /** The face houses are built outwards from. */
    int coreFace;

    Grid(int village, GridKind kind, int[] faces, Geometry polygon, Geometry metric) {
      this.village = village;
      this.kind = kind;
      this.faces = faces;
      this.polygon = polygon;
      this.metric = metric;
    }
  }

  GridPlan(DistrictLayout layout, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5EED_6121L);
    int nv = layout.villages.size();
    GridKind[][] special = assignSpecialKinds(layout, rng);
    int[] standard = standardCounts(layout);
    for (VillageArea v : layout.villages) {
      List<Grid> vg = planVillage(layout, v, special[v.index], standard[v.index], rng);
      vg.sort(Comparator.comparingInt((Grid g) -> row(v, g)).thenComparingDouble(g -> g.polygon.getCentroid().getX()));
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < vg.size(); i++) {
        Grid g = vg.get(i);
        g.seq = i + 1;
        g.code = v.ref.code() + Digits.pad(g.seq, 3);
        g.name = gridName(v, g, rng);
        g.index = grids.size();
        ids.add(g.index);
        grids.add(g);
      }
      byVillage.add(ids);
    }
    if (grids.size() != GRIDS || byVillage.size() != nv) {
      throw new IllegalStateException("planned " + grids.size() + " grids, expected " + GRIDS);
    }
    allocatePeople(rng);
  }

  /** Row of a grid inside its village: 0 is the northernmost band. */
  static int row(VillageArea v, Grid g) {
    double north = v.polygon.getEnvelopeInternal().getMaxY();
    return (int) Math.floor((north - g.polygon.getCentroid().getY()) / ROW_HEIGHT_DEG);
  }

  private static GridKind[][] assignSpecialKinds(DistrictLayout layout, SplittableRandom rng) {
    int nv = layout.villages.size();
    List<List<GridKind>> perVillage = new ArrayList<>();
    for (int i = 0; i < nv; i++) {
      perVillage.add(new ArrayList<>());
    }
    GridKind[] order = new GridKind[RESETTLEMENT + COMPOUNDS + ENTERPRISES];
    Arrays.fill(order, 0, RESETTLEMENT, GridKind.RESETTLEMENT);
    Arrays.fill(order, RESETTLEMENT, RESETTLEMENT + COMPOUNDS, GridKind.RESIDENTIAL_COMPOUND);
    Arrays.fill(order, RESETTLEMENT + COMPOUNDS, order.length, GridKind.ENTERPRISE);
    for (GridKind kind : order) {
      // Area-weighted draw; at most two special grids and one of each kind per village.
      double total = 0;
      for (VillageArea v : layout.villages) {
        if (eligible(perVillage.get(v.index), kind)) {
          total += v.areaM2;
        }
      }
      double pick = rng.nextDouble() * total;
      for (VillageArea v : layout.villages) {
        if (!eligible(perVillage.get(v.index), kind)) {
          continue;
        }
        pick -= v.areaM2;
        if (pick <= 0) {
          perVillage.get(v.index).add(kind);
          break;
        }
      }
    }
    GridKind[][] out = new GridKind[nv][];
    for (int i = 0; i < nv; i++) {
      out[i] = perVillage.get(i).toArray(new GridKind[0]);
    }
    return out;
  }

  private static boolean eligible(List<GridKind> have, GridKind kind) {
    return have.size() < 2 && !have.contains(kind);
  }

  /** Two standard grids per village, the rest in proportion to area (largest remainder). */
  private static int[] standardCounts(DistrictLayout layout) {
    int nv = layout.villages.size();
    int[] out = new int[nv];
    Arrays.fill(out, 2);
    int rest = STANDARD - 2 * nv;
    double totalArea = layout.villages.stream().mapToDouble(v -> v.areaM2).sum();
    double[] remainder = new double[nv];
    int given = 0;
    for (VillageArea v : layout.villages) {
      double share = rest * v.areaM2 / totalArea;
      out[v.index] += (int) Math.floor(share);
      given += (int) Math.floor(share);
      remainder[v.index] = share - Math.floor(share);
    }
    Integer[] byRemainder = new Integer[nv];
    for (int i = 0; i < nv; i++) {
      byRemainder[i] = i;
    }
    Arrays.sort(byRemainder, Comparator.comparingDouble((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
    for (int k = 0; given < rest; k++, given++) {
      out[byRemainder[k]]++;
    }
    return out;
  }

  private List<Grid> planVillage(DistrictLayout layout, VillageArea v, GridKind[] special, int standard,
      SplittableRandom rng) {
    List<Grid> out = new ArrayList<>();
    TreeSet<Integer> free = new TreeSet<>();
    for (int f : v.faces) {
      free.add(f);
    }
    Point middle = DistrictLayout.deepPoint(v.metric);
    for (GridKind kind : special) {
      int face = pickSpecialFace(layout, free, middle, kind, rng);
      free.remove(face);
      Grid g = new Grid(v.index, kind, new int[] {face}, layout.union(new int[] {face}),
          layout.facesMetric.get(face));
      g.coreFace = face;
      out.add(g);
    }
    int[] units = free.stream().mapToInt(Integer::intValue).toArray();
    double[] w = new double[units.length];
    double[] cx = new double[units.length];
    double[] cy = new double[units.length];
    for (int i = 0; i < units.length; i++) {
      w[i] = layout.faceArea[units[i]];
      cx[i] = layout.faceX[units[i]];
      cy[i] = layout.faceY[units[i]];
    }
    int[] group = ContiguousPartition.partition(units, layout.graph::neighbours, w, cx, cy, standard);
    for (int g = 0; g < standard; g++) {
      List<Integer> members = new ArrayList<>();
      double sx = 0;
      double sy = 0;
      double sw = 0;
      for (int i = 0; i < units.length; i++) {
        if (group[i] == g) {
          members.add(units[i]);
          sx += cx[i] * w[i];
          sy += cy[i] * w[i];
          sw += w[i];
        }
      }
      int[] fs = members.stream().mapToInt(Integer::intValue).toArray();
      Geometry polygon = layout.union(fs);
      Grid grid = new Grid(v.index, GridKind.STANDARD, fs, polygon, layout.proj.toMetres(polygon, DistrictLayout.METRIC));
      // The settlement core: the biggest block near the middle of the grid.
      double mx = sx / sw;
      double my = sy / sw;
      grid.coreFace = members.stream().max(Comparator.comparingDouble((Integer f) ->
          Math.min(layout.faceArea[f], 60_000) / (200 + Math.hypot(layout.faceX[f] - mx, layout.faceY[f] - my)))
          .thenComparingInt(f -> -f)).orElseThrow();
      out.add(grid);
    }
    // The special blocks were chosen so the rest stays connected, hence every face is reached.
    int assigned = out.stream().mapToInt(g -> g.faces.length).sum();
    if (assigned != v.faces.length) {
      throw new IllegalStateException("village " + v.ref.code() + " lost faces");
    }
    return out;
  }

  /**
   * A compact block of plausible size for a compound; resettlement and commercial compounds sit
   * near the middle of the village, enterprises towards its edge. The block must not cut the
   * remaining blocks in two.
   */
  private static int pickSpecialFace(DistrictLayout layout, TreeSet<Integer> free, Point middle, GridKind kind,
      SplittableRandom rng) {
    List<Integer> candidates = new ArrayList<>();
    for (int f : free) {
      double a = layout.faceArea[f];
      if (a < 18_000 || a > 90_000) {
        continue;
      }
      Geometry rect = MinimumAreaRectangle.getMinimumRectangle(layout.facesMetric.get(f));
      if (a / rect.getArea() >= 0.75) {
        candidates.add(f);
      }
    }
    if (candidates.isEmpty()) {
      candidates.addAll(free);
      candidates.sort(Comparator.comparingDouble((Integer f) -> -layout.faceArea[f]));
      candidates = new ArrayList<>(candidates.subList(0, Math.min(5, candidates.size())));
    }
    double sign = kind == GridKind.ENTERPRISE ? -1 : 1;
    candidates.sort(Comparator.comparingDouble((Integer f) ->
        sign * Math.hypot(layout.faceX[f] - middle.getX(), layout.faceY[f] - middle.getY())).thenComparingInt(f -> f));
    int skip = rng.nextInt(Math.min(3, candidates.size()));
    for (int i = skip; i < candidates.size() + skip; i++) {
      int f = candidates.get(i % candidates.size());
      int[] rest = free.stream().mapToInt(Integer::intValue).filter(x -> x != f).toArray();
      if (rest.length > 0 && layout.graph.components(rest).size() == 1) {
        return f;
      }
    }
    throw new IllegalStateException("no block for a " + kind.code() + " grid");
  }

  private static final String[] COMPOUND_NAMES = {"锦园", "华府", "雅苑", "名城", "海湾", "御景", "金域", "滨江"};
  private static final String[] ENTERPRISE_NAMES = {"鞋业", "服装", "石材", "包装", "食品", "电子", "新材料", "机械"};

  private static String gridName(VillageArea v, Grid g, SplittableRandom rng) {
    String village = v.ref.displayName();
    return switch (g.kind) {
      case STANDARD -> village + "第" + DistrictLayout.chineseNumber(g.seq) + "网格";
      case RESETTLEMENT -> village + "安置小区网格";
      case RESIDENTIAL_COMPOUND -> village + COMPOUND_NAMES[rng.nextInt(COMPOUND_NAMES.length)] + "商住小区网格";
      case ENTERPRISE -> village + ENTERPRISE_NAMES[rng.nextInt(ENTERPRISE_NAMES.length)] + "企业网格";
    };
  }

  /**
   * Households and residents per grid. Totals are exact (68,386 households); every standard grid
   * gets 520-960 residents, inside the 500-1000 rule with a margin.
   */
  private void allocatePeople(SplittableRandom rng) {
    int special = 0;
    for (Grid g : grids) {
      switch (g.kind) {
        case RESETTLEMENT -> {
          g.households = 260 + rng.nextInt(81);
          g.residents = (int) Math.round(g.households * (3.0 + 0.4 * rng.nextDouble()));
        }
        case RESIDENTIAL_COMPOUND -> {
          g.households = 220 + rng.nextInt(101);
          g.residents = (int) Math.round(g.households * (2.8 + 0.4 * rng.nextDouble()));
        }
        case ENTERPRISE -> {
          // Dormitory households of workers: small, but enough for a Party branch of their own.
          g.households = 55 + rng.nextInt(26);
          g.residents = (int) Math.round(g.households * (1.3 + 0.5 * rng.nextDouble()));
        }
        case STANDARD -> {
          continue;
        }
      }
      special += g.households;
    }
    List<Grid> std = grids.stream().filter(g -> g.kind == GridKind.STANDARD).toList();
    double[] weight = new double[std.size()];
    double total = 0;
    for (int i = 0; i < weight.length; i++) {
      weight[i] = 0.85 + 0.3 * rng.nextDouble();
      total += weight[i];
    }
    int rest = HOUSEHOLDS - special;
    int given = 0;
    double[] remainder = new double[weight.length];
    for (int i = 0; i < weight.length; i++) {
      double share = rest * weight[i] / total;
      std.get(i).households = (int) Math.floor(share);
      given += std.get(i).households;
      remainder[i] = share - Math.floor(share);
    }
    Integer[] order = new Integer[weight.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
    for (int k = 0; given < rest; k++, given++) {
      std.get(order[k]).households++;
    }
    for (Grid g : std) {
      int r = (int) Math.round(g.households * (3.2 + 0.4 * rng.nextDouble()));
      g.residents = Math.max(520, Math.min(960, Math.max(g.households, Math.min(7 * g.households, r))));
    }
  }

  /** Grids sharing an edge with the given grid (any village). */
  int[] adjacentGrids(DistrictLayout layout, int grid, int[] faceGrid) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int f : grids.get(grid).faces) {
      for (int nb : layout.graph.neighbours(f)) {
        if (faceGrid[nb] != grid) {
          out.add(faceGrid[nb]);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  int[] faceToGrid(DistrictLayout layout) {
    int[] out = new int[layout.faces.size()];
    Arrays.fill(out, -1);
    for (Grid g : grids) {
      for (int f : g.faces) {
        out[f] = g.index;
      }
    }
    return out;
  }
}
