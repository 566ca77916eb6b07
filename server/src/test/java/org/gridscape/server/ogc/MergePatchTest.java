package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** JSON merge patch against the examples of RFC 7396, Appendix A. */
class MergePatchTest {

  private static Object merge(String target, String patch) {
    return MergePatch.apply(parse(target), parse(patch));
  }

  private static Object parse(String json) {
    return io.vertx.core.json.Json.decodeValue(json);
  }

  @Test
  void theRfcExamples() {
    assertThat(merge("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo(new JsonObject("{\"a\":\"c\"}"));
    assertThat(merge("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo(new JsonObject("{\"a\":\"b\",\"b\":\"c\"}"));
    assertThat(merge("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo(new JsonObject());
    assertThat(merge("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}")).isEqualTo(new JsonObject("{\"b\":\"c\"}"));
    assertThat(merge("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo(new JsonObject("{\"a\":\"c\"}"));
    assertThat(merge("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}"))
        .isEqualTo(new JsonObject("{\"a\":{\"b\":\"d\"}}"));
    assertThat(merge("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}")).isEqualTo(new JsonObject("{\"a\":[1]}"));
    assertThat(merge("{\"e\":null}", "{\"a\":1}")).isEqualTo(new JsonObject("{\"e\":null,\"a\":1}"));
    assertThat(merge("[1,2]", "{\"a\":\"b\",\"c\":null}")).isEqualTo(new JsonObject("{\"a\":\"b\"}"));
    assertThat(merge("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo(new JsonObject("{\"a\":{\"bb\":{}}}"));
    assertThat(merge("{\"a\":\"foo\"}", "\"bar\"")).isEqualTo("bar");
  }

  @Test
  void theTargetIsNotChanged() {
    JsonObject target = new JsonObject("{\"properties\":{\"name\":\"a\",\"kind\":\"standard\"}}");
    Object merged = MergePatch.apply(target, new JsonObject("{\"properties\":{\"name\":\"b\"}}"));
    assertThat(target.getJsonObject("properties").getString("name")).isEqualTo("a");
    assertThat(((JsonObject) merged).getJsonObject("properties").encode())
        .isEqualTo("{\"name\":\"b\",\"kind\":\"standard\"}");
  }
}
