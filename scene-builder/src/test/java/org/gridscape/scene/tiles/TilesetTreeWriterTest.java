package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gridscape.scene.testing.SceneValidators;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.geo.BoundingRegion;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.model.RegionLevel;
import org.gridscape.scene.model.RegionNode;
import org.gridscape.scene.output.InMemorySceneOutput;
import org.junit.jupiter.api.Test;

class TilesetTreeWriterTest {
  private static final String VERSION = "2024-06-01T00:00:00Z#17";

  private final SyntheticScenes.District district = SyntheticScenes.district(3, 2, 3, 12);

  private Map<String, BuiltGrid> buildAll() {
    Map<String, BuiltGrid> built = new LinkedHashMap<>();
    for (GridScene grid : district.grids()) {
      built.put(grid.code(), GridSceneBuilder.build(grid));
    }
    return built;
  }

  private static Map<String, GridTile> tiles(Map<String, BuiltGrid> built) {
    Map<String, GridTile> tiles = new HashMap<>();
    built.forEach((code, grid) -> tiles.put(code, grid.tile()));
    return tiles;
  }

  private InMemorySceneOutput publish(Map<String, BuiltGrid> built) {
    InMemorySceneOutput out = new InMemorySceneOutput();
    out.begin();
    built.values().forEach(grid -> out.add(grid.tile().contentPath(), grid.glb()));
    TilesetTreeWriter.write(district.root(), VERSION, tiles(built), out);
    out.end();
    return out;
  }

  @Test
  void everyTilesetValidatesAgainstThe3dTiles11Schema() {
    InMemorySceneOutput out = publish(buildAll());
    List<String> tilesets = out.files().keySet().stream().filter(p -> p.endsWith("tileset.json")).toList();
    // root + 3 townships + 1 work area + 6 villages + 18 grids
    assertThat(tilesets).hasSize(1 + 3 + 1 + 6 + 18).contains("tileset.json", "t/350521100000/tileset.json",
        "v/350521100200/tileset.json", "g/350521100200001/tileset.json", "w/350521101000W1/tileset.json");
    for (String path : tilesets) {
      JsonNode tileset = SceneValidators.assertValidTileset(path, out.get(path));
      assertThat(tileset.path("asset").path("version").asText()).isEqualTo("1.1");
      assertThat(tileset.path("asset").path("tilesetVersion").asText()).isEqualTo(VERSION);
      assertThat(tileset.path("root").path("refine").asText()).isEqualTo("ADD");
    }
  }

  @Test
  void treeIsLinkedByRelativeUrisWithNestedVolumesAndFallingErrors() {
    InMemorySceneOutput out = publish(buildAll());
    int grids = walk(out, "tileset.json", null, Double.POSITIVE_INFINITY);
    assertThat(grids).isEqualTo(district.grids().size());
  }

  /** Follows every content URI from {@code path}; returns the number of GLBs reached. */
  private int walk(InMemorySceneOutput out, String path, BoundingRegion parentRegion, double parentError) {
    byte[] bytes = out.get(path);
    assertThat(bytes).as("%s exists", path).isNotNull();
    if (path.endsWith(".glb")) {
      return 1;
    }
    JsonNode root = SceneValidators.assertValidTileset(path, bytes).path("root");
    BoundingRegion region = region(root);
    double error = root.path("geometricError").asDouble();
    if (parentRegion != null) {
      assertThat(parentRegion.contains(region)).as("%s inside its parent", path).isTrue();
    }
    assertThat(error).as("%s error", path).isLessThanOrEqualTo(parentError);
    int reached = 0;
    List<JsonNode> tiles = new ArrayList<>();
    root.path("children").forEach(tiles::add);
    if (root.has("content")) {
      tiles.add(root);
      // The grid tile holds the content: error 0 and the ENU frame as transform.
      assertThat(error).isZero();
      assertThat(root.path("transform")).hasSize(16);
      assertThat(root.path("transform").path(15).asDouble()).isEqualTo(1);
    } else {
      assertThat(error).isPositive();
    }
    for (JsonNode tile : tiles) {
      BoundingRegion tileRegion = region(tile);
      assertThat(region.contains(tileRegion)).as("child volume inside %s", path).isTrue();
      assertThat(tile.path("geometricError").asDouble()).isLessThanOrEqualTo(error);
      String uri = tile.path("content").path("uri").asText();
      assertThat(URI.create(uri).isAbsolute()).isFalse();
      String target = URI.create("x:/" + path).resolve(uri).getPath().substring(1);
      reached += walk(out, target, tileRegion, tile.path("geometricError").asDouble());
    }
    return reached;
  }

