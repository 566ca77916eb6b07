package org.gridscape.server.scene;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.AttachedTileset;
import org.gridscape.scene.tiles.BuiltGrid;
import org.gridscape.scene.tiles.BuiltOverview;
import org.gridscape.scene.tiles.GridSceneBuilder;
import org.gridscape.scene.tiles.GridTile;
import org.gridscape.scene.tiles.OverviewBuilder;
import org.gridscape.scene.tiles.OverviewTile;
import org.gridscape.scene.tiles.TilesetTreeWriter;
import org.gridscape.scene.tiles.TreeContent;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.layer.LayerFigures;
import org.gridscape.server.scene.SceneStore.BuildingInfo;
import org.gridscape.server.scene.SceneStore.GridInfo;
import org.gridscape.server.scene.SceneStore.RegionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scene build, from the database to a newly served tree:
 * <ol>
 * <li>claim the dirty marks ({@link SceneStore#claimDirty()});</li>
 * <li>read the region tree, the published grids and the stored tiles, then the buildings and layer
 * figures of the grids to build (and of the other grids of their villages), working out the blocks
 * of the villages' overviews as soon as the buildings are in, while the figures still load;</li>
 * <li>extrude those grids in parallel, then assemble the overviews of their villages (block models);
 * each GLB goes to the shelf's shared content ({@link SceneShelf});</li>
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

  private final Vertx vertx;
  private final SceneStore store;
  private final LayerFigures figures;
  private final SceneShelf shelf;
  private final ExecutorService builders;
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
      UnaryOperator<SceneOutput> outputDecorator, SwitchListener beforeSwitch) {
    this.vertx = vertx;
    this.store = store;
    this.figures = figures;
    this.shelf = shelf;
    this.builders = builders;
    this.outputDecorator = outputDecorator;
    this.beforeSwitch = beforeSwitch;
  }

  /** Tells the publisher where attached tilesets come from; read at the start of each build. */
  void attachments(SceneAttachments source) {
    this.attachments = java.util.Objects.requireNonNull(source, "source");
  }

  /** What the database says before building. */
  private record Inputs(Set<String> claimed, List<RegionInfo> regions, List<GridInfo> published,
      Map<String, GridTile> stored, Map<String, OverviewTile> storedOverviews, List<AttachedTileset> attached) {}

  /** Everything the blocking stage needs. */
  private record Work(Inputs inputs, List<GridInfo> toBuild, Set<String> overviewsToBuild,
      Map<String, List<BuildingInfo>> buildingsByGrid, Map<String, Map<String, BuildingFigures>> figures,
      Map<String, OverviewBuilder.GridBlocks> blocks) {}

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
      List<GridInfo> toBuild = gridsToBuild(mode, inputs);
      Set<String> overviewsToBuild = overviewsToBuild(mode, inputs, toBuild);
      job.total(toBuild.size());
      job.phase("reading buildings and layer figures");
      Set<String> codes = new TreeSet<>();
      toBuild.forEach(g -> codes.add(g.code()));
      // An overview stands for all of its village's grids: read the clean ones of those villages too.
      inputs.published().stream().filter(g -> overviewsToBuild.contains(g.villageCode()))
          .forEach(g -> codes.add(g.code()));
      boolean readAll = codes.size() == inputs.published().size();
      // grouped by grid once, for the grids' scenes and the overviews' blocks alike
      Future<Map<String, List<BuildingInfo>>> buildings = (codes.isEmpty() ? Future.succeededFuture(
          List.<BuildingInfo>of()) : store.buildings(readAll ? null : codes)).map(SceneInputs::byGrid);
      Future<Map<String, Map<String, BuildingFigures>>> layerFigures = codes.isEmpty()
          ? Future.succeededFuture(Map.of()) : figures.figuresForGrids(codes);
      // The overviews' geometry needs the buildings only: it is worked out while the figures load.
      Future<Map<String, OverviewBuilder.GridBlocks>> blocks =
          buildings.compose(byGrid -> blocksOf(inputs, overviewsToBuild, byGrid));
      job.lap("readGrids");
      return Future.all(buildings, layerFigures, blocks)
          .map(all -> new Work(inputs, toBuild, overviewsToBuild, all.resultAt(0), all.resultAt(1),
              all.resultAt(2)));
    }).compose(work -> {
      job.lap("readBuildingsAndFigures+blocks");
      return vertx.executeBlocking(() -> buildAndWrite(mode, work, job), false).map(written -> {
        job.lap("writeTree");
        return written;
      }).compose(written -> recordAndReport(mode, job, work, written, started));
    });
  }

  private Future<PublishResult> recordAndReport(BuildMode mode, SceneJob job, Work work, Written written,
      long started) {
    Set<String> published = new TreeSet<>();
    work.inputs().published().forEach(g -> published.add(g.code()));
    // Grids that left the scene: no longer published, or failed to build (their old tile would be stale).
    Set<String> removed = new TreeSet<>(written.failed());
    work.inputs().stored().keySet().stream().filter(code -> !published.contains(code)).forEach(removed::add);
    Set<String> released = new TreeSet<>(work.inputs().claimed());
    job.phase("recording tiles");
    return store.recordPublish(written.built(), removed, released, written.overviews(), written.overviewsRemoved())
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

  private Written buildAndWrite(BuildMode mode, Work work, SceneJob job) throws Exception {
    SceneShelf.Tree previous = shelf.current();
    SceneShelf.Draft draft = shelf.draft(previous);
    long number = draft.number();
    String version = number + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(VERSION_TIME);
    SceneOutput out = outputDecorator.apply(draft);
    boolean switched = false;
    try {
      out.begin();
      job.phase("extruding grids");
      List<BuiltGrid> built = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      buildGrids(work, out, job, built, failed);
      job.lap("extrude");
      job.phase("building village overviews");
      Map<String, BuiltOverview> overviewsBuilt = buildOverviews(work, out);
      job.lap("overviews");

      Map<String, GridTile> tiles = new HashMap<>(work.inputs().stored());
      Set<String> rebuilt = new TreeSet<>();
      for (BuiltGrid b : built) {
        tiles.put(b.tile().gridCode(), b.tile());
        rebuilt.add(b.tile().gridCode());
      }
      failed.forEach(tiles::remove);
      List<GridInfo> inScene = work.inputs().published().stream().filter(g -> tiles.containsKey(g.code())).toList();
      job.phase("writing tilesets");
      RegionNode root = SceneInputs.regionTree(work.inputs().regions(), inScene);
      if (root == null) {
        throw new NothingPublished("no published grid could be placed in a scene: publish a village's grids "
            + "(and import its regions) first");
      }
      Map<String, OverviewTile> overviews = new HashMap<>(work.inputs().storedOverviews());
      overviewsBuilt.forEach((village, overview) -> overviews.put(village, overview.tile()));
      Set<String> villages = villageCodes(root);
      Set<String> overviewsRemoved = new TreeSet<>();
      for (String village : work.overviewsToBuild()) {
        if (!overviewsBuilt.containsKey(village)) {
          overviewsRemoved.add(village); // no drawable building left
        }
      }
      overviews.keySet().stream().filter(v -> !villages.contains(v)).forEach(overviewsRemoved::add);
      overviews.keySet().removeAll(overviewsRemoved);
      Map<String, List<AttachedTileset>> attached = attachedByRegion(work.inputs(), root);
      TreeContent content = new TreeContent(tiles, overviews, attached);
      String fingerprint = fingerprint(root, attached);
      boolean incremental = mode == BuildMode.DIRTY && previous != null && previous.fingerprint().equals(fingerprint);
      List<String> written;
      if (incremental) {
        if (rebuilt.isEmpty()) {
          out.end();
          draft.abandon();
          return new Written(null, true, List.of(), List.of(), Set.of(), failed, 0, 0, 0);
        }
        draft.carryOver();
        Set<String> changed = new TreeSet<>(rebuilt);
        changed.retainAll(gridCodes(root));
        written = TilesetTreeWriter.rewriteAbove(root, version, content, changed, out);
      } else {
        written = TilesetTreeWriter.write(root, version, content, out);
      }
      out.end();
      SceneShelf.Tree tree = new SceneShelf.Tree(number, version, fingerprint);
      beforeSwitch.beforeSwitch(tree, draft.tilesetsWritten(), previous, incremental);
      draft.publish(version, fingerprint);
      switched = true;
      if (!incremental) {
        shelf.collectGarbage();
      }
      List<SceneStore.BuiltTile> tilesBuilt = new ArrayList<>();
      int buildings = 0;
      long bytes = 0;
      for (BuiltGrid b : built) {
        tilesBuilt.add(new SceneStore.BuiltTile(b.tile(), b.stats().buildings(), b.stats().glbBytes()));
        buildings += b.stats().buildings();
        bytes += b.stats().glbBytes();
      }
      List<SceneStore.BuiltOverviewTile> overviewTiles = new ArrayList<>();
      for (BuiltOverview o : overviewsBuilt.values()) {
        overviewTiles.add(new SceneStore.BuiltOverviewTile(o.tile(), o.stats().buildings(), o.stats().glbBytes()));
      }
      return new Written(tree, incremental, tilesBuilt, overviewTiles, overviewsRemoved, failed, buildings, bytes,
          written.size());
    } finally {
      if (!switched) {
        draft.abandon();
      }
    }
  }

  /** Extrudes the grids on the builder threads, largest first; GLBs go straight to the output. */
  private void buildGrids(Work work, SceneOutput out, SceneJob job, List<BuiltGrid> built, List<String> failed)
      throws InterruptedException {
    Map<String, List<BuildingInfo>> byGrid = work.buildingsByGrid();
    List<GridInfo> order = new ArrayList<>(work.toBuild());
    order.sort(Comparator.comparingInt((GridInfo g) -> -byGrid.getOrDefault(g.code(), List.of()).size())
        .thenComparing(GridInfo::code));
    ConcurrentLinkedQueue<BuiltGrid> done = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    List<java.util.concurrent.Future<?>> tasks = new ArrayList<>(order.size());
    for (GridInfo grid : order) {
      tasks.add(builders.submit(() -> {
        GridScene scene;
        BuiltGrid result;
        try {
          scene = SceneInputs.gridScene(grid, byGrid.getOrDefault(grid.code(), List.of()),
              work.figures().getOrDefault(grid.code(), Map.of()));
          result = GridSceneBuilder.build(scene);
        } catch (IllegalArgumentException e) {
          // Bad data in one grid must not stop the district: the grid is left out, and said so.
          LOG.warn("grid {} left out of the scene: {}", grid.code(), e.getMessage());
          bad.add(grid.code());
          job.gridDone();
          return;
        }
        out.add(result.tile().contentPath(), result.glb());
        done.add(result);
        job.gridDone();
      }));
    }
    awaitAll(tasks);
    built.addAll(done);
    built.sort(Comparator.comparing((BuiltGrid b) -> b.tile().gridCode()));
    failed.addAll(new TreeSet<>(bad));
  }

  /**
   * The blocks of every published grid in the villages whose overview is built, worked out on the
   * builder threads (one task per grid); grids that cannot be drawn are left out.
   */
  private Future<Map<String, OverviewBuilder.GridBlocks>> blocksOf(Inputs inputs, Set<String> villages,
      Map<String, List<BuildingInfo>> byGrid) {
    List<GridInfo> grids = inputs.published().stream().filter(g -> villages.contains(g.villageCode())).toList();
    Map<String, OverviewBuilder.GridBlocks> out = new java.util.concurrent.ConcurrentHashMap<>();
    Promise<Map<String, OverviewBuilder.GridBlocks>> done = Promise.promise();
    if (grids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(grids.size());
    for (GridInfo grid : grids) {
      builders.execute(() -> {
        try {
          GridScene scene = SceneInputs.gridScene(grid, byGrid.getOrDefault(grid.code(), List.of()), Map.of());
          out.put(grid.code(), OverviewBuilder.blocksOf(scene));
        } catch (IllegalArgumentException e) {
          // reported by the grid's own build: the overview goes without it
        } catch (RuntimeException | Error e) {
          done.tryFail(e);
        } finally {
          if (left.decrementAndGet() == 0) {
            done.tryComplete(out);
          }
        }
      });
    }
    return done.future();
  }

  /**
   * Assembles the overviews of {@link Work#overviewsToBuild()} from the grids' blocks and their
   * totals, one task per village on the builder threads; GLBs go straight to the output.
   *
   * @return the overviews by village (none for a village without a block)
   */
  private Map<String, BuiltOverview> buildOverviews(Work work, SceneOutput out) throws InterruptedException {
    Map<String, List<OverviewBuilder.GridBlocks>> villageGrids = new TreeMap<>();
    for (GridInfo g : work.inputs().published()) {
      OverviewBuilder.GridBlocks blocks = work.blocks().get(g.code());
      if (blocks != null && work.overviewsToBuild().contains(g.villageCode())) {
        villageGrids.computeIfAbsent(g.villageCode(), k -> new ArrayList<>()).add(
            blocks.withTotals(SceneInputs.totals(work.figures().getOrDefault(g.code(), Map.of()))));
      }
    }
    Map<String, BuiltOverview> done = new java.util.concurrent.ConcurrentHashMap<>();
    List<java.util.concurrent.Future<?>> tasks = new ArrayList<>(villageGrids.size());
    villageGrids.forEach((village, grids) -> tasks.add(builders.submit(() -> {
      BuiltOverview overview = OverviewBuilder.assemble(village, grids);
      if (overview != null) {
        out.add(overview.tile().contentPath(), overview.glb());
        done.put(village, overview);
      }
    })));
    awaitAll(tasks);
    return new TreeMap<>(done);
  }

  private static void awaitAll(List<java.util.concurrent.Future<?>> tasks) throws InterruptedException {
    try {
      for (java.util.concurrent.Future<?> task : tasks) {
        task.get();
      }
    } catch (ExecutionException e) {
      tasks.forEach(t -> t.cancel(false));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("scene build failed: " + cause, cause);
    }
  }

  private static Set<String> gridCodes(RegionNode node) {
    Set<String> out = new TreeSet<>(node.gridCodes());
    for (RegionNode child : node.children()) {
      out.addAll(gridCodes(child));
    }
    return out;
  }

  private static Set<String> villageCodes(RegionNode node) {
    Set<String> out = new TreeSet<>();
    if (node.level() == RegionLevel.VILLAGE) {
      out.add(node.code());
    }
    for (RegionNode child : node.children()) {
      out.addAll(villageCodes(child));
    }
    return out;
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
  static String fingerprint(RegionNode root, Map<String, List<AttachedTileset>> attached) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(root.toString().getBytes(StandardCharsets.UTF_8));
      digest.update(new TreeMap<>(attached).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
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
