package org.gridscape.scene;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.output.DirectorySceneOutput;
import org.gridscape.scene.output.InMemorySceneOutput;
import org.gridscape.scene.output.SceneOutput;
import org.gridscape.scene.tiles.BuiltGrid;
import org.gridscape.scene.tiles.BuiltOverview;
import org.gridscape.scene.tiles.GridSceneBuilder;
import org.gridscape.scene.tiles.GridTile;
import org.gridscape.scene.tiles.OverviewBuilder;
import org.gridscape.scene.tiles.OverviewTile;
import org.gridscape.scene.tiles.TilesetTreeWriter;
import org.gridscape.scene.tiles.TreeContent;

/**
 * Scene build benchmark on a synthetic district shaped like the sample one (about 40,000 buildings
 * in 384 grids). Prints buildings per second and bytes per building. Not a test: run it with
 * <pre>
 * java -cp scene-builder/target/classes:scene-builder/target/test-classes:&lt;deps&gt; \
 *   org.gridscape.scene.SceneBenchmark [--threads N] [--buildings-per-grid N] [--rounds N] [--out DIR]
 * </pre>
 * With {@code --out DIR} the last round is also written to DIR as a tileset tree (for the 3D Tiles
 * validator or a viewer).
 */
public final class SceneBenchmark {
  private SceneBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    int buildingsPerGrid = 104;
    int rounds = 5;
    Path out = null;
    int townships = 6;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--buildings-per-grid" -> buildingsPerGrid = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--townships" -> townships = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SyntheticScenes.District district = SyntheticScenes.district(townships, 8, 8, buildingsPerGrid);
    int buildings = district.grids().stream().mapToInt(g -> g.buildings().size()).sum();
    System.out.printf("%d grids, %d buildings, %d threads%n", district.grids().size(), buildings, threads);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 1; round <= rounds; round++) {
        boolean last = round == rounds;
        SceneOutput output = last && out != null ? new DirectorySceneOutput(out) : new InMemorySceneOutput();
        BUILD_CPU_NANOS.set(0);
        long start = System.nanoTime();
        List<BuiltGrid> built = buildAll(pool, district.grids());
        long gridCpu = BUILD_CPU_NANOS.getAndSet(0);
        List<BuiltOverview> overviews = buildOverviews(pool, district);
        long overviewCpu = BUILD_CPU_NANOS.get();
        BUILD_CPU_NANOS.set(gridCpu + overviewCpu);
        long built_ = System.nanoTime();
        output.begin();
        for (BuiltGrid grid : built) {
          output.add(grid.tile().contentPath(), grid.glb());
        }
        for (BuiltOverview overview : overviews) {
          output.add(overview.tile().contentPath(), overview.glb());
        }
        Map<String, GridTile> tiles = built.stream()
            .collect(Collectors.toMap(g -> g.tile().gridCode(), BuiltGrid::tile));
        Map<String, OverviewTile> overviewTiles = overviews.stream()
            .collect(Collectors.toMap(o -> o.tile().regionCode(), BuiltOverview::tile));
        TilesetTreeWriter.write(district.root(), "bench-" + round,
            new TreeContent(tiles, overviewTiles, Map.of()), output);
        output.end();
        long end = System.nanoTime();
        long bytes = built.stream().mapToLong(g -> g.glb().length).sum();
        double seconds = (end - start) / 1e9;
        System.out.printf(
            "round %d: %.3f s (build %.3f s, publish %.3f s), %.0f buildings/s, %.0f buildings per CPU-second,"
                + " %.0f bytes/building, %.1f MB%n",
            round, seconds, (built_ - start) / 1e9, (end - built_) / 1e9, buildings / seconds,
            buildings / (BUILD_CPU_NANOS.get() / 1e9), (double) bytes / buildings, bytes / 1e6);
        long overviewBytes = overviews.stream().mapToLong(o -> o.glb().length).sum();
        System.out.printf("  grids %.3f CPU-s (%.0f buildings per CPU-second); %d village overviews %.3f CPU-s "
                + "(%.0f buildings per CPU-second), %.1f MB, %.0f bytes per building%n",
            gridCpu / 1e9, buildings / (gridCpu / 1e9), overviews.size(), overviewCpu / 1e9,
            buildings / (overviewCpu / 1e9), overviewBytes / 1e6, (double) overviewBytes / buildings);
      }
    } finally {
      pool.shutdown();
    }
    if (out != null) {
      System.out.println("tileset tree written to " + out.toAbsolutePath());
    }
  }

  /** Builds the overview of every village of the district, one task per village. */
  private static List<BuiltOverview> buildOverviews(ExecutorService pool, SyntheticScenes.District district)
      throws InterruptedException, ExecutionException {
    Map<String, GridScene> byCode = district.grids().stream().collect(Collectors.toMap(GridScene::code, g -> g));
    List<RegionNode> villages = new ArrayList<>();
    collectVillages(district.root(), villages);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Future<BuiltOverview>> futures = pool.invokeAll(villages.stream().map(v -> (Callable<BuiltOverview>) () -> {
      long cpu = threads.getCurrentThreadCpuTime();
      BuiltOverview built = OverviewBuilder.build(v.code(), v.gridCodes().stream().map(byCode::get).toList());
      BUILD_CPU_NANOS.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
      return built;
    }).toList());
    List<BuiltOverview> built = new ArrayList<>(futures.size());
    for (Future<BuiltOverview> future : futures) {
      built.add(future.get());
    }
    return built;
  }

  private static void collectVillages(RegionNode node, List<RegionNode> into) {
    if (!node.gridCodes().isEmpty()) {
      into.add(node);
    }
    node.children().forEach(child -> collectVillages(child, into));
  }

  /** CPU time spent in builds: on a shared machine it tells more than the wall clock. */
  private static final AtomicLong BUILD_CPU_NANOS = new AtomicLong();

  private static List<BuiltGrid> buildAll(ExecutorService pool, List<GridScene> grids)
      throws InterruptedException, ExecutionException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Future<BuiltGrid>> futures = pool.invokeAll(grids.stream().map(g -> (Callable<BuiltGrid>) () -> {
      long cpu = threads.getCurrentThreadCpuTime();
      BuiltGrid built = GridSceneBuilder.build(g);
      BUILD_CPU_NANOS.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
      return built;
    }).toList());
    List<BuiltGrid> built = new ArrayList<>(futures.size());
    for (Future<BuiltGrid> future : futures) {
      built.add(future.get());
    }
    return built;
  }
}
