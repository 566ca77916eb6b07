package org.gridscape.server.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
   * {@code overviewVillages}; then assembles those villages' overviews.
   *
   * @param grids every published grid of the batch (those to build and the overview villages' others)
   */
  Extruded extrude(List<GridInfo> grids, List<GridInfo> toBuild, java.util.Set<String> overviewVillages,
      Map<String, List<BuildingInfo>> byGrid, Map<String, Map<String, BuildingFigures>> figures, SceneOutput out,
      SceneJob job) throws InterruptedException {
    List<GridInfo> order = new ArrayList<>(toBuild);
    // largest first, so the last task to finish is a small one
    order.sort(Comparator.comparingInt((GridInfo g) -> -byGrid.getOrDefault(g.code(), List.of()).size())
        .thenComparing(GridInfo::code));
    ConcurrentLinkedQueue<SceneStore.BuiltTile> done = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    Map<String, OverviewBuilder.GridBlocks> blocks = new ConcurrentHashMap<>();
    List<Future<?>> tasks = new ArrayList<>();
    for (GridInfo grid : order) {
      tasks.add(builders.submit(() -> {
        BuiltGrid result;
        try {
          result = GridSceneBuilder.build(SceneInputs.gridScene(grid, byGrid.getOrDefault(grid.code(), List.of()),
              figures.getOrDefault(grid.code(), Map.of())));
        } catch (IllegalArgumentException e) {
          // Bad data in one grid must not stop the district: the grid is left out, and said so.
          LOG.warn("grid {} left out of the scene: {}", grid.code(), e.getMessage());
          bad.add(grid.code());
          job.gridDone();
          return;
        }
        out.add(result.tile().contentPath(), result.glb());
        done.add(new SceneStore.BuiltTile(result.tile(), result.stats().buildings(), result.stats().glbBytes()));
        job.gridDone();
      }));
    }
    for (GridInfo grid : grids) {
      if (overviewVillages.contains(grid.villageCode())) {
        tasks.add(builders.submit(() -> {
          try {
            GridScene scene = SceneInputs.gridScene(grid, byGrid.getOrDefault(grid.code(), List.of()), Map.of());
            blocks.put(grid.code(), OverviewBuilder.blocksOf(scene));
          } catch (IllegalArgumentException e) {
            // reported by the grid's own build: the overview goes without it
          }
        }));
      }
    }
    awaitAll(tasks);
    Map<String, SceneStore.BuiltOverviewTile> overviews = overviews(grids, overviewVillages, blocks, figures, out);
    List<SceneStore.BuiltTile> tiles = new ArrayList<>(done);
    tiles.sort(Comparator.comparing((SceneStore.BuiltTile b) -> b.tile().gridCode()));
    return new Extruded(tiles, new ArrayList<>(new TreeSet<>(bad)), overviews);
  }

  /** Assembles the overviews of the villages from their grids' blocks and totals, one task per village. */
  private Map<String, SceneStore.BuiltOverviewTile> overviews(List<GridInfo> grids, java.util.Set<String> villages,
      Map<String, OverviewBuilder.GridBlocks> blocks, Map<String, Map<String, BuildingFigures>> figures,
      SceneOutput out) throws InterruptedException {
    Map<String, List<OverviewBuilder.GridBlocks>> villageGrids = new TreeMap<>();
    for (GridInfo g : grids) {
      OverviewBuilder.GridBlocks b = blocks.get(g.code());
      if (b != null && villages.contains(g.villageCode())) {
        villageGrids.computeIfAbsent(g.villageCode(), k -> new ArrayList<>()).add(
            b.withTotals(SceneInputs.totals(figures.getOrDefault(g.code(), Map.of()))));
      }
    }
    Map<String, SceneStore.BuiltOverviewTile> done = new ConcurrentHashMap<>();
    List<Future<?>> tasks = new ArrayList<>(villageGrids.size());
    villageGrids.forEach((village, parts) -> tasks.add(builders.submit(() -> {
      BuiltOverview overview = OverviewBuilder.assemble(village, parts);
      if (overview != null) {
        out.add(overview.tile().contentPath(), overview.glb());
        done.put(village, new SceneStore.BuiltOverviewTile(overview.tile(), overview.stats().buildings(),
            overview.stats().glbBytes()));
      }
    })));
    awaitAll(tasks);
    return new TreeMap<>(done);
  }

  private static void awaitAll(List<Future<?>> tasks) throws InterruptedException {
    try {
      for (Future<?> task : tasks) {
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
}
