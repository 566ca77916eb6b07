package org.gridscape.scene.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DirectorySceneOutputTest extends SceneOutputContract {
  @Override
  SceneOutput create(Path temp) {
    return new DirectorySceneOutput(temp.resolve("scene"));
  }

  @Override
  byte[] read(SceneOutput output, String path) throws IOException {
    Path file = ((DirectorySceneOutput) output).root().resolve(path);
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    DirectorySceneOutput out = new DirectorySceneOutput(temp.resolve("scene"));
    out.begin();
    out.add("g/1/tileset.json", new byte[] {1});
    out.add("g/1/tileset.json", new byte[] {2});
    out.end();
    try (Stream<Path> files = Files.walk(out.root())) {
      assertThat(files.filter(Files::isRegularFile).map(p -> out.root().relativize(p).toString()))
          .containsExactly("g/1/tileset.json");
    }
  }
}
