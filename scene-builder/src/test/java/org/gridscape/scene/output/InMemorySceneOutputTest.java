package org.gridscape.scene.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InMemorySceneOutputTest extends SceneOutputContract {
  @Override
  SceneOutput create(Path temp) {
    return new InMemorySceneOutput();
  }

  @Override
  byte[] read(SceneOutput output, String path) {
    return ((InMemorySceneOutput) output).get(path);
  }

  @Test
  void remembersWhatTheLastPublishAdded() {
    InMemorySceneOutput out = new InMemorySceneOutput();
    out.begin();
    out.add("a.json", new byte[] {1});
    out.end();
    out.begin();
    out.add("b.json", new byte[] {2});
    out.add("c.json", new byte[] {3});
    out.end();
    assertThat(out.addedInLastPublish()).containsExactly("b.json", "c.json");
    assertThat(out.files().keySet()).containsExactly("a.json", "b.json", "c.json");
  }
}