  private static BoundingRegion region(JsonNode tile) {
    JsonNode r = tile.path("boundingVolume").path("region");
    assertThat(r).hasSize(6);
    return new BoundingRegion(r.get(0).asDouble(), r.get(1).asDouble(), r.get(2).asDouble(),
        r.get(3).asDouble(), r.get(4).asDouble(), r.get(5).asDouble());
  }

  @Test
  void gridTilesetCarriesTheEnuFrameOfItsContent() {
    Map<String, BuiltGrid> built = buildAll();
    BuiltGrid grid = built.values().iterator().next();
    JsonNode tileset = SceneValidators.assertValidTileset("grid", grid.tilesetJson(VERSION));
    double[] expected = grid.tile().frame().enuToEcefColumnMajor();
    for (int i = 0; i < 16; i++) {
      assertThat(tileset.path("root").path("transform").path(i).asDouble()).isCloseTo(expected[i], within(1e-4));
    }
    assertThat(tileset.path("root").path("content").path("uri").asText())
        .isEqualTo("../../" + grid.tile().contentPath());
  }

  @Test
  void writingTwiceGivesTheSameBytes() {
    NavigableMap<String, byte[]> first = new TreeMap<>(publish(buildAll()).files());
    NavigableMap<String, byte[]> second = new TreeMap<>(publish(buildAll()).files());
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((path, bytes) -> assertThat(second.get(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void rewriteAboveTouchesOnlyTheEditedGridAndItsAncestors() {
    Map<String, BuiltGrid> built = buildAll();
    InMemorySceneOutput out = publish(built);

    // Edit one grid in the work-area township: drop half of its buildings.
    GridScene edited = district.grids().stream()
        .filter(g -> g.code().startsWith("350521101201")).findFirst().orElseThrow();
    GridScene smaller = new GridScene(edited.code(), edited.name(), edited.kind(), edited.boundary(),
        edited.buildings().subList(0, edited.buildings().size() / 2));
    BuiltGrid rebuilt = GridSceneBuilder.build(smaller);
    built.put(edited.code(), rebuilt);

    out.begin();
    out.add(rebuilt.tile().contentPath(), rebuilt.glb());
    List<String> written = TilesetTreeWriter.rewriteAbove(
        district.root(), "v2", tiles(built), List.of(edited.code()), out);
    out.end();

    assertThat(written).containsExactly(
        "g/" + edited.code() + "/tileset.json",
        "v/350521101201/tileset.json",
        "w/350521101000W1/tileset.json",
        "t/350521101000/tileset.json",
        "tileset.json");

    // The rewritten files equal what a full publish with the new tiles writes.
    InMemorySceneOutput full = new InMemorySceneOutput();
    full.begin();
    TilesetTreeWriter.write(district.root(), "v2", tiles(built), full);
    full.end();
    for (String path : written) {
      assertThat(out.get(path)).as(path).isEqualTo(full.get(path));
    }
    assertThat(walk(out, "tileset.json", null, Double.POSITIVE_INFINITY)).isEqualTo(district.grids().size());
  }

  @Test
  void gridsNotYetBuiltAndEmptyRegionsAreLeftOut() {
    Map<String, BuiltGrid> built = buildAll();
    Map<String, GridTile> tiles = tiles(built);
    // Nothing built in the first village of township 0.
    tiles.keySet().removeIf(code -> code.startsWith("350521100200"));
    InMemorySceneOutput out = new InMemorySceneOutput();
    out.begin();
    built.values().forEach(grid -> out.add(grid.tile().contentPath(), grid.glb()));
    List<String> written = TilesetTreeWriter.write(district.root(), VERSION, tiles, out);
    out.end();
    assertThat(written).doesNotContain("v/350521100200/tileset.json", "g/350521100200001/tileset.json");
    assertThat(written.get(written.size() - 1)).isEqualTo("tileset.json");
    assertThat(walk(out, "tileset.json", null, Double.POSITIVE_INFINITY)).isEqualTo(district.grids().size() - 3);
  }

  @Test
  void rejectsTreesWithoutGridsUnknownChangesAndBadVersions() {
    Map<String, GridTile> tiles = tiles(buildAll());
    InMemorySceneOutput out = new InMemorySceneOutput();
    out.begin();
    RegionNode empty = RegionNode.withChildren("350521", "d", RegionLevel.DISTRICT, List.of());
    assertThatThrownBy(() -> TilesetTreeWriter.write(empty, VERSION, tiles, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no built grid");
    assertThatThrownBy(() -> TilesetTreeWriter.rewriteAbove(district.root(), VERSION, tiles, List.of("999999999999999"), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("999999999999999");
    assertThatThrownBy(() -> TilesetTreeWriter.write(district.root(), " ", tiles, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tilesetVersion");
    assertThatThrownBy(() -> RegionNode.withChildren("350521", "d", RegionLevel.VILLAGE,
        List.of(RegionNode.withGrids("3505211", "t", RegionLevel.TOWNSHIP, List.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot sit below");
  }

  @Test
  void theSchemaCheckRejectsABrokenTileset() {
    byte[] broken = "{\"asset\":{\"version\":\"1.1\"},\"geometricError\":-1,\"root\":{\"geometricError\":0}}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SceneValidators.assertValidTileset("broken", broken)).isInstanceOf(AssertionError.class);
  }

  @Test
  void relativeUrisClimbOutOfTheReferringFolder() {
    assertThat(TilePaths.relative("tileset.json", "t/1/tileset.json")).isEqualTo("t/1/tileset.json");
    assertThat(TilePaths.relative("t/1/tileset.json", "v/2/tileset.json")).isEqualTo("../../v/2/tileset.json");
    assertThat(TilePaths.relative("g/3/tileset.json", "content/ab.glb")).isEqualTo("../../content/ab.glb");
  }

  @Test
  void aVillageWithAnOverviewShowsItAndRefinesByReplaceWithAttachedTilesetsBesideItsGrids() {
    Map<String, BuiltGrid> built = buildAll();
    String village = "350521100200";
    List<GridScene> grids = district.grids().stream().filter(g -> g.code().startsWith(village)).toList();
    BuiltOverview overview = OverviewBuilder.build(village, grids);
    BoundingRegion meshRegion = BoundingRegion.ofDegrees(118.899, 24.899, 118.9005, 24.9005, -5, 40);
    AttachedTileset mesh = new AttachedTileset(village, "imported/0123456789abcdef.json", meshRegion, 1e6);
    TreeContent content = new TreeContent(tiles(built), Map.of(village, overview.tile()),
        Map.of(village, List.of(mesh)));
    InMemorySceneOutput out = new InMemorySceneOutput();
    out.begin();
    TilesetTreeWriter.write(district.root(), VERSION, content, out);
    out.end();

    String path = "v/" + village + "/tileset.json";
    JsonNode root = SceneValidators.assertValidTileset(path, out.get(path)).path("root");
    assertThat(root.path("refine").asText()).isEqualTo("REPLACE");
    assertThat(root.path("content").path("uri").asText()).isEqualTo("../../" + overview.tile().contentPath());
    BoundingRegion volume = region(root);
    assertThat(volume.contains(overview.tile().region())).isTrue();
    assertThat(volume.contains(meshRegion)).isTrue();
    JsonNode children = root.path("children");
    assertThat(children).hasSize(grids.size() + 1);
    JsonNode attached = children.get(grids.size());
    assertThat(attached.path("content").path("uri").asText()).isEqualTo("../../imported/0123456789abcdef.json");
    assertThat(attached.path("geometricError").asDouble()).as("capped by the village's")
        .isEqualTo(root.path("geometricError").asDouble());
    for (JsonNode child : children) {
      assertThat(volume.contains(region(child))).isTrue();
    }
    // other villages: no overview given, empty root refined by ADD as before
    String other = "v/350521100201/tileset.json";
    JsonNode plain = SceneValidators.assertValidTileset(other, out.get(other)).path("root");
    assertThat(plain.path("refine").asText()).isEqualTo("ADD");
    assertThat(plain.has("content")).isFalse();
    // the township above holds the village's grown volume
    JsonNode township = SceneValidators.assertValidTileset("t/350521100000/tileset.json",
        out.get("t/350521100000/tileset.json")).path("root");
    assertThat(region(township).contains(volume)).isTrue();
  }
}
