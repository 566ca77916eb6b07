package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.AttachedTileset;
import org.gridscape.scene.tiles.GridTile;
import org.gridscape.scene.tiles.OverviewTile;
import org.gridscape.scene.tiles.TilesetTreeWriter;
import org.gridscape.scene.tiles.TreeContent;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.layer.LayerFigures;
import org.gridscape.server.scene.SceneStore.BuildingInfo;
import org.gridscape.server.scene.SceneStore.GridInfo;
import org.gridscape.server.scene.SceneStore.RegionInfo;
import org.gridscape.server.store.Blocking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scene build, from the database to a newly served tree:
 * <ol>
 * <li>claim the dirty marks ({@link SceneStore#claimDirty()});</li>
 * <li>read the region tree, the published grids and the stored tiles;</li>
 * <li>in batches of neighbouring villages (the next batch read while this one is built, so the city is
 * never in memory at once): read the buildings and layer figures of the grids to build and of the
 * other grids of their villages, extrude the grids in parallel, work out the blocks of the villages'
 * overviews and assemble them ({@link GridExtruder}); each GLB goes to the shelf's shared content
 * ({@link SceneShelf});</li>
 * <li>write the tileset.json files into a new tree: all of them, or, when the region tree is
 * unchanged, the rebuilt grids' tilesets and those above them over the previous tree's;</li>
 * <li>publish the tree (atomic), then record the tiles and release the claims.</li>
 * </ol>
 * A failure before the switch leaves the served tree as it was and the claims in place for the next
 * build. Not thread-safe: the {@link SceneService} runs one build at a time.
 */
final class ScenePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ScenePublisher.class);
  private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** Grids per batch on PostgreSQL: about 10,000 buildings at the sample district's density. */
  static final int CITY_BATCH_GRIDS = 100;
  private static final long READ_TIMEOUT_SECONDS = 600;

  private final SceneStore store;
  private final LayerFigures figures;
  private final SceneShelf shelf;
  private final GridExtruder extruder;
  private final WorkerExecutor publishing;
  private final int batchGrids;
  private final UnaryOperator<SceneOutput> outputDecorator;
  private final SwitchListener beforeSwitch;
  private volatile SceneAttachments attachments = SceneAttachments.NONE;

  /** Told of a new tree and the tileset bytes written for it, just before it is served. */
  interface SwitchListener {
    /**
     * @param previous the tree served until now, or null
     * @param incremental true when the files not written are links to {@code previous}'s
     */
    void beforeSwitch(SceneShelf.Tree tree, Map<String, byte[]> written, SceneShelf.Tree previous,
        boolean incremental);
  }

  /**
   * @param builders threads that extrude grids (one task per grid)
   * @param outputDecorator wraps each publish's output; identity in production, a failing output in tests
   * @param beforeSwitch told of the new tree and the tileset bytes written, just before it is served
   */
  ScenePublisher(Vertx vertx, SceneStore store, LayerFigures figures, SceneShelf shelf, ExecutorService builders,
      UnaryOperator<SceneOutput> outputDecorator, SwitchListener beforeSwitch, int batchGrids) {
    this.store = store;
    this.figures = figures;
    this.shelf = shelf;
    this.extruder = new GridExtruder(builders);
    // A city's full build runs for minutes on this thread, which is expected: not a blocked worker.
    this.publishing = vertx.createSharedWorkerExecutor("gridscape-scene-publish", 1, 6, TimeUnit.HOURS);
    this.batchGrids = batchGrids;
    this.outputDecorator = outputDecorator;
    this.beforeSwitch = beforeSwitch;
  }

  /** Lets the build thread go once no build runs on it. */
  void close() {
    publishing.close();
  }

  /** Tells the publisher where attached tilesets come from; read at the start of each build. */
  void attachments(SceneAttachments source) {
    this.attachments = java.util.Objects.requireNonNull(source, "source");
  }

  /** What the database says before building. */
  private record Inputs(Set<String> claimed, List<RegionInfo> regions, List<GridInfo> published,
      Map<String, GridTile> stored, Map<String, OverviewTile> storedOverviews, List<AttachedTileset> attached) {}

  /** What the blocking stage produced. */
  private record Written(SceneShelf.Tree tree, boolean incremental, List<SceneStore.BuiltTile> built,
      List<SceneStore.BuiltOverviewTile> overviews, Set<String> overviewsRemoved, List<String> failed, int buildings,
      long glbBytes, int tilesets) {}

  Future<PublishResult> publish(BuildMode mode, SceneJob job) {
    long started = System.nanoTime();
    job.started();
    return store.claimDirty().compose(claimed -> {
      job.lap("claim");
      // with replicas, the log says which process built what
      LOG.info("Scene build {} ({}, {}) started: {} dirty grids claimed", job.id(), mode.id(), job.trigger(),
          claimed.size());
      job.phase("reading grids");
      return Future.all(store.regions(), store.publishedGrids(), store.storedTiles(), store.storedOverviews(),
              attachments.attached())
          .map(all -> new Inputs(claimed, all.resultAt(0), all.resultAt(1), all.resultAt(2), all.resultAt(3),
              all.resultAt(4)));
    }).compose(inputs -> {
      job.lap("readGrids");
      return publishing.executeBlocking(() -> buildAndWrite(mode, inputs, job), false).map(written -> {
        job.lap("writeTree");
        return written;
      }).compose(written -> recordAndReport(mode, job, inputs, written, started));
    });
  }

  /**
   * Neighbouring grids built together: those to build and, for the villages whose overview is built,
   * all of their grids (a village is never split between batches).
   */
  private record Batch(List<GridInfo> grids, List<GridInfo> toBuild) {}

  /** A batch's grids with their polygons, buildings by grid and their layer figures. */
  private record BatchData(Batch batch, Map<String, List<BuildingInfo>> buildingsByGrid,
      Map<String, Map<String, BuildingFigures>> figures) {}

  /** Batches of about {@code size} grids, by village, in code order. */
  static <G> List<List<G>> batchesByVillage(List<G> grids, java.util.function.Function<G, String> village, int size) {
    List<List<G>> out = new ArrayList<>();
    List<G> current = new ArrayList<>();
    String currentVillage = null;
    for (G g : grids) {
      String v = village.apply(g);
      if (!v.equals(currentVillage) && current.size() >= size) {
        out.add(current);
        current = new ArrayList<>();
      }
      current.add(g);
      currentVillage = v;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private List<Batch> batches(Inputs inputs, List<GridInfo> toBuild, Set<String> overviewsToBuild) {
    Set<String> building = new TreeSet<>();
    toBuild.forEach(g -> building.add(g.code()));
    List<GridInfo> read = inputs.published().stream()
        .filter(g -> building.contains(g.code()) || overviewsToBuild.contains(g.villageCode()))
        .sorted(Comparator.comparing(GridInfo::villageCode).thenComparing(GridInfo::code)).toList();
    List<Batch> out = new ArrayList<>();
    for (List<GridInfo> grids : batchesByVillage(read, GridInfo::villageCode, batchGrids)) {
      out.add(new Batch(grids, grids.stream().filter(g -> building.contains(g.code())).toList()));
    }
    return out;
  }

  /** Starts reading a batch's buildings and figures (asynchronous: it overlaps the batch before). */
  private Future<BatchData> read(Batch batch, boolean only, Map<String, Integer> membersByHousehold) {
    Set<String> codes = new TreeSet<>();
    batch.grids().forEach(g -> codes.add(g.code()));
    Future<Batch> withPolygons = store.withPolygons(batch.grids()).map(grids -> {
      Set<String> building = new TreeSet<>();
      batch.toBuild().forEach(g -> building.add(g.code()));
      return new Batch(grids, grids.stream().filter(g -> building.contains(g.code())).toList());
    });
    return Future.all(withPolygons, store.buildings(codes).map(SceneInputs::byGrid),
            only ? figures.figuresForGrids(codes) : figures.figuresForGridRange(codes, membersByHousehold))
        .map(all -> new BatchData(all.resultAt(0), all.resultAt(1), all.resultAt(2)));
  }

  private Future<PublishResult> recordAndReport(BuildMode mode, SceneJob job, Inputs inputs, Written written,
      long started) {
    Set<String> published = new TreeSet<>();
    inputs.published().forEach(g -> published.add(g.code()));
    // Grids that left the scene: no longer published, or failed to build (their old tile would be stale).
    Set<String> removed = new TreeSet<>(written.failed());
    inputs.stored().keySet().stream().filter(code -> !published.contains(code)).forEach(removed::add);
    Set<String> released = new TreeSet<>(inputs.claimed());
    job.phase("recording tiles");
    return store.recordPublish(written.tree() == null ? 0 : written.tree().number(), written.built(), removed, released,
            written.overviews(), written.overviewsRemoved())
        .map(v -> {
      job.lap("record");
      long millis = (System.nanoTime() - started) / 1_000_000;
      SceneShelf.Tree tree = written.tree();
      PublishResult result = new PublishResult(tree == null ? 0 : tree.number(),
          tree == null ? "" : tree.tilesetVersion(), written.incremental(), written.built().size(),
          written.buildings(), written.glbBytes(), written.overviews().size(),
          written.overviews().stream().mapToLong(SceneStore.BuiltOverviewTile::glbBytes).sum(), written.tilesets(),
          written.failed(), millis);
      if (tree == null) {
        LOG.info("Scene build ({}): nothing changed, tree {} still served ({} ms)", mode.id(),
            shelf.current() == null ? "-" : shelf.current().number(), millis);
      } else {
        LOG.info("Scene build ({}): tree {} published, {} grids / {} buildings extruded, {} tilesets written{} "
            + "({} ms: {})", mode.id(), tree.number(), written.built().size(), written.buildings(),
            written.tilesets(), written.incremental() ? " (incremental)" : "", millis, job.laps());
      }
      return result;
    });
  }

  /**
   * Villages whose overview is built: those of the grids being built, and those without a stored
   * overview (all of them when every grid is built).
   */
  private static Set<String> overviewsToBuild(BuildMode mode, Inputs inputs, List<GridInfo> toBuild) {
    Set<String> out = new TreeSet<>();
    toBuild.forEach(g -> out.add(g.villageCode()));
    for (GridInfo g : inputs.published()) {
      if (!inputs.storedOverviews().containsKey(g.villageCode())) {
        out.add(g.villageCode());
      }
    }
    return out;
  }

  /** Every published grid, or for DIRTY the claimed ones and those never built (all when nothing is served). */
  private List<GridInfo> gridsToBuild(BuildMode mode, Inputs inputs) {
    if (mode == BuildMode.ALL || shelf.current() == null) {
      return inputs.published();
    }
    List<GridInfo> out = new ArrayList<>();
    for (GridInfo g : inputs.published()) {
      if (inputs.claimed().contains(g.code()) || !inputs.stored().containsKey(g.code())) {
        out.add(g);
      }
    }
    return out;
  }

  private Written buildAndWrite(BuildMode mode, Inputs inputs, SceneJob job) throws Exception {
    List<GridInfo> toBuild = gridsToBuild(mode, inputs);
    Set<String> overviewsToBuild = overviewsToBuild(mode, inputs, toBuild);
    job.total(toBuild.size());
    List<Batch> batches = batches(inputs, toBuild, overviewsToBuild);
    SceneShelf.Tree previous = shelf.current();
    SceneShelf.Draft draft = shelf.draft(previous, toBuild.size() == inputs.published().size());
    long number = draft.number();
    String version = number + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(VERSION_TIME);
    SceneOutput out = outputDecorator.apply(draft);
    boolean switched = false;
    try {
      out.begin();
      List<SceneStore.BuiltTile> built = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      Map<String, SceneStore.BuiltOverviewTile> overviewsBuilt = new TreeMap<>();
      // Batch after batch, so the city is never in memory at once; the next batch is read while
      // this one is extruded.
      boolean one = batches.size() == 1;
      long readWait = 0;
      long extruding = 0;
      // several batches: the Party members per household once, not by walking each batch's residents
      Map<String, Integer> members = one || batches.isEmpty() ? null
          : Blocking.await(figures.partyMembersByHousehold(), READ_TIMEOUT_SECONDS);
      Future<BatchData> next = batches.isEmpty() ? null : read(batches.get(0), one, members);
      for (int i = 0; i < batches.size(); i++) {
        job.phase(batches.size() == 1 ? "extruding grids" : "extruding grids (batch " + (i + 1) + " of "
            + batches.size() + ")");
        long waitStart = System.nanoTime();
        BatchData data = Blocking.await(next, READ_TIMEOUT_SECONDS);
        long extrudeStart = System.nanoTime();
        readWait += extrudeStart - waitStart;
        next = i + 1 < batches.size() ? read(batches.get(i + 1), false, members) : null;
        Batch batch = data.batch();
        GridExtruder.Extruded extruded = extruder.extrude(batch.grids(), batch.toBuild(), overviewsToBuild,
            data.buildingsByGrid(), data.figures(), out, job);
        extruding += System.nanoTime() - extrudeStart;
        built.addAll(extruded.tiles());
        failed.addAll(extruded.failed());
        overviewsBuilt.putAll(extruded.overviews());
      }
      job.lap("readAndExtrude");
      // what the stage was waiting for: reads not yet in, or the builder threads
      job.figure("of which waitingForReads", readWait / 1_000_000);
      job.figure("of which extruding", extruding / 1_000_000);

      Map<String, GridTile> tiles = new HashMap<>(inputs.stored());
      Set<String> rebuilt = new TreeSet<>();
      for (SceneStore.BuiltTile b : built) {
        tiles.put(b.tile().gridCode(), b.tile());
        rebuilt.add(b.tile().gridCode());
      }
      failed.forEach(tiles::remove);
      List<GridInfo> inScene = inputs.published().stream().filter(g -> tiles.containsKey(g.code())).toList();
      job.phase("writing tilesets");
      long treeStart = System.nanoTime();
      Shape shape = shape(inputs.regions(), inScene);
      RegionNode root = shape.root();
      Map<String, OverviewTile> overviews = new HashMap<>(inputs.storedOverviews());
      overviewsBuilt.forEach((village, overview) -> overviews.put(village, overview.tile()));
      Set<String> villages = shape.villageCodes();
      Set<String> overviewsRemoved = new TreeSet<>();
      for (String village : overviewsToBuild) {
        if (!overviewsBuilt.containsKey(village)) {
          overviewsRemoved.add(village); // no drawable building left
        }
      }
      overviews.keySet().stream().filter(v -> !villages.contains(v)).forEach(overviewsRemoved::add);
      overviews.keySet().removeAll(overviewsRemoved);
      Map<String, List<AttachedTileset>> attached = attachedByRegion(inputs, root);
      TreeContent content = new TreeContent(tiles, overviews, attached);
      String fingerprint = fingerprint(shape.rootDigest(), attached);
      boolean incremental = mode == BuildMode.DIRTY && previous != null && previous.fingerprint().equals(fingerprint);
      long tilesetsStart = System.nanoTime();
      job.figure("of which regionTree", (tilesetsStart - treeStart) / 1_000_000);
      List<String> written;
      if (incremental) {
        if (rebuilt.isEmpty()) {
          out.end();
          draft.abandon();
          return new Written(null, true, List.of(), List.of(), Set.of(), failed, 0, 0, 0);
        }
        draft.carryOver();
        Set<String> changed = new TreeSet<>(rebuilt);
        changed.retainAll(shape.gridCodes());
        written = TilesetTreeWriter.rewriteAbove(root, version, content, changed, out);
      } else {
        written = TilesetTreeWriter.write(root, version, content, out);
      }
      out.end();
      long publishStart = System.nanoTime();
      job.figure("of which tilesets", (publishStart - tilesetsStart) / 1_000_000);
      SceneShelf.Tree tree = new SceneShelf.Tree(number, version, fingerprint);
      beforeSwitch.beforeSwitch(tree, draft.tilesetsWritten(), previous, incremental);
      draft.publish(version, fingerprint);
      switched = true;
      job.figure("of which publish", (System.nanoTime() - publishStart) / 1_000_000);
      if (!incremental) {
        shelf.collectGarbage();
      }
      int buildings = 0;
      long bytes = 0;
      for (SceneStore.BuiltTile b : built) {
        buildings += b.buildings();
        bytes += b.glbBytes();
      }
      return new Written(tree, incremental, built, List.copyOf(overviewsBuilt.values()), overviewsRemoved, failed,
          buildings, bytes, written.size());
    } finally {
      if (!switched) {
        draft.abandon();
      }
    }
  }

  /**
   * The region tree a build writes and what follows from it. An edit's build finds the same regions
   * and grids as the build before, so it reuses that build's shape instead of working out a city's
   * tree again (comparing the inputs costs a fraction of it).
   */
  record Shape(List<RegionInfo> regions, List<GridInfo> grids, RegionNode root, String rootDigest,
      Set<String> gridCodes, Set<String> villageCodes) {}

  private volatile Shape lastShape;

  private Shape shape(List<RegionInfo> regions, List<GridInfo> grids) {
    Shape last = lastShape;
    if (last != null && last.regions().equals(regions) && last.grids().equals(grids)) {
      return last;
    }
    RegionNode root = SceneInputs.regionTree(regions, grids);
    if (root == null) {
      throw new NothingPublished("no published grid could be placed in a scene: publish a village's grids "
          + "(and import its regions) first");
    }
    Set<String> gridCodes = new java.util.HashSet<>();
    Set<String> villageCodes = new java.util.HashSet<>();
    collect(root, gridCodes, villageCodes);
    Shape shape = new Shape(List.copyOf(regions), List.copyOf(grids), root, sha256(root.toString()),
        Set.copyOf(gridCodes), Set.copyOf(villageCodes));
    lastShape = shape;
    return shape;
  }

  private static void collect(RegionNode node, Set<String> gridCodes, Set<String> villageCodes) {
    gridCodes.addAll(node.gridCodes());
    if (node.level() == RegionLevel.VILLAGE) {
      villageCodes.add(node.code());
    }
    for (RegionNode child : node.children()) {
      collect(child, gridCodes, villageCodes);
    }
  }

  /**
   * Attached tilesets by the region that shows them: their own region when it is in the tree, else
   * the nearest ancestor that is (a mesh over a village with no published grid yet hangs higher).
   */
  private static Map<String, List<AttachedTileset>> attachedByRegion(Inputs inputs, RegionNode root) {
    if (inputs.attached().isEmpty()) {
      return Map.of();
    }
    Set<String> inTree = new TreeSet<>();
    collectRegions(root, inTree);
    Map<String, String> parents = new HashMap<>();
    inputs.regions().forEach(r -> parents.put(r.code(), r.parentCode()));
    Map<String, List<AttachedTileset>> out = new TreeMap<>();
    for (AttachedTileset t : inputs.attached()) {
      String code = t.regionCode();
      int hops = 0;
      while (code != null && !inTree.contains(code) && hops++ < 10) {
        code = parents.get(code);
      }
      String holder = code != null && inTree.contains(code) ? code : root.code();
      out.computeIfAbsent(holder, k -> new ArrayList<>()).add(
          holder.equals(t.regionCode()) ? t : new AttachedTileset(holder, t.path(), t.region(), t.geometricError()));
    }
    out.values().forEach(list -> list.sort(Comparator.comparing(AttachedTileset::path)));
    return out;
  }

  private static void collectRegions(RegionNode node, Set<String> into) {
    into.add(node.code());
    node.children().forEach(child -> collectRegions(child, into));
  }

  /**
   * Identifies the shape of the tree (regions, their order, their grids, the tilesets attached):
   * equal shapes allow an incremental write.
   */
  private static String fingerprint(String rootDigest, Map<String, List<AttachedTileset>> attached) {
    return sha256(rootDigest + new TreeMap<>(attached)).substring(0, 32);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** No published grid to show yet (e.g. while a district is being loaded): the build has nothing to do. */
  static final class NothingPublished extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NothingPublished(String message) {
      super(message);
    }
  }
}
