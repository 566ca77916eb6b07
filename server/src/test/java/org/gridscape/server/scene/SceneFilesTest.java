package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneFilesTest {

  @TempDir
  Path root;

  private static SceneFiles.Tree publishTree(SceneFiles files, String gridContent) throws IOException {
    Path dir = files.newTreeDir();
    Files.createDirectories(dir.resolve("g/350521104201001"));
    Files.writeString(dir.resolve("tileset.json"), "{\"root\":{}}");
    Files.writeString(dir.resolve("g/350521104201001/tileset.json"),
        "{\"root\":{\"content\":{\"uri\":\"../../content/" + gridContent + "\"}}}");
    SceneFiles.Tree tree = new SceneFiles.Tree(SceneFiles.treeNumber(dir), dir, "v" + dir.getFileName(), "shape");
    files.publish(tree);
    return tree;
  }

  @Test
  void publishingSwitchesThePointerAndKeepsOnlyThePreviousTree() throws IOException {
    SceneFiles files = SceneFiles.open(root);
    assertThat(files.current()).isNull();

    SceneFiles.Tree first = publishTree(files, "a.glb");
    SceneFiles.Tree second = publishTree(files, "b.glb");
    SceneFiles.Tree third = publishTree(files, "c.glb");

    assertThat(first.number()).isEqualTo(1);
    assertThat(third.number()).isEqualTo(3);
    assertThat(files.current()).isEqualTo(third);
    assertThat(Files.readString(root.resolve("current"))).isEqualTo("3");
    assertThat(Files.exists(first.dir())).isFalse();
    assertThat(Files.exists(second.dir())).as("kept for readers in flight").isTrue();

    SceneFiles reopened = SceneFiles.open(root);
    assertThat(reopened.current().number()).isEqualTo(3);
    assertThat(reopened.current().tilesetVersion()).isEqualTo("v3");
    assertThat(reopened.current().fingerprint()).isEqualTo("shape");
  }

  @Test
  void openingRemovesWhatABuildThatDiedLeftBehind() throws IOException {
    SceneFiles files = SceneFiles.open(root);
    SceneFiles.Tree served = publishTree(files, "a.glb");
    // A build that died: a half-written tree that never became current, a temporary GLB and pointer.
    Path unfinished = files.newTreeDir();
    Files.writeString(unfinished.resolve("tileset.json"), "{\"root\":");
    Files.writeString(files.contentDir().resolve(".part-123.tmp"), "half a GLB");
    Files.writeString(root.resolve("current.tmp"), "2");

    SceneFiles reopened = SceneFiles.open(root);

    assertThat(reopened.current()).isEqualTo(served);
    assertThat(Files.exists(unfinished)).isFalse();
    assertThat(Files.exists(files.contentDir().resolve(".part-123.tmp"))).isFalse();
    assertThat(Files.exists(root.resolve("current.tmp"))).isFalse();
    assertThat(Files.readString(served.dir().resolve("tileset.json"))).isEqualTo("{\"root\":{}}");
  }

  @Test
  void aPointerToAMissingTreeServesNothing() throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve("current"), "7");
    assertThat(SceneFiles.open(root).current()).isNull();
    Files.writeString(root.resolve("current"), "../../etc");
    assertThat(SceneFiles.open(root).current()).isNull();
  }

  @Test
  void linkedTreesShareFilesUntilOneIsRewritten() throws IOException {
    SceneFiles files = SceneFiles.open(root);
    SceneFiles.Tree first = publishTree(files, "a.glb");
    Path next = files.newTreeDir();

    SceneFiles.linkAll(first.dir(), next);
    TreeOutput out = new TreeOutput(files.contentDir(), next);
    out.begin();
    out.add("tileset.json", "{\"new\":true}".getBytes());
    out.end();

    assertThat(Files.readString(next.resolve("g/350521104201001/tileset.json")))
        .isEqualTo(Files.readString(first.dir().resolve("g/350521104201001/tileset.json")));
    assertThat(Files.readString(next.resolve("tileset.json"))).isEqualTo("{\"new\":true}");
    assertThat(Files.readString(first.dir().resolve("tileset.json"))).as("never written through the link")
        .isEqualTo("{\"root\":{}}");
    assertThat(out.tilesetsWritten()).containsOnlyKeys("tileset.json");
  }

  @Test
  void garbageCollectionKeepsContentThatAKeptTreeUses() throws IOException {
    SceneFiles files = SceneFiles.open(root);
    for (String name : new String[] {"a.glb", "b.glb", "c.glb", "orphan.glb"}) {
      Files.writeString(files.contentDir().resolve(name), name);
    }
    publishTree(files, "a.glb");
    publishTree(files, "b.glb");
    publishTree(files, "c.glb");

    int removed = files.collectGarbage();

    try (Stream<Path> left = Files.list(files.contentDir())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("b.glb", "c.glb");
    }
    assertThat(removed).isEqualTo(2);
  }
}
