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

  private static SceneShelf.Tree publishTree(SceneFiles files, String gridContent) throws IOException {
    Path dir = files.newTreeDir();
    Files.createDirectories(dir.resolve("g/350521104201001"));
    Files.writeString(dir.resolve("tileset.json"), "{\"root\":{}}");
    Files.writeString(dir.resolve("g/350521104201001/tileset.json"),
        "{\"root\":{\"content\":{\"uri\":\"../../content/" + gridContent + "\"}}}");
    SceneShelf.Tree tree = new SceneShelf.Tree(SceneFiles.treeNumber(dir), "v" + dir.getFileName(), "shape");
    files.publish(tree);
    return tree;
  }

  @Test
  void publishingSwitchesThePointerAndKeepsOnlyThePreviousTree() throws IOException {
    SceneFiles files = SceneFiles.open(null, root);
    assertThat(files.current()).isNull();

    SceneShelf.Tree first = publishTree(files, "a.glb");
    SceneShelf.Tree second = publishTree(files, "b.glb");
    SceneShelf.Tree third = publishTree(files, "c.glb");

    assertThat(first.number()).isEqualTo(1);
    assertThat(third.number()).isEqualTo(3);
    assertThat(files.current()).isEqualTo(third);
    assertThat(Files.readString(root.resolve("current"))).isEqualTo("3");
    assertThat(Files.exists(files.treeDir(first))).isFalse();
    assertThat(Files.exists(files.treeDir(second))).as("kept for readers in flight").isTrue();

    SceneFiles reopened = SceneFiles.open(null, root);
    assertThat(reopened.current().number()).isEqualTo(3);
    assertThat(reopened.current().tilesetVersion()).isEqualTo("v3");
    assertThat(reopened.current().fingerprint()).isEqualTo("shape");
  }

  @Test
  void openingRemovesWhatABuildThatDiedLeftBehind() throws IOException {
    SceneFiles files = SceneFiles.open(null, root);
    SceneShelf.Tree served = publishTree(files, "a.glb");
    // A build that died: a half-written tree that never became current, a temporary GLB and pointer.
    Path unfinished = files.newTreeDir();
    Files.writeString(unfinished.resolve("tileset.json"), "{\"root\":");
    Files.writeString(files.contentDir().resolve(".part-123.tmp"), "half a GLB");
    Files.writeString(root.resolve("current.tmp"), "2");

    SceneFiles reopened = SceneFiles.open(null, root);

    assertThat(reopened.current()).isEqualTo(served);
    assertThat(Files.exists(unfinished)).isFalse();
    assertThat(Files.exists(files.contentDir().resolve(".part-123.tmp"))).isFalse();
    assertThat(Files.exists(root.resolve("current.tmp"))).isFalse();
    assertThat(Files.readString(files.treeDir(served).resolve("tileset.json"))).isEqualTo("{\"root\":{}}");
  }

  @Test
  void aPointerToAMissingTreeServesNothing() throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve("current"), "7");
    assertThat(SceneFiles.open(null, root).current()).isNull();
    Files.writeString(root.resolve("current"), "../../etc");
    assertThat(SceneFiles.open(null, root).current()).isNull();
  }

  @Test
  void linkedTreesShareFilesUntilOneIsRewritten() throws IOException {
    SceneFiles files = SceneFiles.open(null, root);
    SceneShelf.Tree first = publishTree(files, "a.glb");
    Path next = files.newTreeDir();

    TreeOutput out = new TreeOutput(files, SceneFiles.treeNumber(next), files.contentDir(), next, files.treeDir(first));
    out.carryOver();
    out.begin();
    out.add("tileset.json", "{\"new\":true}".getBytes());
    out.end();

    assertThat(Files.readString(next.resolve("g/350521104201001/tileset.json")))
        .isEqualTo(Files.readString(files.treeDir(first).resolve("g/350521104201001/tileset.json")));
    assertThat(Files.readString(next.resolve("tileset.json"))).isEqualTo("{\"new\":true}");
    assertThat(Files.readString(files.treeDir(first).resolve("tileset.json"))).as("never written through the link")
        .isEqualTo("{\"root\":{}}");
    assertThat(out.tilesetsWritten()).containsOnlyKeys("tileset.json");
  }

  @Test
  void garbageCollectionKeepsContentThatAKeptTreeUses() throws IOException {
    SceneFiles files = SceneFiles.open(null, root);
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
