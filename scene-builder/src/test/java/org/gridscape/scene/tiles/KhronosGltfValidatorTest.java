package org.gridscape.scene.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridscape.scene.SyntheticScenes;
import org.gridscape.scene.gltf.GlbFile;
import org.gridscape.scene.model.GridScene;
import org.gridscape.scene.testing.SceneValidators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Khronos glTF validator (npm package gltf-validator, installed by the web-viewer module)
 * on GLBs this library writes; see {@link SceneValidators} for when it is skipped.
 */
@Tag("slow")
class KhronosGltfValidatorTest {

  @Test
  void generatedGlbsHaveNoValidationErrors(@TempDir Path dir) throws Exception {
    SceneValidators.requireGltfValidator();
    double lon = SyntheticScenes.BASE_LON;
    double lat = SyntheticScenes.BASE_LAT;
    List<GridScene> grids = List.of(
        // courtyards, L shapes, rectangles; heights, floors and neither
        SyntheticScenes.grid("350521100200001", lon, lat, 300, 60, 1),
        // more than 65,536 vertices: several primitives
        SyntheticScenes.grid("350521100200002", lon, lat, 1500, 3000, 2),
        // boundary wall only
        new GridScene("350521100200003", "empty", org.gridscape.scene.model.GridKind.ENTERPRISE,
            SyntheticScenes.courtyard(lon, lat, 200, 50), List.of()));
    List<Path> files = new ArrayList<>();
    for (GridScene grid : grids) {
      Path file = dir.resolve(grid.code() + ".glb");
      Files.write(file, GridSceneBuilder.build(grid).glb());
      files.add(file);
    }
    SceneValidators.assertValidGlbs(files);

    // The test-side meshopt decoder (GlbFile) reads what the reference decoder reads.
    List<Path> decoded = SceneValidators.decodeMeshopt(files);
    for (int f = 0; f < files.size(); f++) {
      GlbFile compressed = GlbFile.parse(Files.readAllBytes(files.get(f)));
      GlbFile plain = GlbFile.parse(Files.readAllBytes(decoded.get(f)));
      assertThat(plain.json.path("extensionsUsed").toString()).doesNotContain("EXT_meshopt_compression");
      int accessors = compressed.json.path("accessors").size();
      assertThat(accessors).isPositive().isEqualTo(plain.json.path("accessors").size());
      for (int a = 0; a < accessors; a++) {
        assertThat(compressed.values(a)).as("accessor %d of %s", a, files.get(f)).isEqualTo(plain.values(a));
      }
    }
  }
}
