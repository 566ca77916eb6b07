package org.gridscape.server.scene;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridscape.server.http.Requests;
import org.junit.jupiter.api.Test;

class TileHandlerTest {

  @Test
  void onlyPlainRelativeScenePathsAreSafe() {
    assertThat(TileHandler.isSafe("tileset.json")).isTrue();
    assertThat(TileHandler.isSafe("g/350521104201001/tileset.json")).isTrue();
    assertThat(TileHandler.isSafe("content/0123456789abcdef.glb")).isTrue();
    for (String bad : new String[] {"", "/etc/passwd", "../secret", "g/../../secret", "%2e%2e/secret",
        "..%2fsecret", "..\\secret", "C:\\win.ini", "g//tileset.json", "./tileset.json", "g/./tileset.json",
        ".manifest", "g/x/..", "tileset.json%00", "a b"}) {
      assertThat(TileHandler.isSafe(bad)).as(bad).isFalse();
    }
  }

  @Test
  void ifNoneMatchAcceptsListsWeakTagsAndStar() {
    String etag = "\"abc\"";
    assertThat(Requests.ifNoneMatch(null, etag)).isFalse();
    assertThat(Requests.ifNoneMatch("\"abc\"", etag)).isTrue();
    assertThat(Requests.ifNoneMatch("\"x\", W/\"abc\"", etag)).isTrue();
    assertThat(Requests.ifNoneMatch("*", etag)).isTrue();
    assertThat(Requests.ifNoneMatch("\"abcd\"", etag)).isFalse();
  }

  @Test
  void etagsFollowTheBytes() {
    assertThat(TileHandler.etag("a".getBytes())).isEqualTo(TileHandler.etag("a".getBytes()))
        .isNotEqualTo(TileHandler.etag("b".getBytes())).matches("\"[0-9a-f]{24}\"");
  }
}
