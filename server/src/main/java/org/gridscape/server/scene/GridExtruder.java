package org.gridscape.server.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.BuiltGrid;
import org.gridscape.scene.tiles.BuiltOverview;
import org.gridscape.scene.tiles.GridSceneBuilder;
import org.gridscape.scene.tiles.OverviewBuilder;
import org.gridscape.server.layer.BuildingFigures;
import org.gridscape.server.scene.SceneStore.BuildingInfo;
import org.gridscape.server.scene.SceneStore.GridInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU work of a build on the builder threads, one batch of grids at a time: extruding grids,
 * working out the blocks of village overviews and assembling them. GLBs go straight to the output
 * and only their tiles and figures are kept, so a batch's buildings and meshes can be dropped as
 * soon as it is done. Blocking; called from one worker thread.
 */
final class GridExtruder {

  private static final Logger LOG = LoggerFactory.getLogger(GridExtruder.class);

  /** What a batch produced. */
  record Extruded(List<SceneStore.BuiltTile> tiles, List<String> failed, Map<String, SceneStore.BuiltOverviewTile>
      overviews) {}

  private final ExecutorService builders;

  GridExtruder(ExecutorService builders) {
    this.builders = builders;
  }

  /**
   * Extrudes {@code toBuild} and, at the same time, works out the blocks of every grid in
   * {@code overviewVillages}; each village's overview is assembled as soon as its grids' blocks are
   * in, so the builder threads never wait for the whole batch in between. A grid being built gives
   * its blocks from the same scene.
   *
   * @param grids every published grid of the batch (those to build and the overview villages' others)
   */
  Extruded extrude(List<GridInfo> grids, List<GridInfo> toBuild, java.util.Set<String> overviewVillages,
      Map<String, List<BuildingInfo>> byGrid, Map<String, Map<String, BuildingFigures>> figures, SceneOutput out,
      SceneJob job) throws InterruptedException {
    java.util.Set<String> building = new java.util.HashSet<>();
    toBuild.forEach(g -> building.add(g.code()));
    List<GridInfo> order = new ArrayList<>(grids.stream()
        .filter(g -> building.contains(g.code()) || overviewVillages.contains(g.villageCode())).toList());
    // largest first, so the last task to finish is a small one
    order.sort(Comparator.comparingInt((GridInfo g) -> -byGrid.getOrDefault(g.code(), List.of()).size())
        .thenComparing(GridInfo::code));
    ConcurrentLinkedQueue<SceneStore.BuiltTile> done = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    Map<String, OverviewBuilder.GridBlocks> blocks = new ConcurrentHashMap<>();
    Map<String, List<CompletableFuture<Void>>> byVillage = new TreeMap<>();
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    for (GridInfo grid : order) {
      boolean build = building.contains(grid.code());
      boolean overview = overviewVillages.contains(grid.villageCode());
      CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
        Map<String, BuildingFigures> gridFigures = build ? figures.getOrDefault(grid.code(), Map.of()) : Map.of();
        GridScene scene;
        try {
          scene = SceneInputs.gridScene(grid, byGrid.getOrDefault(grid.code(), List.of()), gridFigures);
        } catch (IllegalArgumentException e) {
          if (build) {
            failed(grid, e, bad, job);
          }
          return; // the overview goes without it
        }
        if (overview) {
          // the geometry does not depend on the layer figures; the totals are set at assembly
          blocks.put(grid.code(), OverviewBuilder.blocksOf(scene));
        }
        if (build) {
          BuiltGrid result;
          try {
            result = GridSceneBuilder.build(scene);
          } catch (IllegalArgumentException e) {
            failed(grid, e, bad, job);
            return;
          }
          out.add(result.tile().contentPath(), result.glb());
          done.add(new SceneStore.BuiltTile(result.tile(), result.stats().buildings(), result.stats().glbBytes()));
          job.gridDone();
        }
      }, builders);
      tasks.add(task);
      if (overview) {
        byVillage.computeIfAbsent(grid.villageCode(), k -> new ArrayList<>()).add(task);
      }
    }
    Map<String, SceneStore.BuiltOverviewTile> overviews = new ConcurrentHashMap<>();
    byVillage.forEach((village, parts) -> tasks.add(CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]))
        .thenRunAsync(() -> assemble(village, grids, blocks, figures, out, overviews), builders)));
    awaitAll(tasks);
    List<SceneStore.BuiltTile> tiles = new ArrayList<>(done);
    tiles.sort(Comparator.comparing((SceneStore.BuiltTile b) -> b.tile().gridCode()));
    return new Extruded(tiles, new ArrayList<>(new TreeSet<>(bad)), new TreeMap<>(overviews));
  }

  /** Bad data in one grid must not stop the district: the grid is left out, and said so. */
  private static void failed(GridInfo grid, IllegalArgumentException e, ConcurrentLinkedQueue<String> bad,
      SceneJob job) {
    LOG.warn("grid {} left out of the scene: {}", grid.code(), e.getMessage());
    bad.add(grid.code());
    job.gridDone();
  }

  /** Assembles a village's overview from its grids' blocks and totals. */
  private static void assemble(String village, List<GridInfo> grids, Map<String, OverviewBuilder.GridBlocks> blocks,
      Map<String, Map<String, BuildingFigures>> figures, SceneOutput out,
      Map<String, SceneStore.BuiltOverviewTile> into) {
    List<OverviewBuilder.GridBlocks> parts = new ArrayList<>();
    for (GridInfo g : grids) {
      OverviewBuilder.GridBlocks b = blocks.get(g.code());
      if (b != null && g.villageCode().equals(village)) {
        parts.add(b.withTotals(SceneInputs.totals(figures.getOrDefault(g.code(), Map.of()))));
      }
    }
    if (parts.isEmpty()) {
      return;
    }
    BuiltOverview overview = OverviewBuilder.assemble(village, parts);
    if (overview != null) {
      out.add(overview.tile().contentPath(), overview.glb());
      into.put(village, new SceneStore.BuiltOverviewTile(overview.tile(), overview.stats().buildings(),
          overview.stats().glbBytes()));
    }
  }

  private static void awaitAll(List<CompletableFuture<Void>> tasks) throws InterruptedException {
    try {
      CompletableFuture.allOf(tasks.toArray(new CompletableFuture[0])).get();
    } catch (ExecutionException e) {
      tasks.forEach(t -> t.cancel(false));
      Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("scene build failed: " + cause, cause);
    }
  }
}
