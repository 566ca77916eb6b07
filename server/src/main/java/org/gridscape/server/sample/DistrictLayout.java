package org.gridscape.server.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gridscape.server.grid.LocalProjection;
import org.gridscape.server.sample.ReferenceGeography.Township;
import org.gridscape.server.sample.ReferenceGeography.Village;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * The geography of the sample district: village cells (Voronoi of village centres inside each
 * township), arterials and village street grids, all noded together on the 1e-7 degree grid and
 * polygonised into faces. Every region, grid and block is a union of these faces, so neighbours
 * share identical vertices along their common edges at every level.
 */
final class DistrictLayout {

  /** Fixed precision of all published geometry: 7 decimals of a degree (about 1 cm). */
  static final PrecisionModel PRECISION = new PrecisionModel(1e7);
  static final GeometryFactory LON_LAT = new GeometryFactory(PRECISION, 4326);
  static final GeometryFactory METRIC = new GeometryFactory();

  private static final int LLOYD_ROUNDS = 4;

  final LocalProjection proj = LocalProjection.equirectangular(118.74, 24.93);
  final ReferenceGeography ref;
  final List<Polygon> faces = new ArrayList<>();
  final List<Geometry> facesMetric = new ArrayList<>();
  final double[] faceArea;
  final double[] faceX;
  final double[] faceY;
  final FaceGraph graph;
  final int[] faceVillage;
  final List<VillageArea> villages = new ArrayList<>();
  final List<WorkArea> workAreas = new ArrayList<>();
  final List<TownshipArea> townships = new ArrayList<>();
  final Geometry district;
  /** Lines the polygoniser could not use as face edges (normally none), in metres. */
  final STRtree dangles = new STRtree();

  /** A village with its faces, final polygon and roads. */
  static final class VillageArea {
    final int index;
    final Village ref;
    final Township township;
    int[] faces;
    Geometry polygon;
    Geometry metric;
    double areaM2;
    String workAreaCode;
    final List<Road> roads = new ArrayList<>();

    VillageArea(int index, Village ref, Township township) {
      this.index = index;
      this.ref = ref;
      this.township = township;
    }
  }

  /** A road piece inside one village plan. */
  record Road(String name, String roadClass, LineString line) {
  }

  record WorkArea(String code, String name, Township township, List<Integer> villages, Geometry polygon) {
  }

  record TownshipArea(Township ref, List<Integer> villages, Geometry polygon) {
  }

  /** A line in metres with the name it will carry in the village plans. */
  private record NamedLine(String name, String roadClass, Geometry metric) {
  }

