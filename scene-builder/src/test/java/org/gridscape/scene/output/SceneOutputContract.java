package org.gridscape.scene.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link SceneOutput} must have; one subclass per implementation. */
abstract class SceneOutputContract {
  @TempDir Path temp;

  /** A fresh, empty output. */
  abstract SceneOutput create(Path temp);

  /** What the output holds at {@code path}, or null. */
  abstract byte[] read(SceneOutput output, String path) throws Exception;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void storesWhatIsAddedAtNestedPaths() throws Exception {
    SceneOutput out = create(temp);
    out.begin();
    out.add("tileset.json", bytes("{\"root\":1}"));
    out.add("g/350521100200001/tileset.json", bytes("grid"));
    out.add("content/0123456789abcdef.glb", new byte[] {0, 1, 2, (byte) 255});
    out.end();
    assertThat(read(out, "tileset.json")).isEqualTo(bytes("{\"root\":1}"));
    assertThat(read(out, "g/350521100200001/tileset.json")).isEqualTo(bytes("grid"));
    assertThat(read(out, "content/0123456789abcdef.glb")).containsExactly(0, 1, 2, 255);
    assertThat(read(out, "missing.json")).isNull();
  }

  @Test
  void aLaterPublishReplacesAFileAndKeepsTheOthers() throws Exception {
    SceneOutput out = create(temp);
    out.begin();
    out.add("tileset.json", bytes("one"));
    out.add("content/a.glb", bytes("a"));
    out.end();
    out.begin();
    out.add("tileset.json", bytes("two"));
    out.end();
    assertThat(read(out, "tileset.json")).isEqualTo(bytes("two"));
    assertThat(read(out, "content/a.glb")).isEqualTo(bytes("a"));
  }

  @Test
  void laterChangesToTheCallersArrayDoNotLeakIn() throws Exception {
    SceneOutput out = create(temp);
    byte[] data = bytes("original");
    out.begin();
    out.add("tileset.json", data);
    data[0] = 'X';
    out.end();
    assertThat(read(out, "tileset.json")).isEqualTo(bytes("original"));
  }

  @Test
  void addsOnlyInsideAPublish() {
    SceneOutput out = create(temp);
    assertThatThrownBy(() -> out.add("tileset.json", bytes("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(out::end).isInstanceOf(IllegalStateException.class);
    out.begin();
    assertThatThrownBy(out::begin).isInstanceOf(IllegalStateException.class);
    out.end();
    assertThatThrownBy(() -> out.add("tileset.json", bytes("x"))).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/tileset.json", "../tileset.json", "a/../b.json", "a//b.json", "a/./b.json",
      "a\\b.json", "a/", "t/é.json", "tile set.json"})
  void rejectsUnsafePaths(String path) {
    SceneOutput out = create(temp);
    out.begin();
    assertThatThrownBy(() -> out.add(path, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    out.end();
  }

  @Test
  void acceptsAddsFromSeveralThreads() throws Exception {
    SceneOutput out = create(temp);
    out.begin();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        futures.add(pool.submit(() -> out.add("content/" + n + ".glb", bytes("file " + n))));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    out.end();
    for (int i = 0; i < 200; i++) {
      assertThat(read(out, "content/" + i + ".glb")).isEqualTo(bytes("file " + i));
    }
  }
}