  private DistrictLayout(ReferenceGeography ref, long seed, Consumer<String> progress) {
    this.ref = ref;
    Map<String, Geometry> townshipMetric = new HashMap<>();
    List<Geometry> cellsMetric = new ArrayList<>();
    List<NamedLine> roads = new ArrayList<>();
    for (Township t : ref.townships()) {
      Geometry tm = proj.toMetres(t.polygon(), METRIC);
      townshipMetric.put(t.code(), tm);
      List<Village> vs = ref.villagesOf(t);
      List<Geometry> cells = villageCells(tm, vs, new SplittableRandom(seed ^ Long.parseLong(t.code())));
      for (int i = 0; i < vs.size(); i++) {
        villages.add(new VillageArea(villages.size(), vs.get(i), t));
        cellsMetric.add(cells.get(i));
        roads.addAll(streets(vs.get(i), cells.get(i), new SplittableRandom(seed * 31 + Long.parseLong(vs.get(i).code()))));
      }
    }
    Geometry districtMetric = METRIC.buildGeometry(townshipMetric.values()).union();
    roads.addAll(arterials(districtMetric, new SplittableRandom(seed + 7)));
    progress.accept("sample: " + villages.size() + " village cells, " + roads.size() + " road lines");

    List<Geometry> lines = new ArrayList<>();
    for (Township t : ref.townships()) {
      lines.add(LON_LAT.createLineString(t.polygon().getExteriorRing().getCoordinates()));
    }
    for (Geometry cell : cellsMetric) {
      lines.add(proj.toLonLat(cell.getBoundary(), LON_LAT));
    }
    for (NamedLine r : roads) {
      lines.add(proj.toLonLat(r.metric(), LON_LAT));
    }
    // One flat MultiLineString: overlay asks its input's dimension per edge, and a mixed
    // collection answers that by walking all its parts.
    List<LineString> flat = new ArrayList<>();
    for (Geometry g : lines) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        if (g.getGeometryN(i) instanceof LineString ls && !ls.isEmpty()) {
          flat.add(ls);
        }
      }
    }
    Geometry noded = UnaryUnionNG.union(LON_LAT.createMultiLineString(flat.toArray(new LineString[0])), PRECISION);
    Polygonizer polygonizer = new Polygonizer();
    polygonizer.add(noded);
    // Dangling lines lie inside a face instead of bounding it; buildings must still keep off them.
    for (Object o : polygonizer.getDangles()) {
      Geometry d = proj.toMetres((Geometry) o, METRIC);
      dangles.insert(d.getEnvelopeInternal(), d);
    }
    // Built now: buildings are placed from several threads, and the tree builds itself lazily.
    dangles.build();
    for (Object o : polygonizer.getPolygons()) {
      Polygon p = (Polygon) o;
      p.normalize();
      faces.add(p);
    }
    faces.sort(Geometry::compareTo);
    int n = faces.size();
    faceArea = new double[n];
    faceX = new double[n];
    faceY = new double[n];
    for (int i = 0; i < n; i++) {
      Geometry m = proj.toMetres(faces.get(i), METRIC);
      facesMetric.add(m);
      faceArea[i] = m.getArea();
      Point c = m.getInteriorPoint();
      faceX[i] = c.getX();
      faceY[i] = c.getY();
    }
    graph = FaceGraph.of(faces, proj);
    faceVillage = assignFaces(cellsMetric);
    makeVillagesContiguous();
    for (VillageArea v : villages) {
      v.faces = facesOf(v.index);
      v.polygon = union(v.faces);
      v.metric = proj.toMetres(v.polygon, METRIC);
      v.areaM2 = v.metric.getArea();
      clipRoads(v, roads);
    }
    buildWorkAreasAndTownships();
    district = union(allFaces());
    addBoundaryRoads();
    progress.accept("sample: " + n + " faces after noding");
  }

  static DistrictLayout build(ReferenceGeography ref, long seed, Consumer<String> progress) {
    return new DistrictLayout(ref, seed, progress);
  }

  /** Union of faces; faces share exact edges, so the coverage union is exact and keeps vertices. */
  Geometry union(int[] faceIds) {
    Geometry[] parts = new Geometry[faceIds.length];
    for (int i = 0; i < faceIds.length; i++) {
      parts[i] = faces.get(faceIds[i]);
    }
    Geometry u = CoverageUnion.union(LON_LAT.createGeometryCollection(parts));
    if (!u.isValid()) {
      u = rebuildRings(u);
    }
    u.normalize();
    return u;
  }

  /**
   * The coverage union can return a shell that touches itself where faces enclose a hole meeting
   * the outline in one vertex. Polygonising its segments rebuilds the same area with the same
   * vertices as a valid shell plus hole.
   */
  private static Geometry rebuildRings(Geometry u) {
    Polygonizer p = new Polygonizer(true);
    Coordinate[] cs;
    List<Geometry> segments = new ArrayList<>();
    for (int i = 0; i < u.getNumGeometries(); i++) {
      Polygon poly = (Polygon) u.getGeometryN(i);
      for (int r = -1; r < poly.getNumInteriorRing(); r++) {
        cs = (r < 0 ? poly.getExteriorRing() : poly.getInteriorRingN(r)).getCoordinates();
        for (int k = 0; k + 1 < cs.length; k++) {
          segments.add(LON_LAT.createLineString(new Coordinate[] {cs[k], cs[k + 1]}));
        }
      }
    }
    p.add(segments);
    Geometry rebuilt = p.getGeometry();
    if (!rebuilt.isValid()) {
      throw new IllegalStateException("cannot repair union " + rebuilt);
    }
    return rebuilt.getNumGeometries() == 1 ? rebuilt.getGeometryN(0) : rebuilt;
  }

  int[] facesOf(int village) {
    return java.util.stream.IntStream.range(0, faces.size()).filter(f -> faceVillage[f] == village).toArray();
  }

  private int[] allFaces() {
    return java.util.stream.IntStream.range(0, faces.size()).toArray();
  }

  // ---------------------------------------------------------------- village cells

  private List<Geometry> villageCells(Geometry township, List<Village> vs, SplittableRandom rng) {
    Coordinate[] seeds = new Coordinate[vs.size()];
    PreparedGeometry inside = PreparedGeometryFactory.prepare(township);
    for (int i = 0; i < vs.size(); i++) {
      Village v = vs.get(i);
      if (v.hasCentre()) {
        Coordinate c = proj.toMetres(v.lon(), v.lat());
        if (inside.contains(METRIC.createPoint(c))) {
          seeds[i] = c;
        }
      }
    }
    Envelope env = township.getEnvelopeInternal();
    for (int i = 0; i < vs.size(); i++) {
      if (seeds[i] != null) {
        continue;
      }
      // Villages without a published centre: a random point inside the township, kept away from
      // the others so that relaxation starts from a sensible spread.
      Coordinate best = null;
      double bestClearance = -1;
      for (int attempt = 0; attempt < 60; attempt++) {
        Coordinate c = new Coordinate(env.getMinX() + rng.nextDouble() * env.getWidth(),
            env.getMinY() + rng.nextDouble() * env.getHeight());
        if (!inside.contains(METRIC.createPoint(c))) {
          continue;
        }
        double clearance = Double.MAX_VALUE;
        for (Coordinate s : seeds) {
          if (s != null) {
            clearance = Math.min(clearance, s.distance(c));
          }
        }
        if (clearance > bestClearance) {
          best = c;
          bestClearance = clearance;
        }
      }
      seeds[i] = best != null ? best : township.getInteriorPoint().getCoordinate();
    }
    List<Geometry> cells = voronoi(seeds, township);
    for (int round = 0; round < LLOYD_ROUNDS; round++) {
      for (int i = 0; i < seeds.length; i++) {
        Point c = cells.get(i).getCentroid();
        seeds[i] = inside.contains(c) ? c.getCoordinate() : cells.get(i).getInteriorPoint().getCoordinate();
      }
      cells = voronoi(seeds, township);
    }
    return cells;
  }

  private static List<Geometry> voronoi(Coordinate[] seeds, Geometry township) {
    VoronoiDiagramBuilder b = new VoronoiDiagramBuilder();
    b.setSites(Arrays.asList(seeds));
    Envelope clip = new Envelope(township.getEnvelopeInternal());
    clip.expandBy(2000);
    b.setClipEnvelope(clip);
    Geometry diagram = b.getDiagram(METRIC);
    Map<Coordinate, Geometry> bySite = new HashMap<>();
    for (int i = 0; i < diagram.getNumGeometries(); i++) {
      Geometry cell = diagram.getGeometryN(i);
      bySite.put((Coordinate) cell.getUserData(), cell);
    }
    List<Geometry> out = new ArrayList<>();
    for (Coordinate s : seeds) {
      Geometry cell = bySite.get(s);
      if (cell == null) {
        throw new IllegalStateException("no Voronoi cell for village seed " + s);
      }
      out.add(cell.intersection(township));
    }
    return out;
  }

  // ---------------------------------------------------------------- roads

  /** A rough street grid over the village: rotated, with uneven spacing and wobbling lines. */
  private List<NamedLine> streets(Village v, Geometry cell, SplittableRandom rng) {
    List<NamedLine> out = new ArrayList<>();
    if (cell.isEmpty()) {
      return out;
    }
    Coordinate centre = cell.getCentroid().getCoordinate();
    double angle = (rng.nextDouble() - 0.5) * 0.7;
    String name = v.displayName();
    for (int family = 0; family < 2; family++) {
      double theta = angle + (family == 0 ? 0 : Math.PI / 2 + (rng.nextDouble() - 0.5) * 0.2);
      AffineTransformation toLocal = AffineTransformation.rotationInstance(-theta, centre.x, centre.y);
      AffineTransformation toWorld = AffineTransformation.rotationInstance(theta, centre.x, centre.y);
      Envelope e = toLocal.transform(cell).getEnvelopeInternal();
      double spacing = 170 + rng.nextDouble() * 70;
      int number = 1;
      for (double y = e.getMinY() + spacing * (0.3 + 0.4 * rng.nextDouble()); y < e.getMaxY();
          y += spacing * (0.8 + 0.4 * rng.nextDouble())) {
        CoordinateList cs = new CoordinateList();
        double wobble = 0;
        for (double x = e.getMinX() - 60; ; x += 90 + rng.nextDouble() * 60) {
          wobble = Math.max(-18, Math.min(18, wobble + (rng.nextDouble() - 0.5) * 12));
          double xx = Math.min(x, e.getMaxX() + 60);
          cs.add(new Coordinate(xx, y + wobble), false);
          if (xx >= e.getMaxX() + 60) {
            break;
          }
        }
        Geometry line = toWorld.transform(METRIC.createLineString(cs.toCoordinateArray()));
        Geometry clipped = line.intersection(cell);
        if (!clipped.isEmpty()) {
          String label = name + (family == 0 ? "横" : "纵") + chineseNumber(number++) + (family == 0 ? "路" : "巷");
          out.add(new NamedLine(label, "street", clipped));
        }
      }
    }
    return out;
  }

  /** Gently curved arterials joining the township seats, clipped to the district. */
  private List<NamedLine> arterials(Geometry districtMetric, SplittableRandom rng) {
    List<Township> ts = ref.townships();
    int[][] pairs = {{0, 1}, {1, 2}, {1, 3}, {0, 3}, {2, 3}};
    List<NamedLine> out = new ArrayList<>();
    for (int[] p : pairs) {
      if (p[0] >= ts.size() || p[1] >= ts.size()) {
        continue;
      }
      Township a = ts.get(p[0]);
      Township b = ts.get(p[1]);
      Coordinate am = proj.toMetres(a.lon(), a.lat());
      Coordinate bm = proj.toMetres(b.lon(), b.lat());
      double ax = am.x;
      double ay = am.y;
      double bx = bm.x;
      double by = bm.y;
      double len = Math.hypot(bx - ax, by - ay);
      double nx = -(by - ay) / len;
      double ny = (bx - ax) / len;
      double bend = (rng.nextDouble() - 0.5) * 0.16 * len;
      // Extend far past both seats so the arterial always ends on the district edge: an end
      // inside the district would dangle, and the polygoniser would drop it from the blocks.
      Coordinate[] cs = new Coordinate[49];
      for (int i = 0; i < cs.length; i++) {
        double t = -1.5 + 4.0 * i / (cs.length - 1);
        double off = bend * Math.sin(Math.PI * Math.max(0, Math.min(1, t)));
        cs[i] = new Coordinate(ax + t * (bx - ax) + nx * off, ay + t * (by - ay) + ny * off);
      }
      Geometry clipped = METRIC.createLineString(cs).intersection(districtMetric);
      String name = a.name().substring(0, 1) + b.name().substring(0, 1) + "大道";
      out.add(new NamedLine(name, "arterial", clipped));
    }
    return out;
  }

  private void clipRoads(VillageArea v, List<NamedLine> roads) {
    PreparedGeometry pv = PreparedGeometryFactory.prepare(v.metric);
    Envelope env = v.metric.getEnvelopeInternal();
    for (NamedLine r : roads) {
      if (!env.intersects(r.metric().getEnvelopeInternal()) || !pv.intersects(r.metric())) {
        continue;
      }
      Geometry clipped = r.metric().intersection(v.metric);
      for (int i = 0; i < clipped.getNumGeometries(); i++) {
        Geometry part = clipped.getGeometryN(i);
        if (!(part instanceof LineString) || part.getLength() < 5) {
          continue;
        }
        Geometry ll = proj.toLonLat(part, LON_LAT);
        CoordinateList cs = new CoordinateList();
        for (Coordinate c : ll.getCoordinates()) {
          Coordinate q = new Coordinate(c);
          PRECISION.makePrecise(q);
          cs.add(q, false);
        }
        if (cs.size() >= 2) {
          v.roads.add(new Road(r.name(), r.roadClass(), LON_LAT.createLineString(cs.toCoordinateArray())));
        }
      }
    }
  }

  /**
   * Villages meet along lanes and field roads: each edge shared with a neighbour village is also a
   * road of both plans, so grid boundaries on the village edge follow a road too.
   */
  private void addBoundaryRoads() {
    Geometry outer = district.getBoundary();
    for (VillageArea v : villages) {
      Geometry shared = v.polygon.getBoundary().difference(outer);
      for (int i = 0; i < shared.getNumGeometries(); i++) {
        if (shared.getGeometryN(i) instanceof LineString line
            && proj.toMetres(line, METRIC).getLength() >= 20) {
          v.roads.add(new Road(v.ref.displayName() + "界路", "street", line));
        }
      }
    }
  }

  // ---------------------------------------------------------------- faces to villages

  private int[] assignFaces(List<Geometry> cellsMetric) {
    STRtree index = new STRtree();
    List<PreparedGeometry> prepared = new ArrayList<>();
    for (int i = 0; i < cellsMetric.size(); i++) {
      prepared.add(PreparedGeometryFactory.prepare(cellsMetric.get(i)));
      index.insert(cellsMetric.get(i).getEnvelopeInternal(), i);
    }
    int[] owner = new int[faces.size()];
    Arrays.fill(owner, -1);
    for (int f = 0; f < faces.size(); f++) {
      Point p = METRIC.createPoint(new Coordinate(faceX[f], faceY[f]));
      @SuppressWarnings("unchecked")
      List<Integer> hits = index.query(p.getEnvelopeInternal());
      int best = Integer.MAX_VALUE;
      for (int h : hits) {
        if (h < best && prepared.get(h).covers(p)) {
          best = h;
        }
      }
      owner[f] = best == Integer.MAX_VALUE ? -1 : best;
    }
    // Gaps between the approximate township polygons become faces of nobody: give each to the
    // neighbour it shares most edge with.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int f = 0; f < owner.length; f++) {
        if (owner[f] < 0) {
          int v = strongestNeighbourVillage(f, owner, new int[] {f});
          if (v >= 0) {
            owner[f] = v;
            changed = true;
          }
        }
      }
    }
    return owner;
  }

  private int strongestNeighbourVillage(int face, int[] owner, int[] exclude) {
    Map<Integer, Double> weight = new HashMap<>();
    int[] nb = graph.neighbours(face);
    for (int k = 0; k < nb.length; k++) {
      int o = owner[nb[k]];
      int other = nb[k];
      if (o >= 0 && Arrays.stream(exclude).noneMatch(x -> x == other)) {
        weight.merge(o, graph.sharedMetres(face, k), Double::sum);
      }
    }
    return weight.entrySet().stream()
        .max(Map.Entry.<Integer, Double>comparingByValue().thenComparing(e -> -e.getKey()))
        .map(Map.Entry::getKey).orElse(-1);
  }

  /** A village must be one piece: stray components join the neighbour they share most edge with. */
  private void makeVillagesContiguous() {
    for (int pass = 0; pass < 10; pass++) {
      boolean changed = false;
      for (VillageArea v : villages) {
        List<int[]> comps = graph.components(facesOf(v.index));
        if (comps.size() <= 1) {
          continue;
        }
        comps.sort(Comparator.comparingDouble((int[] c) -> -Arrays.stream(c).mapToDouble(f -> faceArea[f]).sum()));
        for (int[] comp : comps.subList(1, comps.size())) {
          Map<Integer, Double> weight = new HashMap<>();
          for (int f : comp) {
            int[] nb = graph.neighbours(f);
            for (int k = 0; k < nb.length; k++) {
              if (faceVillage[nb[k]] != v.index) {
                weight.merge(faceVillage[nb[k]], graph.sharedMetres(f, k), Double::sum);
              }
            }
          }
          int target = weight.entrySet().stream()
              .max(Map.Entry.<Integer, Double>comparingByValue().thenComparing(e -> -e.getKey()))
              .map(Map.Entry::getKey).orElse(-1);
          if (target >= 0) {
            for (int f : comp) {
              faceVillage[f] = target;
            }
            changed = true;
          }
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- work areas

  private void buildWorkAreasAndTownships() {
    for (Township t : ref.townships()) {
      int[] vs = villages.stream().filter(v -> v.township == t).mapToInt(v -> v.index).toArray();
      // 2-4 work areas per township, about one per 8 villages.
      int k = Math.max(2, Math.min(4, (vs.length + 7) / 8));
      k = Math.min(k, vs.length);
      double[] w = new double[vs.length];
      double[] cx = new double[vs.length];
      double[] cy = new double[vs.length];
      for (int i = 0; i < vs.length; i++) {
        VillageArea v = villages.get(vs[i]);
        w[i] = 1;
        Point c = v.metric.getInteriorPoint();
        cx[i] = c.getX();
        cy[i] = c.getY();
      }
      int[] group = ContiguousPartition.partition(vs, this::villageNeighbours, w, cx, cy, k);
      // Number work areas by their first village code: stable and easy to explain.
      List<List<Integer>> groups = new ArrayList<>();
      for (int g = 0; g < k; g++) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < vs.length; i++) {
          if (group[i] == g) {
            members.add(vs[i]);
          }
        }
        if (!members.isEmpty()) {
          groups.add(members);
        }
      }
      groups.sort(Comparator.comparing(m -> villages.get(m.get(0)).ref.code()));
      for (int g = 0; g < groups.size(); g++) {
        String code = t.prefix9() + "W" + Digits.pad(g + 1, 2);
        String name = t.name() + "第" + chineseNumber(g + 1) + "工作片";
        List<Integer> members = groups.get(g);
        for (int vi : members) {
          villages.get(vi).workAreaCode = code;
        }
        workAreas.add(new WorkArea(code, name, t, List.copyOf(members), union(facesOfVillages(members))));
      }
      List<Integer> all = Arrays.stream(vs).boxed().toList();
      townships.add(new TownshipArea(t, all, union(facesOfVillages(all))));
    }
  }

  private int[] facesOfVillages(List<Integer> vs) {
    return java.util.stream.IntStream.range(0, faces.size()).filter(f -> vs.contains(faceVillage[f])).toArray();
  }

  private int[] villageNeighbours(int village) {
    java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
    for (int f : villages.get(village).faces) {
      for (int nb : graph.neighbours(f)) {
        if (faceVillage[nb] != village) {
          out.add(faceVillage[nb]);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static String chineseNumber(int n) {
    String[] digits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10) {
      return digits[n];
    }
    if (n < 20) {
      return "十" + (n % 10 == 0 ? "" : digits[n % 10]);
    }
    if (n < 100) {
      return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]);
    }
    return Integer.toString(n);
  }

  /** Centre of the largest inscribed circle: a point well inside, for labels and centres. */
  static Point deepPoint(Geometry metric) {
    return MaximumInscribedCircle.getCenter(metric, 5.0);
  }
}
